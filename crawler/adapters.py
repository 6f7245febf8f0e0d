"""Reading new-media sources into account records: feeds, the m.weibo.cn API, rendered profile pages, exports.

Pure functions over what was fetched (bytes, JSON, HTML, a file); the account spider does the fetching. Every
adapter fills the same ``Collected`` record, so checks judge a feed, an API answer and a back-office export alike.
Post times are made absolute here, relative forms (15小时前, 昨天 12:00, 06-27) against the time of the fetch: the
response's Date header, else the crawl clock — never the clock of a later run.
"""
from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree
from parsel import Selector

from config.registry import read_table
from config.schema import PageSelectors
from crawler.dates import place_month_day
from crawler.snapshot import Post

BEIJING = dt.timezone(dt.timedelta(hours=8))


@dataclass
class Collected:
    """What an adapter read off its source; ``blocked`` says the source showed a login wall or captcha instead."""
    name: str | None = None
    owner: str | None = None
    interaction: dict[str, bool] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)
    blocked: str = ""
    error: str = ""


# --- times ----------------------------------------------------------------------------------------------------

_AGO = re.compile(r"(\d+)\s*(秒|分钟|小时|天|周)前")
_AGO_UNITS = {"秒": "seconds", "分钟": "minutes", "小时": "hours", "天": "days", "周": "weeks"}
_CLOCK = r"(?:\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?(?![\d:])"
_DAY_WORD = re.compile(r"(今天|昨天|前天)" + _CLOCK)
_FULL = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?" + _CLOCK)
_MONTH_DAY = re.compile(r"(\d{1,2})\s*[-/月]\s*(\d{1,2})(?!\d)\s*日?" + _CLOCK)
_EPOCH = re.compile(r"\d{10}(?:\d{3})?")
_DAYS_BACK = {"今天": 0, "昨天": 1, "前天": 2}
_EXACT = (lambda t: dt.datetime.strptime(t, "%a %b %d %H:%M:%S %z %Y"),     # Weibo's full form
          email.utils.parsedate_to_datetime, dt.datetime.fromisoformat)


def resolve_time(text: str, ref: dt.datetime) -> dt.datetime | None:
    """The absolute time of a post time as platforms print it; ``ref`` is the (aware) time of the fetch.

    The time may be followed by other words (06月17日 18:12 来自iPhone客户端). Printed times without a zone are
    Beijing time; a month-day date is never placed after the fetch.
    """
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return None
    local = ref.astimezone(BEIJING)
    if text == "刚刚":
        return ref
    if _EPOCH.fullmatch(text):
        seconds = int(text) / (1000 if len(text) == 13 else 1)
        return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)
    for parse in _EXACT:
        try:
            moment = parse(text)
        except (TypeError, ValueError, IndexError):
            continue
        return moment if moment.tzinfo else moment.replace(tzinfo=BEIJING)
    if match := _AGO.match(text):
        return ref - dt.timedelta(**{_AGO_UNITS[match.group(2)]: int(match.group(1))})
    if match := _DAY_WORD.match(text):
        day = local.date() - dt.timedelta(days=_DAYS_BACK[match.group(1)])
        return _at(day, match.group(2), match.group(3))
    if match := _FULL.match(text):
        try:
            day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None
        return _at(day, match.group(4), match.group(5), match.group(6))
    if match := _MONTH_DAY.match(text):
        day = place_month_day(int(match.group(1)), int(match.group(2)), None, local.date())
        return _at(day, match.group(3), match.group(4)) if day else None
    return None


def _at(day: dt.date, hour: str | None, minute: str | None, second: str | None = None) -> dt.datetime | None:
    try:
        return dt.datetime.combine(day, dt.time(int(hour or 0), int(minute or 0), int(second or 0)), BEIJING)
    except ValueError:
        return None


