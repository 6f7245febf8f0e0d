"""NMA: government new-media accounts (政务新媒体) — freshness, interaction, names, the registry.

Accounts are judged on their collected records, whatever the source (feed, Weibo API, rendered page, export).
An account whose source showed a login wall or captcha is NMA-BLOCKED (re-check by hand) and nothing else is
judged of it; so is one whose items are all undated. A zombie is not also stale, a stale account not also aging.
A closed account is judged only for still posting or still being linked. Posts are proofread with the REV
dictionaries (NMA-SERIOUS, NMA-TYPO). Links to accounts are read from the sites' crawled pages (a portal's 政务新媒体
matrix page): those the registry lacks are NMA-UNREGISTERED, counted against the site that links them, since no
registered account owns them.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Iterator

from checks._site import site_views
from checks.base import Context, Finding
from checks.proofread import quote
from checks.review import proofreader
from config.platforms import LABELS, account_of, profile_of
from config.schema import Account
from crawler.adapters import BEIJING
from crawler.snapshot import AccountRecord, Post

CODES = ("NMA-STALE", "NMA-AGING", "NMA-ZOMBIE", "NMA-BLOCKED", "NMA-NO-INTERACTION", "NMA-UNREGISTERED",
         "NMA-NAME", "NMA-DUPLICATE", "NMA-CLOSED-ACTIVE", "NMA-SERIOUS", "NMA-TYPO")
# The REV dictionaries applied to posts (rules.md); outdated formulations have no NMA rule.
TEXT_RULES = {"serious": "NMA-SERIOUS", "typo": "NMA-TYPO"}
TEXT_MESSAGES = {"serious": "账号发布的信息出现严重表述错误“{wrong}”（应为“{right}”），请立即更正并落实“三审三校”。",
                 "typo": "账号发布的信息有错别字“{wrong}”（应为“{right}”），请更正。"}
MAX_REFERRERS = 50
CLOCKS = {"date-header": "平台响应时间（Date）", "crawl-clock": "采集时间"}
INTERACTIONS = ("comments", "messages", "replies")


@dataclass
class Linked:
    """An account linked from a site's pages."""
    url: str
    text: str = ""
    pages: list[str] = field(default_factory=list)


def run(ctx: Context) -> Iterator[Finding]:
    records = ctx.snapshot.accounts()
    links = _linked(ctx)
    registered = {key for account in ctx.district.accounts for key in _keys(account)}
    for account in ctx.district.accounts:
        record = records.get(account.id)
        if account.status == "closed":
            yield from _closed(ctx, account, record, links)
        elif record is not None and record.status != "ok":
            yield _blocked(ctx, account, record, record.reason)
        elif record is not None:
            yield from _freshness(ctx, account, record)
            yield from _interaction(ctx, account, record)
            yield from _names(ctx, account, record)
            yield from _wording(ctx, account, record)
    yield from _duplicates(ctx)
    for site_id, found in links.items():
        for key, linked in found.items():
            if key not in registered:
                yield _unregistered(ctx, site_id, key, linked)


def _keys(account: Account) -> set[tuple[str, str]]:
    """Every (platform, id) the registry knows the account by: its address, its feed's route, its id."""
    keys = {found} if account.url and (found := account_of(account.url)) else set()
    if account.account_id:
        keys.add((account.platform, account.account_id))
    return keys


def _linked(ctx: Context) -> dict[str, dict[tuple[str, str], Linked]]:
    """Profile links on each site's judgeable pages, by site and (platform, id)."""
    out: dict[str, dict[tuple[str, str], Linked]] = {}
    for site_id, view in site_views(ctx).items():
        for fetch in view.judgeable:
            for link in fetch.page.links:
                if link.tag != "a" or not (key := profile_of(link.url)):
                    continue
                linked = out.setdefault(site_id, {}).setdefault(key, Linked(link.url, link.text))
                if fetch.url not in linked.pages:
                    linked.pages.append(fetch.url)
    return out


def _day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(BEIJING).date()


