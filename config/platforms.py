"""What the platforms' addresses say: which account a profile link or a feed route is about.

The registry, the Weibo adapter and NMA-UNREGISTERED all need to tell that two addresses name one account
(https://weibo.com/u/123 and m.weibo.cn's getIndex?value=123 are the same account), so it is decided here once.
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote, urlsplit

LABELS = {"weibo": "微博", "wechat": "微信公众号", "douyin": "抖音", "toutiao": "今日头条", "kuaishou": "快手",
          "bilibili": "哔哩哔哩", "other": "其他平台"}

# (platform, host suffixes, pattern over "path?query"): profile links as sites and registers write them.
_PROFILES = (
    ("weibo", ("weibo.com", "weibo.cn"), re.compile(r"^/(?:u/|profile/)?(\d{5,})/?(?:\?|$)|[?&](?:value|uid)=(\d{5,})(?:&|$)")),
    # an account's home (profile_ext), not an article (/s?__biz=…): pages quote other accounts' articles freely
    ("wechat", ("mp.weixin.qq.com",), re.compile(r"^/mp/profile_ext\?(?:.*&)?__biz=([^&#]+)")),
    ("douyin", ("douyin.com", "iesdouyin.com"), re.compile(r"^/(?:share/)?user/([\w.-]+)/?(?:\?|$)")),
    ("bilibili", ("space.bilibili.com",), re.compile(r"^/(\d+)(?:[/?]|$)")),
    ("kuaishou", ("kuaishou.com",), re.compile(r"^/profile/([\w.-]+)/?(?:\?|$)")),
    ("toutiao", ("toutiao.com",), re.compile(r"^/c/user/(?:token/)?([\w.=-]+)/?(?:\?|$)")),
)
# RSSHub routes, on whatever host an office runs it: the account a feed follows.
_ROUTES = (
    ("weibo", re.compile(r"^/weibo/user/(\d{5,})")),
    ("douyin", re.compile(r"^/douyin/user/([\w.-]+)")),
    ("bilibili", re.compile(r"^/bilibili/user/(?:video|dynamic|article)/(\d+)")),
    ("wechat", re.compile(r"^/wechat/mp/homepage/([^/]+)")),
)


@lru_cache(maxsize=1 << 16)
def profile_of(url: str) -> tuple[str, str] | None:
    """(platform, account id) of a profile link on a platform's own host, else None (cached: checks ask it of
    every link of every page, and nav and footer links repeat)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    target = parts.path + ("?" + parts.query if parts.query else "")
    for platform, suffixes, pattern in _PROFILES:
        if any(host == s or host.endswith("." + s) for s in suffixes) and (match := pattern.search(target)):
            return platform, unquote(next(g for g in match.groups() if g))
    return None


def account_of(url: str) -> tuple[str, str] | None:
    """(platform, account id) of a profile link or of an RSSHub route (a feed that follows one account)."""
    found = profile_of(url)
    if found:
        return found
    path = urlsplit(url).path
    for platform, pattern in _ROUTES:
        if match := pattern.match(path):
            return platform, unquote(match.group(1))
    return None


def weibo_uid(url: str) -> str | None:
    """The uid of a Weibo profile URL (/u/<uid>, /profile/<uid>, /<uid>) or getIndex URL (value=<uid>)."""
    found = profile_of(url)
    return found[1] if found and found[0] == "weibo" else None
