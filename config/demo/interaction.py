"""The demo district's message boards, service guides and disclosure catalogue (INT, SVC, CAT), with their problems.

Every site gets a 政府信息公开 page listing the catalogue columns (config/catalogue.yaml) and nav entries to where
people leave messages and find services. The government's portal hosts what departments share (集约化): a 部门信箱
to write to any department, the 示范区政务服务网 with the departments' 办事指南, and the 依申请公开 online form with
its QR code. Departments without their own board or guides link to those, and are served by them: the clean
statistics bureau does exactly that. The deliberate problems are declared beside the data that makes them
(``expect``); near misses (``near``) must not become findings. ``build.py`` calls ``nav``, ``files``,
``expected`` and ``near_misses``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape

from config.demo import attachments
from config.demo import build as demo

d = dt.date
PORTAL = "http://www.sfq.gov.cn:{port}"   # the portal's origin, where the shared platforms live (build.PORTAL
                                          # without its slash: build imports this module before defining it)
STATIC, FIXED, UPDATED = "互动交流", "其他（无需更新）", "其他（按要求更新）"      # ColumnType tags


@dataclass(frozen=True)
class Msg:
    """A message: when it was left and answered (None: not answered), as its board and its page show it."""
    title: str
    left: dt.date
    answered: dt.date | None
    status: str = ""                       # printed on the list (status layout)
    expect: tuple[str, str, str] | None = None
    near: str = ""


@dataclass(frozen=True)
class Board:
    path: str                              # /hdjl/<code>/: the list; messages at /hdjl/<code>/<n>.html
    name: str
    layout: str                            # table (留言时间|回复时间) | status (已回复/未回复) | plain (reply on its page)
    messages: tuple[Msg, ...]
    reply: str = "labelled"                # labelled (答复时间：…) | under (a date below the answer) | none (已办结 only)
    expect: tuple[str, str, str] | None = None   # a finding about the board as a whole


@dataclass(frozen=True)
class Guide:
    name: str
    unit: str
    missing: tuple[str, ...] = ()
    expect: tuple[str, str, str] | None = None


@dataclass
class Spec:
    """What one site shows of INT, SVC and CAT."""
    nav: tuple[tuple[str, str], ...]       # (text, href) added to the nav bar
    boards: tuple[Board, ...] = ()
    guides: tuple[Guide, ...] = ()
    guides_path: str = "/bszn/"
    catalogue: dict[str, str] = field(default_factory=dict)   # column name → href on the 政府信息公开 page
    apply: str = ""                        # the site's own 依申请公开 page: form | download ("" = none)
    lists: dict[str, tuple[str, str, tuple[tuple[str, dt.date], ...]]] = field(default_factory=dict)
    # ^ column code → (name, ColumnType, (title, date) items)
    expect: tuple[tuple[str, str, str], ...] = ()             # site-level findings (the homepage)
    list_expect: dict[str, tuple[str, str, str]] = field(default_factory=dict)   # column code → its finding
    apply_expect: tuple[str, str, str] | None = None          # about its 依申请公开 page
    near: tuple[tuple[str, str], ...] = ()


REPLY = "您好！您反映的问题已收悉。经核实，我单位已安排专人办理，具体情况已电话告知。感谢您对我们工作的关注和支持。"
SHARED = {"依申请公开": f"{PORTAL}/xxgk/ysqgk/"}
OWN = {"政府信息公开指南": "/xxgk/zn/", "政府信息公开制度": "/xxgk/zd/", "法定主动公开内容": "/xxgk/fdzdgknr/",
       "政府信息公开年报": "/col/xxgknb/", "财政预决算": "/col/czyjs/"}
TO_PORTAL = (("部门信箱", f"{PORTAL}/hdjl/bmxx/"), ("示范区政务服务网", f"{PORTAL}/zwfw/"))


def _reports(unit: str, accounts: str = "部门") -> dict[str, tuple[str, str, tuple[tuple[str, dt.date], ...]]]:
    """The annual reports and the budgets and final accounts (部门 of a department, 财政 of the government)."""
    return {"xxgknb": ("政府信息公开年报", "信息公开年报", ((f"{unit}2023年政府信息公开工作年度报告", d(2024, 1, 22)),
                                                   (f"{unit}2022年政府信息公开工作年度报告", d(2023, 1, 19)))),
            "czyjs": ("财政预决算", "财政资金", ((f"{unit}2024年{accounts}预算", d(2024, 2, 6)),
                                            (f"{unit}2022年{accounts}决算", d(2023, 8, 24)),
                                            (f"{unit}2023年{accounts}预算", d(2023, 2, 9))))}


def _department(unit: str, **spec) -> Spec:
    spec.setdefault("nav", TO_PORTAL)
    spec.setdefault("catalogue", OWN | SHARED)
    return Spec(lists=_reports(unit), **spec)


OPEN_DAYS = ((d(2024, 6, 20), "区统计局"), (d(2024, 5, 16), "区市场监管局"), (d(2024, 3, 21), "区卫生健康局"),
             (d(2024, 2, 22), "区教育局"), (d(2024, 1, 18), "区住房城乡建设局"), (d(2023, 12, 14), "区文化和旅游局"))
FULL_GUIDE = {"事项名称": "{name}", "设定依据": "《中华人民共和国行政许可法》及有关法规", "申请条件": "符合法定条件的申请人",
              "办理材料": "申请书一份；申请人身份证明；相关证明材料", "办理地点": "示范区政务服务中心一楼综合窗口",
              "办理机构": "{unit}", "收费标准": "不收费", "办理时间": "工作日上午9:00至12:00，下午13:30至17:00",
              "联系电话": "0531-87650100", "办理流程": "申请、受理、审查、决定、送达"}

SPECS: dict[str, Spec] = {
    "portal": Spec(
        nav=(("政民互动", "/hdjl/"), ("办事服务", "/zwfw/")),
        boards=(
            Board("/hdjl/qzxx/", "区长信箱", "plain", reply="under", messages=(
                Msg("关于增设社区公共停车位的建议", d(2024, 6, 20), d(2024, 6, 25)),
                Msg("关于延长区图书馆开放时间的建议", d(2024, 6, 7), d(2024, 6, 17),
                    near="left Friday 2024-06-07, answered 2024-06-17: the 5th working day (端午节 2024-06-10 is "
                         "off), not more than 5: no INT-SLOW"),
                Msg("关于老旧小区加装电梯补贴的咨询", d(2024, 5, 20), d(2024, 5, 23)),
                Msg("关于规范夜市摊点经营的建议", d(2024, 4, 15), d(2024, 4, 18)))),
            Board("/hdjl/wsxf/", "网上信访", "status", messages=(
                Msg("反映小区物业服务问题", d(2024, 1, 8), None, "未回复",
                    near="网上信访 message open since 2024-01-08: 信访 is not a consultation channel, no "
                         "INT-UNANSWERED"),
                Msg("反映道路积水问题", d(2024, 5, 10), d(2024, 5, 14), "已回复")))),
        guides_path="/zwfw/",
        guides=(Guide("民办学校设立审批", "示范区教育局"), Guide("食品经营许可", "示范区市场监督管理局"),
                Guide("建筑工程施工许可", "示范区住房和城乡建设局"),
                Guide("营业性演出审批", "示范区文化和旅游局", ("收费标准", "办理时间"),
                      ("SVC-GUIDE", "deduct", "guide lacks 收费标准 and 办理时间 (8 of 10 elements)"))),
        catalogue={**OWN, "政府信息公开指南": "/col/xxgkzn/", "依申请公开": "/xxgk/ysqgk/", "政策解读": "/col/zcjd/",
                   "重大建设项目": "/col/zdxm/", "政府开放日": "/col/kfr/"},
        apply="form",
        lists={**_reports("示范区", "财政"),
               "zdxm": ("重大建设项目", UPDATED, (("示范区中央商务区地下停车场项目批准信息", d(2024, 6, 5)),
                                            ("示范区长岭山公共停车场项目实施进展", d(2024, 4, 26)),
                                            ("示范区轨道交通配套道路工程批准信息", d(2024, 1, 12)))),
               "kfr": ("政府开放日", UPDATED, tuple((f"{day.year}年{day.month}月“政府开放日”活动走进{unit}", day)
                                                 for day, unit in OPEN_DAYS))},
        list_expect={"kfr": ("CAT-RECURRING", "deduct", "政府开放日 monthly (区政务公开工作要点: 一月一期); no item in "
                                                        "2024年4月 (items in 2023-12 … 2024-03, 2024-05, 2024-06)")}),
    "edu": _department(
        "示范区教育局", nav=(("政务咨询", "/hdjl/zxzx/"), TO_PORTAL[1]),
        boards=(Board("/hdjl/zxzx/", "政务咨询", "status", messages=(
            Msg("关于小学入学年龄计算的咨询", d(2024, 6, 24), d(2024, 6, 26), "已回复"),
            Msg("暑期托管服务报名时间咨询", d(2024, 6, 27), None, "未回复"),
            Msg("关于教师资格认定流程的咨询", d(2024, 5, 6), d(2024, 5, 13), "已回复",
                expect=("INT-SLOW", "deduct", "left 2024-05-06, answered 2024-05-13: 6 working days (Saturday "
                                              "2024-05-11 was a 调休 working day)")),
            Msg("幼儿园收费标准咨询", d(2024, 4, 8), d(2024, 4, 10), "已回复"))),),
        catalogue={k: v for k, v in (OWN | SHARED).items() if k not in ("政府信息公开制度", "政府信息公开年报")},
        expect=(("CAT-COLUMN", "deduct", "no 政府信息公开制度 column"),
                ("CAT-COLUMN", "deduct", "no 政府信息公开年报 column"))),
    "health": _department(
        "示范区卫生健康局", nav=(("在线咨询", "/hdjl/zxzx/"), ("办事指南", "/bszn/")),
        boards=(Board("/hdjl/zxzx/", "在线咨询", "status", reply="none",
                      expect=("INT-UNPUBLISHED", "warn", "3 messages left since 2024-03-30, listed 已办结 but no "
                                                         "answer published"), messages=(
            Msg("家庭医生签约如何办理", d(2024, 6, 12), None, "已办结"),
            Msg("新生儿预防接种时间咨询", d(2024, 5, 21), None, "已办结"),
            Msg("老年人健康体检安排咨询", d(2024, 4, 9), None, "已办结"))),),
        guides=(Guide("医疗机构执业登记", "示范区卫生健康局",
                      ("设定依据", "申请条件", "办理地点", "收费标准", "办理时间", "办理流程"),
                      ("SVC-GUIDE", "deduct", "guide lacks 6 of 10 elements")),
                Guide("母婴保健技术服务执业许可", "示范区卫生健康局",
                      ("设定依据", "办理材料", "办理地点", "办理机构", "收费标准", "办理时间"),
                      ("SVC-GUIDE", "deduct", "guide lacks 6 of 10 elements"))),
        expect=(("SVC-GUIDE-VETO", "veto", "its 2 guides lack 6 elements on average (veto at 5)"),)),
    "market": _department(
        "示范区市场监督管理局", nav=(("局长信箱", "/hdjl/jzxx/"),),
        boards=(Board("/hdjl/jzxx/", "局长信箱", "table", messages=(
            Msg("关于预付卡退费难的问题", d(2024, 6, 18), d(2024, 6, 20)),
            Msg("个体工商户年报填报咨询", d(2024, 5, 28), d(2024, 5, 30)),
            Msg("关于餐饮店油烟扰民的问题", d(2024, 4, 15), d(2024, 4, 17)),
            Msg("关于农贸市场电子秤计量问题", d(2024, 2, 20), None,
                expect=("INT-UNANSWERED", "veto", "left 2024-02-20, still unanswered four months later (list shows "
                                                  "no reply; its page says 暂未回复)")))),),
        expect=(("SVC-NONE", "veto", "no 办事指南 and no link to the 政务服务网"),)),
    "housing": _department("示范区住房和城乡建设局"),
    "culture": _department(
        "示范区文化和旅游局", nav=(("网上信访", f"{PORTAL}/hdjl/wsxf/"), TO_PORTAL[1]),
        catalogue=OWN | {"依申请公开": "/xxgk/ysqgk/"}, apply="download",
        apply_expect=("CAT-APPLY", "deduct", "依申请公开 offers an application form to download only: no online "
                                             "form or QR code"),
        expect=(("INT-NO-CHANNEL", "veto", "its only channel link is 网上信访, which does not count"),)),
    "stats": _department(
        "示范区统计局", catalogue={**OWN, "政府信息公开指南": "/col/xxgkzn/", **SHARED},
        near=(("/xxgk/", "clean: 部门信箱 and 政务服务网 on the portal, its own catalogue columns, 依申请公开 on the "
                         "portal's shared form: no INT, SVC or CAT finding"),)),
}


def _site(site_id: str) -> demo.Site:
    return next(s for s in demo.sites() if s.id == site_id)


def nav(site: demo.Site) -> str:
    """The nav bar entries this module adds to every page of the site: its 政府信息公开 page, then the spec's."""
    entries = dict.fromkeys((("政府信息公开", "/xxgk/"), *SPECS[site.id].nav))
    return "".join(f'<li><a href="{href}">{text}</a></li>' for text, href in entries)


