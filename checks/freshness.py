"""FRS: freshness of the homepage and the columns (首页不更新, 栏目不更新, 空白栏目).

A column is its list pages taken together (pagination included), named by its first list page. Its type comes
from the office's config, then the page's ColumnType tag, then the column name (config/dictionaries/
columns.yaml). Only dates a reader sees count; items in the future are left to FRS-DATE-SUSPECT.
No double counting: an empty column is not also stale, an undated one is FRS-UNDATED and not also stale, a
stale homepage is not also aging.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterator
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from checks._site import SiteView, site_views
from checks.base import Context, Finding
from crawler.snapshot import Fetch, ListItem

CODES = ("FRS-HOME-STALE", "FRS-HOME-AGING", "FRS-COLUMN-STALE", "FRS-COLUMNS-VETO", "FRS-COLUMN-EMPTY",
         "FRS-EMPTY-VETO", "FRS-UNDATED", "FRS-DATE-SUSPECT")

_PAGE_SUFFIX = re.compile(r"_\d+(\.s?html?)$")
_INDEX = re.compile(r"(?:index|default)\.s?html?$")
_PAGE_PARAMS = {"page", "pageno", "pagenum", "pageindex", "p", "cur", "curpage", "pn", "currentpage", "pagenumber"}
_EMPTY_TEXT = 100    # a column page with no items and more text than this is a text page, not an empty column
_TAG_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
EXAMPLES = 20


def column_key(url: str) -> str:
    """The URL of a column's first list page: pagination suffixes and page parameters removed."""
    parts = urlsplit(url)
    path = _INDEX.sub("", _PAGE_SUFFIX.sub(r"\1", parts.path))
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k.lower() not in _PAGE_PARAMS])
    return urlunsplit((parts.scheme, parts.netloc.lower(), path, query, ""))


@dataclass
class Column:
    key: str
    url: str = ""
    name: str = ""
    depth: int = 99
    type_tag: str = ""
    items: list[ListItem] = field(default_factory=list)
    undated: int = 0
    empty_marker: bool = False
    text_length: int = 0
    type: str = "other"
    type_source: str = ""

    def add(self, fetch: Fetch) -> None:
        page = fetch.page
        if fetch.depth < self.depth or not self.url:
            self.url, self.depth = fetch.url, fetch.depth
            self.name = page.column_name or self.name
            self.type_tag = page.meta.get("ColumnType", "") or self.type_tag
        self.items.extend(page.list_items)
        self.undated += page.list_undated
        self.empty_marker |= page.empty_marker
        self.text_length = max(self.text_length, len(page.text))

    def newest(self, as_of: dt.date) -> ListItem | None:
        dated = [i for i in self.items if i.date is not None and i.date <= as_of]
        return max(dated, key=lambda i: i.date) if dated else None


