"""LNK: links that do not work (链接不可用).

One broken URL is one finding per site, however many of its pages link to it; the finding lists the
referring pages. A link on the homepage is LNK-HOME-BROKEN and is not counted again as LNK-BROKEN.
401/403/429, challenges and addresses the crawler would not contact are LNK-BLOCKED: not broken, re-check by hand.
LNK-CLOSED-DOMAIN (关停域名) is found from both sides: links to a closed site, and the closed site's own homepage
still serving a page (not a closure or migration notice, not a redirect to a registered site).
"""
from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import urlsplit
from typing import Iterator

from checks._site import fetches_by_url, host_of, site_views
from checks.base import Context, Finding
from crawler.snapshot import ROLE_CHECK, ROLE_CLOSED, Fetch

CODES = ("LNK-HOME-BROKEN", "LNK-BROKEN", "LNK-SOFT404", "LNK-BLOCKED", "LNK-CLOSED-DOMAIN")

_BROKEN_ERRORS = {"dns": "域名无法解析", "refused": "连接被拒绝", "timeout": "访问超时", "tls": "安全连接（TLS）失败",
                  "connection": "连接中断", "redirect-loop": "重定向循环"}
_BLOCKED_STATUS = {401, 403, 429}
# A linked file (attachment, image) that answers with a web page is a missing file behind a friendly error page.
_FILE_EXT = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|wps|et|ofd|zip|rar|7z|jpe?g|png|gif|bmp|mp[34])$", re.I)
MAX_REFERRERS = 50


def _verdict(fetch: Fetch, soft404: dict[str, str]) -> tuple[str, str] | None:
    """('broken'|'soft404'|'blocked', Chinese reason), or None for a working link."""
    if fetch.error in _BROKEN_ERRORS:
        return "broken", _BROKEN_ERRORS[fetch.error]
    if fetch.error == "blocked-private":
        return "blocked", "链接指向内网或本机地址，检查工具未访问"
    if fetch.error is not None:
        return None      # too large, or an error that says nothing about the link
    status = fetch.status or 0
    if status in _BLOCKED_STATUS or (status == 503 and fetch.error_detail == "retry-after"):
        return "blocked", f"服务器拒绝自动访问（HTTP {status}）"
    if status >= 400:
        return "broken", f"HTTP {status}"
    if fetch.url in soft404:
        return "soft404", soft404[fetch.url]
    if (fetch.role == ROLE_CHECK and fetch.content_type.lower().startswith("text/html")
            and _FILE_EXT.search(urlsplit(fetch.url).path)):
        return "soft404", f"文件地址返回的是网页（{fetch.content_type}）而不是文件"
    return None


def run(ctx: Context) -> Iterator[Finding]:
    yield from _broken(ctx)
    yield from _closed(ctx)
    yield from _closed_still_answering(ctx)


def _closed(ctx: Context) -> Iterator[Finding]:
    """Links to a site the registry marks closed (关停域名): one finding per linking site and closed host."""
    closed = {host_of(s.url): s for s in ctx.district.sites if s.status == "closed"}
    if not closed:
        return
    for site_id, view in site_views(ctx).items():
        referrers: dict[str, set[str]] = defaultdict(set)
        for page in view.judgeable:
            for link in page.page.links:
                host = host_of(link.url)
                if link.tag in ("a", "area", "iframe") and host in closed:
                    referrers[host].add(page.url)
        for host, pages in sorted(referrers.items()):
            pages = sorted(pages)
            yield ctx.finding("LNK-CLOSED-DOMAIN", site_id, host, closed[host].url,
                              f"{len(pages)}个页面仍链接已关停的网站“{closed[host].name}”（{host}），请删除或更新链接。",
                              {"host": host, "closed_site": closed[host].name, "referrer_count": len(pages),
                               "referrers": pages[:MAX_REFERRERS]})


def _closed_still_answering(ctx: Context) -> Iterator[Finding]:
    """A closed site whose homepage still serves a page (its ROLE_CLOSED fetch): the domain was not shut down.

    Not a finding: no answer (DNS, refused, timeout), an error status (404, 410, any >= 300 at the end), a
    non-HTML or empty answer, a closure or migration notice, or a redirect to a site the registry lists as active
    (a department site merged into the portal is a migration too).
    """
    words = ctx.dictionary("closed_sites")
    registered = {host_of(s.url) for s in ctx.district.sites if s.status == "active"}
    closed = {s.id: s for s in ctx.district.sites if s.status == "closed"}
    for fetch in ctx.snapshot.fetches(role=ROLE_CLOSED):
        site = closed.get(fetch.site)
        if site is None or not fetch.ok or fetch.status >= 300 or fetch.page is None:
            continue
        page, final = fetch.page, fetch.final_url or fetch.url
        if host_of(final) in registered or not (page.title or page.text or page.links):
            continue
        short = len(page.text) <= words["notice_text_max"]
        if any(w in page.title or (short and w in page.text) for w in words["notice_words"]):
            continue
        host = host_of(site.url)
        title = page.title or "（无标题）"
        evidence = {"host": host, "registry_status": "已关停", "answers": "仍可访问，未显示关停或迁移公告",
                    "status": fetch.status, "title": page.title, "fetched_at": fetch.fetched_at.isoformat()
                    if fetch.fetched_at else ""}
        if final != fetch.url:
            evidence["final_url"] = final
        yield ctx.finding("LNK-CLOSED-DOMAIN", site.id, f"answers:{host}", fetch.url,
                          f"备案为已关停的网站“{site.name}”（{host}）仍可访问（HTTP {fetch.status}，标题“{title}”），"
                          f"请按程序关停，或在原域名显示关停、迁移公告。", evidence)


def _broken(ctx: Context) -> Iterator[Finding]:
    by_url = fetches_by_url(ctx)
    soft404: dict[str, str] = {}
    for view in site_views(ctx).values():
        soft404.update(view.soft404)

    for site_id, view in site_views(ctx).items():
        referrers: dict[str, list[str]] = defaultdict(list)
        tags: dict[str, set[str]] = defaultdict(set)
        texts: dict[str, str] = {}
        for page in view.pages:
            if page.url in soft404:
                continue
            for link in page.page.links:
                referrers[link.url].append(page.url)
                tags[link.url].add(link.tag)
                if link.text:
                    texts.setdefault(link.url, link.text)
        for url, pages in referrers.items():
            target = by_url.get(url)
            if target is None:
                continue          # not fetched: beyond the page cap or depth
            verdict = _verdict(target, soft404)
            if verdict is None:
                continue
            kind, reason = verdict
            pages = sorted(set(pages))
            on_home = view.home_url in pages or view.start_url in pages
            evidence = {"link": url, "reason": reason, "status": target.status, "error": target.error,
                        "link_text": texts.get(url, ""), "elements": sorted(tags[url]),
                        "referrer_count": len(pages), "referrers": pages[:MAX_REFERRERS]}
            where = "首页" if on_home else f"{len(pages)}个页面"
            if kind == "blocked":
                yield ctx.finding("LNK-BLOCKED", site_id, url, url,
                                  f"{where}中的链接无法自动核验（{reason}），请人工复核能否正常访问。", evidence)
            elif kind == "soft404":
                yield ctx.finding("LNK-SOFT404", site_id, url, url,
                                  f"{where}中的链接指向错误页面（{reason}），请修复或删除该链接。", evidence)
            else:
                rule = "LNK-HOME-BROKEN" if on_home else "LNK-BROKEN"
                yield ctx.finding(rule, site_id, url, url,
                                  f"{where}中的链接无法访问（{reason}），请修复或删除该链接。", evidence)