def _text_page(site: demo.Site, path: str, name: str, ctype: str, body: str) -> str:
    return demo._page(site, f"{name}_{site.name}", demo._column_meta(site, name, ctype), body, ((path, name),))


# --- pages -------------------------------------------------------------------------------------------------


def _board_pages(site: demo.Site, board: Board) -> dict[str, str]:
    pages = {}
    rows = []
    for k, msg in enumerate(board.messages, 1):
        href = f"{board.path}{k}.html"
        link, left = f'<a href="{href}" title="{msg.title}">{msg.title}</a>', f"{msg.left:%Y-%m-%d}"
        if board.layout == "table":
            reply = f"{msg.answered:%Y-%m-%d}" if msg.answered else ""
            rows.append(f'<tr><td class="bt">{link}</td><td>{left}</td><td>{reply}</td></tr>')
        elif board.layout == "status":
            rows.append(f'<li>{link}<span class="zt">{msg.status}</span><span class="date">{left}</span></li>')
        else:
            rows.append(f'<li><span class="bt">{link}</span><span class="date">{left}</span></li>')
        pages[href] = _message_page(site, board, msg)
    if board.layout == "table":
        listing = ('<table class="xj-list" width="100%"><tr><th>信件标题</th><th>留言时间</th><th>回复时间</th></tr>'
                   + "".join(rows) + "</table>")
    elif board.layout == "status":
        listing = f'<ul class="xj-list">{"".join(rows)}</ul>'
    else:
        listing = (f'<div class="xj-head"><span>信件标题</span><span>留言时间</span></div>'
                   f'<ul class="xj-list">{"".join(rows)}</ul>')
    write = f'<p class="write"><a href="{PORTAL}/hdjl/bmxx/">我要写信</a></p>' if site.id != "portal" else ""
    body = f'<div class="column"><h2 class="column-title">{board.name}</h2>{write}{listing}</div>'
    pages[board.path] = _text_page(site, board.path, board.name, STATIC, body)
    return pages