def date_header(value: bytes | str | None) -> dt.datetime | None:
    """The time an HTTP Date header states, or None when absent or unreadable."""
    if not value:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(value.decode("latin-1") if isinstance(value, bytes) else value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


# --- login walls and captchas -------------------------------------------------------------------------------

_WALL_WORDS = re.compile(r"验证码|安全验证|人机验证|滑块验证|拖动滑块|完成验证|请先登录|请登录后|登录后查看|登录后可见|扫码登录|"
                         r"访问受限|访问异常|环境异常|请在微信客户端打开|Sina Visitor System|captcha", re.I)
_WALL_URL = re.compile(r"(?:^|\.)passport\.|login\.sina|/signin|/login|/captcha|/verify|/visitor|antispider|"
                       r"verifycenter|/wappoc_appmsgcaptcha", re.I)
_WALL_STATUS = {401: "要求登录", 403: "拒绝访问", 412: "触发反爬虫验证", 418: "触发反爬虫限制", 429: "访问过于频繁"}


def wall_status(status: int) -> str:
    """Why an HTTP status means the platform refused a robot ('' when it does not)."""
    reason = _WALL_STATUS.get(status)
    return f"平台{reason}（HTTP {status}）" if reason else ""


def wall_redirect(requested: str, final: str) -> str:
    """Why a redirect went to a login or verification page ('' when it did not)."""
    parts = urlsplit(final)
    if final != requested and _WALL_URL.search(f"{parts.hostname or ''}{parts.path}"):
        return f"跳转到登录或验证页面（{parts.hostname}{parts.path}）"
    return ""


def wall_text(text: str) -> str:
    """Why a page reads as a login wall or captcha ('' when it does not); for pages that showed no account."""
    match = _WALL_WORDS.search(text[:5000])
    return f"页面要求登录或验证（“{match.group(0)}”）" if match else ""


def page_text(html: str) -> str:
    """Title and visible text of an HTML page (scripts and styles dropped)."""
    try:
        doc = lxml.html.fromstring(html)
    except (ValueError, etree.ParserError):
        return ""
    for bad in doc.xpath("//script|//style"):
        bad.drop_tree()
    return " ".join(doc.text_content().split())


def plain(html: str) -> str:
    """Text of an HTML fragment (a Weibo post, a feed item's description)."""
    if "<" not in (html or ""):
        return (html or "").strip()
    return page_text(f"<div>{html}</div>")


# --- counts --------------------------------------------------------------------------------------------------

_COUNT = re.compile(r"(\d+(?:\.\d+)?)\s*([万亿wW])?\+?")


def count(value: Any) -> int | None:
    """A count as platforms show it: 1234, "1.2万", "100万+" (a lower bound), "" → None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value)
    match = _COUNT.search(str(value).replace(",", ""))
    if not match:
        return None
    scale = {"万": 10_000, "w": 10_000, "W": 10_000, "亿": 100_000_000}.get(match.group(2) or "", 1)
    return int(float(match.group(1)) * scale)


# --- rss: RSS/Atom, RSSHub routes included -----------------------------------------------------------------

# RSSHub names a feed after the account: "<name>的微博", "<name>的抖音", "<name> 的 bilibili 动态" …
_RSSHUB_TITLE = re.compile(r"^(.+?)\s*的\s*(?:微博|抖音|快手|头条|bilibili\s*(?:空间|动态|投稿|专栏)|哔哩哔哩.*)$", re.I)


def read_feed(body: bytes, ref: dt.datetime) -> Collected:
    """A feed's posts; the account's name when the title is RSSHub's (a feed's own title says too little)."""
    import feedparser

    parsed = feedparser.parse(body)
    if not parsed.version:
        text = page_text(body.decode("utf-8", "replace"))
        reason = wall_text(text)
        return Collected(blocked=reason) if reason else Collected(error="返回的不是RSS或Atom订阅源")
    title = (parsed.feed.get("title") or "").strip()
    match = _RSSHUB_TITLE.match(title)
    posts = []
    for entry in parsed.entries:
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        moment = dt.datetime.fromtimestamp(calendar.timegm(stamp), dt.timezone.utc) if stamp else None
        printed = entry.get("published") or entry.get("updated") or ""
        if moment is None and printed:
            moment = resolve_time(printed, ref)
        posts.append(Post(moment, printed, plain(entry.get("title") or ""),
                          plain(entry.get("summary") or ""), entry.get("link") or ""))
    return Collected(name=match.group(1).strip() if match else None, posts=posts)


# --- weibo: the m.weibo.cn JSON API ------------------------------------------------------------------------

def weibo_api(base: str, uid: str, containerid: str | None = None) -> str:
    """getIndex URL on ``base`` (scheme and host of m.weibo.cn): the profile, or with containerid the posts."""
    url = f"{base}/api/container/getIndex?type=uid&value={uid}"
    return url + (f"&containerid={containerid}" if containerid else "")


def weibo_base(url: str) -> str:
    """m.weibo.cn's scheme and host for a profile URL: weibo.com profiles are read through m.weibo.cn too."""
    parts = urlsplit(url)
    host = parts.netloc.lower()
    if host.split(":")[0] in ("weibo.com", "www.weibo.com", "weibo.cn"):
        host = "m.weibo.cn" + (":" + host.split(":")[1] if ":" in host else "")
    return f"{parts.scheme}://{host}"


