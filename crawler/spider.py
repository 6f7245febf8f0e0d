"""The site spider: crawls each configured site within its scope and records what it saw.

It judges nothing. Pages in scope are fetched whole and extracted; attachments on the linking site's own host are
fetched whole and their text read (crawler.attachments); every other linked URL (images, scripts, other sites) is
checked once with a HEAD, or a GET that stops after the headers. Each URL is asked for
once per run: the spider keeps its own seen-set and creates no Request for a URL it has seen (measured about
twice as fast as leaving de-duplication to Scrapy's filter).
"""
from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import StopDownload

from crawler.attachments import ATTACHMENT_EXT, Caps, Extractor
from crawler.extract import decode_html, extract_page
from crawler.policy import failure_kind
from crawler.snapshot import ROLE_BASELINE, ROLE_CHECK, ROLE_CLOSED, ROLE_PAGE, Fetch, PageData, SiteRecord, Store

# Linked URLs with these endings are resources to check, never pages to crawl.
_RESOURCE_EXT = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|wps|et|ofd|zip|rar|7z|gz|tar|jpe?g|png|gif|bmp|webp|svg|ico|mp[34]|avi|mov|"
    r"flv|wmv|wav|swf|css|js|txt|xml|json|apk|exe|csv)$", re.I)
_CRAWL_TAGS = {"a", "area", "iframe"}
_HTML_TYPES = ("text/html", "application/xhtml")
FLUSH_EVERY = 200