def months_before(day: dt.date, months: int) -> dt.date:
    """Calendar months counted back (6 months before 2024-06-30 is 2023-12-30), clamped to month ends."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def _classify(ctx: Context, site, column: Column) -> None:
    dictionary = ctx.dictionary("columns")
    for override in site.columns:
        if column_key(urljoin(site.url, override.url)) == column.key:
            column.type, column.type_source = override.type, "配置指定"
            return
    tags = [t.strip() for t in re.split(r"[，,;；、]", column.type_tag) if t.strip()]
    known = [dictionary["column_type_tags"][t] for t in tags if t in dictionary["column_type_tags"]]
    if known:
        # A tag naming several types ("信息公开，政策文件") takes the strictest updating type it names.
        order = ["news", "notice", "yearly", "other", "static"]
        column.type, column.type_source = min(known, key=order.index), f"ColumnType标签“{column.type_tag}”"
        return
    for group in dictionary["name_keywords"]:
        if any(word in column.name for word in group["words"]):
            column.type, column.type_source = group["type"], f"栏目名称“{column.name}”"
            return
    column.type, column.type_source = "other", "默认（其他应更新类）"


def columns_of(ctx: Context, view: SiteView) -> list[Column]:
    site = ctx.district.site(view.id)
    columns: dict[str, Column] = {}
    overrides = {column_key(urljoin(site.url, o.url)) for o in site.columns}
    for fetch in view.judgeable:
        key = column_key(fetch.url)
        if fetch.page.kind == "list" or key in overrides:
            columns.setdefault(key, Column(key)).add(fetch)
    for column in columns.values():
        _classify(ctx, site, column)
    return sorted(columns.values(), key=lambda c: c.url)


def _window(ctx: Context, kind: str, as_of: dt.date) -> tuple[dt.date, str]:
    """The oldest newest-date a column of this type may have, and the window in words."""
    t = ctx.rule("FRS-COLUMN-STALE").thresholds
    if kind == "news":
        return as_of - dt.timedelta(days=t["news_days"]), f"{t['news_days']}天"
    months = {"notice": t["notice_months"], "yearly": t["yearly_months"]}.get(kind, t["other_months"])
    return months_before(as_of, months), f"{months}个月"


def run(ctx: Context) -> Iterator[Finding]:
    for site_id, view in site_views(ctx).items():
        if not view.judgeable:
            continue
        yield from _home(ctx, view)
        yield from _columns(ctx, view)
        yield from _suspect_dates(ctx, view)


def _home(ctx: Context, view: SiteView) -> Iterator[Finding]:
    home = view.home
    if home is None or not home.ok:
        return
    items = [i for i in home.page.list_items if i.date and i.date <= ctx.as_of]
    basis = "首页"
    if not items:   # a homepage that is only navigation: judge the second-level pages
        items = [i for f in view.judgeable if f.depth == 1 for i in f.page.list_items
                 if i.date and i.date <= ctx.as_of]
        basis = "二级页面（首页仅为导航）"
    if not items:
        return
    newest = max(items, key=lambda i: i.date)
    age = (ctx.as_of - newest.date).days
    evidence = {"basis": basis, "newest": newest.date, "newest_title": newest.title,
                "newest_url": newest.url, "age_days": age}
    stale_days = ctx.rule("FRS-HOME-STALE").thresholds["days"]
    aging_days = ctx.rule("FRS-HOME-AGING").thresholds["days"]
    if age > stale_days:
        yield ctx.finding("FRS-HOME-STALE", view.id, "home", view.home_url,
                          f"首页最新信息发布于{newest.date:%Y年%m月%d日}，已{age}天未更新（超过{stale_days}天）。",
                          {**evidence, "window": f"{stale_days}天"})
    elif age > aging_days:
        yield ctx.finding("FRS-HOME-AGING", view.id, "home", view.home_url,
                          f"首页最新信息发布于{newest.date:%Y年%m月%d日}，已{age}天未更新，请尽快更新。",
                          {**evidence, "window": f"{aging_days}天"})


def _columns(ctx: Context, view: SiteView) -> Iterator[Finding]:
    as_of = ctx.as_of
    empty, stale_news_notice, stale_all = [], [], []
    for column in columns_of(ctx, view):
        if column.type == "static":
            continue
        base = {"column": column.name, "column_url": column.url, "column_type": column.type,
                "type_source": column.type_source}
        if not column.items:
            if column.empty_marker or column.text_length < _EMPTY_TEXT:
                empty.append(column)
                yield ctx.finding("FRS-COLUMN-EMPTY", view.id, column.key, column.url,
                                  f"栏目“{column.name}”没有任何信息（空白栏目），请补充内容或撤并栏目。", base)
            continue
        cutoff, window = _window(ctx, column.type, as_of)
        newest = column.newest(as_of)
        if newest is None and any(i.date for i in column.items):
            continue      # only dates after the inspection date: FRS-DATE-SUSPECT lists them
        if newest is None:
            stale_all.append(column)
            yield ctx.finding("FRS-UNDATED", view.id, column.key, column.url,
                              f"栏目“{column.name}”的{len(column.items)}条信息均未标注发布日期，视为未更新，请标注日期。",
                              {**base, "item_count": len(column.items)})
            continue
        if newest.date < cutoff:
            stale_all.append(column)
            if column.type == "news" or (column.type == "notice" and column.depth <= 1):
                stale_news_notice.append(column)
            yield ctx.finding("FRS-COLUMN-STALE", view.id, column.key, column.url,
                              f"栏目“{column.name}”最新信息发布于{newest.date:%Y年%m月%d日}，超过{window}未更新。",
                              {**base, "newest": newest.date, "newest_title": newest.title,
                               "newest_url": newest.url, "window": window, "cutoff": cutoff})
    yield from _vetoes(ctx, view, empty, stale_news_notice, stale_all)


def _vetoes(ctx: Context, view: SiteView, empty: list[Column], news_notice: list[Column],
            stale_all: list[Column]) -> Iterator[Finding]:
    t = ctx.rule("FRS-COLUMNS-VETO").thresholds
    listing = lambda cols: [f"{c.name}（{c.url}）" for c in cols]   # noqa: E731
    if len(news_notice) >= t["news_and_first_level_notice"] or len(stale_all) >= t["should_update"]:
        yield ctx.finding("FRS-COLUMNS-VETO", view.id, "columns", view.home_url,
                          f"网站有{len(news_notice)}个动态要闻类或一级通知公告/政策文件类栏目、共{len(stale_all)}个应更新栏目未按时更新，"
                          f"达到单项否决标准。",
                          {"stale_news_notice": listing(news_notice), "stale_columns": listing(stale_all),
                           "veto_line": f"前者≥{t['news_and_first_level_notice']}个或后者≥{t['should_update']}个"})
    e = ctx.rule("FRS-EMPTY-VETO").thresholds
    if len(empty) >= e["warn_at"]:
        level = "veto" if len(empty) >= e["veto_at"] else "warn"
        yield ctx.finding("FRS-EMPTY-VETO", view.id, "empty", view.home_url,
                          f"网站共有{len(empty)}个空白栏目" + ("，达到单项否决标准。" if level == "veto"
                                                     else f"，达到{e['veto_at']}个将构成单项否决，请尽快处理。"),
                          {"empty_columns": listing(empty), "veto_at": e["veto_at"], "warn_at": e["warn_at"]},
                          level=level)


def _tag_date(value: str) -> dt.date | None:
    match = _TAG_DATE.search(value)
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3])) if match else None
    except ValueError:
        return None


def _suspect_dates(ctx: Context, view: SiteView) -> Iterator[Finding]:
    """Dates after the day the page was fetched, and visible dates far from the PubDate tag: for a person to
    look at (伪造发稿日期 is a veto only once confirmed). One finding per site and kind, with examples."""
    limit = ctx.rule("FRS-DATE-SUSPECT").thresholds["max_disagreement_days"]
    future: dict[tuple, str] = {}
    disagree: list[str] = []
    for fetch in view.judgeable:
        page = fetch.page
        # A page dated "today" in Beijing may be "tomorrow" for the UTC fetch clock: one day of grace.
        latest = (fetch.fetched_at.date() if fetch.fetched_at else ctx.as_of) + dt.timedelta(days=1)
        shown = [(page.visible_date, page.title, fetch.url)] if page.visible_date else []
        shown += [(i.date, i.title, i.url or fetch.url) for i in page.list_items if i.date]
        for date, title, where in shown:
            if date > latest:
                future.setdefault((where, date), f"{title}（{date:%Y-%m-%d}）{where}")
        tagged = _tag_date(page.meta.get("PubDate", ""))
        if page.visible_date and tagged and abs((page.visible_date - tagged).days) > limit:
            disagree.append(f"{fetch.url}（页面显示{page.visible_date:%Y-%m-%d}，PubDate标签{tagged:%Y-%m-%d}）")
    if future:
        items = sorted(future.values())
        yield ctx.finding("FRS-DATE-SUSPECT", view.id, "future", view.home_url,
                          f"{len(items)}条信息的发布日期晚于检查抓取日期，请核实发布日期是否真实。",
                          {"reason": "未来日期", "item_count": len(items), "examples": items[:EXAMPLES]})
    if disagree:
        yield ctx.finding("FRS-DATE-SUSPECT", view.id, "disagree", view.home_url,
                          f"{len(disagree)}个页面显示的发布日期与PubDate标签相差超过{limit}天，请核实是否存在伪造发稿日期。",
                          {"reason": "显示日期与标签不符", "page_count": len(disagree), "examples": disagree[:EXAMPLES]})