def weibo_refusal(data: Any) -> tuple[str, str]:
    """(blocked reason, error) of a getIndex answer that is not ok=1; both '' when it is usable."""
    if not isinstance(data, dict):
        return "", "微博接口返回的不是JSON对象"
    if data.get("ok") == 1:
        return "", ""
    msg, url = str(data.get("msg") or ""), str(data.get("url") or "")
    if _WALL_URL.search(url) or re.search(r"登录|验证|频繁", msg):
        return f"微博接口要求登录或验证（ok={data.get('ok')}{'，' + msg if msg else ''}）", ""
    if "还没有内容" in msg:          # an account with no posts at all answers so: an empty list, not a failure
        return "", ""
    return "", f"微博接口返回错误（ok={data.get('ok')}{'，' + msg if msg else ''}）"


def read_weibo_profile(data: dict, uid: str) -> tuple[Collected, str]:
    """The profile of a getIndex?type=uid answer, and the containerid of the account's post list."""
    info = (data.get("data") or {}).get("userInfo") or {}
    names = [str(m.get("name") or "") for m in info.get("toolbar_menus") or []]
    interaction = {"messages": any(n in ("聊天", "私信", "发私信") for n in names)} if names else {}
    owner = str(info.get("verified_reason") or "").strip() if info.get("verified") else None
    tabs = ((data.get("data") or {}).get("tabsInfo") or {}).get("tabs") or []
    containerid = next((str(t["containerid"]) for t in tabs if isinstance(t, dict) and t.get("containerid")
                        and "weibo" in (t.get("tabKey"), t.get("tab_type"))), f"107603{uid}")
    return Collected(name=info.get("screen_name") or None, owner=owner or None, interaction=interaction), containerid


def read_weibo_posts(data: dict, ref: dt.datetime) -> tuple[list[Post], bool]:
    """Posts of a getIndex post-list answer (cards, card groups), and whether any shows comments."""
    posts, commented = [], False
    cards = list((data.get("data") or {}).get("cards") or [])
    while cards:
        card = cards.pop(0)
        cards[:0] = card.get("card_group") or []
        blog = card.get("mblog")
        if not isinstance(blog, dict):
            continue
        counts = {k: n for k, key in (("reposts", "reposts_count"), ("comments", "comments_count"),
                                      ("likes", "attitudes_count")) if (n := count(blog.get(key))) is not None}
        commented = commented or counts.get("comments", 0) > 0
        printed = str(blog.get("created_at") or "")
        bid = blog.get("bid") or blog.get("id") or ""
        posts.append(Post(resolve_time(printed, ref), printed, "", plain(str(blog.get("text") or "")),
                          f"https://m.weibo.cn/status/{bid}" if bid else "", counts))
    return posts, commented


# --- page: a rendered profile page read with the account's selectors ----------------------------------------

