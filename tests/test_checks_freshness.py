"""FRS checks on crawled fixture sites (inspection date 2024-06-30)."""
from __future__ import annotations

import datetime as dt

import pytest

from checks.freshness import column_key, months_before
from tests.sitekit import SITE_TAGS, article, audit_sites, column, home

D = "2024-06-28"


def _items(date: str, n: int = 3, prefix: str = "/art/") -> list[tuple[str, str, str]]:
    return [(f"示范区工作信息{i}", f"{prefix}{i}.html", date) for i in range(n)]


def _site(home_date: str, columns: dict[str, tuple[str, str | None, str]]) -> dict[str, str]:
    """columns: code → (name, newest date or None for empty / "undated", ColumnType)."""
    links = "".join(f'<li><a href="/col/{code}/">{name}</a></li>' for code, (name, _, _) in columns.items())
    files = {"/": home({"工作动态": _items(home_date)}, extra=f'<ul class="menu">{links}</ul>')}
    for i in range(3):
        files[f"/art/{i}.html"] = article(f"示范区工作信息{i}", home_date)
    for code, (name, date, ctype) in columns.items():
        if date is None:
            items = []
        elif date == "undated":
            items = [(f"{name}信息{i}", f"/art/{i}.html", "") for i in range(3)]
        else:
            items = _items(date)
        files[f"/col/{code}/"] = column(name, items, column_type=ctype)
    return files


SITES = {
    # fresh homepage; news column exactly 14 days old (not stale); notice 6 months to the day; static page
    "fresh": _site("2024-06-20", {"gzdt": ("工作动态", "2024-06-16", "工作动态"),
                                  "tzgg": ("通知公告", "2023-12-30", "通知公告"),
                                  "jgzn": ("机构职能", None, "机构职能")}),
    "stale": _site("2024-05-20", {"gzdt": ("工作动态", "2024-06-01", "工作动态"),
                                  "tzgg": ("通知公告", "2023-11-15", "通知公告"),
                                  "rsxx": ("人事信息", "2023-05-01", "人事信息"),
                                  "kong1": ("便民信息", None, "其他"),
                                  "kong2": ("专题活动", None, "其他"),
                                  "wrq": ("工作简报", "undated", "其他")}),
    "aging": _site("2024-06-18", {"xw": ("新闻中心", "2024-06-25", "新闻栏目")}),
    "veto": _site(D, {f"dt{i}": (f"部门动态{i}", "2024-05-01", "工作动态") for i in range(5)}
                  | {f"k{i}": (f"空白栏目{i}", None, "其他") for i in range(5)}),
    "suspect": {**_site(D, {"gzdt": ("工作动态", "2030-01-01", "工作动态")}),
                "/art/0.html": article("示范区工作信息0", D, tags={**SITE_TAGS, "ColumnName": "工作动态", "ColumnType": "工作动态",
                                                             "ArticleTitle": "示范区工作信息0", "ContentSource": "测试局",
                                                             "PubDate": "2024-06-25 10:00"})},
}
HOSTS = {sid: f"www.{sid}.gov.cn" for sid in SITES}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return audit_sites(tmp_path_factory.mktemp("frs"), {sid: {"url": f"http://{HOSTS[sid]}/"} for sid in SITES},
                       {HOSTS[sid]: files for sid, files in SITES.items()})


def frs(result, site):
    return sorted((f.rule, f.level) for f in result.of(site) if f.rule.startswith("FRS"))


def test_fresh_site_and_near_misses_have_no_findings(result):
    assert frs(result, "fresh") == []


def test_stale_home_and_columns(result):
    rules = {f.rule: f for f in result.of("stale")}
    assert rules["FRS-HOME-STALE"].evidence["newest"] == dt.date(2024, 5, 20)
    assert "FRS-HOME-AGING" not in rules            # no double counting
    stale = {f.evidence["column"]: f for f in result.of("stale", "FRS-COLUMN-STALE")}
    assert set(stale) == {"工作动态", "通知公告", "人事信息"}
    assert stale["工作动态"].evidence["window"] == "14天"
    assert stale["通知公告"].evidence["type_source"].startswith("ColumnType")
    assert stale["人事信息"].evidence["column_type"] == "yearly"
    empty = {f.evidence["column"] for f in result.of("stale", "FRS-COLUMN-EMPTY")}
    assert empty == {"便民信息", "专题活动"}
    assert [f.evidence["column"] for f in result.of("stale", "FRS-UNDATED")] == ["工作简报"]
    [warn] = result.of("stale", "FRS-EMPTY-VETO")
    assert warn.level == "warn"                      # 2 empty columns: a warning, not yet a veto
    assert not result.of("stale", "FRS-COLUMNS-VETO")


def test_aging_home_and_type_from_name(result):
    assert frs(result, "aging") == [("FRS-HOME-AGING", "warn")]


def test_vetoes(result):
    rules = {f.rule: f for f in result.of("veto")}
    assert rules["FRS-COLUMNS-VETO"].level == "veto"
    assert len(rules["FRS-COLUMNS-VETO"].evidence["stale_news_notice"]) == 5
    assert rules["FRS-EMPTY-VETO"].level == "veto"
    assert "FRS-HOME-STALE" not in rules


def test_column_key_groups_pagination():
    assert column_key("http://a.gov.cn/col/gzdt/index_2.html") == "http://a.gov.cn/col/gzdt/"
    assert column_key("http://a.gov.cn/col/gzdt/index.html") == "http://a.gov.cn/col/gzdt/"
    assert column_key("http://a.gov.cn/list.jsp?id=5&pageNum=3") == "http://a.gov.cn/list.jsp?id=5"
    assert column_key("http://a.gov.cn/art/2024/6/1/art_5_1.html") != column_key("http://a.gov.cn/art/2024/6/1/")


def test_months_are_calendar_months():
    assert months_before(dt.date(2024, 6, 30), 6) == dt.date(2023, 12, 30)
    assert months_before(dt.date(2024, 8, 31), 6) == dt.date(2024, 2, 29)


def test_suspect_dates_future_and_disagreeing_tag(result):
    found = {f.evidence["reason"]: f for f in result.of("suspect", "FRS-DATE-SUSPECT")}
    assert set(found) == {"未来日期", "显示日期与标签不符"}
    assert all(f.level == "warn" and f.points == 0 for f in found.values())
    assert "2030-01-01" in found["未来日期"].evidence["examples"][0]
    assert found["显示日期与标签不符"].evidence["page_count"] == 1
    assert not result.of("fresh", "FRS-DATE-SUSPECT")     # visible dates and tags that agree
    assert not result.of("suspect", "FRS-UNDATED") and not result.of("suspect", "FRS-COLUMN-STALE")
