"""A deterministic CMS-like government site of about 10,000 HTML pages, written as static files.

It imitates what a TRS/大汉-style site serves, so the crawl and the checks do realistic work: a homepage with
column blocks, paginated column lists (``/col/col<id>/index.html``, ``index_1.html``, … 20 dated items a page),
article pages (``/art/2024/6/20/art_<id>_<n>.html``) with a nav bar, breadcrumb, the 47号 page tags, a Chinese
body of 2–4 KB and a filing footer; images, attachments, CSS and JS to be link-checked; ~5% of pages in GBK.
Every link stays on the site, so nothing leaves 127.0.0.1.
"""
from __future__ import annotations

import datetime as dt
import html
import math
import random
from dataclasses import dataclass
from pathlib import Path

SITE_NAME = "示范区人民政府"
SPONSOR = "示范区人民政府办公室"
DOMAIN = "www.sfq.gov.cn"
REGISTRY = {"idcode": "3701990001", "icp": "鲁ICP备05012345号-1", "psb": "鲁公网安备37019902000101号",
            "sponsor": SPONSOR}
LAST_DAY = dt.date(2024, 6, 28)
PER_PAGE = 20
GBK_EVERY = 20          # every 20th page is GBK-encoded
WINDOW = 5              # page numbers shown either side of the current list page

# (name, ColumnType); the first twelve are homepage blocks, the first ten the nav bar.
COLUMNS = [
    ("工作动态", "工作动态"), ("通知公告", "通知公告"), ("政策文件", "政策文件"), ("政策解读", "政策解读"),
    ("部门动态", "工作动态"), ("乡镇动态", "工作动态"), ("媒体关注", "工作动态"), ("图片新闻", "工作动态"),
    ("人事信息", "人事信息"), ("财政预决算", "财政信息"), ("政府采购", "通知公告"), ("招标投标", "通知公告"),
    ("规划计划", "规划计划"), ("统计数据", "统计信息"), ("统计公报", "统计信息"), ("应急管理", "工作动态"),
    ("安全生产", "工作动态"), ("环境保护", "工作动态"), ("食品药品", "工作动态"), ("教育信息", "工作动态"),
    ("医疗卫生", "工作动态"), ("社会保障", "工作动态"), ("就业创业", "工作动态"), ("住房保障", "工作动态"),
    ("扶贫救助", "工作动态"), ("建议提案办理", "建议提案"), ("政府常务会议", "会议信息"), ("政府信息公开年报", "年度报告"),
    ("政务公开指南", "公开指南"), ("行政执法公示", "执法公示"), ("双随机一公开", "执法公示"), ("权责清单", "清单信息"),
    ("重大项目", "工作动态"), ("国有企业", "工作动态"), ("公共资源配置", "通知公告"), ("价格收费", "清单信息"),
    ("审计信息", "工作动态"), ("征地信息", "通知公告"), ("人大代表建议", "建议提案"), ("政协委员提案", "建议提案"),
]
STATIC = {"/about/index.html": "关于本网", "/contact/index.html": "联系我们", "/sitemap/index.html": "网站地图",
          "/jiucuo/index.html": "网站纠错"}
SHARED_IMAGES = ["/images/logo.png", "/images/banner.jpg", "/images/dzjg.png", "/images/jiucuo.png"]
ASSETS = ["/css/style.css", "/js/jquery.min.js", "/js/common.js"]

ORGS = ["区发展改革局", "区教育局", "区财政局", "区人力资源社会保障局", "区自然资源局", "区住房城乡建设局", "区交通运输局",
        "区农业农村局", "区商务局", "区文化和旅游局", "区卫生健康委", "区应急管理局", "区市场监管局", "区统计局", "区医保局"]
TOPICS = ["安全生产", "营商环境", "乡村振兴", "重点项目建设", "疫情防控", "防汛抗旱", "民生实事", "招商引资", "生态环境保护",
          "政务服务", "数字政府建设", "文明城市创建", "食品安全", "就业创业", "河湖长制", "森林防火", "信访维稳", "普法宣传"]
TITLES = ["{org}召开{topic}工作推进会", "关于做好{topic}工作的通知", "{org}开展{topic}专项检查", "我区{topic}工作取得新成效",
          "{org}部署{topic}重点任务", "关于印发《{topic}工作方案》的通知", "{org}举办{topic}专题培训班", "{topic}工作情况通报"]