def _newest(record: AccountRecord) -> Post | None:
    dated = [p for p in record.posts if p.posted_at is not None]
    return max(dated, key=lambda p: p.posted_at) if dated else None


def _source(record: AccountRecord) -> dict:
    return {"adapter": record.adapter, "source": record.source,
            "fetched_at": record.fetched_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") if record.fetched_at
            else None}


def _blocked(ctx: Context, account: Account, record: AccountRecord, reason: str) -> Finding:
    """Inconclusive: a wall, a failed collection or undated items say nothing about how fresh the account is."""
    return ctx.finding("NMA-BLOCKED", account.id, "blocked", account.url or record.source,
                       f"{reason}，未能判断账号更新情况，请人工复核。", {"reason": reason, **_source(record)})


def _freshness(ctx: Context, account: Account, record: AccountRecord) -> Iterator[Finding]:
    if record.posts and all(p.posted_at is None for p in record.posts):
        yield _blocked(ctx, account, record, f"采集到的{len(record.posts)}条信息均无发布时间")
        return
    newest = _newest(record)
    evidence = {"item_count": len(record.posts), **_source(record)}
    if newest is None:
        yield ctx.finding("NMA-ZOMBIE", account.id, "freshness", account.url or record.source,
                          "账号没有任何发布内容，属于僵尸账号，请整改或按程序关停。", evidence)
        return
    day = _day(newest.posted_at)
    age = (ctx.as_of - day).days
    evidence = {"newest": day.isoformat(), "time_text": newest.time_text,
                **({"clock": CLOCKS[record.clock]} if record.clock in CLOCKS else {}),
                "newest_title": newest.title or newest.text[:60], "newest_url": newest.url, "age_days": age,
                **evidence}
    for code in ("NMA-ZOMBIE", "NMA-STALE", "NMA-AGING"):
        days = int(ctx.rule(code).thresholds["days"])
        if day < ctx.as_of - dt.timedelta(days=days):
            message = (f"账号最近一次发布在{day.isoformat()}，超过一年未更新，属于僵尸账号，请整改或按程序关停。"
                       if code == "NMA-ZOMBIE" else
                       f"账号最近一次发布在{day.isoformat()}，距检查日{age}天，超过{days}天未更新，请及时发布信息。")
            yield ctx.finding(code, account.id, "freshness", account.url or record.source, message,
                              {**evidence, "window": f"{days}天"})
            return


def _interaction(ctx: Context, account: Account, record: AccountRecord) -> Iterator[Finding]:
    """Judged only when the source shows comments and messages both: unknown is never taken for absent."""
    seen = record.interaction
    if "comments" in seen and "messages" in seen and not any(seen.values()):
        yield ctx.finding("NMA-NO-INTERACTION", account.id, "interaction", account.url or record.source,
                          "账号未开通评论、私信或留言回复等互动功能，请开通并及时回应网民关切。",
                          {"interaction": {k: seen[k] for k in INTERACTIONS if k in seen}, **_source(record)})


