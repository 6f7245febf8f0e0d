"""The bundled demo district 示范区: seven invented government sites with deliberate, documented problems.

``build(dest)`` writes every site under ``dest/<host>/`` and ``dest/_manifest.json`` (the special answers that
config.demo.server gives). Everything comes from the site tables in ``sites()``, without randomness, so a build
is the same byte for byte, and with the inspection date fixed at 2024-06-30 the findings are the same any day.
Each deliberate problem is declared beside the page that carries it; ``expected()`` reads the declarations back
for config/demo/README.md and the tests, so the table of expected findings cannot drift from the pages.

Markup follows real CMS sites (TRS lists with index_N.html pages, Hanweb table lists, a GBK site with t-style
URLs, a site whose lists are filled in by JavaScript); the text is invented.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import shutil
import struct
import zlib
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from config.demo import accounts, attachments, closed, interaction, jspages, policy

AS_OF = dt.date(2024, 6, 30)
# The server claims to answer on the inspection date, so a list date printed without its year ([06-20]) resolves
# to 2024 whichever day the demo runs.
SERVER_DATE = "Sun, 30 Jun 2024 01:00:00 GMT"
PORTAL = "http://www.sfq.gov.cn:{port}/"     # the server fills in its port
PER_PAGE = 15
HOME_ITEMS = 7
TIMES = ("08:30", "09:15", "10:00", "10:40", "11:20", "14:30", "15:10", "16:00", "16:45")
ISO = "{y}-{m:02d}-{d:02d}"

NEWS = ("{u}召开{t}工作推进会", "{u}部署{t}重点任务", "{u}开展{t}专项督导", "{u}扎实推进{t}工作",
        "{u}举办{t}业务培训", "{u}召开{t}工作座谈会")
TEMPLATES = {
    "news": NEWS,
    "notice": ("关于做好{t}工作的通知", "关于开展{t}专项检查的通知", "关于{t}有关事项的公告", "关于征集{t}意见建议的公告"),
    "policy": ("{u}关于印发示范区{t}工作方案的通知", "{u}关于印发示范区{t}实施方案的通知"),
    "hr": ("{u}{y}年公开招聘{t}公告", "{u}{y}年公开招聘{t}拟聘用人员公示", "{u}{y}年{t}考核结果公示"),
    "plan": ("{u}{y}年{t}工作要点", "{u}{t}三年行动计划（{y}—{y2}年）"),
    "stats": ("{y}年{m}月{t}",),
}
HR_TOPICS = ("事业单位工作人员", "专业技术人员", "社区工作者", "劳务派遣人员", "见习岗位人员")
ECON_STATS = ("示范区主要经济指标", "示范区规模以上工业生产情况", "示范区居民消费价格变动情况", "示范区固定资产投资情况",
              "示范区社会消费品零售总额情况")
DEPT_SHORTS = ("区教育局", "区卫生健康局", "区市场监管局", "区住房城乡建设局", "区文化和旅游局", "区统计局")
# The portal's 部门动态: topic k belongs to unit k % 6, so each department reports on its own work.
DEPT_TOPICS = ("校园安全", "家庭医生签约服务", "食品安全", "老旧小区改造", "文化惠民", "统计执法",
               "课后服务", "疾病预防控制", "特种设备安全", "建筑施工安全", "全民阅读", "经济普查")


# Candidates listed with their resident ID numbers: invented people, numbers with valid check digits (REV-PRIVACY),
# and the same list as it should be published, the numbers masked (a near miss).
HIRED = (("王晓明", "男", "370199198804122319"), ("李春燕", "女", "370199199309071520"),
         ("张建华", "男", "370199199601213186"))


def _hired(mask: bool) -> str:
    rows = "".join(f"<tr><td>{k}</td><td>{name}</td><td>{sex}</td>"
                   f"<td>{number[:6] + '*' * 8 + number[-4:] if mask else number}</td></tr>"
                   for k, (name, sex, number) in enumerate(HIRED, 1))
    return ("<p>经资格审查，进入面试人员名单如下：</p><table class=\"gs\"><tr><th>序号</th><th>姓名</th><th>性别</th>"
            f"<th>公民身份号码</th></tr>{rows}</table>")


@dataclass(frozen=True)
class Extra:
    """A link placed on one page; ``expect`` = (rule, level, why) when it must become a finding."""
    href: str
    text: str
    expect: tuple[str, str, str] | None = None
    label: str = "相关链接"


@dataclass(frozen=True)
class Text:
    """A paragraph (HTML) written into one article; ``expect`` = (rule, level, why) when it must become a finding,
    ``near`` = why it must not."""
    para: str
    expect: tuple[str, str, str] | None = None
    near: str = ""


@dataclass
class Item:
    col: "Column"
    id: int
    date: dt.date
    time: str
    topic: str
    unit: str
    title: str
    url: str
    gbk: bool = False
    links: list[Extra] = field(default_factory=list)
    texts: tuple[Text, ...] = ()


@dataclass
class Column:
    code: str
    name: str
    ctype: str                          # the ColumnType tag as printed
    count: int = 0                      # articles; 0 on a list column = an empty column (暂无信息)
    newest: dt.date | None = None
    step: int = 7                       # days between items
    pool: str = "news"                  # news | notice | policy | interp | hr | plan | stats: titles and bodies
    topics: tuple[str, ...] = ()        # title topics (default: the site's)
    units: tuple[str, ...] = ()         # who acts in news titles (default: the site's own unit)
    of: str = ""                        # interp: the policy column interpreted
    static: str = ""                    # duties | leaders | guide | profile: a text page instead of a list
    undated: bool = False               # the list shows no dates
    home: bool = False                  # a block on the homepage
    more: str = ""                      # that block's 更多 link, when not the column itself
    gbk: frozenset[int] = frozenset()   # items served GBK-encoded with no charset anywhere
    extras: dict[int, list[Extra]] = field(default_factory=dict)
    texts: dict[int, tuple[Text, ...]] = field(default_factory=dict)   # paragraphs added to items, by index
    expect: tuple[tuple[str, str, str], ...] = ()
    cid: int = 0
    items: list[Item] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"/col/{self.code}/"


@dataclass
class Site:
    id: str
    dept: str                           # department id in district.yaml
    unit: str                           # the department: sponsor on the registry, 来源 of articles
    name: str                           # SiteName
    host: str
    code: int                           # 1..7, the last digits of the site's registration numbers
    short: str                          # how news titles name the unit
    address: str
    undertaker: str
    topics: tuple[str, ...]
    columns: list[Column]
    style: str = "trs"                  # trs | hanweb (table lists) | js (lists built by script) | old (GBK)
    home_date: str = ISO                # date format of the homepage blocks
    list_date: str = ISO                # date format of the list pages
    pubdate: str = ISO + " {t}"         # the PubDate tag
    printed: dict[str, str | None] = field(default_factory=dict)   # footer values unlike the registry; None: absent
    tag_idcode: str = ""                # SiteIDCode tag when unlike the footer
    contact: bool = True
    conac: bool = True
    errreport: bool = True
    omit: dict[str, tuple[str, ...]] = field(default_factory=dict)  # page kind → tags left out
    doc_prefix: str = "示政办字"        # 发文字号 prefix of policy documents
    soft404: bool = False
    dept_links: bool = False            # the portal's block of department sites
    home_extra: tuple[Extra, ...] = ()  # 专题专栏 block on the homepage
    paths: dict[str, dict] = field(default_factory=dict)            # manifest rules for this host
    expect: tuple[tuple[str, str, str], ...] = ()                   # site-level findings (the homepage)
    near: tuple[tuple[str, str], ...] = ()                          # near misses: (path, why no finding)

    @property
    def registry(self) -> dict[str, str]:
        return {"idcode": f"37019900{self.code:02d}", "icp": f"鲁ICP备050123{44 + self.code}号-1",
                "psb": f"鲁公网安备370199020001{self.code:02d}号", "sponsor": self.unit}

    def shown(self, key: str) -> str | None:
        return self.printed.get(key, self.registry[key])

    @property
    def home(self) -> str:
        return f"http://{self.host}:{{port}}/"

    @property
    def phone(self) -> str:
        return f"0531-876500{self.code:02d}"

    @property
    def encoding(self) -> str:
        return "gbk" if self.style == "old" else "utf-8"


def _stale(seen: str) -> tuple[tuple[str, str, str], ...]:
    return (("FRS-COLUMN-STALE", "deduct", seen),)


EMPTY = (("FRS-COLUMN-EMPTY", "deduct", "list shows 暂无信息"),)
SOFT404 = ("LNK-SOFT404", "deduct", "missing path answers 200 with 您访问的页面不存在")


@functools.cache
def sites() -> tuple[Site, ...]:
    """The demo district: one site per department, with items filled in (built once per process)."""
    d = dt.date
    zxft = Extra("/col/zxft/index.html", "在线访谈", ("LNK-BROKEN", "deduct", "404 page, one URL in four articles"))
    result = [
        Site(
            id="portal", dept="office", unit="示范区人民政府办公室", name="示范区人民政府", host="www.sfq.gov.cn", code=1,
            short="区政府", address="示范区政通路1号", undertaker="示范区大数据中心",
            topics=("优化营商环境", "安全生产", "防汛备汛", "乡村振兴", "城市更新", "招商引资", "民生实事", "生态环境保护",
                    "重点项目建设", "政务服务改革", "基层治理", "森林防火", "文明城市创建", "就业创业", "科技创新", "夏粮收购"),
            dept_links=True,
            home_extra=(Extra("/zt/2019/index.html", "优化营商环境专题（2019年）", ("LNK-HOME-BROKEN", "deduct", "404 page")),
                        Extra("/images/missing.png", "专题宣传图", ("LNK-HOME-BROKEN", "deduct", "404 image"))),
            paths={"/xwzx/": {"status": 301, "headers": {"Location": "/col/zwyw/"}}},
            near=(("/xwzx/", "homepage 更多 link answers 301 to /col/zwyw/, which works: no LNK finding"),
                  ("/col/bmdt/", "工作动态 column whose newest item is exactly 2024-06-16 (14 days): not stale"),
                  ("/col/jgzn/", "static 机构职能 page without dates: neither empty nor stale"),
                  ("/col/zjsfq/qqgk.html", "3 概况 pages and 2 政务要闻 articles (page 3) served GBK with no charset "
                                           "in header or page: must be read correctly, no finding")),
            columns=[
                Column("zwyw", "政务要闻", "要闻动态", 34, d(2024, 6, 28), 2, home=True, more="/xwzx/",
                       gbk=frozenset({30, 31}), extras={i: [zxft] for i in (1, 2, 3, 4)}),
                Column("bmdt", "部门动态", "工作动态", 20, d(2024, 6, 16), 3, home=True, units=DEPT_SHORTS,
                       topics=DEPT_TOPICS,
                       extras={3: [Extra("http://127.0.0.1:9/old/", "原部门动态专栏",
                                         ("LNK-BROKEN", "deduct", "connection refused"))]}),
                Column("tzgg", "通知公告", "通知公告", 16, d(2024, 6, 26), 9, pool="notice", home=True,
                       texts={0: (Text("<p>更正说明：本网6月17日发布的通知第二段中“攻府”应为“政府”，现已更正，特此说明。</p>",
                                       near="a correction notice quotes the error it corrects (“攻府”应为“政府”): "
                                            "no REV-SERIOUS"),)},
                       extras={2: [Extra("/attach/2024/06/bmhz.pdf", "报名回执.pdf",
                                         ("LNK-BROKEN", "deduct", "404 attachment"), label="附件2")]}),
                Column("zcwj", "政策文件", "政策文件", 10, d(2024, 6, 14), 20, pool="policy", home=True),
                Column("zcjd", "政策解读", "政策解读", 4, pool="interp", of="zcwj"),
                Column("rsxx", "人事信息", "人事信息", 5, d(2024, 3, 15), 40, pool="hr", topics=HR_TOPICS,
                       texts={0: (Text(_hired(mask=False), ("REV-PRIVACY", "warn", "3 resident ID numbers with valid "
                                                            "check digits in a list of names (370199********2319 …)")),)}),
                Column("ghjh", "规划计划", "规划计划", 4, d(2024, 2, 1), 50, pool="plan"),
                Column("tjsj", "统计数据", "统计数据", 8, d(2024, 6, 15), 30, pool="stats", topics=ECON_STATS),
                Column("zjsfq", "走进示范区", "概况信息", static="profile"),
                Column("jgzn", "机构职能", "机构职能", static="duties"),
                Column("ldxx", "领导信息", "概况信息", static="leaders"),
                Column("xxgkzn", "政府信息公开指南", "信息公开指南", static="guide"),
                Column("zwxmt", "政务新媒体", "概况信息", static="newmedia"),    # the account matrix (accounts.py)
            ]),
        Site(
            id="edu", dept="edu", unit="示范区教育局", name="示范区教育局", host="jyj.sfq.gov.cn", code=2,
            short="区教育局", address="示范区学府路8号", undertaker="示范区教育局办公室",
            topics=("校园安全", "义务教育招生", "教师队伍建设", "课后服务", "学前教育普及", "职业教育发展", "体育美育",
                    "学校食堂食品安全", "防溺水教育", "教育信息化", "家校共育", "中考组织"),
            home_date="{y}/{m:02d}/{d:02d}", list_date="{y}/{m:02d}/{d:02d}",
            printed={"idcode": "3701990012"}, tag_idcode="3701990012",
            omit={"article": ("PubDate", "ContentSource")},
            expect=(("FIL-IDCODE", "deduct", "footer and SiteIDCode show 3701990012; registry 3701990002"),
                    ("FIL-META", "deduct", "article pages lack PubDate and ContentSource"),
                    ("FRS-EMPTY-VETO", "warn", "2 empty columns: /col/jydd/, /col/xqjy/")),
            columns=[
                Column("jyyw", "教育要闻", "要闻动态", 18, d(2024, 6, 28), 2, home=True,
                       texts={0: (Text("<p>会议对暑期校园安全工作作出按排，要求各学校按排专人值守；"
                                       "秋季学期招生结果按排名先后顺序公布。</p>",
                                       ("REV-TYPO", "deduct", "按排 twice (one finding, count 2; 按排名 is right)")),),
                              3: (Text("<p>截止目前，全区已完成中小学校舍安全排查。</p>",
                                       ("REV-TYPO", "deduct", "截止目前 (截至目前)")),)},
                       extras={2: [Extra("http://jyzy.sfq.invalid/", "示范区教育资源公共服务平台",
                                         ("LNK-BROKEN", "deduct", "DNS failure (.invalid)"))]}),
                Column("gzdt", "工作动态", "工作动态", 12, d(2024, 6, 1), 5, home=True,
                       expect=_stale("news column, newest 2024-06-01 (29 days; window 14)")),
                Column("tzgg", "通知公告", "通知公告", 8, d(2023, 11, 15), 20, pool="notice", home=True,
                       expect=_stale("notice column, newest 2023-11-15 (window 6 months: 2023-12-30)")),
                Column("zsks", "招生考试", "通知公告", 8, d(2024, 6, 25), 10, pool="notice", home=True,
                       extras={0: [Extra(*link) for link in attachments.LINKS]}),
                Column("rsxx", "人事信息", "人事信息", 4, d(2023, 5, 1), 60, pool="hr", topics=HR_TOPICS,
                       expect=_stale("personnel column, newest 2023-05-01 (window 1 year: 2023-06-30)")),
                Column("jydd", "教育督导", "工作动态", expect=EMPTY),
                Column("xqjy", "学前教育", "工作动态", expect=EMPTY),
                Column("jgzn", "机构职能", "机构职能", static="duties"),
                Column("ldxx", "领导信息", "概况信息", static="leaders"),
            ]),
        Site(
            id="health", dept="health", unit="示范区卫生健康局", name="示范区卫生健康局", host="wjw.sfq.gov.cn", code=3,
            short="区卫生健康局", address="示范区康宁路26号", undertaker="示范区卫生健康局办公室", style="js",
            topics=("基层医疗服务", "家庭医生签约服务", "疾病预防控制", "爱国卫生运动", "医疗质量管理", "妇幼健康服务",
                    "老年健康服务", "卫生应急演练", "健康科普", "医院感染防控"),
            tag_idcode="3701990030", contact=False, omit={"column": ("ColumnDescription",)},
            expect=(("FRS-HOME-AGING", "warn", "homepage newest item 2024-06-19 (11 days)"),
                    ("FIL-IDCODE", "deduct", "SiteIDCode tag 3701990030; footer 3701990003 (= registry)"),
                    ("FIL-CONTACT", "deduct", "footer shows neither phone nor address"),
                    ("FIL-META", "deduct", "column pages lack ColumnDescription")),
            columns=[
                Column("wjdt", "卫健动态", "工作动态", 16, d(2024, 6, 19), 3, home=True,
                       texts={0: (Text("<p>会议回顾了新型冠状病毒肺炎疫情防控期间基层医疗机构的工作经验。</p>",
                                       ("REV-OUTDATED", "deduct", "新型冠状病毒肺炎, renamed 新型冠状病毒感染 on "
                                                                  "2022-12-26; article of 2024-06-19")),)}),
                Column("jcws", "基层卫生", "工作动态", 8, d(2024, 6, 17), 6, home=True),
                Column("tzgg", "通知公告", "通知公告", 10, d(2024, 6, 12), 15, pool="notice", home=True),
                Column("rsxx", "人事信息", "人事信息", 4, d(2024, 4, 10), 45, pool="hr", topics=HR_TOPICS),
                Column("wstj", "卫生统计", "统计数据", 6, d(2024, 5, 31), 30, pool="stats",
                       topics=("全区医疗服务情况", "全区基层医疗卫生机构服务情况")),
                Column("jgzn", "机构职能", "机构职能", static="duties"),
            ]),
        Site(
            id="market", dept="market", unit="示范区市场监督管理局", name="示范区市场监督管理局", host="scjg.sfq.gov.cn",
            code=4, short="区市场监管局", address="示范区和顺路66号", undertaker="示范区市场监督管理局办公室",
            topics=("食品安全", "特种设备安全", "价格监督检查", "知识产权保护", "消费维权", "计量器具检定", "广告监测",
                    "质量提升", "个体工商户发展", "网络交易监管"),
            home_date="[{m:02d}-{d:02d}]", pubdate="{y}年{m}月{d}日", printed={"icp": None}, conac=False,
            paths={"/xzxk/query.html": {"status": 403}, "/cxzx/ztcx.html": {"status": 429}},
            expect=(("FIL-ICP", "deduct", "no ICP number in the footer"),
                    ("FIL-CONAC", "deduct", "no 党政机关网站标识 in the footer"),
                    ("FIL-META-FORMAT", "warn", "PubDate tags read like 2024年6月20日")),
            near=(("/", "homepage newest item 2024-06-20 (10 days), printed [06-20] without the year: not aging"),),
            columns=[
                Column("scdt", "监管动态", "工作动态", 16, d(2024, 6, 20), 3, home=True,
                       texts={0: (Text("<p>会议强调，要持续推进攻府职能转变，不断提升市场监管效能。</p>",
                                       ("REV-SERIOUS", "veto", "攻府 for 政府 in the body")),)},
                       extras={2: [Extra("/cxzx/ztcx.html", "市场主体信息查询",
                                         ("LNK-BLOCKED", "inconclusive", "429 without Retry-After"))]}),
                Column("tzgg", "通知公告", "通知公告", 10, d(2024, 6, 18), 12, pool="notice", home=True,
                       extras={1: [Extra("/xzxk/query.html", "行政许可结果查询", ("LNK-BLOCKED", "inconclusive", "403"))]}),
                Column("sjgk", "双随机公开", "通知公告", 8, d(2024, 6, 5), 20, pool="notice", home=True),
                Column("zljg", "质量监管", "工作动态", 10, d(2024, 6, 25), 5, undated=True,
                       expect=(("FRS-UNDATED", "deduct", "list items show no dates (the articles are dated)"),)),
                Column("rsxx", "人事信息", "人事信息", 4, d(2024, 1, 20), 50, pool="hr", topics=HR_TOPICS),
                Column("jgzn", "机构职能", "机构职能", static="duties"),
            ]),
        Site(
            id="housing", dept="housing", unit="示范区住房和城乡建设局", name="示范区住房和城乡建设局",
            host="zjj.sfq.gov.cn", code=5, short="区住房城乡建设局", address="示范区安居路9号",
            undertaker="示范区住房和城乡建设局办公室", style="hanweb", soft404=True, doc_prefix="示建字",
            topics=("老旧小区改造", "建筑施工安全", "物业服务管理", "保障性住房建设", "城镇燃气安全", "农村危房改造",
                    "建筑市场秩序", "绿色建筑发展", "房屋安全排查", "工程质量提升"),
            printed={"psb": "鲁公网安备 37019902000150号", "sponsor": "示范区城市管理局", "icp": "鲁ICP备05012349号-2"},
            expect=(("FIL-PSB", "deduct", "footer 37019902000150; registry 37019902000105"),
                    ("FIL-SPONSOR", "deduct", "footer names 示范区城市管理局; registry 示范区住房和城乡建设局"),
                    ("FIL-ICP", "warn", "footer 鲁ICP备05012349号-2, registry -1: only the site suffix differs"),
                    ("FRS-EMPTY-VETO", "veto", "5 empty columns: /col/col5021/ … /col/col5025/"),
                    ("FIL-META-FORMAT", "warn", "ColumnType 新闻栏目 (column /col/col5011/ and its articles) is outside "
                                                "the 47号 vocabulary")),
            columns=[
                Column("col5011", "住建动态", "新闻栏目", 14, d(2024, 6, 27), 3, home=True,
                       extras={1: [Extra("/art/2023/12/5/art_5011_3880.html", "相关报道", SOFT404)]}),
                Column("col5012", "通知公告", "通知公告", 10, d(2024, 6, 21), 15, pool="notice", home=True,
                       extras={1: [Extra("/attach/2023/12/jzsc_gs.pdf", "建筑市场主体公示名单.pdf", SOFT404,
                                         label="附件2")]}),
                Column("col5013", "政策文件", "政策文件", 6, d(2024, 5, 8), 30, pool="policy"),
                Column("col5014", "项目公示", "通知公告", 8, d(2024, 6, 24), 10, pool="notice", home=True,
                       extras={0: [Extra("/col/col5099/index.html", "历史公示", SOFT404)]}),
                Column("col5021", "专项资金", "通知公告", expect=EMPTY),
                Column("col5022", "招标采购", "通知公告", expect=EMPTY),
                Column("col5023", "行政执法", "工作动态", expect=EMPTY),
                Column("col5024", "建筑市场", "工作动态", expect=EMPTY),
                Column("col5025", "质量安全", "工作动态", expect=EMPTY),
                Column("col5031", "机构职能", "机构职能", static="duties"),
            ]),
        Site(
            id="culture", dept="culture", unit="示范区文化和旅游局", name="示范区文化和旅游局", host="www.sfqwlj.com",
            code=6, short="区文化和旅游局", address="示范区文昌路12号", undertaker="示范区文化馆", style="old",
            list_date="[" + ISO + "]", errreport=False, doc_prefix="示文旅字",
            topics=("文化惠民", "非遗保护传承", "全民阅读", "乡村旅游", "文物安全", "文化市场执法", "公共文化服务",
                    "旅游安全", "群众文化活动", "文旅融合发展"),
            expect=(("FIL-DOMAIN", "deduct", "host www.sfqwlj.com is not under .gov.cn"),
                    ("FIL-ERRREPORT", "deduct", "no 我为政府网站找错 entry"),
                    ("FRS-HOME-STALE", "veto", "homepage newest item 2024-05-20 (41 days)"),
                    ("FRS-COLUMNS-VETO", "veto", "5 stale columns: 4 news + the first-level 通知公告")),
            columns=[
                Column("wldt", "文旅动态", "要闻动态", 12, d(2024, 5, 20), 4, home=True,
                       expect=_stale("news column, newest 2024-05-20")),
                Column("gzdt", "工作动态", "工作动态", 8, d(2024, 5, 12), 6, home=True,
                       expect=_stale("news column, newest 2024-05-12")),
                Column("whhd", "文化活动", "工作动态", 8, d(2024, 4, 28), 10, home=True,
                       expect=_stale("news column, newest 2024-04-28")),
                Column("lyzx", "旅游资讯", "工作动态", 6, d(2024, 3, 30), 12,
                       expect=_stale("news column, newest 2024-03-30")),
                Column("tzgg", "通知公告", "通知公告", 6, d(2023, 10, 8), 30, pool="notice", home=True,
                       expect=_stale("first-level notice column, newest 2023-10-08")),
                Column("zcwj", "政策文件", "政策文件", 4, d(2024, 1, 15), 60, pool="policy"),
                Column("jgzn", "机构职能", "机构职能", static="duties"),
            ]),
        Site(
            id="stats", dept="stats", unit="示范区统计局", name="示范区统计局", host="tjj.sfq.gov.cn", code=7,
            short="区统计局", address="示范区政通路1号", undertaker="示范区统计局办公室", home_date="{y}年{m}月{d}日",
            topics=("统计执法", "经济普查", "统计数据质量", "统计法治宣传", "统计业务培训", "统计调查", "统计信息化建设",
                    "统计服务"),
            printed={"icp": "鲁ICP备０５０１２３５１号-1", "psb": "鲁公网安备 37019902 000107号"},
            near=(("/", "clean site. Footer prints the ICP number with full-width digits and the 公网安备 number with "
                        "spaces; both normalise to the registered ones: no FIL finding"),
                  ("/col/jgzn/", "static 机构职能 page without dates")),
            columns=[
                Column("tjdt", "统计动态", "工作动态", 12, d(2024, 6, 28), 3, home=True),
                Column("tzgg", "通知公告", "通知公告", 8, d(2024, 6, 20), 20, pool="notice", home=True),
                Column("tjsj", "统计数据", "统计数据", 8, d(2024, 6, 15), 30, pool="stats", topics=ECON_STATS, home=True),
                Column("tjfx", "统计分析", "统计数据", 5, d(2024, 5, 28), 30, pool="stats",
                       topics=("示范区工业经济运行分析", "示范区消费市场运行分析", "示范区服务业发展情况分析")),
                Column("rsxx", "人事信息", "人事信息", 3, d(2024, 3, 1), 60, pool="hr", topics=HR_TOPICS,
                       texts={0: (Text(_hired(mask=True), near="a list of names with masked ID numbers "
                                                               "(370199********2319): no REV-PRIVACY"),)}),
                Column("jgzn", "机构职能", "机构职能", static="duties"),
                Column("ldxx", "领导信息", "概况信息", static="leaders"),
                Column("xxgkzn", "信息公开指南", "信息公开指南", static="guide"),
            ]),
    ]
    for site in result:
        _fill(site)
    return tuple(result)


def _fmt(pattern: str, date: dt.date, time: str = "") -> str:
    return pattern.format(y=date.year, m=date.month, d=date.day, t=time)


def _fill(site: Site) -> None:
    """Give every list column its items: dates counted back from ``newest``, ids growing with time."""
    columns = {c.code: c for c in site.columns}
    for ci, col in enumerate(site.columns):
        col.cid = int(col.code[3:]) if col.code.startswith("col") else site.code * 100 + ci + 10
        source = columns[col.of].items[:col.count] if col.of else [None] * col.count
        topics = col.topics or site.topics
        units = col.units or (site.short,)
        for i, doc in enumerate(source):
            date = doc.date + dt.timedelta(days=1) if doc else col.newest - dt.timedelta(days=i * col.step)
            item_id = site.code * 10000 + (ci + 1) * 200 + col.count - i
            templates = TEMPLATES.get(col.pool, NEWS)
            j = i + 7 * ci    # columns of one site start at different topics
            topic = doc.topic if doc else topics[j % len(topics)]
            month = date.replace(day=1) - dt.timedelta(days=1)
            title = (f"《{doc.title}》政策解读" if doc else
                     templates[(j // len(topics) + j) % len(templates)].format(
                         u=site.unit if col.pool == "policy" else units[j % len(units)], t=topic,
                         y=month.year if col.pool == "stats" else date.year, m=month.month, y2=date.year + 2))
            if site.style == "old":
                url = f"/col/{col.code}/{date:%Y%m}/t{date:%Y%m%d}_{item_id}.html"
            else:
                url = f"/art/{date.year}/{date.month}/{date.day}/art_{col.cid}_{item_id}.html"
            item = Item(col, item_id, date, TIMES[item_id % len(TIMES)], topic, units[j % len(units)], title, url,
                        gbk=i in col.gbk, links=list(col.extras.get(i, [])), texts=col.texts.get(i, ()))
            if doc:
                item.links.append(Extra(doc.url, doc.title, label="相关文件"))
                doc.links.append(Extra(item.url, item.title, label="相关解读"))
            col.items.append(item)
        titles = [it.title for it in col.items]
        assert len(set(titles)) == len(titles), f"{site.host}{col.url}: repeated titles"


# --- page parts --------------------------------------------------------------------------------------------

def _page(site: Site, title: str, meta: dict[str, str], body: str, crumbs: tuple[tuple[str, str], ...] = (),
          charset: bool = True) -> str:
    """One page in the site's frame: page tags, header, nav, breadcrumb, body, footer."""
    tags = "\n".join(f'<meta name="{k}" content="{escape(v)}">' for k, v in meta.items())
    head = f'<meta charset="{site.encoding}">\n' if charset else ""
    nav = ("".join(f'<li><a href="{c.url}">{c.name}</a></li>' for c in site.columns) + interaction.nav(site)
           + policy.nav(site) + jspages.nav(site))
    position = ""
    if crumbs:
        trail = " &gt; ".join(f'<a href="{href}">{name}</a>' if href else f"<span>{name}</span>"
                              for href, name in crumbs)
        position = f'<div class="position">当前位置：<a href="/">首页</a> &gt; {trail}</div>\n'
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{head}<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{escape(title)}</title>
{tags}
<link rel="stylesheet" href="/css/style.css">
</head>
<body>
<div class="header"><a href="/"><img src="/images/logo.png" alt="{site.name}"></a>
<span class="sitename">{site.name}</span></div>
<div class="nav"><ul><li><a href="/">首页</a></li>{nav}</ul></div>
<div class="main">
{position}{body}
</div>
{_footer(site)}
</body>
</html>
"""


def _footer(site: Site) -> str:
    first = [f"主办单位：{site.shown('sponsor')}", f"承办：{site.undertaker}"]
    if site.contact:
        first += [f"联系电话：{site.phone}", f"地址：{site.address}"]
    ids = [f"网站标识码：{site.shown('idcode')}"]
    if site.shown("icp"):
        ids.append(site.shown("icp"))
    psb = site.shown("psb")
    if psb == site.registry["psb"]:
        psb = psb.replace("公网安备", "公网安备 ")
    ids.append(f'<img src="/images/ga.png" alt="">{psb}')
    badges = []
    if site.conac:
        conac_id = hashlib.md5(site.host.encode()).hexdigest().upper()
        badges.append(f'<span id="_ideConac"><a href="/conac/?method=show&amp;id={conac_id}" target="_blank" '
                      f'title="党政机关网站标识"><img src="/images/dzjg.png" alt="党政机关"></a></span>')
    if site.errreport:
        badges.append('<span id="_span_jiucuo"><a href="/jiucuo/" target="_blank"><img src="/images/jiucuo.png" '
                      'alt="我为政府网站找错">我为政府网站找错</a></span>')
    portal = "" if site.dept_links else f'<p class="links"><a href="{PORTAL}" target="_blank">示范区人民政府</a></p>\n'
    return (f'<div class="footer">\n{portal}<p>{"　".join(first)}</p>\n<p>{"　".join(ids)}</p>\n'
            f'<p class="badges">{" ".join(badges)}</p>\n</div>')


def _site_meta(site: Site) -> dict[str, str]:
    return {"SiteName": site.name, "SiteDomain": site.host,
            "SiteIDCode": site.tag_idcode or site.shown("idcode") or ""}


def _column_meta(site: Site, name: str, ctype: str) -> dict[str, str]:
    meta = {**_site_meta(site), "ColumnName": name, "ColumnDescription": f"{site.name}{name}栏目，发布{name}相关信息。",
            "ColumnKeywords": f"{name},{site.unit}", "ColumnType": ctype}
    return {k: v for k, v in meta.items() if k not in site.omit.get("column", ())}


def _article_meta(site: Site, item: Item) -> dict[str, str]:
    meta = {**_site_meta(site), "ColumnName": item.col.name, "ColumnType": item.col.ctype, "ArticleTitle": item.title,
            "PubDate": _fmt(site.pubdate, item.date, item.time), "ContentSource": site.unit}
    return {k: v for k, v in meta.items() if k not in site.omit.get("article", ())}


def _link(extra: Extra) -> str:
    if extra.href.endswith((".png", ".jpg", ".gif")):
        return f'<img src="{extra.href}" alt="{extra.text}">'
    return f'<a href="{extra.href}" target="_blank">{escape(extra.text)}</a>'


# --- homepage, lists, static pages, articles ------------------------------------------------------------

def _home(site: Site) -> str:
    blocks = []
    for col in (c for c in site.columns if c.home):
        items = col.items[:HOME_ITEMS]
        if site.style == "hanweb":
            rows = "".join(f'<tr><td><a href="{it.url}" title="{it.title}">{it.title}</a></td>'
                           f'<td class="date">{_fmt(site.home_date, it.date)}</td></tr>' for it in items)
            inner = f'<table width="100%">{rows}</table>'
        else:
            rows = "".join(f'<li><a href="{it.url}" title="{it.title}">{it.title}</a>'
                           f'<span class="date">{_fmt(site.home_date, it.date)}</span></li>' for it in items)
            inner = f"<ul>{rows}</ul>"
        blocks.append(f'<div class="news-block"><h3>{col.name}</h3>{inner}'
                      f'<a class="more" href="{col.more or col.url}">更多</a></div>')
    if site.home_extra:
        links = "".join(f"<li>{_link(e)}</li>" for e in site.home_extra)
        blocks.append(f'<div class="news-block zt"><h3>专题专栏</h3><ul>{links}</ul></div>')
    if site.dept_links:
        others = [s for s in sites() if s.host != site.host]
        links = "".join(f'<li><a href="{s.home}" target="_blank">{s.name}</a></li>' for s in others)
        blocks.append(f'<div class="links"><h3>部门网站</h3><ul>{links}</ul></div>')
    body = f'<div class="banner"><img src="/images/banner.png" alt="{site.name}"></div>\n' + "\n".join(blocks)
    return _page(site, site.name, _site_meta(site), body)


JS_FILL = """(function () {
  var ul = document.getElementById("list");
  for (var i = 0; i < items.length; i++) {
    var li = document.createElement("li"), a = document.createElement("a"), s = document.createElement("span");
    a.href = items[i].url; a.title = items[i].title; a.textContent = items[i].title; s.textContent = items[i].date;
    li.appendChild(a); li.appendChild(s); ul.appendChild(li);
  }
})();
"""


def _pager(k: int, n: int) -> str:
    if n == 1:
        return ""
    def name(j: int) -> str:  # TRS names the pages index.html, index_1.html, index_2.html…
        return "./" if j == 0 else f"index_{j}.html"

    parts = [f"共{n}页", f"当前第{k + 1}页"]
    if k > 0:
        parts += ['<a href="./">首页</a>', f'<a href="{name(k - 1)}">上一页</a>']
    if k < n - 1:
        parts += [f'<a href="{name(k + 1)}">下一页</a>', f'<a href="{name(n - 1)}">尾页</a>']
    return f'<div class="page">{"　".join(parts)}</div>'


def _list_markup(site: Site, col: Column, items: list[Item]) -> str:
    if not items:
        return '<div class="list"><p>暂无信息</p></div>'
    date = (lambda it: "") if col.undated else (lambda it: _fmt(site.list_date, it.date))
    if site.style == "js":
        data = [{"title": it.title, "url": it.url, "date": date(it)} for it in items]
        return ('<div class="list-box"><ul id="list" class="list"></ul></div>\n<script>\n'
                f"var items = {json.dumps(data, ensure_ascii=False)};\n{JS_FILL}</script>")
    if site.style == "hanweb":
        rows = "".join(f'<tr><td class="bt"><a href="{it.url}" title="{it.title}" target="_blank">{it.title}</a></td>'
                       f'<td class="date" width="100">{date(it)}</td></tr>\n' for it in items)
        return f'<table class="list" width="100%"><tbody>\n{rows}</tbody></table>'
    rows = "".join(f'<li><a href="{it.url}" title="{it.title}" target="_blank">{it.title}</a>'
                   + (f"<span>{date(it)}</span>" if date(it) else "") + "</li>\n" for it in items)
    return f'<ul class="list">\n{rows}</ul>'


def _list_pages(site: Site, col: Column) -> dict[str, str]:
    per_page = max(len(col.items), 1) if site.style == "js" else PER_PAGE   # a script fills one long list
    chunks = [col.items[k:k + per_page] for k in range(0, len(col.items), per_page)] or [[]]
    pages = {}
    for k, chunk in enumerate(chunks):
        body = (f'<div class="column"><h2 class="column-title">{col.name}</h2>\n'
                f"{_list_markup(site, col, chunk)}\n{_pager(k, len(chunks))}\n</div>")
        name = "index.html" if k == 0 else f"index_{k}.html"
        pages[col.url + name] = _page(site, f"{col.name}_{site.name}", _column_meta(site, col.name, col.ctype), body,
                                      ((col.url, col.name),))
    return pages


PROFILE = {
    "qqgk": ("区情概况", ["示范区位于省境中部，辖4个街道、3个镇，总面积286平方公里，常住人口约32万人。",
                         "全区交通便利，产业基础较好，已形成装备制造、现代物流、文化旅游等产业集群，"
                         "先后获评省级生态文明建设示范区、省级全域旅游示范区。"]),
    "lsyg": ("历史沿革", ["示范区由原工业园区和周边镇街整合设立，实行区级管理体制。",
                         "设立以来，示范区坚持改革创新，持续优化发展环境，经济社会各项事业取得长足发展。"]),
    "zrdl": ("自然地理", ["示范区地处平原与丘陵过渡地带，地势南高北低，属温带季风气候，四季分明。",
                         "全区年平均气温约14摄氏度，年平均降水量约650毫米，境内有河流3条，水资源较为丰富。"]),
}


def _static_text(site: Site, col: Column) -> list[str]:
    t = site.topics
    if col.static == "newmedia":
        return accounts.matrix()
    if col.static == "duties":
        return [f"{site.unit}是区政府工作部门，主要职责是：",
                f"（一）贯彻执行国家、省、市有关{t[0]}工作的方针政策和法律法规，拟订全区相关政策措施并组织实施。",
                f"（二）负责全区{t[1]}工作的统筹协调和监督管理。",
                f"（三）组织开展{t[2]}相关工作，指导镇（街道）做好{t[3]}工作。",
                "（四）负责本部门政务公开、政务服务和安全生产工作。",
                "（五）完成区委、区政府交办的其他任务。",
                "内设机构：办公室、综合科、业务科、监督管理科、法规科。"]
    if col.static == "leaders":
        return ["主要负责人：主持全面工作。", "分管负责人：协助主要负责人工作，负责业务科、监督管理科工作。",
                "分管负责人：负责办公室、综合科、法规科工作。"]
    if col.static == "guide":
        return ["为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。",
                f"一、主动公开。{site.unit}主动公开的政府信息，通过本网站、政务新媒体等途径公开。",
                "二、依申请公开。公民、法人或者其他组织可以通过信函、当面提交或者网上申请等方式提出政府信息公开申请。",
                f"三、工作机构。办公地址：{site.address}；办公时间：工作日上午8:30—12:00，下午13:30—17:00。"]
    return ["示范区地处省境中部，区位优越，交通便利。欢迎了解示范区的区情概况、历史沿革和自然地理。"]


def _static_pages(site: Site, col: Column) -> dict[str, tuple[str, bool]]:
    """A text column (机构职能, 领导信息, 指南) and, for 走进示范区, its sub-pages served GBK without charset."""
    def text_page(name: str, paras: list[str], crumbs: tuple, charset: bool = True) -> str:
        text = "".join(f"<p>{p}</p>" for p in paras)
        body = f'<div class="article"><h1>{name}</h1>\n<div class="content">{text}</div></div>'
        return _page(site, f"{name}_{site.name}", _column_meta(site, name, col.ctype), body, crumbs, charset)

    paras = _static_text(site, col)
    if col.static == "profile":
        paras.append("了解更多：" + "　".join(f'<a href="{k}.html">{v[0]}</a>' for k, v in PROFILE.items()))
    pages = {col.url + "index.html": (text_page(col.name, paras, ((col.url, col.name),)), False)}
    if col.static == "profile":
        for key, (name, texts) in PROFILE.items():
            pages[f"{col.url}{key}.html"] = (text_page(name, texts, ((col.url, col.name), ("", name)), False), True)
    return pages


def _body(site: Site, item: Item) -> list[str]:
    """Invented official-sounding text; which variant is used depends only on the item id."""
    u, t, n = item.unit, item.topic, item.id
    md = f"{item.date.month}月{item.date.day}日"
    due = item.date + dt.timedelta(days=15)
    pool = item.col.pool
    if pool == "report":
        return policy.report_body(site, item)
    plan = item.title.partition("关于印发")[2].removesuffix("的通知")   # a policy document's own name
    if pool == "news":
        return [f"{md}，{u}组织召开{t}工作会议，通报前一阶段工作进展，分析存在的问题，研究部署下一步重点任务。",
                (f"会议指出，{t}工作事关群众切身利益，各单位要进一步提高思想认识，压实工作责任，确保各项措施落到实处。",
                 f"今年以来，{u}坚持把{t}作为重点工作来抓，建立工作台账，实行清单化管理，各项任务有序推进。",
                 f"会议强调，要坚持问题导向和目标导向，聚焦薄弱环节，细化工作措施，推动{t}工作提质增效。")[n % 3],
                ("会议要求，各单位要加强协调配合，形成工作合力，及时研究解决工作中遇到的困难和问题。",
                 "与会人员围绕工作中遇到的困难和问题进行了交流发言，并就下一步工作提出了意见建议。")[n % 2],
                f"下一步，{u}将持续强化督导检查，建立健全长效机制，推动{t}工作取得更大成效。"]
    if pool == "notice":
        return ["各有关单位：", f"为进一步做好{t}工作，根据工作安排，经研究，现将有关事项通知如下。",
                f"一、工作目标。全面排查{t}工作中存在的薄弱环节，建立问题清单、责任清单和整改清单，推动问题整改到位。",
                f"二、时间安排。各单位于{due.month}月{due.day}日前完成自查，并将自查情况报送{site.unit}。",
                "三、工作要求。各单位要高度重视，明确专人负责，按时报送有关材料，确保各项工作落到实处。",
                f"联系电话：{site.phone}", f"{site.unit}", f"{item.date.year}年{md}"]
    if pool == "policy":
        return ["各镇（街道），区直各有关部门：", f"《{plan}》已经研究同意，现印发给你们，请结合实际认真贯彻执行。",
                f"一、总体要求。坚持以人民为中心的发展思想，围绕{t}重点任务，健全工作机制，提升治理效能。",
                "二、主要任务。（一）完善工作制度。（二）强化基础保障。（三）加强督导考核。",
                "三、保障措施。各单位要加强组织领导，明确责任分工，确保各项任务按期完成。",
                f"{site.unit}", f"{item.date.year}年{md}"]
    if pool == "interp":
        plan = item.title.partition("关于印发")[2].removesuffix("的通知》政策解读")
        return [f"一、起草背景。为进一步做好{t}工作，结合我区实际，制定了《{plan}》（以下简称《方案》）。",
                "二、主要内容。《方案》分为总体要求、主要任务、保障措施三个部分，明确了各项任务的责任单位和完成时限。",
                "三、政策亮点。《方案》突出问题导向，细化工作措施，强化部门协同，便于基层抓好落实。"]
    if pool == "hr":
        return [f"根据有关规定，现将{t}相关事项予以公布。",
                f"公示期为{md}至{due.month}月{due.day}日。公示期间，如有异议，可通过来信、来电等方式向{site.unit}反映。",
                "反映问题要实事求是，并提供联系方式，以便核实有关情况。", f"联系电话：{site.phone}"]
    if pool == "plan":
        return [f"为深入推进{t}工作，结合我区实际，制定本计划。",
                f"一、总体目标。到{item.date.year + 2}年底，{t}工作机制更加健全，服务水平明显提升。",
                "二、重点任务。（一）完善工作机制。（二）强化基础保障。（三）加强督导考核。",
                "三、保障措施。各单位要加强组织领导，明确责任分工，确保各项任务按期完成。"]
    growth = 2 + n * 37 % 50 / 10
    return [f"现将{item.title}发布如下。",
            f"{item.title.split('月', 1)[0]}月，有关指标同比增长{growth:.1f}%，增幅比上月提高{n % 7 / 10 + 0.1:.1f}个百分点，"
            "总体保持平稳运行态势。",
            "注：本数据为初步统计数，最终以年度统计数据为准。"]


def _article(site: Site, item: Item) -> str:
    col = item.col
    date = f"{item.date:%Y-%m-%d}"
    if site.style == "hanweb":
        info = f"<span>发布日期：{date}</span>　<span>信息来源：{site.unit}</span>"
    else:
        info = f"发布时间：{date} {item.time}　来源：{site.unit}"
    head = ""
    if col.pool == "policy":
        made = item.date - dt.timedelta(days=2)
        number = f"{site.doc_prefix}〔{item.date.year}〕{item.id % 100}号"
        head = (f'<table class="xxgk-meta"><tr><th>索引号</th><td>{site.registry["idcode"]}/{item.date.year}-{item.id:05d}'
                f"</td><th>发布机构</th><td>{site.unit}</td></tr><tr><th>发文字号</th><td>{number}</td>"
                f"<th>成文日期</th><td>{made:%Y-%m-%d}</td></tr><tr><th>发布日期</th><td>{date}</td>"
                "<th>有效性</th><td>有效</td></tr></table>\n")
    paras = "".join(f"<p>{p}</p>" for p in _body(site, item)) + "".join(t.para for t in item.texts)
    if col.pool == "news" and item.id % 3 == 0:
        paras += f'<p class="img"><img src="/images/art/{item.id}.png" alt="{escape(item.title)}"></p>'
    links = list(item.links)
    if col.pool in ("notice", "policy", "hr") and item.id % 2 == 0:
        links.insert(0, Extra(f"/attach/{item.date.year}/{item.id}.pdf", f"{item.topic}有关材料.pdf", label="附件1"))
    paras += "".join(f'<p class="related">{e.label}：{_link(e)}</p>' for e in links)
    body = (f'<div class="article">{head}<h1>{escape(item.title)}</h1>\n<div class="info">{info}</div>\n'
            f'<div class="content">{paras}</div></div>')
    return _page(site, f"{item.title}_{site.name}", _article_meta(site, item), body,
                 ((col.url, col.name), ("", "正文")), charset=not item.gbk)


def _service_page(site: Site, title: str, text: str) -> str:
    body = f'<div class="article"><h1>{title}</h1><div class="content"><p>{text}</p></div></div>'
    return _page(site, f"{title}_{site.name}", _site_meta(site), body, (("", title),))


# --- files -------------------------------------------------------------------------------------------------

def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


CSS = """body{margin:0;font:14px/1.8 "Microsoft YaHei",sans-serif;color:#333}a{color:#333;text-decoration:none}
.header{background:#b40000;color:#fff;padding:16px 40px;font-size:26px}.header img{vertical-align:middle}
.nav ul{margin:0;padding:0;background:#8c0000;list-style:none}.nav li{display:inline-block}
.nav a{color:#fff;padding:0 14px}.main{width:1100px;margin:0 auto}.position{padding:8px 0;border-bottom:1px solid #ddd}
.news-block,.links{display:inline-block;vertical-align:top;width:520px;margin:10px}
.date,.list span{float:right;color:#999}.list li{border-bottom:1px dashed #ddd}.page{text-align:center;padding:12px}
.article h1{text-align:center;font-size:22px}.info{text-align:center;color:#888}.content p{text-indent:2em}
.footer{background:#eee;text-align:center;padding:16px}
"""


def _site_files(site: Site) -> tuple[dict[str, bytes], dict[str, dict]]:
    """Every file of one site (path → bytes) and the site's manifest path rules."""
    text: dict[str, tuple[str, bool]] = {"/index.html": (_home(site), False)}
    for col in site.columns:
        if col.static:
            text.update(_static_pages(site, col))
            continue
        text.update({path: (html, False) for path, html in _list_pages(site, col).items()})
        text.update({it.url: (_article(site, it), it.gbk) for it in col.items})
    if site.conac:
        text["/conac/index.html"] = (_service_page(
            site, "党政机关网站标识", f"网站名称：{site.name}　主办单位：{site.unit}　网站标识码：{site.registry['idcode']}"), False)
    if site.errreport:
        text["/jiucuo/index.html"] = (_service_page(
            site, "我为政府网站找错", f"欢迎您对{site.name}存在的错误和问题进行反馈，我们将及时核实处理。"), False)
    if site.soft404:
        text["/404.html"] = (_service_page(site, "页面不存在", "您访问的页面不存在或已被删除，请返回首页。"), False)
    paths = dict(site.paths)
    files: dict[str, bytes] = {}
    for path, (html, gbk) in text.items():
        files[path] = html.encode("gbk" if gbk else site.encoding)
        if gbk:
            paths[path] = {"charset": None}
    files["/css/style.css"] = CSS.encode()
    files.update(interaction.files(site))       # message boards, service guides, the disclosure catalogue
    files.update(policy.files(site))            # the portal's 政府文件 column (POL)
    files.update(jspages.files(site))           # the JavaScript-only column
    images = {"logo": (48, 48, (180, 0, 0)), "banner": (240, 60, (200, 40, 40)), "ga": (16, 16, (30, 60, 160)),
              "dzjg": (110, 55, (190, 20, 20)), "jiucuo": (110, 50, (20, 90, 170))}
    images = {k: v for k, v in images.items() if (k != "dzjg" or site.conac) and (k != "jiucuo" or site.errreport)}
    files.update({f"/images/{k}.png": _png(*v) for k, v in images.items()})
    for col in site.columns:
        for it in col.items:
            if col.pool == "news" and it.id % 3 == 0:
                files[f"/images/art/{it.id}.png"] = _png(60, 40, (90, 120 + it.id % 100, 90))
            if col.pool in ("notice", "policy", "hr") and it.id % 2 == 0:
                files[f"/attach/{it.date.year}/{it.id}.pdf"] = attachments.pdf(())
    files.update(attachments.files(site.id))
    return files, paths


def build(dest: Path) -> None:
    """Write every demo site under ``dest/<host>/`` and ``dest/_manifest.json`` (replacing earlier builds)."""
    dest = Path(dest)
    manifest: dict = {"defaults": {"headers": {"Date": SERVER_DATE}}, "hosts": {}, "paths": {}}
    for site in sites():
        root = dest / site.host
        if root.exists():
            shutil.rmtree(root)
        files, paths = _site_files(site)
        for path, data in files.items():
            target = root / path.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if site.soft404:
            manifest["hosts"][site.host] = {"soft404": True}
        if paths:
            manifest["paths"][site.host] = paths
    dest.mkdir(parents=True, exist_ok=True)
    accounts.build(dest, manifest)
    closed.build(dest)
    (dest / "_manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# --- the expected findings -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Expect:
    rule: str
    level: str
    site: str      # site id (the finding's target)
    url: str       # what the finding points at; "{port}" stands for the server's port
    seen: str      # what the demo shows


def expected() -> list[Expect]:
    """Every finding the demo must produce, read from the declarations in ``sites()``."""
    rows: list[Expect] = []
    for site in sites():
        absolute = lambda href: href if "://" in href else site.home.rstrip("/") + href  # noqa: E731
        rows += [Expect(rule, level, site.id, site.home, seen) for rule, level, seen in site.expect]
        rows += [Expect(*e.expect[:2], site.id, absolute(e.href), e.expect[2] + " (homepage)")
                 for e in site.home_extra if e.expect]
        referrers: dict[tuple, list[str]] = {}
        for col in site.columns:
            rows += [Expect(rule, level, site.id, absolute(col.url), seen) for rule, level, seen in col.expect]
            rows += [Expect(*t.expect[:2], site.id, absolute(it.url), t.expect[2])
                     for it in col.items for t in it.texts if t.expect]
            for it in col.items:
                for e in it.links:
                    if e.expect:
                        referrers.setdefault((e.expect, absolute(e.href)), []).append(it.url)
        rows += [Expect(*exp[:2], site.id, url, f"{exp[2]}; linked from {', '.join(pages)}")
                 for (exp, url), pages in referrers.items()]
    return (rows + [Expect(*row) for row in accounts.expected()] + interaction.expected()
            + [Expect(*row) for row in closed.expected()] + [Expect(*row) for row in policy.expected()]
            + jspages.expected())


def near_misses() -> list[tuple[str, str, str]]:
    """(site id, url, why) of every near miss: what looks like a problem and must not be found."""
    rows = [(s.id, s.home.rstrip("/") + path, why) for s in sites() for path, why in s.near]
    rows += [(s.id, s.home.rstrip("/") + it.url, t.near) for s in sites() for col in s.columns for it in col.items
             for t in it.texts if t.near]
    return (rows + accounts.near_misses() + interaction.near_misses() + closed.near_misses() + policy.near_misses()
            + attachments.near_misses() + jspages.near_misses())


def expected_markdown() -> str:
    """The two tables of config/demo/README.md: expected findings, and near misses that must not be found."""
    lines = ["| # | rule | level | target | url | what the demo shows |", "|---|---|---|---|---|---|"]
    lines += [f"| {i} | {e.rule} | {e.level} | {e.site} | `{e.url}` | {e.seen} |" for i, e in enumerate(expected(), 1)]
    lines += ["", "| target | url | near miss: must NOT be found |", "|---|---|---|"]
    lines += [f"| {site} | `{url}` | {why} |" for site, url, why in near_misses()]
    return "\n".join(lines) + "\n"
