"""The account spider: collects each configured new-media account into the snapshot. It judges nothing.

Platforms block crawlers quickly, so each platform's accounts are asked one after the other (one request at a
time, ``crawl.account_delay`` seconds apart, per platform), and a host that answers with a login wall or captcha
is not asked again in this run: its remaining accounts are recorded as blocked, never hammered. Exports are read
from their files. Every account ends as one ``AccountRecord``: ok, blocked or error, with the reason.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import scrapy
from scrapy import signals

from config.platforms import weibo_uid
from config.schema import Account
from crawler import adapters
from crawler.adapters import Collected
from crawler.policy import failure_kind
from crawler.snapshot import AccountRecord, Store

log = logging.getLogger(__name__)
CRAWL_CLOCK, DATE_HEADER = "crawl-clock", "date-header"
_WEIBO_HEADERS = {"Accept": "application/json, text/plain, */*", "X-Requested-With": "XMLHttpRequest",
                  "MWeibo-Pwa": "1"}


def slot_of(platform: str) -> str:
    """The download slot of a platform's requests: delays and the one-at-a-time rule apply per platform."""
    return f"platform:{platform}"


def collected_accounts(accounts: list[Account]) -> list[Account]:
    """The accounts that name a source to collect from (registry-only entries are not collected)."""
    return [a for a in accounts if a.adapter]