def _normal(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _names(ctx: Context, account: Account, record: AccountRecord) -> Iterator[Finding]:
    """The name must match the registry's; the certified owner must name the registered owner (it may say more:
    示范区教育局官方微博 names 示范区教育局)."""
    if record.name and _normal(record.name) != _normal(account.name):
        yield ctx.finding("NMA-NAME", account.id, "name", account.url or record.source,
                          f"账号在平台上的名称“{record.name}”与备案名称“{account.name}”不一致，请更正名称或变更备案。",
                          {"item": "账号名称", "found": record.name, "registry": account.name, **_source(record)})
    owner = account.owner or ctx.district.department(account.department).name
    if record.owner and _normal(owner) not in _normal(record.owner):
        yield ctx.finding("NMA-NAME", account.id, "owner", account.url or record.source,
                          f"账号认证主体“{record.owner}”与备案主办单位“{owner}”不一致，请变更认证或备案。",
                          {"item": "认证主体", "found": record.owner, "registry": owner, **_source(record)})


def _wording(ctx: Context, account: Account, record: AccountRecord) -> Iterator[Finding]:
    """Each post's title and text through the REV proofreader: one finding per wrong text per post."""
    reader = proofreader(ctx)
    for i, post in enumerate(record.posts):
        url = post.url or account.url or record.source
        published = _day(post.posted_at) if post.posted_at else None
        found = {}
        for text in (post.title, post.text):
            for hit in reader.check(text, published, url):
                if hit.kind in TEXT_RULES:
                    found.setdefault(hit.wrong, []).append((text, hit))
        for wrong, places in found.items():
            text, hit = places[0]
            sentence, context = quote(text, hit.start, hit.end)
            yield ctx.finding(TEXT_RULES[hit.kind], account.id, f"{post.url or i}|{wrong}", url,
                              TEXT_MESSAGES[hit.kind].format(wrong=wrong, right=hit.suggestion),
                              {"wrong": wrong, "suggestion": hit.suggestion, "sentence": sentence, "context": context,
                               "entry": hit.entry.label, "count": len(places),
                               "post_date": published.isoformat() if published else "未标明"})


def _duplicates(ctx: Context) -> Iterator[Finding]:
    """Active accounts of one unit on one platform, one finding on the first the registry lists."""
    groups: dict[tuple[str, str], list[Account]] = {}
    for account in ctx.district.accounts:
        if account.status == "active" and account.platform != "other":
            unit = account.owner or ctx.district.department(account.department).name
            groups.setdefault((unit, account.platform), []).append(account)
    for (unit, platform), accounts in groups.items():
        if len(accounts) > 1:
            names = [a.name for a in accounts]
            yield ctx.finding("NMA-DUPLICATE", accounts[0].id, f"{unit}|{platform}", accounts[0].url,
                              f"{unit}在{LABELS[platform]}开设了{len(accounts)}个账号（{'、'.join(names)}），"
                              "同一单位在同一平台原则上只开设一个账号，请整合。",
                              {"unit": unit, "platform": LABELS[platform], "accounts": names})


def _closed(ctx: Context, account: Account, record: AccountRecord | None,
            links: dict[str, dict[tuple[str, str], Linked]]) -> Iterator[Finding]:
    """Closed on the registry, yet posting (since its closing date, else within NMA-STALE's window) or linked."""
    keys = _keys(account)
    pages = [page for found in links.values() for key, linked in found.items() if key in keys for page in linked.pages]
    newest = _newest(record) if record is not None and record.status == "ok" else None
    since = account.closed_on or ctx.as_of - dt.timedelta(days=int(ctx.rule("NMA-STALE").thresholds["days"]))
    posting = newest is not None and _day(newest.posted_at) >= since
    if not posting and not pages:
        return
    doing = "、".join(what for what, yes in (("仍在发布信息", posting), (f"仍被{len(pages)}个网页链接", pages)) if yes)
    evidence = {"closed_on": account.closed_on.isoformat() if account.closed_on else None,
                "last_post": _day(newest.posted_at).isoformat() if posting else None,
                "referrer_count": len(pages), "referrers": sorted(pages)[:MAX_REFERRERS]}
    yield ctx.finding("NMA-CLOSED-ACTIVE", account.id, "closed", account.url or (pages[0] if pages else ""),
                      f"备案为已关停的账号{doing}，请按程序完成关停并删除相关链接。", evidence)


def _unregistered(ctx: Context, site_id: str, key: tuple[str, str], linked: Linked) -> Finding:
    platform = LABELS.get(key[0], key[0])
    shown = f"“{linked.text}”" if linked.text else linked.url
    return ctx.finding("NMA-UNREGISTERED", site_id, f"{key[0]}:{key[1]}", linked.url,
                       f"网站链接的{platform}账号{shown}不在政务新媒体备案名录中，请办理备案，或按程序关停并删除链接。",
                       {"platform": platform, "account_link": linked.url, "link_text": linked.text,
                        "referrer_count": len(linked.pages), "referrers": sorted(linked.pages)[:MAX_REFERRERS]})
