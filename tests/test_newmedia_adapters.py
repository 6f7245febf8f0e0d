"""Account collection, per adapter, against local servers: the real Weibo API answers and weibo.cn pages of
../shared/realpages/newmedia/, RSSHub-style feeds, rendered profile pages, back-office exports; the registry."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from config.registry import read_registry
from config.schema import ConfigError, load_district
from crawler.adapters import BEIJING, resolve_time
from crawler.snapshot import AccountRecord, Post, Store
from tests.sitekit import PROJECT_ROOT, audit_sites

REAL = PROJECT_ROOT.parent / "shared" / "realpages" / "newmedia"
UTC = dt.timezone.utc
API = "/api/container/getIndex?type=uid&value={uid}"
STAR = "1669879400"


@pytest.fixture
def real() -> Path:
    if not REAL.is_dir():
        pytest.skip(f"{REAL} is absent (real platform pages are shared beside the project, not shipped)")
    return REAL


def weibo_js(real: Path, name: str) -> dict:
    """One answer of the saved m.weibo.cn session: response.js holds them as `let <name> = {…};`."""
    text = (real / "weiboAPI-gottaegbert" / "old" / "response.js").read_text(encoding="utf-8")
    start = text.index(f"let {name} = ") + len(f"let {name} = ")
    return json.JSONDecoder().raw_decode(text, start)[0]


def weibo_site(profile: dict, posts: dict, uid: str = STAR, date: str = "Sat, 15 Jun 2019 04:00:00 GMT") -> tuple:
    """Files and manifest of an m.weibo.cn answering getIndex for one uid (profile, then post list)."""
    files = {"m.weibo.cn": {f"/answers/{uid}-profile.json": json.dumps(profile, ensure_ascii=False),
                            f"/answers/{uid}-posts.json": json.dumps(posts, ensure_ascii=False)},
             "weibo.com": {"/robots.txt": ""}}      # mapped to the local server: profiles there are read via m.weibo.cn
    manifest = {"defaults": {"headers": {"Date": date}}, "paths": {"m.weibo.cn": {
        API.format(uid=uid): {"file": f"/answers/{uid}-profile.json"},
        API.format(uid=uid) + f"&containerid=107603{uid}": {"file": f"/answers/{uid}-posts.json"}}}}
    return files, manifest


def accounts_of(result) -> dict[str, AccountRecord]:
    return result.snapshot().accounts()


def rules_of(result, target: str) -> list[str]:
    """Rules found for an account; NMA-DUPLICATE is left out (the fixtures are one unit's Weibo accounts)."""
    return [f.rule for f in result.of(target) if f.rule != "NMA-DUPLICATE"]


# --- times --------------------------------------------------------------------------------------------------

def test_times_resolve_against_the_fetch() -> None:
    fetched = dt.datetime(2024, 1, 2, 1, 0, tzinfo=UTC)          # 09:00 in Beijing
    assert resolve_time("15小时前", fetched) == dt.datetime(2024, 1, 1, 10, 0, tzinfo=UTC)
    assert resolve_time("昨天 12:00", fetched) == dt.datetime(2024, 1, 1, 12, 0, tzinfo=BEIJING)
    assert resolve_time("12-27", fetched) == dt.datetime(2023, 12, 27, tzinfo=BEIJING)   # never after the fetch
    assert resolve_time("01-02", fetched).date() == dt.date(2024, 1, 2)
    assert resolve_time("06月17日 18:12\xa0来自绿洲APP", fetched) == dt.datetime(2023, 6, 17, 18, 12, tzinfo=BEIJING)
    assert resolve_time("Sat Jun 15 11:44:46 +0800 2019", fetched) == dt.datetime(2019, 6, 15, 3, 44, 46, tzinfo=UTC)
    assert resolve_time("1560570286", fetched) == dt.datetime(2019, 6, 15, 3, 44, 46, tzinfo=UTC)   # WeChat's ct
    assert resolve_time("", fetched) is None and resolve_time("置顶", fetched) is None


# --- weibo: the m.weibo.cn JSON API -----------------------------------------------------------------------

def test_weibo_api_in_the_real_format(tmp_path: Path, real: Path) -> None:
    files, manifest = weibo_site(weibo_js(real, "userInfo"), weibo_js(real, "cards1"))
    account = {"adapter": "weibo", "url": f"http://weibo.com/u/{STAR}", "name": "Dear-迪丽热巴", "owner": "嘉行传媒"}
    result = audit_sites(tmp_path, {}, files, manifest, accounts={"star": account}, as_of=dt.date(2019, 6, 30))
    rec = accounts_of(result)["star"]
    assert (rec.status, rec.name, rec.owner, rec.clock) == ("ok", "Dear-迪丽热巴", "嘉行传媒签约演员", "date-header")
    assert rec.interaction == {"messages": True, "comments": True}      # 聊天 in the toolbar; posts with comments
    assert len(rec.posts) == 10 and rec.posts[0].time_text == "06-14"
    assert rec.posts[0].posted_at == dt.datetime(2019, 6, 14, tzinfo=BEIJING)
    assert rec.posts[0].url == "https://m.weibo.cn/status/HyTZc60ew"
    assert rec.posts[0].text.startswith("搬完这块砖") and "<span" not in rec.posts[0].text
    assert any(p.counts.get("reposts") == 1_000_000 for p in rec.posts)          # "100万+"
    assert rules_of(result, "star") == ["NMA-STALE"]                     # 2019-06-14: 16 days


def test_weibo_relative_times_use_the_date_header_never_a_later_clock(tmp_path: Path, real: Path) -> None:
    posts = weibo_js(real, "cards1")
    printed = ["15小时前", "昨天 12:00", "06-27", "刚刚", "2023-12-01"]
    for card, when in zip(posts["data"]["cards"], printed):
        card["mblog"]["created_at"] = when
    files, manifest = weibo_site(weibo_js(real, "userInfo"), posts, date="Sun, 30 Jun 2024 01:00:00 GMT")
    result = audit_sites(tmp_path, {}, files, manifest,
                         accounts={"star": {"adapter": "weibo", "url": f"http://m.weibo.cn/u/{STAR}"}})
    times = [p.posted_at for p in accounts_of(result)["star"].posts[:5]]
    assert times == [dt.datetime(2024, 6, 29, 10, tzinfo=UTC), dt.datetime(2024, 6, 29, 12, tzinfo=BEIJING),
                     dt.datetime(2024, 6, 27, tzinfo=BEIJING), dt.datetime(2024, 6, 30, 1, tzinfo=UTC),
                     dt.datetime(2023, 12, 1, tzinfo=BEIJING)]
    assert not [f for f in result.of("star") if f.rule in ("NMA-STALE", "NMA-AGING")]


def test_without_a_date_header_relative_times_use_the_crawl_clock(tmp_path: Path, real: Path) -> None:
    posts = weibo_js(real, "cards1")
    posts["data"]["cards"][0]["mblog"]["created_at"] = "15小时前"
    files, manifest = weibo_site(weibo_js(real, "userInfo"), posts, date="")
    before = dt.datetime.now(UTC)
    result = audit_sites(tmp_path, {}, files, manifest,
                         accounts={"star": {"adapter": "weibo", "url": f"http://m.weibo.cn/u/{STAR}"}})
    rec = accounts_of(result)["star"]
    assert rec.clock == "crawl-clock"
    assert before - dt.timedelta(hours=15, seconds=2) <= rec.posts[0].posted_at <= dt.datetime.now(UTC)


def test_login_wall_json_is_blocked_and_the_host_is_not_asked_again(tmp_path: Path, real: Path) -> None:
    wall = {"ok": -100, "url": "https://passport.weibo.cn/signin/welcome?entry=mweibo&r=https%3A%2F%2Fm.weibo.cn%2F"}
    files, manifest = weibo_site(wall, wall)
    accounts = {"first": {"adapter": "weibo", "url": f"http://m.weibo.cn/u/{STAR}"},
                "second": {"adapter": "weibo", "url": "http://m.weibo.cn/u/1234567890"}}
    result = audit_sites(tmp_path, {}, files, manifest, accounts=accounts, as_of=dt.date(2019, 6, 30))
    recs = accounts_of(result)
    assert recs["first"].status == "blocked" and "ok=-100" in recs["first"].reason
    assert recs["second"].status == "blocked" and "本次未再请求" in recs["second"].reason
    for target in ("first", "second"):
        assert [(f.rule, f.level) for f in result.of(target) if f.rule != "NMA-DUPLICATE"] == [
            ("NMA-BLOCKED", "inconclusive")]
    assert result.snapshot().observed_accounts() == {"first", "second"}


def test_redirect_to_a_visitor_or_login_page_is_blocked(tmp_path: Path) -> None:
    files = {"m.weibo.cn": {"/visitor/visitor": "<html><head><title>Sina Visitor System</title></head></html>"}}
    manifest = {"paths": {"m.weibo.cn": {API.format(uid=STAR): {
        "status": 302, "headers": {"Location": "/visitor/visitor?entry=miniblog&a=enter"}}}}}
    result = audit_sites(tmp_path, {}, files, manifest,
                         accounts={"star": {"adapter": "weibo", "url": f"http://m.weibo.cn/u/{STAR}"}})
    rec = accounts_of(result)["star"]
    assert rec.status == "blocked" and "/visitor/visitor" in rec.reason and rec.posts == []
    assert rules_of(result, "star") == ["NMA-BLOCKED"]


# --- rss: RSS/Atom, RSSHub routes ---------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>示范区发布的微博</title>
<link>https://weibo.com/7001000001/</link><description>示范区发布的微博 - Powered by RSSHub</description>
<generator>RSSHub</generator>
<item><title>防汛工作部署会召开</title><description><![CDATA[<p>防汛工作<b>部署会</b>召开</p>]]></description>
<pubDate>Thu, 20 Jun 2024 02:00:00 GMT</pubDate><link>https://weibo.com/7001000001/Oabc</link></item>
<item><title>置顶：本账号简介</title><link>https://weibo.com/7001000001/Oxyz</link></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>示范区教育</title>
<entry><title>开学安全第一课</title><link href="https://example.org/a/1"/><updated>2024-06-28T08:00:00+08:00</updated>
</entry></feed>"""


def test_feeds_rsshub_rss_and_atom(tmp_path: Path) -> None:
    feed_type = {"headers": {"Content-Type": "application/rss+xml; charset=utf-8"}}
    files = {"rsshub.test": {"/weibo/user/7001000001": RSS, "/atom.xml": ATOM,
                             "/empty": RSS.split("<item>")[0] + "</channel></rss>"}}
    manifest = {"paths": {"rsshub.test": {"/weibo/user/7001000001": feed_type, "/empty": feed_type}}}
    accounts = {"weibo": {"adapter": "rss", "url": "http://rsshub.test/weibo/user/7001000001", "name": "示范区发布"},
                "atom": {"adapter": "rss", "url": "http://rsshub.test/atom.xml", "name": "示范区教育发布"},
                "empty": {"adapter": "rss", "url": "http://rsshub.test/empty", "name": "示范区发布"}}
    result = audit_sites(tmp_path, {}, files, manifest, accounts=accounts)
    recs = accounts_of(result)
    weibo = recs["weibo"]
    assert weibo.name == "示范区发布" and weibo.owner is None and weibo.interaction == {}
    assert [(p.posted_at, p.title) for p in weibo.posts] == [(dt.datetime(2024, 6, 20, 2, tzinfo=UTC), "防汛工作部署会召开"),
                                                             (None, "置顶：本账号简介")]
    assert weibo.posts[0].text == "防汛工作部署会召开" and weibo.posts[0].url.endswith("/Oabc")
    assert recs["atom"].name is None          # a feed's own title is not taken for the account's name
    assert recs["atom"].posts[0].posted_at == dt.datetime(2024, 6, 28, tzinfo=UTC)
    assert rules_of(result, "weibo") == ["NMA-AGING"]    # the undated item is ignored: 10 days
    assert rules_of(result, "atom") == []
    assert rules_of(result, "empty") == ["NMA-ZOMBIE"]


def test_a_feed_answered_with_a_captcha_or_an_error(tmp_path: Path) -> None:
    captcha = "<html><head><title>安全验证</title></head><body><p>请完成下方验证后继续访问</p></body></html>"
    files = {"captcha.test": {"/feed.html": captcha}, "missing.test": {"/robots.txt": ""},
             "html.test": {"/feed.html": "<html><body><p>欢迎访问</p></body></html>"}}
    accounts = {"captcha": {"adapter": "rss", "url": "http://captcha.test/feed.html"},
                "missing": {"adapter": "rss", "url": "http://missing.test/weibo/user/404"},
                "html": {"adapter": "rss", "url": "http://html.test/feed.html"}}
    result = audit_sites(tmp_path, {}, files, accounts=accounts)
    recs = accounts_of(result)
    assert recs["captcha"].status == "blocked" and "安全验证" in recs["captcha"].reason
    assert (recs["missing"].status, recs["missing"].reason) == ("error", "HTTP 404")
    assert recs["html"].status == "error"
    for target in accounts:
        assert [(f.rule, f.level) for f in result.of(target) if f.rule != "NMA-DUPLICATE"] == [
            ("NMA-BLOCKED", "inconclusive")]
    assert result.snapshot().observed_accounts() == {"captcha"}     # failed sources: not inspected (未检查)


# --- page: a profile page rendered with Chromium, read with the account's selectors ----------------------

def test_rendered_profile_pages(tmp_path: Path, real: Path) -> None:
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Chromium (/usr/bin/chromium) is not installed")
    profile = (real / "weiboSpider" / "tests" / "testdata"
               / "a4437630f3bdfa2757bae1595186ac063fe5ec25cf2f98116ece83cb.html").read_bytes()
    scripted = ('<html><body><div id="app"></div><script>document.getElementById("app").innerHTML = '
                '\'<h1 class="nick">示范区市场监管</h1><ul><li class="item"><span class="t">2天前</span>'
                '<a href="/video/1">食品安全提示</a></li></ul>\';</script></body></html>')
    captcha = "<html><head><title>验证码中间页</title></head><body>请拖动滑块完成验证</body></html>"
    html = {"headers": {"Content-Type": "text/html; charset=utf-8"}}
    files = {"weibo.cn": {"/1669879400/profile": profile}, "www.kuaishou.com": {"/profile/x": captcha},
             "www.iesdouyin.com": {"/share/user/abc": scripted}}
    manifest = {"defaults": {"headers": {"Date": "Thu, 18 Jun 2020 04:00:00 GMT"}},
                "paths": {"weibo.cn": {"/1669879400/profile": html}, "www.kuaishou.com": {"/profile/x": html},
                          "www.iesdouyin.com": {"/share/user/abc": html}}}
    weibo_cn = {"post": "div.c[id^=M_]", "post_time": "span.ct", "post_text": "span.ctt", "post_link": "a.cc::attr(href)",
                "owner": "div.ut span.ctt:nth-of-type(2)", "comments": "div.c a.cc", "messages": "a[href*='/im/chat']"}
    accounts = {
        "star": {"adapter": "page", "url": "http://weibo.cn/1669879400/profile", "selectors": weibo_cn,
                 "owner": "嘉行传媒"},
        "wall": {"adapter": "page", "platform": "kuaishou", "url": "http://www.kuaishou.com/profile/x",
                 "selectors": {"post": ".video-card", "post_time": ".time", "name": ".user-name"}},
        "douyin": {"adapter": "page", "platform": "douyin", "name": "示范区市场监管",
                   "url": "http://www.iesdouyin.com/share/user/abc",
                   "selectors": {"post": "li.item", "post_time": ".t", "post_title": "a", "name": "h1.nick"}},
    }
    result = audit_sites(tmp_path, {}, files, manifest, accounts=accounts, as_of=dt.date(2020, 6, 30))
    recs = accounts_of(result)
    star = recs["star"]
    assert star.status == "ok" and star.owner == "认证：嘉行传媒签约演员"
    assert star.interaction == {"comments": True, "messages": True}
    assert len(star.posts) == 10 and star.posts[0].time_text.startswith("06月17日 18:12")
    assert star.posts[0].posted_at == dt.datetime(2020, 6, 17, 18, 12, tzinfo=BEIJING)
    assert star.posts[0].url.startswith("https://weibo.cn/comment/J74OAhxtL")
    assert rules_of(result, "star") == ["NMA-AGING"]          # 2020-06-17 to 2020-06-30: 13 days
    assert recs["wall"].status == "blocked" and rules_of(result, "wall") == ["NMA-BLOCKED"]
    douyin = recs["douyin"]
    assert douyin.name == "示范区市场监管" and douyin.posts[0].title == "食品安全提示"
    assert douyin.posts[0].posted_at == dt.datetime(2020, 6, 16, 4, tzinfo=UTC)   # 2天前 of the Date header
    assert douyin.posts[0].url.endswith("/video/1")


# --- export: a back office's post list -----------------------------------------------------------------------

def test_exports_csv_and_xlsx(tmp_path: Path) -> None:
    rows = [["内容标题", "发表时间", "总阅读次数", "留言数", "内容url"],
            ["夏季防溺水安全提示", "2024-06-20 18:00", "1,204", "3", "https://mp.weixin.qq.com/s/a"],
            ["招生政策解读", "2024-06-11 09:30", "860", "0", "https://mp.weixin.qq.com/s/b"]]
    text = io.StringIO()
    csv.writer(text).writerows([["数据统计：示范区教育发布 内容分析"], *rows])
    (tmp_path / "wechat.csv").write_bytes(text.getvalue().encode("gb18030"))     # saved by WPS on Windows
    book = openpyxl.Workbook()
    book.active.append(["作品名称", "发布时间", "播放量", "点赞数"])
    book.active.append(["消费维权小课堂", dt.datetime(2023, 5, 4, 10, 0), 5321, 88])
    book.save(tmp_path / "douyin.xlsx")
    accounts = {"wechat": {"adapter": "export", "platform": "wechat", "file": str(tmp_path / "wechat.csv")},
                "douyin": {"adapter": "export", "platform": "douyin", "file": str(tmp_path / "douyin.xlsx")}}
    result = audit_sites(tmp_path, {}, {"unused.test": {"/": ""}}, accounts=accounts)
    recs = accounts_of(result)
    wechat = recs["wechat"]
    assert wechat.status == "ok" and re.search(r"wechat\.csv（sha256:[0-9a-f]{16}）$", wechat.source)
    assert [(p.title, p.posted_at, p.counts) for p in wechat.posts] == [
        ("夏季防溺水安全提示", dt.datetime(2024, 6, 20, 18, tzinfo=BEIJING), {"reads": 1204, "comments": 3}),
        ("招生政策解读", dt.datetime(2024, 6, 11, 9, 30, tzinfo=BEIJING), {"reads": 860, "comments": 0})]
    assert wechat.interaction == {"comments": True}
    assert recs["douyin"].posts[0].posted_at == dt.datetime(2023, 5, 4, 10, tzinfo=BEIJING)
    assert rules_of(result, "wechat") == ["NMA-AGING"]
    assert rules_of(result, "douyin") == ["NMA-ZOMBIE"]


# --- the registry ------------------------------------------------------------------------------------------

DEPARTMENTS = {"示范区教育局": "edu", "示范区人民政府办公室": "office", "edu": "edu", "office": "office"}


def registry_book(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["示范区政务新媒体备案名录（2024年6月）"])
    sheet.append(["序号", "账号名称", "平台", "主办单位", "账号ID/链接", "状态", "备案编号", "所属单位"])
    for i, row in enumerate(rows, 1):
        sheet.append([i, *row])
    book.save(path)
    return path


def test_registry_from_the_offices_spreadsheet(tmp_path: Path) -> None:
    path = registry_book(tmp_path / "名录.xlsx", [
        ["示范区教育发布", "新浪微博", "示范区教育局", 7001000002, "正常", "示政新媒备001号", ""],
        ["示范区发布", "微信公众号", "示范区人民政府办公室", "https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzA5==",
         "正常", "", ""],
        ["示范区第一中学", "抖音", "示范区第一中学", "MS4wLjABAAAAschool", "已关停", "", "示范区教育局"]])
    weibo, wechat, school = read_registry(path, DEPARTMENTS)
    assert (weibo.id, weibo.platform, weibo.department, weibo.adapter, weibo.url, weibo.account_id, weibo.filing) == (
        "weibo-7001000002", "weibo", "edu", "weibo", "https://m.weibo.cn/u/7001000002", "7001000002", "示政新媒备001号")
    assert (wechat.id, wechat.adapter, wechat.owner) == ("wechat-MzA5==", None, "示范区人民政府办公室")
    assert (school.department, school.status, school.owner, school.account_id) == (
        "edu", "closed", "示范区第一中学", "MS4wLjABAAAAschool")
    config = tmp_path / "district.yaml"
    config.write_text("district: 示范区\ndepartments:\n  - {id: edu, name: 示范区教育局}\n"
                      "  - {id: office, name: 示范区人民政府办公室}\naccount_registry: 名录.xlsx\n", encoding="utf-8")
    assert [a.id for a in load_district(config).accounts] == [weibo.id, wechat.id, school.id]


@pytest.mark.parametrize("row, message", [
    (["示范区发布", "微博客", "示范区人民政府办公室", "1", "正常", "", ""], "row 3, column 平台: unknown platform '微博客'"),
    (["示范区发布", "微博", "示范区财政局", "1", "正常", "", ""], "row 3, column 主办单位: '示范区财政局' is not a department"),
    (["示范区发布", "微博", "示范区人民政府办公室", "1", "暂停", "", ""], "row 3, column 状态: unknown status '暂停'"),
    (["", "微博", "示范区人民政府办公室", "1", "正常", "", ""], "row 3, column 账号名称: empty"),
])
def test_registry_errors_name_file_row_and_column(tmp_path: Path, row: list, message: str) -> None:
    path = registry_book(tmp_path / "名录.xlsx", [row])
    with pytest.raises(ConfigError, match=re.escape(f"{path}: {message}")):
        read_registry(path, DEPARTMENTS)


def test_an_export_file_must_exist(tmp_path: Path) -> None:
    config = tmp_path / "district.yaml"
    config.write_text("district: 示范区\ndepartments: [{id: edu, name: 示范区教育局}]\naccounts:\n"
                      "  - {id: a, department: edu, platform: wechat, name: 示范区教育, adapter: export, file: x.csv}\n",
                      encoding="utf-8")
    with pytest.raises(ConfigError, match=r"accounts\[0\]\.file: file not found: x.csv"):
        load_district(config)
    shutil.copy(PROJECT_ROOT / "config" / "demo" / "exports" / "culture-wechat.csv", tmp_path / "x.csv")
    assert load_district(config).accounts[0].file == str((tmp_path / "x.csv").resolve())


def test_snapshot_keeps_records_and_posts(tmp_path: Path) -> None:
    store = Store(tmp_path / "audit.sqlite")
    crawl = store.begin_crawl()
    record = AccountRecord("a", "rss", "http://x/feed", "ok", name="示范区发布", interaction={"comments": True},
                           fetched_at=dt.datetime(2024, 6, 30, 1, tzinfo=UTC), clock="date-header",
                           posts=[Post(resolve_time(t, dt.datetime(2024, 6, 30, 1, tzinfo=UTC)), t, "标题", "正文", "",
                                       {"likes": 2}) for t in ("06-29", "")])
    store.add_account(crawl, record)
    store.add_account(crawl, AccountRecord("b", "weibo", "http://y", "error", reason="HTTP 500"))
    assert store.snapshot(crawl).accounts()["a"] == record
    assert store.snapshot(crawl).observed_accounts() == {"a"}
    store.close()



@pytest.mark.parametrize("account, message", [
    ("{adapter: rss}", "accounts[0]: url: the rss adapter needs the address it reads"),
    ("{adapter: weibo, url: 'https://weibo.com/n/示范区'}", "accounts[0]: url: not a Weibo profile"),
    ("{adapter: page, url: 'https://www.kuaishou.com/profile/x'}", "accounts[0]: selectors: the page adapter needs"),
    ("{adapter: page, url: 'https://www.kuaishou.com/profile/x', selectors: {post: 'li[[', post_time: .t}}",
     "accounts[0].selectors.post: not a CSS selector"),
])
def test_account_config_errors_name_the_key(tmp_path: Path, account: str, message: str) -> None:
    config = tmp_path / "district.yaml"
    config.write_text("district: 示范区\ndepartments: [{id: edu, name: 示范区教育局}]\naccounts:\n"
                      f"  - {{id: a, department: edu, platform: weibo, name: 示范区教育发布, {account[1:-1]}}}\n",
                      encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(f"{config}: {message}")):
        load_district(config)
