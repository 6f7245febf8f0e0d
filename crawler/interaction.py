"""Message boards, 办事指南 and application forms: what the INT, SVC and CAT checks read of a page.

Called once per page by crawler.extract with the parsed body and the visible main text. A page that mentions no
board, guide or application costs one regex search. Only what the page prints is read — message rows with their
dates and status, a message page's own dates, the guide elements a page labels, the fields of its forms — and
nothing is judged: which channels count, what is late and what is missing is the checks' business.

Message lists come in several CMS layouts, all read here:
- a grid: a header row naming the columns (标题 | 留言时间 | 回复时间 | 状态) above rows of cells (tables, or
  lists of <li>/<div> rows with one <span> per column);
- rows that carry their own words: a status (已回复, 未回复, 办理中) or labelled dates (留言时间：…);
- a board whose list shows no reply at all: the message page does (回复时间：…, or a date under the 答复).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Callable, Iterator

from lxml import etree

from crawler.dates import iter_full_dates
from crawler.snapshot import Message, PageData

# Words of pages worth reading: boards, guides, application forms.
TRIGGER_RE = re.compile(r"留言|咨询|信箱|来信|回复|答复|办事指南|服务指南|办理|申请")

LEFT_LABEL_RE = re.compile(r"(?:留言|来信|提问|咨询|写信|发信|诉求|提交|信件)(?:时间|日期)")
REPLY_LABEL_RE = re.compile(r"(?:回复|答复|办结|办理|处理|反馈)(?:时间|日期)")
STATUS_RE = re.compile(r"(?:暂|尚)?未(?:回复|答复|办结|处理)|已(?:回复|答复|办结|处理|受理|反馈)|待(?:回复|答复|处理|受理)"
                       r"|办理中|处理中|正在办理")
_STATUS_HEAD = frozenset({"状态", "办理状态", "回复状态", "答复状态", "处理状态", "当前状态", "信件状态"})
_TITLE_HEAD_RE = re.compile(r"标题|主题|事项|信件|留言内容|诉求")
_PLAIN_DATE_HEAD = frozenset({"时间", "日期", "发布时间", "发布日期"})
_HEAD_CELL_MAX = 8          # a column label is short
_ROW_GROUPS = frozenset({"ul", "ol", "dl", "tbody", "table"})   # a list of rows following a header row
# The answer under a message: a heading (答复内容、回复意见、答复单位…) with the reply's date somewhere below it.
_REPLY_HEAD_RE = re.compile(r"(?:答复|回复)(?:内容|意见|单位|部门|机构|情况)?\s*[:：]")
_REPLY_REACH = 600          # characters below the reply heading where its date may be printed
_MESSAGE_TITLE_RE = re.compile(r"(?:信件|留言|来信)?(?:标题|主题)\s*[:：]\s*([^\n]{2,100})")
_LABEL_GAP_RE = re.compile(r"\s*[:：]?\s*")     # between a label and its value
_ROW_LEVELS = 5             # ancestors of a status word or date label searched for its row
_STATUS_EXTRA = 4           # characters a status may share its text with ("状态：", brackets)
_MIN_TITLE = 2

# The ten key elements of a 办事指南 (rules.md SVC-GUIDE) and the labels CMS guides print them under.
GUIDE_ELEMENTS: dict[str, tuple[str, ...]] = {
    "事项名称": ("事项名称", "项目名称", "服务名称", "审批事项名称"),
    "设定依据": ("设定依据", "设立依据", "法律依据", "办理依据", "实施依据", "政策依据", "法定依据"),
    "申请条件": ("申请条件", "受理条件", "办理条件", "申报条件", "受理标准"),
    "办理材料": ("办理材料", "申请材料", "申报材料", "所需材料", "提交材料", "材料清单", "申请材料目录"),
    "办理地点": ("办理地点", "受理地点", "办理地址", "受理窗口", "窗口地址"),
    "办理机构": ("办理机构", "实施机构", "受理机构", "实施主体", "办理部门", "受理部门", "决定机构"),
    "收费标准": ("收费标准", "收费依据及标准", "收费情况", "是否收费"),
    "办理时间": ("办理时间", "受理时间", "办公时间", "窗口办公时间"),
    "联系电话": ("联系电话", "咨询电话", "咨询方式", "联系方式"),
    "办理流程": ("办理流程", "办事流程", "办理程序", "流程图", "审批流程"),
}
_ELEMENT_OF = {label: name for name, labels in GUIDE_ELEMENTS.items() for label in labels}
_LABELS = "|".join(sorted(_ELEMENT_OF, key=len, reverse=True))
_NUMBERING = r"(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)?"
# A label heading its own line ("申请条件：…" or "申请条件" above its value) or inside a line after a space.
_LINE_LABEL_RE = re.compile(rf"^{_NUMBERING}({_LABELS})\s*(?:[:：]\s*(.*))?$")
_INLINE_LABEL_RE = re.compile(rf"(?:^|[\s|｜；;])({_LABELS})\s*[:：]\s*(\S)")
_GUIDE_TITLE_RE = re.compile(r"办事指南|服务指南")
_GUIDE_MIN = 3              # labelled elements that make a page a guide whatever its title says

_FIELD_INPUTS = frozenset({"", "text", "tel", "email", "number", "date", "file", "url"})


def read(page: PageData, body: etree._Element, text, skip: set, absolute: Callable[[str | None], str | None],
         headings: list[str]) -> None:
    """Fill ``page.messages``, ``page.message``, the guide fields and ``page.form_fields`` from one page.

    ``text`` is the page's visible main text (crawler.extract._Text: raw text with the element of each piece),
    ``skip`` its navigation and footers, ``headings`` the page's title candidates, best first.
    """
    raw = text.raw
    if not TRIGGER_RE.search(raw):
        return
    page.form_fields = _form_fields(body, skip)
    if LEFT_LABEL_RE.search(raw) or REPLY_LABEL_RE.search(raw) or STATUS_RE.search(raw):
        page.messages = _Rows(body, text, skip, absolute).rows()
        if not page.messages:
            page.message = _message_page(raw, headings)
    elements = guide_elements(raw)
    if len(elements) >= _GUIDE_MIN or (elements and any(_GUIDE_TITLE_RE.search(h) for h in headings)):
        page.guide, page.guide_elements = True, elements


# --- message lists ---------------------------------------------------------------------------------------


def _collapse(value: str) -> str:
    return " ".join(value.split())


def _cell_text(el: etree._Element) -> str:
    return _collapse("".join(el.itertext()))


def _first_date(value: str) -> dt.date | None:
    return next((date for _, date in iter_full_dates(value)), None)


class _Rows:
    """The message rows of one page, in page order, each read once."""

    def __init__(self, body: etree._Element, text, skip: set, absolute: Callable):
        self.body, self.text, self.skip, self.absolute = body, text, skip, absolute
        self.done: set[etree._Element] = set()

    def rows(self) -> list[Message]:
        found: list[Message] = []
        for header, roles in self._headers():
            for row in self._rows_under(header):
                if (message := self._grid_row(row, roles)) is not None:
                    found.append(message)
        found += [m for row in self._marked_rows() if (m := self._free_row(row)) is not None]
        return found

    # -- grids: a header row of column labels above rows of cells -------------------------------------------
    def _headers(self) -> Iterator[tuple[etree._Element, dict[int, str]]]:
        seen: set[etree._Element] = set()
        for match in LEFT_LABEL_RE.finditer(self.text.raw):
            owner = self.text.owners[self.text.index_at(match.start())]
            cell = owner
            for _ in range(3):      # the label's cell: <th>, <td>, or a <span> of a <li> row
                if cell is None or cell.getparent() is None:
                    break
                header = cell.getparent()
                if header not in seen and (roles := self._roles(header)) is not None:
                    seen.add(header)
                    yield header, roles
                    break
                cell = header

    def _roles(self, header: etree._Element) -> dict[int, str] | None:
        """Column index → title | left | answered | status, when ``header`` is a row of short column labels."""
        cells = [c for c in header if isinstance(c.tag, str)]
        if len(cells) < 2 or header.find(".//a") is not None:
            return None
        roles: dict[int, str] = {}
        for k, cell in enumerate(cells):
            label = _cell_text(cell)
            if len(label) > _HEAD_CELL_MAX:
                return None
            if LEFT_LABEL_RE.search(label):
                roles[k] = "left"
            elif REPLY_LABEL_RE.search(label):
                roles[k] = "answered"
            elif label in _STATUS_HEAD:
                roles[k] = "status"
            elif label in _PLAIN_DATE_HEAD and "left" not in roles.values():
                roles[k] = "left"
            elif _TITLE_HEAD_RE.search(label):
                roles.setdefault(k, "title")
        return roles if "left" in roles.values() else None

    def _rows_under(self, header: etree._Element) -> Iterator[etree._Element]:
        """The rows after a header: its next siblings, the items of a list that follows it (<div>header</div>
        <ul>rows</ul>), or the body rows of a table whose header is a <thead>."""
        parent = header.getparent()
        following = list(header.itersiblings())
        if parent is not None and parent.tag == "thead":
            following = [body for body in parent.itersiblings("tbody")]
        for row in following:
            if row.tag in _ROW_GROUPS:
                yield from (r for r in row.iter("tr", "li", "dd") if r.getparent() is row
                            or r.getparent().getparent() is row)
            elif isinstance(row.tag, str):
                yield row

    def _grid_row(self, row: etree._Element, roles: dict[int, str]) -> Message | None:
        cells = [c for c in row if isinstance(c.tag, str)]
        title_at = next((k for k, r in roles.items() if r == "title" and k < len(cells)), None)
        anchor = self._anchor(cells[title_at]) if title_at is not None else None
        if anchor is None:
            anchor = self._anchor(row)
        if anchor is None:
            return None
        self.done.add(row)
        values = {role: _cell_text(cells[k]) for k, role in roles.items() if k < len(cells)}
        answered_text = values.get("answered", "")
        answered = _first_date(answered_text)
        status = values.get("status", "")
        if not status and answered is None and (m := STATUS_RE.search(answered_text)):
            status = m.group(0)
        left = _first_date(values.get("left", ""))
        if left is None and answered is None and not status:
            return None
        return Message(self._title(anchor), self.absolute(anchor.get("href")), left, answered, status)

    # -- free rows: a status word or a labelled date inside the row ------------------------------------------
    def _marked_rows(self) -> list[etree._Element]:
        """Rows holding a status word standing alone (<span>已回复</span>, 状态：未回复) or a dated 留言时间 label."""
        rows: dict[etree._Element, int] = {}
        text = self.text
        for regex in (STATUS_RE, LEFT_LABEL_RE):
            for match in regex.finditer(text.raw):
                index = text.index_at(match.start())
                owner = text.owners[index]
                if owner is None or owner.tag == "a" or any(a.tag == "a" for a in owner.iterancestors()):
                    continue        # a status word inside a title link is part of the title
                if regex is STATUS_RE and len(text.pieces[index].strip()) > len(match.group(0)) + _STATUS_EXTRA:
                    continue        # inside a sentence ("问题已处理完毕"), not a row's status
                if regex is LEFT_LABEL_RE and _date_after(text.raw, match.end()) is None:
                    continue
                row = self._row_of(owner)
                if row is not None:
                    rows.setdefault(row, match.start())
        return sorted((r for r in rows if not any(a in rows for a in r.iterancestors())), key=rows.__getitem__)

    def _row_of(self, owner: etree._Element) -> etree._Element | None:
        node = owner
        for _ in range(_ROW_LEVELS):
            if node is None or node.tag in ("body", "html") or node in self.skip:
                return None
            if node in self.done or any(a in self.done for a in node.iterancestors()):
                return None
            links = {a.get("href") for a in node.iter("a") if a.get("href")}
            if len(links) == 1:
                return node
            if len(links) > 1:
                return None
            node = node.getparent()
        return None

    def _free_row(self, row: etree._Element) -> Message | None:
        anchor = self._anchor(row)
        if anchor is None:
            return None
        words = _text_outside(row, anchor)
        left = answered = None
        claimed: set[int] = set()
        for label_re, role in ((LEFT_LABEL_RE, "left"), (REPLY_LABEL_RE, "answered")):
            for label in label_re.finditer(words):
                if hit := _labelled(words, label.end()):
                    claimed.add(hit[0].start())
                    if role == "left":
                        left = left or hit[1]
                    else:
                        answered = answered or hit[1]
        loose = [date for m, date in iter_full_dates(words) if m.start() not in claimed]
        if left is None and loose:
            left = loose.pop(0)
        if answered is None and loose:
            answered = loose[0]
        status = m.group(0) if (m := STATUS_RE.search(words)) else ""
        if left is None and not status:
            return None
        return Message(self._title(anchor), self.absolute(anchor.get("href")), left, answered, status)

    # -- helpers ----------------------------------------------------------------------------------------------
    def _anchor(self, el: etree._Element) -> etree._Element | None:
        return next((a for a in el.iter("a") if a.get("href") and len(self._title(a)) >= _MIN_TITLE), None)

    @staticmethod
    def _title(a: etree._Element) -> str:
        text, full = _cell_text(a), _collapse(a.get("title") or "")
        return full if full and (not text or text.rstrip(".…") != text) else text


def _text_outside(row: etree._Element, anchor: etree._Element) -> str:
    """The row's text without its title link (a date in a title is not the message's)."""
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        if el is not anchor and el.tag not in ("script", "style"):
            parts.append(el.text or "")
            for child in el:
                if isinstance(child.tag, str):
                    walk(child)
                parts.append(child.tail or "")
        parts.append(" ")

    walk(row)
    return _collapse("".join(parts))


# --- a message page ----------------------------------------------------------------------------------------


def _message_page(raw: str, headings: list[str]) -> Message | None:
    """The message a page shows by itself: its title, when it was left and, when printed, when it was answered.

    The reply's date is the one after a reply date label (回复时间：, 答复时间：, 办理时间：), else the first date
    under the answer's heading (答复内容：, 回复单位：…) that is not before the message.
    """
    left_label = next((m for m in LEFT_LABEL_RE.finditer(raw) if _date_after(raw, m.end())), None)
    if left_label is None:
        return None
    left = _date_after(raw, left_label.end())
    answered = next((d for m in REPLY_LABEL_RE.finditer(raw) if (d := _date_after(raw, m.end()))), None)
    if answered is None:
        for head in _REPLY_HEAD_RE.finditer(raw):
            end = head.end() + _REPLY_REACH
            answered = next((d for m, d in iter_full_dates(raw[:end], head.end()) if d >= left), None)
            if answered:
                break
    title = m.group(1).strip() if (m := _MESSAGE_TITLE_RE.search(raw)) else (headings[0] if headings else "")
    status = m.group(0) if (m := STATUS_RE.search(raw)) else ""
    return Message(_collapse(title), None, left, answered, status)


def _labelled(raw: str, pos: int) -> tuple[re.Match, dt.date] | None:
    """The full date printed right after a label ending at ``pos`` (a colon and spaces between)."""
    start = _LABEL_GAP_RE.match(raw, pos, pos + 12).end()
    hit = next(iter_full_dates(raw[:start + 20], start), None)
    return hit if hit and hit[0].start() == start else None


def _date_after(raw: str, pos: int) -> dt.date | None:
    hit = _labelled(raw, pos)
    return hit[1] if hit else None


# --- guides and forms --------------------------------------------------------------------------------------


def guide_elements(raw: str) -> list[str]:
    """The 办事指南 elements a text labels with a value, in the canonical order of GUIDE_ELEMENTS.

    A label counts with its value: "申请条件：…" on one line, or "申请条件" heading a line with the value on the
    next (table cells). A label with nothing after it, or followed straight by the next label, is not shown.
    """
    found: set[str] = set()
    lines = [line.strip() for line in raw.split("\n") if line.strip()]
    for k, line in enumerate(lines):
        if m := _LINE_LABEL_RE.match(line):
            if m.group(2) or (k + 1 < len(lines) and not _LINE_LABEL_RE.match(lines[k + 1])):
                found.add(_ELEMENT_OF[m.group(1)])
        for m in _INLINE_LABEL_RE.finditer(line):
            found.add(_ELEMENT_OF[m.group(1)])
    return [name for name in GUIDE_ELEMENTS if name in found]


def _form_fields(body: etree._Element, skip: set) -> int:
    """Fields a reader fills in on the page's largest form (a search box has one; an application form many)."""
    best = 0
    for form in body.iter("form"):
        if any(a in skip for a in form.iterancestors()):
            continue
        fields = sum(1 for el in form.iter("input", "textarea", "select")
                     if el.tag != "input" or (el.get("type") or "").lower() in _FIELD_INPUTS)
        best = max(best, fields)
    return best
