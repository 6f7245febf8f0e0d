"""CAT: the disclosure catalogue (主动公开事项目录) — required columns, recurring publications, online applications.

What a site must show comes from the office's catalogue (config/catalogue.yaml, or `inspection.catalogue`) by the
site's kind (portal | department). A column is shown when a page of the site other than an article is named
with one of its names, or a short link on the site says one and does not fail: a department may link to its
columns on the government's shared 信息公开 platform, which is then read where it was crawled.
No double counting: a missing 依申请公开 column is not also CAT-APPLY, and a publication whose column is missing
is not also missing in every period.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Iterator

from checks._site import SiteView, link_fails, page_name, pages_by_url, site_views
from checks.base import Context, Finding
from checks.freshness import column_key
from config.schema import PROJECT_ROOT, Catalogue, RecurringItem, load_catalogue, resolve_path
from crawler.snapshot import Fetch, Link, PageData

CODES = ("CAT-COLUMN", "CAT-RECURRING", "CAT-APPLY")

ENTRY_TEXT_MAX = 20     # a link naming a column is short; a longer text is an item's title
EVERY = {"month": "每月", "quarter": "每季度", "year": "每年"}
KINDS = {"portal": "政府门户网站", "department": "部门网站"}


def catalogue_of(ctx: Context) -> Catalogue:
    if "catalogue" not in ctx.cache:
        config = ctx.config_path or PROJECT_ROOT / "config" / "district.yaml"
        ctx.cache["catalogue"] = load_catalogue(resolve_path(ctx.district.inspection.catalogue, config))
    return ctx.cache["catalogue"]


def run(ctx: Context) -> Iterator[Finding]:
    catalogue = catalogue_of(ctx)
    for site_id, view in site_views(ctx).items():
        if not view.judgeable:
            continue
        kind = ctx.district.site(site_id).kind
        entries = _entries(ctx, view)
        missing = set()
        for column in catalogue.columns:
            if kind in column.kinds and not any(n in text for text, _ in entries for n in column.all_names):
                missing.add(column.name)
                yield ctx.finding("CAT-COLUMN", site_id, column.name, view.home_url,
                                  f"网站未设置主动公开事项目录要求的“{column.name}”栏目，请按目录补设栏目并发布信息。",
                                  {"column": column.name, "names": column.all_names, "site_kind": KINDS[kind]})
        yield from _apply(ctx, site_id, view, entries, missing)
        for item in catalogue.recurring:
            if kind in item.kinds and item.column not in missing:
                yield from _recurring(ctx, site_id, view, item, _shared(ctx, view, catalogue, item, entries))


def _entries(ctx: Context, view: SiteView) -> list[tuple[str, str]]:
    """(name, URL) of what the site shows: its pages other than articles, and its short links that work."""
    entries = [(page_name(f.page), f.url) for f in view.judgeable if f.page.kind != "article"]
    entries += [(link.text, link.url) for link in view.links
                if link.tag == "a" and 0 < len(link.text) <= ENTRY_TEXT_MAX and not link_fails(ctx, link.url)]
    return list(dict.fromkeys(entries))


# --- 依申请公开 -----------------------------------------------------------------------------------------------

def _apply(ctx: Context, site_id: str, view: SiteView, entries: list[tuple[str, str]],
           missing: set[str]) -> Iterator[Finding]:
    words = ctx.dictionary("interaction")["applications"]
    urls = list(dict.fromkeys(url for text, url in entries if any(w in text for w in words["entry"])))
    if not urls:
        if not any(any(w in name for w in words["entry"]) for name in missing):
            yield ctx.finding("CAT-APPLY", site_id, "apply", view.home_url,
                              "网站没有依申请公开入口，请提供在线申请表或申请二维码（掌上申请）。", {"entries": "无"})
        return
    pages = pages_by_url(ctx)
    seen = [pages[u] for u in urls if u in pages]
    if not seen:
        return          # the entry leads to pages this crawl did not read: nothing observed to judge
    linked = [pages[link.url] for f in seen for link in _own_links(f.page) if link.url in pages]
    fields = ctx.rule("CAT-APPLY").thresholds["form_fields"]
    for fetch in seen + linked:
        if fetch.page.form_fields >= fields:
            return
        for link in _own_links(fetch.page):
            if link.tag in ("img", "a") and any(w in f"{link.text} {link.url}".lower() for w in words["qr"]):
                return
            if link.tag == "a" and any(w in link.text for w in words["online"]) and not link_fails(ctx, link.url):
                return
    yield ctx.finding("CAT-APPLY", site_id, "apply", seen[0].url,
                      "依申请公开栏目只提供申请说明或申请表下载，没有在线申请表或申请二维码，请开通在线申请（掌上申请）。",
                      {"entries": [f.url for f in seen], "pages_read": [f.url for f in seen + linked][:20]})


def _own_links(page: PageData) -> list[Link]:
    """The links a page shows in its own text, not in its menus and footer (a 微信二维码 there applies for nothing)."""
    return [link for link in page.links if link.region in ("body", "list")]


# --- recurring publications -----------------------------------------------------------------------------------

def period_of(day: dt.date, every: str) -> tuple[int, ...]:
    if every == "month":
        return day.year, day.month
    if every == "quarter":
        return day.year, (day.month - 1) // 3 + 1
    return (day.year,)


def periods_before(day: dt.date, every: str, count: int) -> list[tuple[int, ...]]:
    """The ``count`` whole periods before the one holding ``day``, newest first."""
    current, result = period_of(day, every), []
    per_year = {"month": 12, "quarter": 4, "year": 1}[every]
    index = current[0] * per_year + (current[1] - 1 if len(current) > 1 else 0)
    for back in range(1, count + 1):
        year, part = divmod(index - back, per_year)
        result.append((year, part + 1) if per_year > 1 else (year,))
    return result


def period_label(period: tuple[int, ...], every: str) -> str:
    if every == "month":
        return f"{period[0]}年{period[1]}月"
    if every == "quarter":
        return f"{period[0]}年第{period[1]}季度"
    return f"{period[0]}年"


def _shared(ctx: Context, view: SiteView, catalogue: Catalogue, item: RecurringItem,
            entries: list[tuple[str, str]]) -> list[Fetch]:
    """Pages of other sites the site links to as the item's column: a department's column on the shared platform."""
    column = next((c for c in catalogue.columns if c.name == item.column), None)
    if column is None:
        return []
    pages, own = pages_by_url(ctx), {f.url for f in view.judgeable}
    urls = dict.fromkeys(url for text, url in entries if any(n in text for n in column.all_names))
    return [pages[url] for url in urls if url in pages and url not in own]


def _recurring(ctx: Context, site_id: str, view: SiteView, item: RecurringItem,
               shared: list[Fetch]) -> Iterator[Finding]:
    dated: list[tuple[dt.date, str]] = []          # (date, page showing it) of the items with one of the words
    for fetch in view.judgeable + shared:
        page = fetch.page
        shown = [(i.title, i.date) for i in page.list_items if i.date]
        if page.kind == "article" and page.visible_date:
            shown.append((page.meta.get("ArticleTitle") or page_name(page), page.visible_date))
        dated += [(date, fetch.url if page.kind == "list" else "") for title, date in shown
                  if date <= ctx.as_of and any(w in title for w in item.words)]
    published = {period_of(date, item.every) for date, _ in dated}
    lists = Counter(column_key(url) for _, url in dated if url)
    column = lists.most_common(1)[0][0] if lists else view.home_url     # the column publishing them
    judged = periods_before(ctx.as_of, item.every, item.periods)
    for period in judged:
        if period in published:
            continue
        label = period_label(period, item.every)
        yield ctx.finding("CAT-RECURRING", site_id, f"{item.name}|{label}", column,
                          f"“{item.name}”应{EVERY[item.every]}发布，{label}没有发布相关信息，请按期发布。",
                          {"item": item.name, "period": label, "every": EVERY[item.every], "words": item.words,
                           "periods_published": [period_label(p, item.every) for p in judged if p in published]})
