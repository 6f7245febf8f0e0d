"""Extraction: what one HTML page shows a reader, read off a single lxml parse.

Pure functions (no network, no Scrapy). Only static markup a reader sees counts: text inside <script>, comments
or <meta> is never "shown", so a footer written by JavaScript yields no footer values rather than invented ones
(whether to render such a page in Chromium is the spider's decision).
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import islice
from urllib.parse import urljoin, urlsplit

from lxml import etree
from w3lib.encoding import html_to_unicode

from crawler import documents, interaction
from crawler.dates import (CJK_RE, FULL_DATE_RE, after_date_label, full_date, labelled_dates,
                           place_month_day, standalone_month_day, url_year_month)
from crawler.snapshot import Link, ListItem, PageData

# --- decoding -------------------------------------------------------------------------------------


def decode_html(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Text and encoding of a response body: BOM, then the HTTP charset, then <meta>, then a guess.

    Chinese government pages that declare nothing are GBK, so the guess tries strict UTF-8, then GB18030, then
    cp1252. A declaration the bytes contradict (a GBK page labelled UTF-8) loses to a strict decode that works.
    """
    encoding, text = html_to_unicode(content_type or None, body, auto_detect_fun=_guess_encoding)
    if "\ufffd" in text and not encoding.startswith(("utf-16", "utf-32")):
        for candidate in ("utf-8", "gb18030"):
            if candidate != encoding and _decodes(body, candidate):
                return body.decode(candidate), candidate
    return text, encoding


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _guess_encoding(body: bytes) -> str:
    return next((e for e in ("utf-8", "gb18030") if _decodes(body, e)), "cp1252")


# --- vocabulary ------------------------------------------------------------------------------------

# 47号 page tags under their canonical spelling; other <meta name> values are stored as written.
_TAG_NAMES = {name.lower(): name for name in (
    "SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType",
    "ArticleTitle", "PubDate", "ContentSource", "Keywords", "Description", "Author", "Url")}

_INVISIBLE = frozenset({"script", "style", "noscript", "template", "select", "head", "iframe", "object", "svg"})
_BLOCK = frozenset({"address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "div", "dl", "dt",
                    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
                    "header", "hr", "li", "main", "nav", "ol", "option", "p", "pre", "section", "table", "tbody",
                    "td", "tfoot", "th", "thead", "tr", "ul"})
_LINK_ATTRS = {"a": "href", "area": "href", "link": "href", "img": "src", "script": "src", "iframe": "src",
               "embed": "src", "source": "src"}
_SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "about:", "vbscript:")
_LIST_TAGS = frozenset({"ul", "ol", "table", "tbody", "dl", "div"})
_BADGE_TAGS = frozenset({"a", "img", "script", "link", "iframe"})

# Regions by the names sites give them (class and id).
_NAV_CLASS_RE = re.compile(r"nav|menu|daohang", re.I)
_FOOTER_CLASS_RE = re.compile(r"foot|bottom|copyright|banquan|dibu|beian", re.I)
_LIST_CLASS_RE = re.compile(r"list|lb|news|xxgk|article|con", re.I)
_CRUMB_CLASS_RE = re.compile(r"crumb|position|location|weizhi|dqwz|mianbao|curpos", re.I)
# Text a footer carries; a footer-named block without any (an empty JS slot, "back to top") is no footer.
_FOOTER_SIGNAL_RE = re.compile(r"版权|主办|承办|ICP|公网安备|标识码|备案|地\s*址|电\s*话|Copyright|©", re.I)
_FOOTER_MAX_CHARS = 800        # a footer found by its contents (no footer name) is a small block

# Footer registration items; digits and letters may be printed full-width.
_D = "[0-9０-９]"
_PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀贵黔云滇藏陕秦甘陇青宁新"
_IDCODE_RE = re.compile(rf"标识码\s*[:：]?\s*([bBｂＢ][mMｍＭ]{_D}{{8}}|{_D}{{10}})(?![0-9０-９A-Za-z])")
_ICP_RE = re.compile(rf"([{_PROVINCES}])\s*[IiＩｉ][CcＣｃ][PpＰｐ]\s*备\s*[:：]?\s*({_D}{{5,12}})(\s*号)?"
                     rf"(?:\s*[-－]\s*({_D}{{1,3}}))?")