def _pick(node: Selector, css: str | None) -> str:
    """Text a selector picks: what ::text/::attr() select, else the first element's whole text."""
    if not css:
        return ""
    found = node.css(css)
    if "::" in css:
        return " ".join(t.strip() for t in found.getall() if t.strip())
    return " ".join(found[0].xpath("string()").get("").split()) if found else ""


def read_page(html: str, url: str, selectors: PageSelectors, ref: dt.datetime) -> Collected:
    """Profile and posts of a rendered page; a page showing neither is checked for a login wall or captcha."""
    doc = Selector(text=html)
    posts = []
    for node in doc.css(selectors.post):
        printed = _pick(node, selectors.post_time)
        link = _pick(node, selectors.post_link)
        posts.append(Post(resolve_time(printed, ref), printed, _pick(node, selectors.post_title),
                          _pick(node, selectors.post_text), urljoin(url, link) if link else ""))
    name = _pick(doc, selectors.name) or None
    if not posts and not name:
        reason = wall_text(page_text(html))
        if reason:
            return Collected(blocked=reason)
    interaction = {key: bool(doc.css(css)) for key in ("comments", "messages", "replies")
                   if (css := getattr(selectors, key))}
    return Collected(name=name, owner=_pick(doc, selectors.owner) or None, interaction=interaction, posts=posts)


# --- export: a post list exported from a platform's back office ---------------------------------------------

# Column names as back offices write them (WeChat MP 内容分析, Douyin 作品数据 …), by what they hold.
EXPORT_COLUMNS = {
    "title": ("标题", "内容标题", "文章标题", "作品标题", "作品名称", "视频标题"),
    "time": ("发表时间", "发布时间", "发文时间", "群发时间", "发送时间", "时间", "日期"),
    "url": ("内容url", "链接", "文章链接", "原文链接", "url", "作品链接"),
    "text": ("摘要", "正文", "内容"),
    "reads": ("总阅读次数", "阅读次数", "阅读数", "阅读量", "播放量", "播放次数"),
    "likes": ("点赞数", "点赞", "点赞次数"),
    "comments": ("留言数", "留言", "评论数", "评论", "评论次数"),
    "shares": ("总分享次数", "分享次数", "分享数", "转发数", "转发"),
}
_HEADER_ROWS = 10


def read_export(path: Path, ref: dt.datetime) -> Collected:
    """Posts of an exported CSV/xlsx: the header found by its column names, below any title rows."""
    rows = read_table(path)
    wanted = {name.lower(): key for key, names in EXPORT_COLUMNS.items() for name in names}
    for at, row in enumerate(rows[:_HEADER_ROWS]):
        columns: dict[str, int] = {}
        for i, cell in enumerate(row):
            key = wanted.get("".join(str(cell or "").split()).lower())
            if key:
                columns.setdefault(key, i)
        if "time" in columns and ("title" in columns or "url" in columns):
            break
    else:
        return Collected(error="导出文件中找不到发布时间和标题列")
    posts = []
    for row in rows[at + 1:]:
        cell = {key: row[i] if i < len(row) else None for key, i in columns.items()}
        if not any(v not in (None, "") for v in cell.values()):
            continue
        when = cell.get("time")
        if isinstance(when, dt.datetime):
            moment, printed = (when if when.tzinfo else when.replace(tzinfo=BEIJING)), when.isoformat(" ")
        elif isinstance(when, dt.date):
            moment, printed = dt.datetime.combine(when, dt.time(), BEIJING), when.isoformat()
        else:
            printed = str(when or "").strip()
            moment = resolve_time(printed, ref)
        counts = {k: n for k in ("reads", "likes", "comments", "shares") if (n := count(cell.get(k))) is not None}
        posts.append(Post(moment, printed, str(cell.get("title") or "").strip(), str(cell.get("text") or "").strip(),
                          str(cell.get("url") or "").strip(), counts))
    interaction = {"comments": True} if any(p.counts.get("comments") for p in posts) else {}
    return Collected(interaction=interaction, posts=posts)