SENTENCES = [
    "为深入贯彻落实党中央、国务院决策部署，按照省、市工作要求，结合我区实际，现就有关事项通知如下。",
    "会议强调，各级各部门要进一步提高政治站位，切实增强责任感和紧迫感，以更加务实的作风抓好各项任务落实。",
    "要坚持问题导向和目标导向，聚焦重点领域和关键环节，全面排查风险隐患，建立问题清单、责任清单和整改清单。",
    "要强化统筹协调，各牵头单位要主动担当作为，配合单位要积极履职尽责，形成上下联动、齐抓共管的工作格局。",
    "今年以来，我区坚持以人民为中心的发展思想，持续加大民生投入，各项社会事业取得了新的进展。",
    "下一步，我们将继续完善工作机制，加强督促检查，确保各项工作任务按时保质完成，不断提升群众满意度。",
    "检查组一行深入企业生产车间、仓储区域和施工现场，详细了解安全管理制度落实、应急预案制定和演练等情况。",
    "针对检查中发现的问题，检查组当场反馈并提出整改意见，要求企业立即整改，确保隐患整改到位、闭环管理。",
    "本次培训采取集中授课、案例分析和交流研讨相结合的方式，进一步提升了干部队伍的业务能力和综合素质。",
    "各单位要严格落实信息报送制度，对工作中的新情况、新问题及时报告，对好的经验做法及时总结推广。",
    "据统计，上半年全区共完成固定资产投资同比增长百分之八点五，社会消费品零售总额同比增长百分之六点二。",
    "会议听取了各有关部门关于前一阶段工作情况的汇报，研究讨论了存在的困难和问题，对下一阶段工作进行了安排。",
    "要加大宣传力度，充分利用政府网站、政务新媒体等渠道，广泛宣传政策措施，营造全社会共同参与的良好氛围。",
    "各镇街、各部门要高度重视，主要负责同志要亲自抓、负总责，分管负责同志要具体抓、抓具体，确保责任落实到位。",
    "联系电话：0531-88990011；电子邮箱：sfqzfb@sfq.gov.cn；通讯地址：示范区人民路1号区政府办公楼。",
]
PAD = "\u3000\u3000"


@dataclass
class Column:
    id: int
    name: str
    type: str
    articles: list["Article"]

    @property
    def dir(self) -> str:
        return f"/col/col{self.id}/"

    @property
    def pages(self) -> int:
        return max(1, math.ceil(len(self.articles) / PER_PAGE))

    def page_url(self, n: int) -> str:
        return self.dir + ("index.html" if n == 0 else f"index_{n}.html")


@dataclass
class Article:
    n: int
    title: str
    date: dt.date
    source: str

    def url(self, column: Column) -> str:
        return f"/art/{self.date.year}/{self.date.month}/{self.date.day}/art_{column.id}_{self.n}.html"


@dataclass
class SiteStats:
    html_pages: int
    gbk_pages: int
    articles: int
    list_pages: int
    images: int
    attachments: int
    bytes: int


