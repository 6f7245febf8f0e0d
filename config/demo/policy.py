"""The demo's policy documents (POL): the portal's 政府文件 column, its 解读, a repeal announcement, the office's
policy register (policy_register.csv) and the annual reports' six sections.

Each document is declared with what it must produce (or why it must produce nothing). The documents print the
gov.cn metadata table (索 引 号 | 主题分类 | 发文机关 | 成文日期 | 标　　题 | 发文字号 | 发布日期 | 有 效 性 | 有 效 期); the
portal's older 政策文件 column (build.py) prints the TRS table and stays clean.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from config.demo import build as demo
from config.demo import interaction

d = dt.date
CODE, NAME = "zfwj", "政府文件"
UNIT = "示范区人民政府"


@dataclass(frozen=True)
class Doc:
    n: int                       # item number in the column (ids and URLs)
    number: str                  # 发文字号
    title: str
    published: dt.date
    validity: str = "有效"        # 有效性 as printed ("" = the row is left out)
    period: str = ""             # 有效期 as printed
    written: bool = True         # 成文日期 printed
    interp: dt.date | None = None   # its 解读 published on
    links_interp: bool = True    # the document page links its 解读
    expect: tuple[str, str] | None = None   # (rule, what the demo shows)
    near: str = ""


DOCS = (
    Doc(1, "示政规〔2024〕1号", "示范区促进民营经济发展若干措施", d(2024, 6, 3), period="2024年6月1日至2029年5月31日",
        interp=d(2024, 6, 5), near="规范性文件 with every field, 有效期 to 2029 (the register agrees), 解读 2 working days "
                                   "later and linked both ways: no POL finding"),
    Doc(2, "示政规〔2024〕2号", "示范区城市道路占用挖掘管理办法", d(2024, 5, 20),
        expect=("POL-NO-INTERP", "规范性文件 (文号 示政规〔2024〕2号) published 2024-05-20 with no 解读 anywhere")),
    Doc(3, "示政规〔2024〕3号", "示范区公共租赁住房管理办法", d(2024, 4, 8), interp=d(2024, 4, 16),
        expect=("POL-INTERP-LATE", "document 2024-04-08, its 解读 2024-04-16: 6 working days (limit 3)")),
    Doc(4, "示政规〔2023〕4号", "示范区城镇老旧小区改造实施办法", d(2023, 11, 6), interp=d(2023, 11, 7), links_interp=False,
        expect=("POL-INTERP-UNLINKED", "the 解读 links the document, the document page does not link the 解读")),
    Doc(5, "示政发〔2018〕5号", "示范区人民政府关于加强农村公路养护管理的意见", d(2018, 3, 15),
        expect=("POL-EXPIRED-VALID", "成文 2018-03-13, no 有效期 printed and none in the register: the default 5 years "
                                     "ended 2023-03-13, the page still says 有效")),
    Doc(6, "示政发〔2019〕7号", "示范区扶持小微企业发展办法", d(2019, 9, 16),
        expect=("POL-REPEALED-UNMARKED", "policy_register.csv row 4: 废止, replaced by 示政规〔2024〕1号; the page "
                                         "still says 有效")),
    Doc(7, "示政发〔2020〕3号", "示范区户外广告设置管理办法", d(2020, 4, 10),
        expect=("POL-REPEALED-UNMARKED", "listed under 废止 by the later 示政发〔2024〕8号 (this column, 2024-05-27); "
                                         "the page still says 有效")),
    Doc(8, "示政发〔2021〕6号", "示范区停车场管理办法", d(2021, 7, 5), validity="有效（2024年5月修改）",
        near="listed under 修改 by 示政发〔2024〕8号 and marked 有效（2024年5月修改）: no POL-REPEALED-UNMARKED"),
    Doc(9, "示政规〔2019〕2号", "示范区政府投资项目管理办法", d(2019, 3, 11), validity="已废止",
        near="规范性文件 without 解读, but repealed (register 已废止, page 已废止): no POL-NO-INTERP, no "
             "POL-REPEALED-UNMARKED"),
    Doc(10, "示政办发〔2024〕2号", "示范区人民政府办公室关于做好2024年防汛工作的通知", d(2024, 6, 12), validity="",
        written=False, expect=("POL-META", "the metadata table lacks 成文日期 and 有效性")),
)
ANNOUNCEMENT = Doc(11, "示政发〔2024〕8号", "示范区人民政府关于废止和修改部分政策文件的决定", d(2024, 5, 27),
                   near="the repeal announcement itself: complete metadata, not a 规范性文件: no POL finding")
REPEALED, AMENDED = (DOCS[6],), (DOCS[7],)
# A 2023 annual report lacking its fifth section (the others print all six).
SHORT_REPORT = "market"
SECTIONS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")


def _portal() -> demo.Site:
    return next(s for s in demo.sites() if s.id == "portal")


def nav(site: demo.Site) -> str:
    return f'<li><a href="/col/{CODE}/">{NAME}</a></li>' if site.id == "portal" else ""


def _column(site: demo.Site) -> tuple[demo.Column, dict[int, demo.Item], dict[int, demo.Item]]:
    """The column with its items: documents, the announcement and the 解读 (ids from 9500 up)."""
    col = demo.Column(CODE, NAME, "政策文件", pool="policy", cid=site.code * 100 + 95)

    def item(n: int, day: dt.date, title: str) -> demo.Item:
        item_id = site.code * 10000 + 9500 + n
        url = f"/art/{day.year}/{day.month}/{day.day}/art_{col.cid}_{item_id}.html"
        return demo.Item(col, item_id, day, demo.TIMES[item_id % len(demo.TIMES)], NAME, UNIT, title, url)

    docs = {doc.n: item(doc.n, doc.published, doc.title) for doc in (*DOCS, ANNOUNCEMENT)}
    interps = {doc.n: item(20 + doc.n, doc.interp, f"《{doc.title}》政策解读") for doc in DOCS if doc.interp}
    col.items = sorted([*docs.values(), *interps.values()], key=lambda it: (it.date, it.id), reverse=True)
    return col, docs, interps


def _meta_table(site: demo.Site, doc: Doc, it: demo.Item) -> str:
    written = doc.published - dt.timedelta(days=2)
    rows = [("索 引 号", f"{site.registry['idcode']}/{doc.published.year}-{it.id:05d}", "主题分类", "综合政务"),
            ("发文机关", UNIT, "成文日期", f"{written:%Y年%m月%d日}" if doc.written else None),
            ("标　　题", doc.title, None, None),
            ("发文字号", doc.number, "发布日期", f"{doc.published:%Y年%m月%d日}"),
            ("有 效 性", doc.validity or None, "有 效 期", doc.period or None)]
    cells = ""
    for a, va, b, vb in rows:
        pairs = [(k, v) for k, v in ((a, va), (b, vb)) if k and v is not None]
        cells += "<tr>" + "".join(f"<td><b>{k}：</b></td><td>{escape(v)}</td>" for k, v in pairs) + "</tr>"
    return f'<table class="zw-table">{cells}</table>\n'


def _body(doc: Doc) -> list[str]:
    if doc is ANNOUNCEMENT:
        return ["各镇（街道），区直各有关部门：", "经清理，区政府决定废止和修改下列政策文件。",
                "一、决定废止的文件", *(f"{k}.《{r.title}》（{r.number}）" for k, r in enumerate(REPEALED, 1)),
                "二、决定修改的文件", *(f"{k}.《{r.title}》（{r.number}）" for k, r in enumerate(AMENDED, 1)),
                "本决定自公布之日起施行。"]
    return ["各镇（街道），区直各有关部门：", f"现将《{doc.title}》印发给你们，请认真贯彻执行。",
            "一、总体要求。坚持问题导向，健全工作机制，明确责任分工。", "二、主要措施。（一）完善制度。（二）强化保障。（三）加强监督。",
            "三、附则。本文件由区政府办公室负责解释。"]


def _page(site: demo.Site, it: demo.Item, head: str, paras: list[str], links: list[tuple[str, str, str]]) -> str:
    info = f"发布时间：{it.date:%Y-%m-%d} {it.time}　来源：{UNIT}"
    content = "".join(f"<p>{escape(p)}</p>" for p in paras)
    content += "".join(f'<p class="related">{label}：<a href="{href}">{escape(text)}</a></p>'
                       for label, href, text in links)
    body = (f'<div class="article">{head}<h1>{escape(it.title)}</h1>\n<div class="info">{info}</div>\n'
            f'<div class="content">{content}</div></div>')
    return demo._page(site, f"{it.title}_{site.name}", demo._article_meta(site, it), body,
                      ((f"/col/{CODE}/", NAME), ("", "正文")))


def files(site: demo.Site) -> dict[str, bytes]:
    """The portal's 政府文件 column: path → bytes."""
    if site.id != "portal":
        return {}
    col, docs, interps = _column(site)
    text = demo._list_pages(site, col)
    for doc in (*DOCS, ANNOUNCEMENT):
        it = docs[doc.n]
        interp = interps.get(doc.n)
        links = [("相关解读", interp.url, interp.title)] if interp and doc.links_interp else []
        text[it.url] = _page(site, it, _meta_table(site, doc, it), _body(doc), links)
        if interp:
            paras = [f"一、起草背景。为进一步做好相关工作，区政府制定了《{doc.title}》（{doc.number}）。",
                     "二、主要内容。文件明确了总体要求、主要措施和附则。", "三、政策亮点。文件突出问题导向，便于基层抓好落实。"]
            text[interp.url] = _page(site, interp, "", paras, [("相关文件", it.url, doc.title)])
    return {(path + "index.html" if path.endswith("/") else path): html.encode(site.encoding)
            for path, html in text.items()}