def _message_page(site: demo.Site, board: Board, msg: Msg) -> str:
    if msg.answered is None:
        reply = f"<p>办理状态：{msg.status}</p>" if board.reply == "none" else "<p>回复内容：暂未回复</p>"
    elif board.reply == "under":
        reply = f'<div class="reply"><p>答复内容：{REPLY}</p><p>{site.unit}</p><p>{msg.answered:%Y-%m-%d}</p></div>'
    else:
        reply = (f'<div class="reply"><p>答复单位：{site.unit}</p><p>答复时间：{msg.answered:%Y-%m-%d}</p>'
                 f"<p>答复内容：{REPLY}</p></div>")
    body = (f'<div class="article"><h1>{escape(msg.title)}</h1><p>留言时间：{msg.left:%Y-%m-%d}</p>'
            f"<p>留言内容：您好，{msg.title}，请予答复。</p>{reply}</div>")
    return demo._page(site, f"{msg.title}_{site.name}", demo._column_meta(site, board.name, STATIC), body,
                      ((board.path, board.name), ("", "信件详情")))


def _guide_page(site: demo.Site, path: str, guide: Guide) -> str:
    rows = "".join(f"<tr><th>{k}</th><td>{v.format(name=guide.name, unit=guide.unit)}</td></tr>"
                   for k, v in FULL_GUIDE.items() if k not in guide.missing)
    body = f'<div class="article"><h1>{guide.name}办事指南</h1><table class="bszn">{rows}</table></div>'
    return demo._page(site, f"{guide.name}办事指南_{site.name}", demo._column_meta(site, guide.name, "办事服务"), body,
                      ((path, "办事指南"), ("", guide.name)))


