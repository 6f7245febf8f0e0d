"""The demo's JavaScript-only section: the health bureau's 健康科普 column (``/zt/jkkp/``), whose list and articles
exist only after their scripts run.

The static HTML of each page is the site's frame (tags, nav, footer) around an empty box and a ``<script src>``;
the titles, dates and article text are in the scripts (as \\u escapes). So the section's problems — the column is
stale, one article shows no 来源, one has a typo — are found only because ``render: auto`` sends these pages
through Chromium. ``build.py`` calls ``nav``, ``files``, ``expected`` and ``near_misses``.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from config.demo import build as demo

SITE = "health"
PATH, NAME, CTYPE = "/zt/jkkp/", "健康科普", "工作动态"
TYPO = "截止目前"


@dataclass(frozen=True)
class Piece:
    title: str
    date: dt.date
    time: str
    text: str
    source: bool = True                        # the article shows 来源
    expect: tuple[str, str, str] | None = None
    near: str = ""


d = dt.date
PIECES = (
    Piece("夏季防溺水安全知识", d(2024, 5, 31), "09:30",
          "夏季是溺水事故高发期。截至目前，全区已在重点水域设置警示标识120余处，请家长加强对儿童的看护。",
          near="截至目前 is written right (the typo 截止目前 is in another article)"),
    Piece("高温天气防中暑小贴士", d(2024, 5, 24), "10:00",
          "高温天气外出请避开午后时段，注意补充水分，出现头晕、乏力等症状时及时到阴凉处休息。", source=False),
    Piece("手足口病预防要点", d(2024, 5, 17), "15:10",
          f"{TYPO}，全区托幼机构晨午检制度落实率达到百分之百。勤洗手、常通风是预防手足口病的有效方法。",
          expect=("REV-TYPO", "deduct", f"{TYPO} (截至目前), in an article written by script only")),
    Piece("科学健身促进健康", d(2024, 5, 10), "16:00",
          "坚持每周至少150分钟中等强度运动，有助于预防慢性病。运动前应充分热身，运动量要循序渐进。"),
)
EXPECT = (("FRS-COLUMN-STALE", "deduct", "news column 健康科普 written by script only, newest 2024-05-31 "
                                        "(window 14 days: 2024-06-16)"),
          ("REV-ATTRIBUTION", "deduct", "an article of 健康科普, written by script only, shows no 来源"))


def _site() -> demo.Site:
    return next(s for s in demo.sites() if s.id == SITE)


def nav(site: demo.Site) -> str:
    """The nav bar entry this module adds to every page of the site."""
    return f'<li><a href="{PATH}">{NAME}</a></li>' if site.id == SITE else ""


def _script(code: str) -> bytes:
    return code.encode("ascii")


def files(site: demo.Site) -> dict[str, bytes]:
    """The column page, the articles and their scripts: path → bytes."""
    if site.id != SITE:
        return {}
    items = [{"title": p.title, "url": f"{PATH}{k}.html", "date": f"{p.date:%Y-%m-%d}"} for k, p in enumerate(PIECES, 1)]
    column = demo._page(site, f"{NAME}_{site.name}", demo._column_meta(site, NAME, CTYPE),
                        f'<div class="column"><h2 class="column-title">{NAME}</h2>\n<ul id="list" class="list"></ul>\n'
                        f'<script src="{PATH}list.js"></script></div>', ((PATH, NAME),))
    out = {f"{PATH}index.html": column.encode(site.encoding),
           f"{PATH}list.js": _script(f"var items = {json.dumps(items)};\n{demo.JS_FILL}")}
    for k, p in enumerate(PIECES, 1):
        meta = {**demo._site_meta(site), "ColumnName": NAME, "ColumnType": CTYPE, "ArticleTitle": p.title,
                "PubDate": demo._fmt(site.pubdate, p.date, p.time), "ContentSource": site.unit}
        info = f"发布时间：{p.date:%Y-%m-%d} {p.time}" + (f"　来源：{site.unit}" if p.source else "")
        inner = (f"<h1>{p.title}</h1>\n<div class=\"info\">{info}</div>\n"
                 f"<div class=\"content\"><p>{p.text}</p></div>")
        page = demo._page(site, f"{p.title}_{site.name}", meta,
                          f'<div class="article" id="art"></div>\n<script src="{PATH}{k}.js"></script>',
                          ((PATH, NAME), ("", "正文")))
        out[f"{PATH}{k}.html"] = page.encode(site.encoding)
        out[f"{PATH}{k}.js"] = _script(f'document.getElementById("art").innerHTML = {json.dumps(inner)};\n')
    return out


def expected() -> list[demo.Expect]:
    site = _site()
    base = site.home.rstrip("/")
    return ([demo.Expect(EXPECT[0][0], EXPECT[0][1], SITE, base + PATH, EXPECT[0][2]),
             demo.Expect(EXPECT[1][0], EXPECT[1][1], SITE, site.home, EXPECT[1][2])]
            + [demo.Expect(*p.expect[:2], SITE, f"{base}{PATH}{k}.html", p.expect[2])
               for k, p in enumerate(PIECES, 1) if p.expect])


def near_misses() -> list[tuple[str, str, str]]:
    base = _site().home.rstrip("/")
    return [(SITE, f"{base}{PATH}{k}.html", p.near) for k, p in enumerate(PIECES, 1) if p.near]
