"""The demo district's new-media accounts: what the platforms serve, and the NMA findings they must produce.

The accounts themselves are in config/demo/district.yaml (with the sites); this module writes what their
sources answer on the demo server — the m.weibo.cn API as JSON in the real shape, feeds as a self-hosted RSSHub
serves them, a Douyin profile filled in by JavaScript, a Kuaishou captcha page — plus the profile pages that the
portal's 政务新媒体 matrix page links to. The WeChat back-office export is a file shipped beside the config
(exports/culture-wechat.csv). The server answers on the inspection date (build.SERVER_DATE), so 15小时前 and
06-27 resolve to the same days whichever day the demo runs.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from html import escape
from pathlib import Path

RSSHUB = "rsshub.sfq.gov.cn"    # the office's own RSSHub
# Douyin's own pages are read from its share host: Chromium upgrades douyin.com to HTTPS (HSTS preload).
HOSTS = ("m.weibo.cn", "weibo.com", RSSHUB, "www.douyin.com", "www.iesdouyin.com", "www.kuaishou.com",
         "mp.weixin.qq.com", "www.toutiao.com")
OFFICE_BIZ, CULTURE_BIZ = "MzA5NzAwMDAwMQ==", "MzA5NzAwMDAwNg=="
DOUYIN_ID, KUAISHOU_ID, TOUTIAO_TOKEN = "MS4wLjABAAAAsfqscjg", "3xsfqscjg", "MS4wLjABAAAAsfqwltt"
UNREGISTERED_UID = "7001000099"


@dataclass(frozen=True)
class Weibo:
    """A Weibo account as m.weibo.cn's getIndex answers for it; times as the API prints them."""
    uid: str
    name: str
    certified: str
    times: tuple[str, ...]
    pinned: str = ""          # an old post pinned on top (置顶)


WEIBO = (
    Weibo("7001000001", "示范区发布", "示范区人民政府办公室", ("3小时前", "15小时前", "昨天 12:00", "06-27", "06-20"),
          pinned="2023-12-01"),
    Weibo("7001000002", "示范区教育发布", "示范区教育局官方微博", ("06-10", "06-03", "05-28")),
    Weibo("7001000004", "示范区疾控", "示范区卫生健康局", ("昨天 16:30", "06-26", "06-21")),
    Weibo("7001000005", "示范区统计", "示范区统计局官方微博", ("刚刚", "45分钟前", "06-28", "06-25")),
)
POSTS = ("{n}发布：近期重点工作安排", "{n}提醒：汛期安全注意事项", "{n}：政策问答第{i}期", "{n}：便民服务信息汇总",
         "{n}：今日要闻速览")

# RSSHub routes → (channel title, items as (title, RFC 822 pubDate or "" for an item without a date)).
FEEDS = {
    f"/wechat/mp/homepage/{OFFICE_BIZ}/1": ("示范区发布", (
        ("示范区召开防汛工作部署会", "Sun, 16 Jun 2024 02:00:00 GMT"),
        ("示范区公布第二季度重点项目进展", "Wed, 12 Jun 2024 01:30:00 GMT"),
        ("示范区政务服务中心延时服务公告", "Wed, 05 Jun 2024 08:00:00 GMT"))),
    "/weibo/user/7001000003": ("示范区卫健发布的微博", (
        ("夏季高温中暑预防提示", "Fri, 28 Jun 2024 02:30:00 GMT"),
        ("家庭医生签约服务进社区", "Tue, 25 Jun 2024 07:00:00 GMT"),
        ("健康知识问答（转发）", ""))),
    f"/toutiao/user/token/{TOUTIAO_TOKEN}": ("示范区文旅头条", (
        ("示范区春季赏花线路推荐", "Tue, 05 Mar 2024 03:00:00 GMT"),
        ("示范区冬季文化惠民活动回顾", "Sat, 20 Jan 2024 03:00:00 GMT"))),
}

DOUYIN_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>示范区市场监管的抖音 - 抖音</title></head>
<body><div id="app"><div class="user-info"><h1 class="nickname"></h1><p class="verify"></p></div>
<ul class="video-list"></ul></div>
<script>
var user = {"nickname": "示范区市场监管", "verify": "示范区市场监督管理局"};
var videos = [{"title": "守护舌尖上的安全：夏季食品安全提示", "time": "1天前", "id": "7385000000000000001"},
              {"title": "特种设备安全检查进行时", "time": "06-25", "id": "7385000000000000002"},
              {"title": "消费维权小课堂", "time": "06-18", "id": "7385000000000000003"}];
