"""NMA rules: each with a must-find and a must-not-find case.

Most cases judge stored account records directly (what any adapter stores looks the same); the links to
accounts are read from a fixture site crawled for real, and so are the sources in test_newmedia_adapters.py.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from checks import newmedia
from checks.base import Context, Finding
from config.schema import PROJECT_ROOT, District, load_profile
from crawler.adapters import BEIJING
from crawler.snapshot import AccountRecord, Post, Store
from tests.sitekit import AS_OF, audit_sites, column, home

PROFILE = load_profile(PROJECT_ROOT / "config" / "rules" / "national.yaml")
DEPARTMENTS = [{"id": "edu", "name": "示范区教育局"}, {"id": "health", "name": "示范区卫生健康局"}]


def post(day: str, printed: str = "") -> Post:
    moment = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(10), BEIJING)
    return Post(moment, printed or day, f"{day}发布的信息", "正文", f"https://m.weibo.cn/status/{day}")


def account(id: str = "a", **kw) -> dict:
    return {"id": id, "department": "edu", "platform": "weibo", "name": "示范区教育发布", "adapter": "weibo",
            "url": f"https://m.weibo.cn/u/70010000{len(id):02d}", **kw}


def record(id: str = "a", posts: list[Post] | None = None, **kw) -> AccountRecord:
    return AccountRecord(**{"account": id, "adapter": "weibo", "source": "https://m.weibo.cn/api/container/getIndex",
                            "status": "ok", "name": "示范区教育发布", "posts": posts if posts is not None else [],
                            "fetched_at": dt.datetime(2024, 6, 30, 1, tzinfo=dt.timezone.utc),
                            "clock": "date-header", **kw})


def judge(tmp_path: Path, accounts: list[dict], records: list[AccountRecord], as_of: dt.date = AS_OF) -> list[Finding]:
    store = Store(tmp_path / "audit.sqlite")
    crawl = store.begin_crawl()
    for r in records:
        store.add_account(crawl, r)
    store.finish_crawl(crawl)
    district = District.model_validate({"district": "测试区", "departments": DEPARTMENTS, "accounts": accounts})
    try:
        return list(newmedia.run(Context(district, PROFILE, store.snapshot(crawl), as_of)))
    finally:
        store.close()


def rules(findings: list[Finding], target: str = "a") -> list[str]:
    """The rules found for one account; the fixtures are one unit's Weibo accounts, so NMA-DUPLICATE (tested on
    its own) is left out."""
    return sorted(f.rule for f in findings if f.target == target and f.rule != "NMA-DUPLICATE")


# --- freshness -----------------------------------------------------------------------------------------------

def test_stale_starts_after_exactly_fourteen_days(tmp_path: Path) -> None:
    accounts = [account(i) for i in ("d7", "d8", "d14", "d15")]
    records = [record("d7", [post("2024-06-23")]), record("d8", [post("2024-06-22"), post("2024-05-01")]),
               record("d14", [post("2024-06-16")]), record("d15", [post("2024-06-15")])]
    found = judge(tmp_path, accounts, records)
    assert rules(found, "d7") == []
    assert rules(found, "d8") == rules(found, "d14") == ["NMA-AGING"]     # exactly 14 days: aging, not stale
    assert rules(found, "d15") == ["NMA-STALE"]                           # stale, not also aging
    stale = next(f for f in found if f.target == "d15")
    assert stale.level == "veto" and stale.evidence["newest"] == "2024-06-15" and stale.evidence["age_days"] == 15
    assert "2024-06-15" in stale.message


def test_zombie_instead_of_stale(tmp_path: Path) -> None:
    accounts = [account("old"), account("none"), account("year")]
    records = [record("old", [post("2023-06-30")]), record("none", []), record("year", [post("2023-07-01")])]
    found = judge(tmp_path, accounts, records)
    assert rules(found, "old") == ["NMA-ZOMBIE"] and rules(found, "none") == ["NMA-ZOMBIE"]
    assert rules(found, "year") == ["NMA-STALE"]          # exactly 365 days: stale, not yet a zombie


def test_undated_items_are_ignored_and_an_all_undated_source_is_inconclusive(tmp_path: Path) -> None:
    undated = Post(None, "", "置顶：政务公开指南")
    found = judge(tmp_path, [account("mixed"), account("undated")],
                  [record("mixed", [undated, post("2024-06-28")]), record("undated", [undated, undated])])
    assert rules(found, "mixed") == []
    assert rules(found, "undated") == ["NMA-BLOCKED"]
    assert next(f for f in found if f.target == "undated").level == "inconclusive"


def test_blocked_is_inconclusive_and_never_stale(tmp_path: Path) -> None:
    found = judge(tmp_path, [account("wall"), account("broken")],
                  [record("wall", status="blocked", reason="微博接口要求登录或验证（ok=-100）", name=None),
                   record("broken", status="error", reason="采集失败（dns：…）", name=None)])
    assert rules(found, "wall") == rules(found, "broken") == ["NMA-BLOCKED"]
    wall = next(f for f in found if f.target == "wall")
    assert wall.level == "inconclusive" and wall.points == 0 and "ok=-100" in wall.message


# --- interaction, names, duplicates -----------------------------------------------------------------------

def test_no_interaction_only_when_the_source_shows_none(tmp_path: Path) -> None:
    fresh = [post("2024-06-29")]
    found = judge(tmp_path, [account("none"), account("msg"), account("unknown"), account("half")],
                  [record("none", fresh, interaction={"comments": False, "messages": False}),
                   record("msg", fresh, interaction={"comments": False, "messages": True}),
                   record("unknown", fresh),                                  # a feed says nothing about it
                   record("half", fresh, interaction={"messages": False})])   # comments unknown: not judged
    assert rules(found, "none") == ["NMA-NO-INTERACTION"]
    assert rules(found, "msg") == rules(found, "unknown") == rules(found, "half") == []


def test_name_and_certified_owner_against_the_registry(tmp_path: Path) -> None:
    fresh = [post("2024-06-29")]
    found = judge(tmp_path, [account("renamed"), account("owner"), account("ok"), account("width")],
                  [record("renamed", fresh, name="示范区教育"),
                   record("owner", fresh, owner="示范区文化和旅游局官方微博"),
                   record("ok", fresh, owner="示范区教育局官方微博"),                 # names the registered owner
                   record("width", fresh, name="示范区教育发布 ")])
    assert rules(found, "renamed") == rules(found, "owner") == ["NMA-NAME"]
    assert rules(found, "ok") == rules(found, "width") == []
    owner = next(f for f in found if f.target == "owner")
    assert owner.evidence["registry"] == "示范区教育局" and owner.evidence["item"] == "认证主体"


def test_duplicate_accounts_of_one_unit_on_one_platform(tmp_path: Path) -> None:
    accounts = [account("w1"), account("w2", name="示范区招生考试"), account("wx", platform="wechat", adapter=None),
                account("h1", department="health", name="健康示范区"),
                account("closed", department="health", name="示范区卫健", status="closed")]
    found = judge(tmp_path, accounts, [])
    dup = [f for f in found if f.rule == "NMA-DUPLICATE"]
    assert [(f.target, f.level) for f in dup] == [("w1", "warn")]
    assert dup[0].evidence["accounts"] == ["示范区教育发布", "示范区招生考试"]


def test_closed_account_judged_only_for_still_posting(tmp_path: Path) -> None:
    accounts = [account("posting", status="closed", closed_on="2024-03-01"),
                account("recent", status="closed"), account("quiet", status="closed", closed_on="2024-03-01")]
    records = [record("posting", [post("2024-04-02")]), record("recent", [post("2024-06-20")]),
               record("quiet", [post("2024-02-10")])]
    found = judge(tmp_path, accounts, records)
    assert rules(found, "posting") == rules(found, "recent") == ["NMA-CLOSED-ACTIVE"]
    assert rules(found, "quiet") == []          # closed and silent: no freshness finding at all
    assert next(f for f in found if f.target == "posting").evidence["last_post"] == "2024-04-02"


# --- links from the sites ---------------------------------------------------------------------------------

def test_unregistered_and_closed_accounts_linked_from_a_site(tmp_path: Path) -> None:
    matrix = ('<ul><li><a href="https://weibo.com/u/7001000099">示范区城管</a></li>'
              '<li><a href="https://m.weibo.cn/u/7001000001">示范区发布</a></li>'
              '<li><a href="https://www.douyin.com/user/MS4wLjABAAAAtest">示范区教育抖音</a></li>'
              '<li><a href="https://mp.weixin.qq.com/mp/profile_ext?action=home&amp;__biz=MzA5OTk5OTk5OQ==">'
              '示范区旧号</a></li>'
              '<li><a href="https://mp.weixin.qq.com/s?__biz=MzIzMzMzMzMzMw==&amp;mid=1">转载文章</a></li></ul>')
    files = {"www.test.gov.cn": {
        "/": home({"工作动态": [("示范区召开工作会议", "/col/gzdt/1.html", "2024-06-28")]},
                  extra='<a href="/zwxmt/">政务新媒体</a>'),
        "/zwxmt/": column("政务新媒体", [], column_type="概况信息").replace('<div class="list"><p>暂无信息</p></div>',
                                                                        matrix),
        "/col/gzdt/1.html": "<html><body>ok</body></html>"},
        # the platforms' names answer locally (port 80: refused), so checking the links never leaves the machine
        **{host: {"/robots.txt": ""} for host in ("weibo.com", "m.weibo.cn", "www.douyin.com", "mp.weixin.qq.com")}}
    accounts = {
        "registered": {"name": "示范区发布", "department": "dep", "url": "https://m.weibo.cn/u/7001000001"},
        "by-id": {"name": "示范区教育抖音", "department": "dep", "platform": "douyin", "account_id": "MS4wLjABAAAAtest"},
        "gone": {"name": "示范区旧号", "department": "dep", "platform": "wechat", "status": "closed",
                 "url": "https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzA5OTk5OTk5OQ=="},
    }
    result = audit_sites(tmp_path, {"site": {"url": "http://www.test.gov.cn/"}}, files, accounts=accounts,
                         crawl={"allow_private": ["127.0.0.1/32"]})
    unregistered = result.of("site", "NMA-UNREGISTERED")
    assert [(f.url, f.level, f.points) for f in unregistered] == [("https://weibo.com/u/7001000099", "deduct", 1)]
    assert unregistered[0].evidence["referrers"][0].endswith("/zwxmt/")
    assert unregistered[0].evidence["link_text"] == "示范区城管"
    closed = result.of("gone")
    assert [f.rule for f in closed] == ["NMA-CLOSED-ACTIVE"] and closed[0].evidence["referrer_count"] == 1
    assert result.of("registered") == [] and result.of("by-id") == []


# --- text rules on posts (the REV proofreader) --------------------------------------------------------------

def test_posts_are_proofread(tmp_path: Path) -> None:
    wrong = Post(dt.datetime(2024, 6, 28, 9, tzinfo=BEIJING), "06-28", "暑期安全提示",
                 "请各学校按排专人值守，做好攻府信息公开。", "https://m.weibo.cn/status/O1")
    correction = Post(dt.datetime(2024, 6, 29, 9, tzinfo=BEIJING), "06-29", "更正说明",
                      "昨日信息中“攻府”应为“政府”，特此更正。", "https://m.weibo.cn/status/O2")
    found = judge(tmp_path, [account("a")], [record("a", [wrong, correction])])
    assert rules(found) == ["NMA-SERIOUS", "NMA-TYPO"]
    typo = next(f for f in found if f.rule == "NMA-TYPO")
    assert (typo.evidence["wrong"], typo.evidence["suggestion"], typo.url) == ("按排", "安排", wrong.url)
    assert "【按排】" in typo.evidence["context"] and typo.points == 0.2
    assert next(f for f in found if f.rule == "NMA-SERIOUS").level == "veto"