# 14 digits, which some footers print in groups ("37019902 000107"): spaces inside are dropped (rules.md).
_PSB_DIGITS = rf"({_D}(?:[ \u3000]?{_D}){{13}})(?![0-9０-９])"
_PSB_RE = re.compile(rf"公网安备\s*[:：]?\s*{_PSB_DIGITS}|公安(?:机关)?备案号\s*[:：]?\s*{_PSB_DIGITS}")
_SPONSOR_LABEL_RE = re.compile(r"主办(?:单位)?\s*[:：]\s*")
_SPONSOR_END_RE = re.compile(r"\n|[|｜]|承办|协办|联系|地\s*址|电\s*话|标识码|ICP|备案|版权|技术支持|运行维护|运维|维护|邮编"
                             r"|邮箱|网站地图|©|Copyright", re.I)
_SPONSOR_SUFFIX_RE = re.compile(r"(?:^|[\s|｜])([^\s|｜:：]{2,40}?)主办(?!单位|方)(?=\s|[|｜]|承办|$)")
_UNIT_END_RE = re.compile(r"(?:府|委|会|厅|局|室|办|处|院|部|中心|集团|公司|社|队|所|站|馆|署|行)$")
_CONTACT_RE = re.compile(r"(?:电\s*话|热线|联系方式|Tel)\s*[:：]?\s*[\d(（]|(?<!\d)0\d{2,3}\s*[-－—–]\s*\d{7,8}(?!\d)"
                         r"|(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)(?:12345|400-?\d{3}-?\d{4})(?!\d)|地\s*址\s*[:：]", re.I)
_HALFWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_ERRREPORT_HREF_RE = re.compile(r"zfwzzc\.www\.gov\.cn|zfwzgl\.www\.gov\.cn|pucha\.kaipuyun\.cn|jiucuo", re.I)

# Article attribution.
_SOURCE_RE = re.compile(r"来\s*源\s*[:：]\s*")
_SOURCE_PREFIXES = ("信息", "文章", "稿件", "新闻", "内容")   # 信息来源 is the source, 资料来源 a footnote
_SOURCE_END_RE = re.compile(r"\n|\s{2,}|[|｜【】\[\]]|发布|时间|日期|作者|编辑|责任|浏览|点击|访问|阅读|字号|字体|打印|分享|来\s*源")
_TITLE_WINDOW = 600            # an article's date label sits within this many characters of its title
_INFO_LINES, _INFO_LINE_MAX = 3, 80   # an unlabelled date counts on a short line just under the title

_CRUMB_LABEL_RE = re.compile(r"(?:您)?(?:当前|现在|所在)?的?(?:所在)?位置\s*[:：]?")
_CRUMB_SPLIT_RE = re.compile(r"\s*(?:>>|->|[>›»＞→/\\\n])\s*")
_TITLE_SPLIT_RE = re.compile(r"\s*[_|｜]\s*|\s+[-—–]\s+|-")
_EMPTY_MARKER_RE = re.compile(r"暂无(?:相关)?(?:信息|数据|内容|记录|文章|公开信息)")
_CHROME_LINK_RE = re.compile(r"^(?:更多|查看更多|more|首页|上一页|下一页|尾页|末页|\d{1,3}|[<>«»]+|返回.*|打印.*|关闭.*|分享.*|收藏.*)\W*$",
                             re.I)
_MONTH_DAY_HINT_RE = re.compile(r"\d{1,2}\s*(?:[-/]|月)\s*\d{1,2}(?!\d)")
_YEAR_HEADING_RE = re.compile(r"((?:19|20)\d{2})\s*年?")
_DATE_WORDS_RE = re.compile(r"发布|更新|时间|日期|星期.")

_MIN_TITLE = 4                 # shorter link texts are menu words, not item titles
_MAX_ITEM_LINKS = 3            # distinct links one list item may hold (title, category, picture)
_MAX_ITEM_CHARS = 300          # an undated list's items are short
_PORTAL_BLOCKS = 2             # dated blocks (of two or more dated items) that make a page homepage-like


def _collapse(text: str) -> str:
    return " ".join(text.split())


# --- the page -------------------------------------------------------------------------------------


@dataclass
class _Text:
    """Visible text with the element each piece came from, to map a regex match back to the tree."""
    raw: str
    starts: list[int]
    pieces: list[str]
    owners: list[etree._Element | None]

    def index_at(self, pos: int) -> int:
        return bisect_right(self.starts, pos) - 1


@dataclass
class _Item:
    anchor: etree._Element
    date: dt.date | None
    date_text: str
    in_title: bool             # the date was printed inside the title link
    partial: bool              # the date was printed without its year
    standalone: bool           # the date stood in its own element, not inside a sentence
    piece: int                 # where the date is printed (index of its piece of visible text)