document.querySelector(".nickname").textContent = user.nickname;
document.querySelector(".verify").textContent = "认证：" + user.verify;
var list = document.querySelector(".video-list");
videos.forEach(function (v) {
  var li = document.createElement("li");
  li.className = "video-item";
  li.innerHTML = '<a href="/video/' + v.id + '"><span class="title"></span></a><span class="time"></span>';
  li.querySelector(".title").textContent = v.title;
  li.querySelector(".time").textContent = v.time;
  list.appendChild(li);
});
</script></body></html>
"""

KUAISHOU_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>安全验证</title></head>
<body><div class="captcha"><h2>安全验证</h2><p>请拖动下方滑块完成拼图，以继续访问。</p><div class="slider"></div></div></body>
</html>
"""

# The portal's 政务新媒体 page: (label, address). Registered accounts are linked by every form the registry knows
# them by; one closed account is still linked, one account is missing from the registry.
MATRIX = (
    ("示范区发布（微博）", "http://m.weibo.cn:{port}/u/7001000001"),
    ("示范区发布（微信公众号）", f"http://mp.weixin.qq.com:{{port}}/mp/profile_ext?action=home&__biz={OFFICE_BIZ}"
                        "#wechat_redirect"),
    ("示范区教育发布（微博）", "http://weibo.com:{port}/u/7001000002"),
    ("健康示范区（微博）", "http://m.weibo.cn:{port}/u/7001000003"),
    ("示范区疾控（微博）", "http://m.weibo.cn:{port}/u/7001000004"),
    ("示范区市场监管（抖音）", f"http://www.douyin.com:{{port}}/user/{DOUYIN_ID}"),
    ("示范区文旅（微信公众号）", f"http://mp.weixin.qq.com:{{port}}/mp/profile_ext?action=home&__biz={CULTURE_BIZ}"),
    ("示范区统计（微博）", "http://m.weibo.cn:{port}/u/7001000005"),
    ("示范区文旅头条（今日头条）", f"http://www.toutiao.com:{{port}}/c/user/token/{TOUTIAO_TOKEN}/"),
    ("示范区城市管理（微博）", f"http://weibo.com:{{port}}/u/{UNREGISTERED_UID}"),
)


def matrix() -> list[str]:
    """Paragraphs of the portal's 政务新媒体 page (a static column of build.py): one account each."""
    return (["示范区政务新媒体矩阵汇集全区各部门开设的政务微博、微信公众号和短视频账号，欢迎关注。"]
            + [f'<a href="{escape(url)}" target="_blank">{label}</a>' for label, url in MATRIX])


def _profile(w: Weibo) -> dict:
    """getIndex?type=uid&value=<uid>: the profile, its toolbar (聊天 = messages) and tabs (the post list's id)."""
    return {"ok": 1, "data": {
        "avatar_guide": [],
        "userInfo": {
            "id": int(w.uid), "screen_name": w.name, "profile_url": f"https://m.weibo.cn/u/{w.uid}?uid={w.uid}",
            "statuses_count": 1200 + int(w.uid[-2:]), "verified": True, "verified_type": 1,
            "verified_reason": w.certified, "description": f"{w.name}官方微博", "gender": "m",
            "followers_count": 52000, "follow_count": 120,
            "toolbar_menus": [
                {"type": "profile_follow", "name": "关注", "pic": "", "params": {"uid": int(w.uid)}},
                {"type": "link", "name": "聊天", "pic": "", "params": {"scheme": f"sinaweibo://messagelist?uid={w.uid}"},
                 "scheme": "https://passport.weibo.cn/signin/welcome?entry=mweibo"}]},
        "tabsInfo": {"selectedTab": 1, "tabs": [
            {"id": 1, "tabKey": "profile", "must_show": 1, "hidden": 0, "title": "主页", "tab_type": "profile",
             "containerid": f"230283{w.uid}"},
            {"id": 2, "tabKey": "weibo", "must_show": 1, "hidden": 0, "title": "微博", "tab_type": "weibo",
             "containerid": f"107603{w.uid}", "apipath": "/profile/statuses", "url": "/index/my"}]},
        "scheme": f"sinaweibo://userinfo?uid={w.uid}", "showAppTips": 1}}


