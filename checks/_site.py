"""What several website checks need to know about a crawled site, computed once per run.

Error pages, soft-404 pages and non-HTML resources are not judged for footers, tags or freshness, so the
checks share one idea of which pages are judgeable.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from urllib.parse import urlsplit

from checks.base import Context
from crawler.snapshot import ROLE_BASELINE, ROLE_CHECK, ROLE_PAGE, Fetch, Link, PageData

_ERROR_WORDS = re.compile(r"页面不存在|找不到(?:该|您要的|你要的)?页面|页面未找到|访问的页面不存在|not found|404|无法找到该页|已被删除或不存在|页面出错")
_SHORT_ERROR_TEXT = 400     # an error page says little; a long page that mentions 404 is an article
_TITLE_SPLIT = re.compile(r"[_|｜]|\s[-—–]\s")


@lru_cache(maxsize=1 << 16)
def host_of(url: str) -> str:
    """A URL's host name in lower case ("" when it has none); cached, as nav and footer links repeat on every page."""
    return (urlsplit(url).hostname or "").lower()


def _shingles(text: str, n: int = 4) -> set[str]:
    text = re.sub(r"\s+", "", text)[:3000]
    return {text[i:i + n] for i in range(max(1, len(text) - n + 1))}


def similarity(a: str, b: str) -> float:
    sa, sb = _shingles(a), _shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


@dataclass
class SiteView:
    id: str
    home_url: str
    start_url: str
    pages: list[Fetch]                 # crawled HTML pages (any status) with extraction
    baseline: Fetch | None             # the answer for a path that cannot exist
    similarity_threshold: float
    soft404: dict[str, str] = field(default_factory=dict)   # url → why it is taken for an error page
    # Attachments on the site's host that were downloaded (page.kind "attachment"): never pages, so no page check
    # judges them; the REV checks read their text.
    attachments: list[Fetch] = field(default_factory=list)

    def __post_init__(self) -> None:
        for fetch in self.pages:
            reason = self._soft404_reason(fetch)
            if reason:
                self.soft404[fetch.url] = reason

    def _soft404_reason(self, fetch: Fetch) -> str:
        if fetch.status != 200 or fetch.page is None or fetch.page.kind == "home":
            return ""
        page = fetch.page
        base = self.baseline
        if base is not None and base.status == 200 and base.page is not None:
            score = similarity(page.title + page.text, base.page.title + base.page.text)
            if score >= self.similarity_threshold:
                return f"与该站不存在页面的返回内容相似度{score:.2f}"
        if len(page.text) < _SHORT_ERROR_TEXT and _ERROR_WORDS.search(page.title + " " + page.text):
            return "页面内容为错误提示，但返回状态为200"
        return ""

    @cached_property
    def home(self) -> Fetch | None:
        for fetch in self.pages:
            if fetch.page.kind == "home":
                return fetch
        return None

    @cached_property
    def judgeable(self) -> list[Fetch]:
        """Pages that answered with a real page: the ones footers, tags and freshness are judged on."""
        return [f for f in self.pages if f.ok and f.url not in self.soft404]

    @cached_property
    def links(self) -> list[Link]:
        """Every distinct link of the judgeable pages, once: menus and footers repeat theirs on every page."""
        return list(dict.fromkeys(link for f in self.judgeable for link in f.page.links))


def site_views(ctx: Context) -> dict[str, SiteView]:
    """SiteView of every crawled site, built once per run and shared by the checks."""
    if "site_views" not in ctx.cache:
        threshold = float(ctx.rule("LNK-SOFT404").thresholds.get("similarity", 0.9))
        records = ctx.snapshot.sites()
        views = {}
        for site_id, record in records.items():
            pages, baseline, attachments = [], None, []
            for fetch in ctx.snapshot.fetches(site_id):
                if fetch.role == ROLE_BASELINE:
                    baseline = fetch
                elif fetch.role == ROLE_PAGE and fetch.page is not None:
                    pages.append(fetch)
                elif fetch.role == ROLE_CHECK and fetch.page is not None and fetch.page.kind == "attachment":
                    attachments.append(fetch)
            views[site_id] = SiteView(site_id, record.home_url, record.start_url, pages, baseline, threshold,
                                      attachments=attachments)
        ctx.cache["site_views"] = views
    return ctx.cache["site_views"]


def fetches_by_url(ctx: Context) -> dict[str, Fetch]:
    """Every URL the crawl asked for (pages and checked links, without their extraction), first fetch wins."""
    if "fetches_by_url" not in ctx.cache:
        by_url: dict[str, Fetch] = {}
        for fetch in ctx.snapshot.fetches(pages=False):
            by_url.setdefault(fetch.url, fetch)
        ctx.cache["fetches_by_url"] = by_url
    return ctx.cache["fetches_by_url"]


def pages_by_url(ctx: Context) -> dict[str, Fetch]:
    """Judgeable pages of every site by requested and final URL: a link from one site may lead into another's."""
    if "pages_by_url" not in ctx.cache:
        pages: dict[str, Fetch] = {}
        for view in site_views(ctx).values():
            for fetch in view.judgeable:
                pages.setdefault(fetch.url, fetch)
                pages.setdefault(fetch.final_url or fetch.url, fetch)
        ctx.cache["pages_by_url"] = pages
    return ctx.cache["pages_by_url"]


def link_fails(ctx: Context, url: str) -> bool:
    """Whether a linked URL was seen failing; a URL the crawl never asked for (beyond a cap) was not."""
    fetch = fetches_by_url(ctx).get(url)
    return fetch is not None and not fetch.ok


def page_name(page: PageData) -> str:
    """What a page calls itself: its column name, else the first part of its <title>."""
    return page.column_name or page.meta.get("ColumnName", "") or _TITLE_SPLIT.split(page.title)[0].strip()