def extract_page(html: str, url: str, fetched: dt.date | None = None) -> PageData:
    """Everything the checks judge a page by, read off one parse of its HTML."""
    root = _parse(html)
    if root is None:
        return PageData()
    body = root.find("body")
    return _Page(root, root if body is None else body, url, fetched).data()


# Plain etree elements (lxml.html's element classes cost a Python lookup per element); comments are dropped
# at parse time, their surrounding text kept.
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True)


def _parse(html: str) -> etree._Element | None:
    """The document tree; None for an empty or unparsable document.

    Closing </body> and </html> are dropped first: servers append footers after </html> (a CMS trailer),
    browsers show them, and libxml2 would throw them away.
    """
    html = re.sub(r"</(?:body|html)\s*>", "", re.sub(r"^\s*<\?xml[^>]*>", "", html), flags=re.I)
    if not html.strip():
        return None
    try:
        return etree.fromstring(html, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None


_STRING_VALUE = etree.XPath("string()", smart_strings=False)


def _all_text(el: etree._Element) -> str:
    """All text under an element, scripts included: cheap, for sizes and link texts (not for what is shown).

    A leaf's own text, else the XPath string value (computed in C: ten times faster than joining itertext())."""
    return (el.text or "") if not len(el) else _STRING_VALUE(el)


class _Page:
    """One parsed page and the caches its readers share (link texts, resolved URLs)."""

    def __init__(self, root: etree._Element, body: etree._Element, url: str, fetched: dt.date | None):
        self.body, self.url, self.fetched = body, url, fetched
        self.meta: dict[str, str] = {}
        self.title = ""
        self.base = url
        self.link_elements: list[tuple[etree._Element, str, str]] = []
        self.nav: list[etree._Element] = []
        self.footers: list[etree._Element] = []
        self.list_named: list[etree._Element] = []
        self.crumbs: list[etree._Element] = []
        self.h1: list[etree._Element] = []
        self.conac = self.errreport = False
        self._anchor_texts: dict[etree._Element, str] = {}
        self._resolved: dict[str, str | None] = {}
        self._scan(root)
        base_url = urlsplit(self.base)
        self._origin = f"{base_url.scheme}://{base_url.netloc}"

    def _scan(self, root: etree._Element) -> None:
        """One pass over all elements: page tags, title, base, links, region candidates and badges."""
        base = None
        for el in root.iter(etree.Element):
            tag = el.tag
            if tag == "meta":
                self._add_meta(el)
                continue
            if tag == "title":
                self.title = self.title or _collapse(_all_text(el))
                continue
            if tag == "base" and base is None:
                base = el.get("href")
                continue
            attr = _LINK_ATTRS.get(tag)
            if attr and el.get(attr) and (tag != "link" or any(r in (el.get("rel") or "").lower()
                                                                 for r in ("stylesheet", "icon"))):
                self.link_elements.append((el, tag, el.get(attr)))
            names = f"{el.get('class') or ''} {el.get('id') or ''}"
            if names != " ":
                if _NAV_CLASS_RE.search(names):
                    self.nav.append(el)
                elif _FOOTER_CLASS_RE.search(names):
                    self.footers.append(el)
                if tag in _LIST_TAGS and _LIST_CLASS_RE.search(names):
                    self.list_named.append(el)
                if _CRUMB_CLASS_RE.search(names):
                    self.crumbs.append(el)
            if tag == "nav" or (tag == "header" and not any(a.tag == "article" for a in el.iterancestors())):
                self.nav.append(el)
            elif tag == "footer":
                self.footers.append(el)
            elif tag == "h1":
                self.h1.append(el)
            if tag in _BADGE_TAGS or names != " ":
                self.conac = self.conac or self._is_conac(el, tag, names)
                self.errreport = self.errreport or self._is_errreport(el, tag, names)
        if base:
            self.base = urljoin(self.url, base)

    def _add_meta(self, el: etree._Element) -> None:
        """A page tag under its canonical name; the first non-empty value wins, present-but-empty stays ""."""
        name = (el.get("name") or "").strip()
        if name:
            name = _TAG_NAMES.get(name.lower(), name)
            if not self.meta.get(name):
                self.meta[name] = (el.get("content") or "").strip()

    @staticmethod
    def _is_conac(el: etree._Element, tag: str, names: str) -> bool:
        """党政机关网站标识: the conac.cn badge script, link or picture, or its _ideConac slot."""
        if "conac" in names.lower():
            return True
        if tag in ("script", "a", "link", "iframe", "img") and "conac.cn" in (el.get("src") or el.get("href") or ""):
            return True
        return tag == "img" and any(w in f"{el.get('src') or ''} {el.get('alt') or ''}".lower()
                                    for w in ("conac", "党政机关"))

    def _is_errreport(self, el: etree._Element, tag: str, names: str) -> bool:
        """我为政府网站找错: the national error-report link, its script or button, or a link saying so."""
        if "jiucuo" in names.lower():
            return True
        if tag == "a":
            return bool(_ERRREPORT_HREF_RE.search(el.get("href") or "")) \
                or "找错" in f"{el.get('title') or ''}{self.anchor_text(el)}"
        if tag in ("script", "iframe", "img"):
            return "jiucuo" in (el.get("src") or "").lower() or "找错" in f"{el.get('alt') or ''}{el.get('title') or ''}"
        return False

    # -- shared helpers ------------------------------------------------------------------------
    def anchor_text(self, a: etree._Element) -> str:
        text = self._anchor_texts.get(a)
        if text is None:
            text = self._anchor_texts[a] = _collapse(_all_text(a))
        return text

    def anchor_title(self, a: etree._Element) -> str:
        """Link text, or the title attribute when the text is missing or cut short ("……", "...")."""
        text = self.anchor_text(a)
        full = _collapse(a.get("title") or "")
        if full and (not text or (text.rstrip(".…") != text and full.startswith(text.rstrip(".… ")))):
            return full
        return text

    def absolute(self, href: str | None) -> str | None:
        """An absolute URL without fragment; None for links that lead nowhere (javascript:, mailto:, #top…)."""
        if not href:
            return None
        if href not in self._resolved:
            value = href.strip().replace("\n", "").replace("\r", "").replace("\t", "")
            if not value or value.startswith("#") or value[:11].lower().startswith(_SKIPPED_SCHEMES):
                self._resolved[href] = None
            else:
                if value.startswith(("http://", "https://")):
                    absolute = value
                elif value.startswith("/") and not value.startswith("//"):
                    absolute = self._origin + value
                else:
                    absolute = urljoin(self.base, value)
                self._resolved[href] = absolute.split("#", 1)[0]
        return self._resolved[href]

    # -- the result ----------------------------------------------------------------------------
    def data(self) -> PageData:
        nav = _top_level(self.nav, _is_link_block)
        limit = max(len(_all_text(self.body)) // 2, _FOOTER_MAX_CHARS)   # not a wrapper of the whole page
        texts: dict[etree._Element, str] = {}
        footers = _top_level(self.footers, lambda el: len(_all_text(el)) <= limit and bool(
            _FOOTER_SIGNAL_RE.search(texts.setdefault(el, _visible(el).raw))))
        if not footers and (block := _block_around_last_id(self.body)) is not None:
            footers = [block]
        skip = set(nav) | set(footers)
        main = _visible(self.body, skip)
        footer_text = "\n".join(texts.get(f) or _visible(f).raw for f in footers)
        page = PageData(title=self.title, meta=self.meta, footer=_collapse(footer_text), text=_collapse(main.raw))
        page.footer_ids = _footer_ids(footer_text, main.raw)
        page.badges = {"conac": self.conac, "errreport": self.errreport,
                       "contact": bool(_CONTACT_RE.search(footer_text))}

        article_tag = bool(self.meta.get("ArticleTitle"))     # an article's lists (related news) are not read
        blocks = {} if article_tag else self._dated_blocks(main, skip)
        main_block, undated = (None, []) if article_tag else self._main_list(blocks, skip)
        main_items = blocks.get(main_block, {})
        main_count = len(main_items) + len(undated)
        title_pos = self._title_position(main.raw)
        item_pieces = {item.piece for items in blocks.values() for item in items.values()}
        visible_date = _visible_date(main, title_pos, article_tag or main_count < 3, item_pieces)
        empty_marker = not main_count and bool(_EMPTY_MARKER_RE.search(main.raw))
        if article_tag or (visible_date and main_count < 3):
            page.kind = "article"
        elif main_count >= 3 or self.meta.get("ColumnName") or self.meta.get("ColumnType") or empty_marker:
            page.kind, page.column_name, page.empty_marker = "list", self._column_name(), empty_marker
        if page.kind != "list":
            page.visible_date = visible_date
            page.source_text = _source(main.raw, title_pos) if visible_date or article_tag else ""

        list_roots = []
        if page.kind != "article" and main_block is not None:
            page.list_items = self._list_items(main_block, main_items, undated)
            page.list_undated = sum(item.date is None for item in page.list_items)
            list_roots.append(main_block)
            if _is_portal(self.meta, blocks):
                for container, items in blocks.items():
                    shown = {el: item for el, item in items.items() if item.date and item.standalone}
                    if container is not main_block and shown:
                        page.list_items += self._list_items(container, shown, {})
                        list_roots.append(container)
                page.list_items = _unique_by_url(page.list_items)
        page.links = self._links(nav, footers, list_roots)
        # Title candidates, best first: the tag, the longest heading the <title> repeats (not the site name in a
        # banner <h1>), the <title>'s first part, the headings.
        h1s = [text for h in self.h1 if (text := _collapse(_all_text(h)))]
        repeated = sorted((h for h in h1s if h in self.title), key=len, reverse=True)
        headings = [self.meta.get("ArticleTitle", ""), *repeated,
                    _TITLE_SPLIT_RE.split(self.title)[0].strip(), *h1s]
        interaction.read(page, self.body, main, skip, self.absolute, [h for h in headings if h])
        documents.read(page, main.raw, [h for h in headings if h])
        return page

    def _title_position(self, text: str) -> tuple[int, int] | None:
        """Where the title is printed: its ArticleTitle tag, an <h1>, or the longest segment of <title> found."""
        candidates = [self.meta.get("ArticleTitle", "")] + [_collapse(_all_text(h)) for h in self.h1]
        candidates += sorted(_TITLE_SPLIT_RE.split(self.title), key=len, reverse=True)
        for title in candidates:
            title = title.strip()
            if len(title) >= _MIN_TITLE and (pos := text.find(title)) >= 0:
                return pos, pos + len(title)
        return None

    def _column_name(self) -> str:
        """ColumnName tag, else the breadcrumb's last item, else the first segment of <title>."""
        if self.meta.get("ColumnName"):
            return self.meta["ColumnName"]
        for crumb in self.crumbs:
            text = _CRUMB_LABEL_RE.sub("", _visible(crumb).raw)
            parts = [p for p in (_collapse(p) for p in _CRUMB_SPLIT_RE.split(text)) if p]
            if parts:
                return parts[-1]
        return next((p.strip() for p in _TITLE_SPLIT_RE.split(self.title) if p.strip()), "")

    # -- lists ---------------------------------------------------------------------------------
    def _dated_blocks(self, main: _Text, skip: set) -> dict[etree._Element, dict[etree._Element, _Item]]:
        """Dated list items grouped by container: {container: {item element: _Item}}, in page order.

        A dated item is a short element holding one title link and a printed date. A date printed without a
        year takes it from the link (/202310/ with the same month), else from the page: its latest full date,
        a year heading, its URL, else the fetch date.
        """
        latest, year_heading = None, None
        hits: list[tuple[int, dt.date | None, str, tuple[int, int] | None]] = []
        for m in FULL_DATE_RE.finditer(main.raw):
            index = main.index_at(m.start())
            glued = m.start() > main.starts[index] and main.raw[m.start() - 1].isdigit()   # 12024-05-06
            if not glued and (date := full_date(m)):   # (a title ending in a digit may touch the date's element)
                latest = max(latest, date) if latest else date
                hits.append((index, date, m.group(0), None))
        seen: set[int] = set()
        for m in _MONTH_DAY_HINT_RE.finditer(main.raw):
            index = main.index_at(m.start())
            if index in seen or main.owners[index] is None:
                continue
            seen.add(index)
            piece = main.pieces[index].strip()
            if md := standalone_month_day(piece):
                hits.append((index, None, piece.strip("[]()（）【】 "), md))
        for m in _YEAR_HEADING_RE.finditer(main.raw):
            if _YEAR_HEADING_RE.fullmatch(main.pieces[main.index_at(m.start())].strip()):
                year_heading = max(year_heading or 0, int(m.group(1)))
        page_year = url_year_month(self.url)
        context_year = latest.year if latest else year_heading or (page_year[0] if page_year else None)

        blocks: dict[etree._Element, dict[etree._Element, _Item]] = {}
        for index, date, date_text, md in sorted(hits, key=lambda hit: hit[0]):
            owner, piece = main.owners[index], main.pieces[index]
            found = self._item_of(owner, skip)
            if found is None:
                continue
            item_el, anchor = found
            in_title = anchor is owner or any(a is anchor for a in owner.iterancestors())
            standalone = not CJK_RE.search(_DATE_WORDS_RE.sub("", piece.replace(date_text, "")))
            if in_title and not standalone:
                continue        # a date inside the title's words ("关于2024年5月6日…") is no list date
            if md:
                link_ym = url_year_month(anchor.get("href") or "")
                year = link_ym[0] if link_ym and link_ym[1] == md[0] else context_year
                date = place_month_day(md[0], md[1], year, self.fetched, latest)
            # An item's date is the last one printed outside its title (信息公开 tables end with 发布日期), a
            # full date before a month-day one.
            items = blocks.setdefault(item_el.getparent(), {})
            known = items.get(item_el)
            if known is None or known.date is None or (known.in_title, known.partial) >= (in_title, bool(md)):
                items[item_el] = _Item(anchor, date, date_text, in_title, bool(md), standalone, index)
        return blocks

    def _item_of(self, owner: etree._Element, skip: set) -> tuple[etree._Element, etree._Element] | None:
        """The list item a printed date belongs to, with its title link; None for a date that is no item's."""
        node = owner
        for _ in range(5):
            if node is None or node.tag in ("body", "html"):
                return None
            if any(a.get("href") is not None for a in node.iter("a")):
                break
            node = node.getparent()
        else:
            return None
        anchor = self._title_anchor(node)
        if anchor is None:
            return None
        while (parent := node.getparent()) is not None and len(parent) == 1 and parent.tag not in ("body", "html"):
            node = parent       # <li><h4><a/><span>date</span></h4></li>: the item is the <li>
        return (node, anchor) if node.getparent() is not None and not _inside(node, skip) else None

    def _title_anchor(self, node: etree._Element) -> etree._Element | None:
        """The title link of one item; None when there is none, only menu words, or too many links for one item."""
        anchors = list(islice((a for a in node.iter("a") if a.get("href") is not None), 2 * _MAX_ITEM_LINKS))
        if not anchors or len({a.get("href") for a in anchors}) > _MAX_ITEM_LINKS:
            return None
        best = max(anchors, key=lambda a: len(self._item_title(a)))
        title = self._item_title(best)
        return best if len(title) >= _MIN_TITLE and not _CHROME_LINK_RE.match(title.strip("【】[]()（） ")) else None

    def _item_title(self, a: etree._Element) -> str:
        """What an item's link says; a title attribute alone counts only on a real link (not a "#" share button)."""
        return self.anchor_title(a) if self.anchor_text(a) or self.absolute(a.get("href")) else ""

    def _linked_children(self, container: etree._Element, skip: set) -> list[tuple[etree._Element, etree._Element]]:
        """(child, title link) for each child of a list container that is one linked item."""
        children = []
        for child in container:
            if isinstance(child.tag, str) and child not in skip and (anchor := self._title_anchor(child)) is not None:
                children.append((child, anchor))
        return children

    def _main_list(self, blocks: dict, skip: set) -> tuple[etree._Element | None, dict]:
        """The main list's container and its undated items {child: title link}.

        The block with most dated items; when none shows three, a larger container named like a list (class
        list/news/xxgk…) whose children are one short linked item each (a column that prints no dates).
        Navigation never counts: it is skipped, and menus are neither dated nor named like lists.
        """
        main = max(blocks, key=lambda c: len(blocks[c]), default=None)
        undated = {} if main is None else {child: a for child, a in self._linked_children(main, skip)
                                           if child not in blocks[main]}
        dated_count = len(blocks.get(main, ()))
        if dated_count >= 3:
            return main, undated
        for container in self.list_named:
            if container.tag == "table" and container.find("tbody") is not None:
                container = container.find("tbody")
            if container in blocks or _inside(container, skip):
                continue
            children = [c for c in container if isinstance(c.tag, str)]
            items = {c: a for c, a in self._linked_children(container, skip) if len(_all_text(c)) <= _MAX_ITEM_CHARS}
            if len(items) >= 3 and len(items) >= 0.8 * len(children) and len(items) > dated_count + len(undated):
                main, undated, dated_count = container, items, 0
        return main, undated

    def _list_items(self, container: etree._Element, items: dict[etree._Element, _Item],
                    undated: dict[etree._Element, etree._Element]) -> list[ListItem]:
        """The container's items in page order, dated or not."""
        result = []
        for child in container:
            if (item := items.get(child)) is not None:
                title = self.anchor_title(item.anchor)
                if item.in_title:
                    title = _collapse(title.replace(item.date_text, "").strip("[]()（）【】 "))
                result.append(ListItem(title, self.absolute(item.anchor.get("href")), item.date, item.date_text))
            elif (anchor := undated.get(child)) is not None:
                result.append(ListItem(self.anchor_title(anchor), self.absolute(anchor.get("href")), None))
        return result

    # -- links ---------------------------------------------------------------------------------
    def _links(self, nav: list, footers: list, lists: list) -> list[Link]:
        region: dict[etree._Element, str] = {}
        for name, roots in (("nav", nav), ("footer", footers), ("list", lists)):
            for root in roots:
                for el in root.iter(*_LINK_ATTRS):
                    region[el] = name
        links, seen = [], set()
        for el, tag, value in self.link_elements:
            url = self.absolute(value)
            if url is None or (url, tag) in seen:
                continue
            seen.add((url, tag))
            text = ""
            if tag in ("a", "area"):
                text = self.anchor_text(el) or (el.get("title") or "").strip()
                if not text and (img := el.find(".//img")) is not None:
                    text = (img.get("alt") or "").strip()
            elif tag == "img":
                text = _collapse(el.get("alt") or "")
            links.append(Link(url, tag, text[:100], region.get(el, "body")))
        return links


# --- regions and visible text ----------------------------------------------------------------------


def _visible(root: etree._Element, skip: set = frozenset()) -> _Text:
    """The text a reader sees under ``root``: no scripts, styles or comments; block elements break lines.

    Whitespace-only pieces (markup indentation) shrink to one space, which keeps the text small to search.
    """
    pieces: list[str] = []
    owners: list[etree._Element | None] = []

    def add(text: str, owner: etree._Element) -> None:
        pieces.append(" " if text.isspace() else text)
        owners.append(owner)

    def walk(el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if isinstance(tag, str) and tag not in _INVISIBLE and child not in skip:
                block = tag in _BLOCK
                if block:
                    pieces.append("\n")
                    owners.append(None)
                if child.text:
                    add(child.text, child)
                walk(child)
                if block:
                    pieces.append("\n")
                    owners.append(None)
            if child.tail:
                add(child.tail, el)

    if root.text:
        add(root.text, root)
    walk(root)
    starts, pos = [], 0
    for piece in pieces:
        starts.append(pos)
        pos += len(piece)
    return _Text("".join(pieces), starts, pieces, owners)


def _inside(el: etree._Element, roots: set) -> bool:
    return el in roots or any(a in roots for a in el.iterancestors())


def _top_level(candidates: list[etree._Element], accept) -> list[etree._Element]:
    """The accepted candidates not inside another accepted one, in page order (a rejected wrapper's inner
    candidates are still tried)."""
    chosen: list[etree._Element] = []
    chosen_set: set[etree._Element] = set()
    for el in candidates:
        if not any(a in chosen_set for a in el.iterancestors()) and accept(el):
            chosen.append(el)
            chosen_set.add(el)
    return chosen


def _is_link_block(el: etree._Element) -> bool:
    """Navigation is mostly link text; a wrapper that only borrows the name ("menu_con" around an article) is not."""
    total = len("".join(_all_text(el).split()))
    linked = sum(len("".join(_all_text(a).split())) for a in el.iter("a"))
    return linked * 2 >= total


_ID_TEXT_XPATH = etree.XPath("//body//text()[contains(., 'ICP') or contains(., '标识码') or contains(., '公网安备')"
                             " or contains(., '备案号')]")


def _block_around_last_id(body: etree._Element) -> etree._Element | None:
    """Without footer-named blocks (pages exported from Word, unnamed tables), the small block around the last
    printed registration number is the footer."""
    for text in reversed(_ID_TEXT_XPATH(body)):
        owner = text.getparent()
        if text.is_tail:
            owner = owner.getparent()
        if owner is None or not isinstance(owner.tag, str) or owner.tag in _INVISIBLE:
            continue
        block = None    # the largest small ancestor that holds no page heading (on a tiny page, not the page)
        while owner is not None and owner.tag not in ("body", "html") \
                and len(_all_text(owner)) <= _FOOTER_MAX_CHARS and owner.find(".//h1") is None:
            block, owner = owner, owner.getparent()
        return block
    return None


# --- footer values --------------------------------------------------------------------------------


def _footer_ids(footer: str, text: str) -> dict[str, str]:
    """网站标识码, ICP, 公网安备 and 主办单位 as printed (spacing and width normalised), footer first, then the
    rest of the visible text. PC and mobile footers may differ; the first printed wins."""
    ids: dict[str, str] = {}
    for source, in_footer in ((footer, True), (text, False)):
        if "idcode" not in ids and (m := _IDCODE_RE.search(source)):
            ids["idcode"] = m.group(1).translate(_HALFWIDTH).lower()
        if "icp" not in ids and (m := _ICP_RE.search(source)):
            ids["icp"] = (f"{m.group(1)}ICP备{m.group(2)}{'号' if m.group(3) else ''}"
                          + (f"-{m.group(4)}" if m.group(4) else "")).translate(_HALFWIDTH)
        if "psb" not in ids and (m := _PSB_RE.search(source)):
            before = source[max(0, m.start() - 4):m.start()].rstrip()[-1:] if m.group(1) else ""
            province = before if before and before in _PROVINCES else ""
            digits = re.sub(r"[ \u3000]", "", m.group(1) or m.group(2))
            ids["psb"] = f"{province}公网安备{digits.translate(_HALFWIDTH)}号"
        if "sponsor" not in ids and (sponsor := _sponsor(source, in_footer)):
            ids["sponsor"] = sponsor
    return ids


def _sponsor(text: str, in_footer: bool) -> str:
    """The unit after 主办单位：/主办：, or (in a footer) before 主办 ("XX办公室主办").

    Outside the footer the last 主办： wins: a site's own sponsor line sits at its end, an event's in its body.
    """
    labels = list(_SPONSOR_LABEL_RE.finditer(text))
    for label in (labels if in_footer else labels[::-1]):
        end = _SPONSOR_END_RE.search(text, label.end())
        if value := _join_units(text[label.end():end.start() if end else len(text)]):
            return value
    if in_footer and (m := _SPONSOR_SUFFIX_RE.search(text)):
        return m.group(1)
    return ""


def _join_units(raw: str) -> str:
    """Joint sponsors are printed with spaces between units; a further word that names no unit ends the value."""
    kept: list[str] = []
    for word in raw.split():
        if kept and not _UNIT_END_RE.search(word):
            break
        kept.append(word)
    return " ".join(kept)[:60]


# --- article attribution --------------------------------------------------------------------------


def _visible_date(main: _Text, title_pos: tuple[int, int] | None, info_lines: bool,
                  item_pieces: set[int]) -> dt.date | None:
    """The publication date shown around the title: after a date label (发布时间 first), else the first date on a
    short line just under the title (an info line such as "来源：云南日报 2016-08-11"). A list item's date is
    never the page's."""
    text = main.raw
    start, end = (max(0, title_pos[0] - _TITLE_WINDOW), title_pos[1] + _TITLE_WINDOW) if title_pos else (0, len(text))
    weak = None
    for m, date, strong in labelled_dates(text, start, end):
        if main.index_at(m.start()) not in item_pieces:
            if strong:
                return date
            weak = weak or date
    if weak or not (info_lines and title_pos):
        return weak
    for m in FULL_DATE_RE.finditer(text, title_pos[1], end):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if sum(1 for line in text[title_pos[1]:line_start].split("\n") if line.strip()) >= _INFO_LINES:
            break
        line_end = text.find("\n", m.end())
        line = _collapse(text[line_start:line_end if line_end >= 0 else len(text)])
        if len(line) <= _INFO_LINE_MAX and not after_date_label(text, m.start()) \
                and main.index_at(m.start()) not in item_pieces and (date := full_date(m)):
            return date
    return None


def _source(text: str, title_pos: tuple[int, int] | None) -> str:
    """The article's 来源 as printed ("" when the label shows no value)."""
    for label in _SOURCE_RE.finditer(text, title_pos[0] if title_pos else 0):
        prefix = text[max(0, label.start() - 2):label.start()]
        if CJK_RE.match(prefix[-1:] or " ") and prefix not in _SOURCE_PREFIXES:
            continue
        end = _SOURCE_END_RE.search(text, label.end())
        if value := _collapse(text[label.end():end.start() if end else len(text)])[:60]:
            return value
    return ""


# --- list helpers ---------------------------------------------------------------------------------


def _unique_by_url(items: list[ListItem]) -> list[ListItem]:
    seen: set[str] = set()
    unique = []
    for item in items:
        if item.url is None or item.url not in seen:
            unique.append(item)
            seen.add(item.url or "")
    return unique


def _is_portal(meta: dict[str, str], blocks: dict) -> bool:
    """A homepage-like page: no column or article tags (or tagged 首页) and two or more dated blocks.

    Its freshness is all its blocks', so their items are all collected (a headline block may show only one); a
    column page keeps its main list, so that a sidebar of recent news does not make a stale column look fresh.
    """
    column = meta.get("ColumnName", "")
    if meta.get("ArticleTitle") or meta.get("ColumnType") or (column and column not in ("首页", "网站首页", "主页")):
        return False
    dated = sum(1 for items in blocks.values() if sum(i.date is not None for i in items.values()) >= 2)
    return dated >= _PORTAL_BLOCKS