def _posts(w: Weibo) -> dict:
    """getIndex?…&containerid=107603<uid>: the post list as cards (card_type 9) holding each mblog."""
    times = ((w.pinned, True),) if w.pinned else ()
    cards = []
    for i, (created, top) in enumerate(times + tuple((t, False) for t in w.times)):
        mid = f"50{w.uid[-3:]}{i:011d}"
        bid = f"O{w.uid[-3:]}{i:04d}x"
        cards.append({"card_type": 9, "itemid": f"107603{w.uid}_-_{mid}",
                      "scheme": f"https://m.weibo.cn/status/{bid}?mblogid={bid}",
                      "mblog": {"created_at": created, "id": mid, "idstr": mid, "mid": mid, "can_edit": False,
                                "text": POSTS[i % len(POSTS)].format(n=w.name, i=i + 1), "source": "微博 weibo.com",
                                "isTop": 1 if top else 0, "user": {"id": int(w.uid), "screen_name": w.name},
                                "reposts_count": 3 + i, "comments_count": 5 + i, "attitudes_count": 20 + i,
                                "bid": bid}})
    return {"ok": 1, "data": {"cardlistInfo": {"containerid": f"107603{w.uid}", "v_p": 42, "show_style": 1,
                                               "total": len(cards), "page": 1}, "cards": cards,
                              "scheme": f"sinaweibo://cardlist?containerid=107603{w.uid}"}}


def _feed(route: str, title: str, items: tuple[tuple[str, str], ...]) -> str:
    """RSS 2.0 as RSSHub writes it (description, generator, one item per post, dates in RFC 822)."""
    rows = "".join(f"<item><title>{escape(t)}</title><description><![CDATA[<p>{escape(t)}</p>]]></description>"
                   + (f"<pubDate>{d}</pubDate>" if d else "")
                   + f"<guid isPermaLink=\"false\">{route}#{k}</guid></item>" for k, (t, d) in enumerate(items))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">'
            f"<channel><title>{escape(title)}</title><description>{escape(title)} - Powered by RSSHub</description>"
            f"<generator>RSSHub</generator><language>zh-cn</language>{rows}</channel></rss>\n")


def build(dest: Path, manifest: dict) -> None:
    """Write the platforms' answers under ``dest/<host>/`` (replacing earlier builds) and add their rules to the
    server's manifest."""
    for host in HOSTS:
        shutil.rmtree(dest / host, ignore_errors=True)
    html, json_type, rss = "text/html; charset=utf-8", "application/json; charset=utf-8", "application/rss+xml; charset=utf-8"
    files: dict[tuple[str, str], tuple[bytes, str]] = {}
    api = "/api/container/getIndex?type=uid&value={uid}"
    for w in WEIBO:
        for path, data in ((api.format(uid=w.uid), _profile(w)),
                           (api.format(uid=w.uid) + f"&containerid=107603{w.uid}", _posts(w))):
            name = f"/api/answers/{path.rsplit('?', 1)[1].replace('&', '_').replace('=', '-')}.json"
            files[("m.weibo.cn", name)] = (json.dumps(data, ensure_ascii=False, indent=1).encode(), json_type)
            manifest["paths"].setdefault("m.weibo.cn", {})[path] = {"file": name}
    for route, (title, items) in FEEDS.items():
        files[(RSSHUB, route)] = (_feed(route, title, items).encode(), rss)
    files[("www.iesdouyin.com", f"/share/user/{DOUYIN_ID}")] = (DOUYIN_PAGE.encode(), html)
    files[("www.kuaishou.com", f"/profile/{KUAISHOU_ID}")] = (KUAISHOU_PAGE.encode(), html)
    for label, url in MATRIX:       # what the matrix page's links answer (the site spider checks every link)
        host, path = url.split("://", 1)[1].split(":", 1)[0], "/" + url.split("}/", 1)[1].split("?")[0].split("#")[0]
        if path.endswith("/"):
            path += "index.html"
        files.setdefault((host, path), (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{label}"
                                        f"</title></head><body><h1>{label}</h1></body></html>".encode(), html))
    for (host, path), (data, content_type) in files.items():
        target = dest / host / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if not path.endswith((".json", ".html")):
            manifest["paths"].setdefault(host, {})[path] = {"headers": {"Content-Type": content_type}}