def _list_column(site: demo.Site, k: int, code: str, name: str, ctype: str, items) -> dict[str, str]:
    """The site's k-th dated column of this module, rendered like its others (list markup and articles, which in
    the "plan" pool link no attachment); ids from 90 up stay clear of build.py's columns."""
    col = demo.Column(code, name, ctype, pool="report" if code == "xxgknb" else "plan", cid=site.code * 100 + 90 + k)
    for n, (title, day) in enumerate(items):
        item_id = site.code * 10000 + 9000 + col.cid % 100 * 10 + n
        url = (f"/col/{code}/{day:%Y%m}/t{day:%Y%m%d}_{item_id}.html" if site.style == "old"
               else f"/art/{day.year}/{day.month}/{day.day}/art_{col.cid}_{item_id}.html")
        col.items.append(demo.Item(col, item_id, day, demo.TIMES[item_id % len(demo.TIMES)], name, site.unit, title,
                                   url))
    return demo._list_pages(site, col) | {it.url: demo._article(site, it) for it in col.items}


def _apply_page(site: demo.Site, how: str) -> str:
    intro = ("<p>公民、法人或者其他组织可以向本机关申请获取政府信息。申请时请写明申请人姓名或者名称、联系方式，"
             "所需政府信息的名称、文号或者便于查询的其他特征性描述，以及获取信息的方式。</p>")
    if how == "form":
        more = ('<form action="/xxgk/ysqgk/" method="post"><p>申请人姓名或者名称：<input name="name"></p>'
                '<p>联系电话：<input type="tel" name="phone"></p><p>所需信息的内容描述：<textarea name="content">'
                '</textarea></p><p>获取信息的方式：<select name="way"><option>电子邮件</option><option>邮寄</option>'
                '</select></p><input type="submit" value="提交申请"></form>'
                '<p>手机扫描二维码在线申请（掌上申请）：<img src="/images/ysqgk-ewm.png" alt="依申请公开掌上申请二维码"></p>')
    else:
        more = '<p>请下载申请表，填写后邮寄或者当面提交：<a href="/attach/ysqgk/sqb.pdf">政府信息公开申请表.pdf</a></p>'
    return _text_page(site, "/xxgk/ysqgk/", "依申请公开", FIXED,
                      f'<div class="article"><h1>依申请公开</h1><div class="content">{intro}{more}</div></div>')