class AccountSpider(scrapy.Spider):
    name = "audit-accounts"

    def __init__(self, accounts: list[Account], store_path: str, crawl_id: int, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.store = Store(store_path)
        self.crawl_id = crawl_id
        self.queues: dict[str, deque[Account]] = {}
        self.exports: list[Account] = []
        for account in accounts:
            if account.adapter == "export":
                self.exports.append(account)
            else:
                self.queues.setdefault(account.platform, deque()).append(account)
        self.walled: dict[str, str] = {}     # host → the account whose source showed a wall there

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.closed_store, signal=signals.spider_closed)
        return spider

    async def start(self):
        for account in self.exports:
            self._export(account)
        for platform in list(self.queues):
            for request in self._next(platform):
                yield request

    # -- one platform at a time ----------------------------------------------------------------------------
    def _next(self, platform: str):
        """The first request of the platform's next account; accounts on a walled host are recorded, not asked."""
        queue = self.queues[platform]
        while queue:
            account = queue.popleft()
            if (host := _host(account)) in self.walled:
                self._save(account, account.url, status="blocked",
                           reason=f"同一平台此前出现登录或验证页面（账号{self.walled[host]}），本次未再请求")
                continue
            if account.adapter == "weibo":
                base = adapters.weibo_base(account.url)
                yield self._request(account, adapters.weibo_api(base, weibo_uid(account.url)), self.weibo_profile,
                                    headers={**_WEIBO_HEADERS, "Referer": account.url})
            else:
                yield self._request(account, account.url, self.parse_source,
                                    playwright=account.adapter == "page")
            return

    def _request(self, account: Account, url: str, callback, headers: dict | None = None, playwright: bool = False,
                 **meta) -> scrapy.Request:
        meta.update(account=account, download_slot=slot_of(account.platform))
        if playwright:
            meta["playwright"] = True
        return scrapy.Request(url, callback=callback, errback=self.failed, headers=headers, meta=meta,
                              dont_filter=True)

    def _done(self, account: Account, source: str, collected: Collected | None = None, status: str = "ok",
              reason: str = "", response=None):
        """Store the account's record and go on with the platform's next account."""
        if collected is not None and collected.blocked:
            status, reason = "blocked", collected.blocked
        elif collected is not None and collected.error:
            status, reason = "error", collected.error
        if status == "blocked":
            self.walled.setdefault(_host(account), account.id)
        self._save(account, source, collected, status, reason, response)
        yield from self._next(account.platform)

    def _save(self, account: Account, source: str, collected: Collected | None = None, status: str = "ok",
              reason: str = "", response=None) -> None:
        # what a wall or an error page showed is no evidence about the account
        collected = collected if collected is not None and status == "ok" else Collected()
        fetched_at, clock = _clock(response)
        if account.adapter == "export":
            clock = ""                   # an export's times are absolute: nothing was resolved against a clock
        self.store.add_account(self.crawl_id, AccountRecord(
            account=account.id, adapter=account.adapter, source=source, status=status, reason=reason,
            name=collected.name, owner=collected.owner, interaction=collected.interaction, fetched_at=fetched_at,
            clock=clock, posts=collected.posts))
        log.info("account %s: %s %s (%d posts)", account.id, status, reason, len(collected.posts))

    # -- responses -----------------------------------------------------------------------------------------
    def _refusal(self, response) -> str:
        """Why the response is a wall (status, or a redirect to a login or verification page), else ''."""
        first = response.meta.get("redirect_urls", [response.url])[0]
        return adapters.wall_status(response.status) or adapters.wall_redirect(first, response.url)

    def parse_source(self, response):
        """rss and page: one response holds the whole account."""
        account: Account = response.meta["account"]
        reason = self._refusal(response)
        if reason:
            yield from self._done(account, response.url, status="blocked", reason=reason, response=response)
            return
        if response.status >= 400:
            yield from self._done(account, response.url, status="error", reason=f"HTTP {response.status}",
                                  response=response)
            return
        ref, _ = _clock(response)
        if account.adapter == "rss":
            collected = _read(adapters.read_feed, response.body, ref)
        else:
            collected = _read(adapters.read_page, response.text, response.url, account.selectors, ref)
        yield from self._done(account, response.url, collected, response=response)

    def weibo_profile(self, response):
        account: Account = response.meta["account"]
        data, failed = self._weibo_json(response)
        if failed:
            yield from self._done(account, response.url, failed, response=response)
            return
        uid = weibo_uid(account.url)
        try:
            profile, containerid = adapters.read_weibo_profile(data, uid)
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            yield from self._done(account, response.url, Collected(error=f"无法读取账号资料（{exc!r}）"), response=response)
            return
        url = adapters.weibo_api(adapters.weibo_base(account.url), uid, containerid)
        yield self._request(account, url, self.weibo_posts, headers={**_WEIBO_HEADERS, "Referer": account.url},
                            profile=profile)

    def weibo_posts(self, response):
        account: Account = response.meta["account"]
        data, failed = self._weibo_json(response)
        if failed:
            yield from self._done(account, response.url, failed, response=response)
            return
        profile: Collected = response.meta["profile"]
        try:
            profile.posts, commented = adapters.read_weibo_posts(data, _clock(response)[0])
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            profile, commented = Collected(error=f"无法读取发布列表（{exc!r}）"), False
        if commented:
            profile.interaction["comments"] = True
        yield from self._done(account, response.url, profile, response=response)

    def _weibo_json(self, response) -> tuple[dict, Collected | None]:
        """The getIndex answer, or what to record instead (a wall, an error)."""
        reason = self._refusal(response)
        if reason:
            return {}, Collected(blocked=reason)
        try:
            data = json.loads(response.body)
        except ValueError:
            wall = adapters.wall_text(adapters.page_text(response.body.decode("utf-8", "replace")))
            return {}, Collected(blocked=wall, error="" if wall else f"微博接口返回的不是JSON（HTTP {response.status}）")
        blocked, error = adapters.weibo_refusal(data)
        if not blocked and not error and response.status >= 400:
            error = f"HTTP {response.status}"
        return (data, None) if not blocked and not error else ({}, Collected(blocked=blocked, error=error))

    def failed(self, failure):
        account: Account = failure.request.meta["account"]
        kind, detail = failure_kind(failure.value)
        detail = detail.splitlines()[0][:200] if detail else ""
        yield from self._done(account, failure.request.url, status="error", reason=f"采集失败（{kind}：{detail}）")

    # -- exports ---------------------------------------------------------------------------------------------
    def _export(self, account: Account) -> None:
        """An export is evidence like a fetch: its source is the file, named with its digest."""
        path = Path(account.file)
        try:
            data = path.read_bytes()
            collected = adapters.read_export(path, _clock(None)[0])
        except (OSError, ValueError, KeyError) as exc:
            self._save(account, str(path), status="error", reason=f"导出文件无法读取（{exc}）")
            return
        source = f"{path}（sha256:{hashlib.sha256(data).hexdigest()[:16]}）"
        self._save(account, source, collected, "error" if collected.error else "ok", collected.error)

    def closed_store(self, spider, reason):
        self.store.close()


def _read(read, *args) -> Collected:
    """An adapter's reading; a source in an unexpected shape is recorded as an error, not a crashed crawl."""
    try:
        return read(*args)
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        return Collected(error=f"无法读取来源内容（{exc!r}）")


def _host(account: Account) -> str:
    """The host an account's requests go to (Weibo profiles are read through m.weibo.cn)."""
    url = adapters.weibo_base(account.url) if account.adapter == "weibo" else account.url
    return urlsplit(url).netloc.lower()


def _clock(response) -> tuple[dt.datetime, str]:
    """When a response was fetched: its Date header, else the crawl clock."""
    stated = adapters.date_header(response.headers.get(b"Date")) if response is not None else None
    if stated is not None:
        return stated, DATE_HEADER
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0), CRAWL_CLOCK