def expected() -> list[tuple[str, str, str, str, str]]:
    """(rule, level, target, url, what the demo shows) of every NMA finding the demo must produce."""
    rsshub = f"http://{RSSHUB}:{{port}}"
    return [
        ("NMA-AGING", "warn", "office-wechat", f"{rsshub}/wechat/mp/homepage/{OFFICE_BIZ}/1",
         "RSSHub WeChat feed, newest post 2024-06-16: 14 days, aging but not stale"),
        ("NMA-STALE", "veto", "edu-weibo", "http://weibo.com:{port}/u/7001000002",
         "Weibo API, newest post printed 06-10: 20 days"),
        ("NMA-NAME", "deduct", "health-weibo", f"{rsshub}/weibo/user/7001000003",
         "RSSHub feed 示范区卫健发布的微博: the platform name 示范区卫健发布 is not the registered 健康示范区"),
        ("NMA-DUPLICATE", "warn", "health-weibo", f"{rsshub}/weibo/user/7001000003",
         "示范区卫生健康局 runs two Weibo accounts (健康示范区, 示范区疾控)"),
        ("NMA-NO-INTERACTION", "veto", "market-douyin", f"http://www.iesdouyin.com:{{port}}/share/user/{DOUYIN_ID}",
         "Douyin profile rendered by JavaScript shows neither a comment entry nor a message button"),
        ("NMA-BLOCKED", "inconclusive", "market-kuaishou", f"http://www.kuaishou.com:{{port}}/profile/{KUAISHOU_ID}",
         "Kuaishou profile answers a slider captcha (安全验证): re-check by hand, never stale"),
        ("NMA-ZOMBIE", "veto", "culture-wechat",
         f"http://mp.weixin.qq.com:{{port}}/mp/profile_ext?action=home&__biz={CULTURE_BIZ}",
         "WeChat MP back-office export (exports/culture-wechat.csv), newest post 2023-03-15: over a year"),
        ("NMA-CLOSED-ACTIVE", "deduct", "culture-toutiao", f"{rsshub}/toutiao/user/token/{TOUTIAO_TOKEN}",
         "closed 2024-01-31 on the registry, yet posted 2024-03-05 and is still linked from the portal's 政务新媒体 page"),
        ("NMA-UNREGISTERED", "deduct", "portal", f"http://weibo.com:{{port}}/u/{UNREGISTERED_UID}",
         "the portal's 政务新媒体 page links 示范区城市管理 (Weibo uid 7001000099), which the registry lacks"),
    ]


def near_misses() -> list[tuple[str, str, str]]:
    """(target, url, why) of what looks like an NMA problem and must not be found."""
    return [
        ("office-weibo", "http://m.weibo.cn:{port}/u/7001000001",
         "times 3小时前, 15小时前, 昨天 12:00 resolved against the server's Date header (2024-06-30 09:00); "
         "a post of 2023-12-01 pinned on top: fresh"),
        ("office-wechat", f"http://{RSSHUB}:{{port}}/wechat/mp/homepage/{OFFICE_BIZ}/1",
         "newest post exactly 14 days before the inspection date: not NMA-STALE"),
        ("edu-weibo", "http://weibo.com:{port}/u/7001000002",
         "a weibo.com profile read through m.weibo.cn; certified as 示范区教育局官方微博, which names the registered "
         "owner: no NMA-NAME"),
        ("health-weibo", f"http://{RSSHUB}:{{port}}/weibo/user/7001000003", "one feed item without a date: ignored"),
        ("culture-wechat", f"http://mp.weixin.qq.com:{{port}}/mp/profile_ext?action=home&__biz={CULTURE_BIZ}",
         "a zombie account is NMA-ZOMBIE only, not also NMA-STALE"),
        ("portal", "http://www.sfq.gov.cn:{port}/col/zwxmt/",
         "links to registered accounts by profile URL, RSSHub route, WeChat __biz and Toutiao token: not "
         "NMA-UNREGISTERED"),
    ]