def _portal_shared(site: demo.Site) -> dict[str, str]:
    """The portal's hubs: 政民互动 and the 部门信箱 every department's page links to."""
    units = "".join(f"<option>{s.unit}</option>" for s in demo.sites())
    form = (f'<form action="/hdjl/bmxx/" method="post"><p>写信对象：<select name="unit">{units}</select></p>'
            '<p>姓名：<input name="name"></p><p>联系电话：<input type="tel" name="phone"></p>'
            '<p>信件标题：<input name="title"></p><p>信件内容：<textarea name="content"></textarea></p>'
            '<input type="submit" value="提交"></form>')
    links = "".join(f'<li><a href="{b.path}">{b.name}</a></li>' for b in SPECS["portal"].boards)
    return {"/hdjl/": _text_page(site, "/hdjl/", "政民互动", STATIC, f'<div class="article"><h1>政民互动</h1><ul>{links}'
                                 '<li><a href="/hdjl/bmxx/">部门信箱</a></li></ul></div>'),
            "/hdjl/bmxx/": _text_page(site, "/hdjl/bmxx/", "部门信箱", STATIC,
                                      f'<div class="article"><h1>部门信箱</h1><p>请选择写信对象，我们将在5个工作日内答复。'
                                      f"</p>{form}</div>")}