def _plan(rng: random.Random, html_pages: int) -> list[Column]:
    """Columns with article counts summing so that home + static + lists + articles == html_pages."""
    weights = [rng.uniform(0.2, 1.0) * (6 if i < 4 else 1) for i in range(len(COLUMNS))]
    total = sum(weights)
    budget = (html_pages - 1 - len(STATIC)) * PER_PAGE / (PER_PAGE + 1)
    counts = [max(3, round(budget * w / total)) for w in weights]
    size = lambda: sum(counts) + sum(max(1, math.ceil(c / PER_PAGE)) for c in counts) + 1 + len(STATIC)
    order = sorted(range(len(counts)), key=lambda i: -counts[i])
    while (gap := html_pages - size()) != 0:    # settle rounding where no list page is added or dropped
        step = 1 if gap > 0 else -1
        counts[next(i for i in order if counts[i] % PER_PAGE != (0 if step > 0 else 1))] += step
    columns, serial = [], 5_900_000
    for i, ((name, ctype), count) in enumerate(zip(COLUMNS, counts)):
        span = rng.choice([90, 365, 700, 1400]) if i >= 4 else 365
        newest = LAST_DAY - dt.timedelta(days=rng.choice([0, 1, 3, 10, 40, 200]) if i >= 4 else rng.randint(0, 2))
        articles = []
        for k in range(count):
            serial += rng.randint(1, 30)
            title = rng.choice(TITLES).format(org=rng.choice(ORGS), topic=rng.choice(TOPICS))
            articles.append(Article(serial, title, newest - dt.timedelta(days=k * span // max(count, 1)),
                                    rng.choice(ORGS)))
        columns.append(Column(1_229_000_000 + i * 7919, name, ctype, articles))
    return columns


def _tags(**tags: str) -> str:
    return "".join(f'<meta name="{k}" content="{html.escape(v)}">' for k, v in tags.items())


def _site_tags() -> dict[str, str]:
    return {"SiteName": SITE_NAME, "SiteDomain": DOMAIN, "SiteIDCode": REGISTRY["idcode"]}


def _column_tags(col: Column) -> dict[str, str]:
    return {**_site_tags(), "ColumnName": col.name, "ColumnDescription": f"{SITE_NAME}{col.name}",
            "ColumnKeywords": col.name, "ColumnType": col.type}


class _Writer:
    """Renders the page chrome once and writes pages, choosing the encoding."""

    def __init__(self, root: Path, columns: list[Column]):
        self.root, self.count, self.gbk, self.bytes = root, 0, 0, 0
        nav = "".join(f'<li><a href="{c.page_url(0)}">{c.name}</a></li>' for c in columns[:10])
        self.nav = f'<div class="nav"><ul><li><a href="/">首页</a></li>{nav}</ul></div>'
        self.head = ('<link rel="stylesheet" href="/css/style.css"><script src="/js/jquery.min.js"></script>'
                     '<script src="/js/common.js"></script>')
        self.header = f'<div class="header"><a href="/"><img src="/images/logo.png" alt="{SITE_NAME}"></a></div>'
        self.footer = (
            '<div class="footer"><div class="links">'
            + "".join(f'<a href="{p}">{t}</a>' for p, t in STATIC.items())
            + f'</div><p>主办单位：{SPONSOR}　承办单位：示范区大数据中心</p>'
            '<p>联系电话：0531-88990011　地址：示范区人民路1号　邮编：250000</p>'
            f'<p>网站标识码：{REGISTRY["idcode"]}　<span class="icp">{REGISTRY["icp"]}</span>　'
            '<span class="psb"><img src="/images/ga.png" alt="">鲁公网安备 37019902000101号</span></p>'
            '<span id="_ideConac"><img src="/images/dzjg.png" alt="党政机关"></span>'
            '<a href="/jiucuo/index.html"><img src="/images/jiucuo.png" alt="政府网站找错"></a></div>')

    def page(self, path: str, title: str, tags: dict[str, str], body: str) -> None:
        gbk = self.count % GBK_EVERY == GBK_EVERY - 1
        text = (f'<!DOCTYPE html><html><head><meta charset="{"gbk" if gbk else "utf-8"}">'
                f'<meta http-equiv="X-UA-Compatible" content="IE=edge"><title>{title}</title>{_tags(**tags)}'
                f'{self.head}</head><body>{self.header}{self.nav}<div class="main">{body}</div>{self.footer}'
                '</body></html>')
        data = text.encode("gbk" if gbk else "utf-8")
        self.write(path, data)
        self.count += 1
        self.gbk += gbk

    def write(self, path: str, data: bytes) -> None:
        target = self.root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.bytes += len(data)


def _items(col: Column, articles: list[Article], css: str = "list") -> str:
    rows = "".join(f'<li><a href="{a.url(col)}" title="{a.title}">{a.title}</a><span>{a.date.isoformat()}</span></li>'
                   for a in articles)
    return f'<ul class="{css}">{rows}</ul>'


def _pager(col: Column, n: int) -> str:
    last = col.pages - 1
    links = [f'<a href="{col.page_url(0)}">首页</a>']
    if n > 0:
        links.append(f'<a href="{col.page_url(n - 1)}">上一页</a>')
    links += [f'<a href="{col.page_url(k)}">{k + 1}</a>' if k != n else f"<b>{k + 1}</b>"
              for k in range(max(0, n - WINDOW), min(last, n + WINDOW) + 1)]
    if n < last:
        links.append(f'<a href="{col.page_url(n + 1)}">下一页</a>')
    links.append(f'<a href="{col.page_url(last)}">尾页</a>')
    return f'<div class="page">共{len(col.articles)}条　第{n + 1}/{col.pages}页　{"".join(links)}</div>'


def _body(rng: random.Random) -> str:
    paragraphs, size = [], 0
    target = rng.randint(700, 1300)          # characters: 2–4 KB of UTF-8
    while size < target:
        para = "".join(rng.sample(SENTENCES, rng.randint(2, 4)))
        paragraphs.append(f"<p>{PAD}{para}</p>")
        size += len(para)
    return "".join(paragraphs)


def generate(root: Path, html_pages: int = 10_000, seed: int = 20240630) -> SiteStats:
    """Write the site under ``root`` (a folder that should be empty) and say what it holds."""
    rng = random.Random(seed)
    columns = _plan(rng, html_pages)
    w = _Writer(root, columns)
    png, jpg = b"\x89PNG\r\n\x1a\n" + bytes(600), b"\xff\xd8\xff\xe0" + bytes(3000)
    pdf = b"%PDF-1.4\n" + b"% bench attachment\n" * 200 + b"%%EOF\n"
    for path in SHARED_IMAGES + ["/images/ga.png"]:
        w.write(path, png if path.endswith(".png") else jpg)
    for path in ASSETS:
        w.write(path, b"/* bench */\n" * 200)

    blocks = "".join(f'<div class="news-block"><h3><a href="{c.page_url(0)}">{c.name}</a></h3>'
                     f'{_items(c, c.articles[:8], "news")}<a class="more" href="{c.page_url(0)}">更多</a></div>'
                     for c in columns[:12])
    directory = "".join(f'<li><a href="{c.page_url(0)}">{c.name}</a></li>' for c in columns)
    w.page("/index.html", SITE_NAME, _site_tags(),
           f'<img src="/images/banner.jpg" alt="">{blocks}<div class="columns"><ul>{directory}</ul></div>')
    for path, name in STATIC.items():
        w.page(path, f"{name}_{SITE_NAME}", _site_tags(),
               f'<div class="position">当前位置：<a href="/">首页</a> &gt; {name}</div><h1>{name}</h1>{_body(rng)}')

    images = attachments = 0
    for ci, col in enumerate(columns):
        group = columns[ci // 8 * 8: ci // 8 * 8 + 8]
        menu = "".join(f'<li><a href="{c.page_url(0)}">{c.name}</a></li>' for c in group)
        crumb = f'<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="{col.page_url(0)}">{col.name}</a>'
        for n in range(col.pages):
            chunk = col.articles[n * PER_PAGE:(n + 1) * PER_PAGE]
            listing = _items(col, chunk) if chunk else '<div class="list"><p>暂无信息</p></div>'
            w.page(col.page_url(n), f"{col.name}_{SITE_NAME}", _column_tags(col),
                   f'{crumb}</div><div class="left"><ul>{menu}</ul></div>'
                   f'<div class="right">{listing}{_pager(col, n)}</div>')
        for k, art in enumerate(col.articles):
            extra = ""
            if rng.random() < 0.2:
                path = f"/picture/{art.date.year}/{art.date.month}/img_{art.n}.jpg"
                w.write(path, jpg)
                extra += f'<p style="text-align:center"><img src="{path}" alt="{art.title}"></p>'
                images += 1
            if rng.random() < 0.1:
                path = f"/attach/{art.n}.pdf"
                w.write(path, pdf)
                extra += f'<p>附件：<a href="{path}">{art.title}.pdf</a></p>'
                attachments += 1
            near = [col.articles[j] for j in (k - 1, k + 1) if 0 <= j < len(col.articles)]
            prevnext = "".join(f'<li><a href="{a.url(col)}">{a.title}</a></li>' for a in near)
            stamp = f"{art.date.isoformat()} {9 + art.n % 8:02d}:{art.n % 60:02d}"
            tags = {**_column_tags(col), "ArticleTitle": art.title, "PubDate": stamp, "ContentSource": art.source}
            w.page(art.url(col), f"{art.title}_{SITE_NAME}", tags,
                   f'{crumb} &gt; 正文</div><div class="article"><h1>{art.title}</h1>'
                   f'<div class="info">发布时间：{stamp}　来源：{art.source}　浏览次数：<span id="hits"></span></div>'
                   f'<div class="content">{_body(rng)}{extra}</div>'
                   f'<div class="prevnext"><ul>{prevnext}</ul></div></div>')
    return SiteStats(html_pages=w.count, gbk_pages=w.gbk, articles=sum(len(c.articles) for c in columns),
                     list_pages=sum(c.pages for c in columns), images=images, attachments=attachments,
                     bytes=w.bytes)