@dataclass(frozen=True)
class SiteScope:
    id: str
    start_url: str
    render: str          # never | always | auto
    max_pages: int
    max_depth: int

    @property
    def netloc(self) -> str:
        return urlsplit(self.start_url).netloc.lower()

    @property
    def prefix(self) -> str:
        path = urlsplit(self.start_url).path or "/"
        return path[: path.rfind("/") + 1]

    def contains(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.netloc.lower() == self.netloc and (parts.path or "/").startswith(self.prefix)

    def baseline_url(self) -> str:
        """A path that cannot exist, to learn how the site answers for missing pages (soft-404)."""
        token = hashlib.sha1(self.start_url.encode()).hexdigest()[:12]
        parts = urlsplit(self.start_url)
        return f"{parts.scheme}://{parts.netloc}{self.prefix}audit-missing-{token}.html"


def needs_render(page: PageData, html: str) -> str:
    """Why a statically fetched page should go through Chromium, or '' if it need not (render: auto)."""
    scripts = html.count("<script")
    if not scripts:
        return ""
    content_links = sum(1 for link in page.links if link.tag == "a" and link.region in ("list", "body"))
    if len(page.text) < 200 or content_links < 3:
        return (f"auto: {scripts} scripts, {len(page.text)} characters of main text, "
                f"{content_links} content links")
    return ""


class SiteSpider(scrapy.Spider):
    name = "audit-sites"

    def __init__(self, scopes: list[SiteScope], store_path: str, crawl_id: int, *args,
                 closed: list[SiteScope] = (), attachments: Caps | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scopes = scopes
        self.closed = list(closed)      # sites the registry marks closed: their homepage only (ROLE_CLOSED)
        self.store = Store(store_path)
        self.crawl_id = crawl_id
        self.seen: set[str] = set()
        self.page_counts = {s.id: 0 for s in scopes}
        self.capped: set[str] = set()
        self.home_urls = {s.id: s.start_url for s in scopes}
        self.buffer: list[Fetch] = []
        self.caps = attachments if attachments and attachments.max_attachments else None
        self.extractor = Extractor(self.caps) if self.caps else None
        self.attachment_counts = {s.id: 0 for s in scopes}

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.headers_received, signal=signals.headers_received)
        crawler.signals.connect(spider.closed_flush, signal=signals.spider_closed)
        return spider

    async def start(self):
        for scope in self.scopes:
            self.seen.add(scope.start_url)
            self.page_counts[scope.id] += 1
            yield self._request(scope.start_url, scope, ROLE_PAGE, 0, render=scope.render == "always")
            baseline = scope.baseline_url()
            self.seen.add(baseline)
            yield self._request(baseline, scope, ROLE_BASELINE, 1, render=False)
        for scope in self.closed:
            if scope.start_url not in self.seen:
                self.seen.add(scope.start_url)
                yield self._request(scope.start_url, scope, ROLE_CLOSED, 0)

    # -- requests -------------------------------------------------------------------------------
    def _request(self, url: str, scope: SiteScope, role: str, depth: int, render: bool = False,
                 reason: str = "", static: Fetch | None = None, confirm: bool = False,
                 attachment: bool = False) -> scrapy.Request:
        meta = {"site": scope.id, "role": role, "depth": depth, "t0": time.monotonic()}
        if render:
            meta.update(playwright=True, render_reason=reason or "render: always", static=static)
        if attachment:
            meta.update(attachment=True, download_maxsize=self.caps.max_bytes, download_timeout=self.caps.timeout)
        # A linked resource is checked with HEAD (the connection stays open for the next one); a HEAD that
        # fails is confirmed with a GET, since some servers refuse HEAD but serve the file.
        method = "HEAD" if role == ROLE_CHECK and not confirm and not attachment else "GET"
        return scrapy.Request(url, method=method, callback=self.parse_attachment if attachment else self.parse,
                              errback=self.failed, meta=meta, dont_filter=True,
                              priority=-depth * 10 - (5 if role == ROLE_CHECK else 0))

    def _owner(self, url: str) -> SiteScope | None:
        """The configured site whose scope holds ``url`` (the longest path prefix wins)."""
        owners = [s for s in self.scopes if s.contains(url)]
        return max(owners, key=lambda s: len(s.prefix)) if owners else None

    def _scope(self, site: str) -> SiteScope:
        return next(s for s in [*self.scopes, *self.closed] if s.id == site)

    def headers_received(self, headers, body_length, request, spider):
        """Checks need only the status; pages that turn out not to be HTML need no body either, nor do
        attachments that turn out to be HTML (an error page) or announce more bytes than the cap."""
        if request.method == "HEAD":
            return
        content_type = (headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        if request.meta.get("attachment"):
            if content_type.startswith(_HTML_TYPES):
                raise StopDownload(fail=False)
            if body_length > self.caps.max_bytes:
                request.meta["text_note"] = "too-large"
                raise StopDownload(fail=False)
            return
        if request.meta.get("role") == ROLE_CHECK:
            raise StopDownload(fail=False)
        if content_type and not content_type.startswith(_HTML_TYPES):
            raise StopDownload(fail=False)

    # -- responses ------------------------------------------------------------------------------
    def parse(self, response):
        meta = response.meta
        scope = self._scope(meta["site"])
        if response.request.method == "HEAD" and response.status >= 400:
            yield self._request(meta.get("redirect_urls", [response.url])[0], scope, ROLE_CHECK, meta["depth"],
                                confirm=True)
            return
        self.seen.add(response.url)     # a redirect's target need not be asked again
        fetch = self._fetch_from(response)
        content_type = fetch.content_type.lower()
        is_html = meta["role"] != ROLE_CHECK and (not content_type or content_type.startswith(_HTML_TYPES)) \
            and response.body
        if is_html:
            html, fetch.encoding = decode_html(response.body, response.headers.get(b"Content-Type", b"").decode("latin-1"))
            page = extract_page(html, response.url, fetch.fetched_at.date())
            if meta["role"] == ROLE_PAGE and meta["depth"] == 0:
                page.kind = "home"
                self.home_urls[scope.id] = response.url
            if meta.get("playwright"):
                page.rendered, page.render_reason = True, meta["render_reason"]
            elif meta["role"] == ROLE_CLOSED:
                page.render_reason = "closed site: homepage read statically, links not followed"
            elif scope.render == "auto" and meta["role"] == ROLE_PAGE and fetch.ok:
                reason = needs_render(page, html)
                if reason:
                    fetch.page = page
                    yield self._request(fetch.url, scope, ROLE_PAGE, meta["depth"], render=True,
                                        reason=reason, static=fetch)
                    return
                page.render_reason = "auto: static page is complete"
            fetch.page = page
            if meta["role"] == ROLE_PAGE and fetch.ok:
                yield from self._follow(page, scope, meta["depth"])
        self._record(fetch)

    def _follow(self, page: PageData, scope: SiteScope, depth: int):
        for link in page.links:
            url = link.url
            if url in self.seen or not url.startswith(("http://", "https://")):
                continue
            # A page of any configured site is crawled as that site's page, whichever site linked it first:
            # the seen-set is shared, so a link from a department site must not turn the portal's page into a
            # mere link check.
            owner = self._owner(url) if link.tag in _CRAWL_TAGS and not _RESOURCE_EXT.search(urlsplit(url).path) \
                else None
            if owner is not None:
                if depth + 1 > owner.max_depth:
                    continue
                if self.page_counts[owner.id] >= owner.max_pages:
                    self.capped.add(owner.id)
                    continue
                self.page_counts[owner.id] += 1
                self.seen.add(url)
                yield self._request(url, owner, ROLE_PAGE, depth + 1, render=owner.render == "always")
            else:
                self.seen.add(url)
                yield self._request(url, scope, ROLE_CHECK, depth + 1, attachment=self._attachment(url, scope))

    def _attachment(self, url: str, scope: SiteScope) -> bool:
        """Whether a linked URL is an attachment to read: on the linking site's host, within the site's cap."""
        parts = urlsplit(url)
        if self.caps is None or parts.netloc.lower() != scope.netloc or not ATTACHMENT_EXT.search(parts.path):
            return False
        if self.attachment_counts[scope.id] >= self.caps.max_attachments:
            return False
        self.attachment_counts[scope.id] += 1
        return True

    async def parse_attachment(self, response):
        """An attachment answered: keep its text (or why there is none) beside the status a link check keeps."""
        fetch = self._fetch_from(response)
        self.seen.add(response.url)
        if fetch.ok and not fetch.content_type.lower().startswith(_HTML_TYPES):
            note = response.meta.get("text_note", "")
            text, note = (await self.extractor.read(response.body, urlsplit(response.url).path)) if not note \
                else ("", note)
            fetch.page = PageData(kind="attachment", text=text, text_note=note)
        self._record(fetch)

    def failed(self, failure):
        request = failure.request
        meta = request.meta
        static = meta.get("static")
        if static is not None:     # rendering failed: keep what the static fetch saw
            static.page.render_reason = f"render failed ({failure_kind(failure.value)[1][:120]}); static page kept"
            self._record(static)
            scope = self._scope(meta["site"])
            if static.ok:
                yield from self._follow(static.page, scope, meta["depth"])
            return
        kind, detail = failure_kind(failure.value)
        # An attachment that outgrew the cap or the time while downloading is noted as such, like one read.
        page = PageData(kind="attachment", text_note=kind) \
            if meta.get("attachment") and kind in ("too-large", "timeout") else None
        self._record(Fetch(site=meta["site"], url=request.url, role=meta["role"], error=kind, error_detail=detail,
                           elapsed=time.monotonic() - meta["t0"], depth=meta["depth"], fetched_at=_now(), page=page))

    def _fetch_from(self, response) -> Fetch:
        meta = response.meta
        waited = response.status in (429, 503) and b"Retry-After" in response.headers
        return Fetch(site=meta["site"], url=meta.get("redirect_urls", [response.url])[0], role=meta["role"],
                     status=response.status, final_url=response.url, error_detail="retry-after" if waited else "",
                     content_type=response.headers.get(b"Content-Type", b"").decode("latin-1"),
                     elapsed=time.monotonic() - meta["t0"], depth=meta["depth"], fetched_at=_now())

    # -- storing --------------------------------------------------------------------------------
    def _record(self, fetch: Fetch) -> None:
        self.buffer.append(fetch)
        if len(self.buffer) >= FLUSH_EVERY:
            self._flush()

    def _flush(self) -> None:
        if self.buffer:
            self.store.add_fetches(self.crawl_id, self.buffer)
            self.buffer = []

    def closed_flush(self, spider, reason):
        if self.extractor is not None:
            self.extractor.close()
        self._flush()
        for scope in self.scopes:
            self.store.add_site(self.crawl_id, SiteRecord(
                site=scope.id, start_url=scope.start_url, home_url=self.home_urls[scope.id],
                pages=self.page_counts[scope.id], capped=scope.id in self.capped))
        self.store.close()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


class RetryAfterMiddleware:
    """Retry 429 and 503 answers that carry Retry-After, honouring the wait (at most twice, capped).

    Scrapy's own RetryMiddleware retries without waiting; these two codes are left out of its list.
    """

    TIMES = 2

    def __init__(self, max_wait: float):
        self.max_wait = max_wait

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getfloat("AUDIT_RETRY_AFTER_MAX"))

    def process_response(self, request, response, spider=None):
        if response.status not in (429, 503):
            return response
        tries = request.meta.get("retry_after_times", 0)
        wait = _retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is None or tries >= self.TIMES or wait > self.max_wait:
            return response
        return self._retry_later(request, tries, wait)

    async def _retry_later(self, request, tries: int, wait: float):
        await asyncio.sleep(wait)
        retry = request.copy()
        retry.meta["retry_after_times"] = tries + 1
        retry.dont_filter = True
        return retry


def _retry_after_seconds(value: bytes | None) -> float | None:
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        from email.utils import parsedate_to_datetime
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())