def files(site: demo.Site) -> dict[str, bytes]:
    """Every file this module adds to a site: path → bytes (directories as index.html)."""
    spec = SPECS[site.id]
    text: dict[str, str] = {}
    for board in spec.boards:
        text.update(_board_pages(site, board))
    if spec.guides:
        for k, guide in enumerate(spec.guides, 1):
            text[f"{spec.guides_path}{k}.html"] = _guide_page(site, spec.guides_path, guide)
        links = "".join(f'<li><a href="{spec.guides_path}{k}.html">{g.name}办事指南</a><span>{g.unit}</span></li>'
                        for k, g in enumerate(spec.guides, 1))
        name = "政务服务" if site.id == "portal" else "办事指南"
        body = f'<div class="article"><h1>{name}</h1><ul class="bs-list">{links}</ul></div>'
        text[spec.guides_path] = _text_page(site, spec.guides_path, name, "办事服务", body)
    for k, (code, (name, ctype, items)) in enumerate(spec.lists.items()):
        if f"/col/{code}/" in spec.catalogue.values():       # a column the site leaves out is not published
            text.update(_list_column(site, k, code, name, ctype, items))
    static = {"/xxgk/zn/": ("政府信息公开指南", "信息公开指南",
                            demo._static_text(site, demo.Column("zn", "政府信息公开指南", "信息公开指南", static="guide"))),
              "/xxgk/zd/": ("政府信息公开制度", "信息公开制度",
                            [f"{site.unit}政府信息公开工作制度：", "一、主动公开信息经保密审查后发布。",
                             "二、依申请公开件按法定时限办理并答复。", "三、每年1月31日前发布上一年度政府信息公开工作年度报告。"]),
              "/xxgk/fdzdgknr/": ("法定主动公开内容", FIXED,
                                  ["机构职能、规划计划、财政预决算、人事信息等法定主动公开内容，见本网站相应栏目。"])}
    for path, (name, ctype, paras) in static.items():
        if path in spec.catalogue.values():
            content = "".join(f"<p>{p}</p>" for p in paras)
            text[path] = _text_page(site, path, name, ctype,
                                    f'<div class="article"><h1>{name}</h1><div class="content">{content}</div></div>')
    if spec.apply:
        text["/xxgk/ysqgk/"] = _apply_page(site, spec.apply)
    entries = "".join(f'<li><a href="{href}">{name}</a></li>' for name, href in spec.catalogue.items())
    text["/xxgk/"] = _text_page(site, "/xxgk/", "政府信息公开", FIXED,
                                f'<div class="article"><h1>政府信息公开</h1><ul class="xxgk-nav">{entries}</ul></div>')
    if site.id == "portal":
        text.update(_portal_shared(site))
    out = {(path + "index.html" if path.endswith("/") else path): html.encode(site.encoding)
           for path, html in text.items()}
    if spec.apply == "form":
        out["/images/ysqgk-ewm.png"] = demo._png(80, 80, (30, 30, 30))
    elif spec.apply == "download":
        out["/attach/ysqgk/sqb.pdf"] = attachments.pdf(())
    return out


# --- the expected findings -----------------------------------------------------------------------------------

def expected() -> list[demo.Expect]:
    """The findings these pages must produce, read from the declarations above."""
    rows: list[demo.Expect] = []
    for site_id, spec in SPECS.items():
        site = _site(site_id)
        base = site.home.rstrip("/")
        rows += [demo.Expect(rule, level, site_id, site.home, seen) for rule, level, seen in spec.expect]
        for board in spec.boards:
            rows += [demo.Expect(*m.expect[:2], site_id, f"{base}{board.path}{k}.html", m.expect[2])
                     for k, m in enumerate(board.messages, 1) if m.expect]
            if board.expect:
                rows.append(demo.Expect(*board.expect[:2], site_id, base + board.path, board.expect[2]))
        rows += [demo.Expect(*g.expect[:2], site_id, f"{base}{spec.guides_path}{k}.html", g.expect[2])
                 for k, g in enumerate(spec.guides, 1) if g.expect]
        rows += [demo.Expect(*e[:2], site_id, f"{base}/col/{code}/", e[2]) for code, e in spec.list_expect.items()]
        if spec.apply_expect:
            rows.append(demo.Expect(*spec.apply_expect[:2], site_id, f"{base}/xxgk/ysqgk/", spec.apply_expect[2]))
    return rows


def near_misses() -> list[tuple[str, str, str]]:
    rows = []
    for site_id, spec in SPECS.items():
        base = _site(site_id).home.rstrip("/")
        rows += [(site_id, base + path, why) for path, why in spec.near]
        rows += [(site_id, f"{base}{b.path}{k}.html", m.near) for b in spec.boards
                 for k, m in enumerate(b.messages, 1) if m.near]
    return rows