def report_body(site: demo.Site, item: demo.Item) -> list[str]:
    """An annual report's six sections (the SHORT_REPORT site's 2023 report leaves out the fifth)."""
    year = item.title.partition("年政府信息公开")[0][-4:]
    sections = [s for s in SECTIONS if not (site.id == SHORT_REPORT and year == "2023" and s.startswith("五"))]
    return [f"本报告依据《中华人民共和国政府信息公开条例》编制，报告期为{year}年1月1日至12月31日。",
            *(f"{s}。{year}年，{site.unit}依法做好相关工作。" for s in sections)]


def _report_url(site: demo.Site) -> str:
    """Where the site's 2023 annual report is served (its list column is built by interaction.py)."""
    title = f"{site.unit}2023年政府信息公开工作年度报告"
    tag = f'<meta name="ArticleTitle" content="{escape(title)}">'.encode(site.encoding)
    path = next(p for p, body in interaction.files(site).items() if tag in body)
    return site.home.rstrip("/") + path


def expected() -> list[tuple[str, str, str, str, str]]:
    """(rule, level, target, url, what the demo shows) of the POL findings."""
    portal = _portal()
    _, docs, _ = _column(portal)
    base = portal.home.rstrip("/")
    rows = [(doc.expect[0], "deduct", "portal", base + docs[doc.n].url, doc.expect[1]) for doc in DOCS if doc.expect]
    edu = next(s for s in demo.sites() if s.id == "edu")
    market = next(s for s in demo.sites() if s.id == SHORT_REPORT)
    rows += [("POL-ANNUAL-REPORT", "deduct", "edu", edu.home,
              "no 2023 政府信息公开工作年度报告 on its site or elsewhere by 31 January (no 年报 column)"),
             ("POL-ANNUAL-REPORT", "deduct", SHORT_REPORT, _report_url(market),
              "its 2023 annual report lacks section 五、存在的主要问题及改进情况")]
    return rows


def near_misses() -> list[tuple[str, str, str]]:
    portal = _portal()
    _, docs, _ = _column(portal)
    base = portal.home.rstrip("/")
    rows = [("portal", base + docs[doc.n].url, doc.near) for doc in (*DOCS, ANNOUNCEMENT) if doc.near]
    rows.append(("stats", next(s for s in demo.sites() if s.id == "stats").home,
                 "2023 annual report published 2024-01-22 with all six sections: no POL-ANNUAL-REPORT"))
    return rows
