"""rectification/<department name>.xlsx: the 整改清单 a department fills in and returns.

Everything in a problem row came from crawled pages, which anyone can write. So no cell may become a formula
(a page saying ``=HYPERLINK(...)`` stays that text), characters XML cannot hold are dropped instead of crashing
the run, and only http(s) addresses become clickable links.
"""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from reports.scoring import UNCHECKED
from reports.view import LEVEL_LABELS, Report, cn_date, evidence_lines, is_web_url, printable, screenshot_link

STATUS_CHOICES = ("已整改", "整改中", "无法整改")
COLUMNS = ["序号", "问题编号", "规则", "级别", "网站/账号", "页面地址", "问题描述", "证据", "扣分", "整改期限",
           "整改情况", "整改说明"]
# Widest a column grows (in character cells, a CJK character counting 2) before its text wraps.
MAX_WIDTHS = {"规则": 30, "网站/账号": 24, "页面地址": 45, "问题描述": 45, "证据": 60, "整改说明": 40}
WRAPPED = {"规则", "网站/账号", "页面地址", "问题描述", "证据", "整改说明"}
MIN_WIDTH = {"整改期限": 12, "整改情况": 12, "整改说明": 30}

CELL_MAX = 32767                      # Excel refuses to open a workbook with a longer cell
URL_MAX = 2079                        # Excel's limit for a hyperlink target
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
# East Asian wide characters (CJK, their punctuation, Hangul, full-width forms): two character cells each.
_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                   "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
                   "\U0001f300-\U0001f64f\U0001f900-\U0001f9ff\U00020000-\U0003fffd]")

_BOLD = Font(bold=True)
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TOP_WRAP = Alignment(vertical="top", wrap_text=True)
_LINE_HEIGHT = 15

# Named styles: assigning one is a cheap copy, where setting font, border and alignment per cell costs minutes on a
# list of tens of thousands of broken links.
_HEADER, _PLAIN, _WRAP, _DATE, _LINK = "清单表头", "清单正文", "清单正文换行", "清单日期", "清单链接"


def _styles() -> list[NamedStyle]:
    return [
        NamedStyle(_HEADER, font=_BOLD, fill=PatternFill("solid", fgColor="D9D9D9"), border=_BORDER,
                   alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)),
        NamedStyle(_PLAIN, border=_BORDER, alignment=Alignment(vertical="top")),
        NamedStyle(_WRAP, border=_BORDER, alignment=_TOP_WRAP),
        NamedStyle(_DATE, border=_BORDER, alignment=Alignment(vertical="top"), number_format="yyyy-mm-dd"),
        NamedStyle(_LINK, border=_BORDER, alignment=_TOP_WRAP, font=Font(color="0563C1", underline="single")),
    ]


def write_workbooks(folder: Path, report: Report) -> None:
    """One workbook per department, every department, so each office has a sheet to return."""
    folder.mkdir(parents=True, exist_ok=True)
    for dep in report.district.departments:
        workbook = Workbook()
        for style in _styles():
            workbook.add_named_style(style)
        _summary(workbook.active, report, dep.id)
        _problems(workbook.create_sheet("问题清单"), report, dep.id)
        workbook.save(folder / report.workbook_name(dep.id))


def _clean(value: str) -> str:
    """Text an xlsx can hold: XML-illegal characters dropped, cut to Excel's cell limit."""
    value = printable(value)
    if len(value) > CELL_MAX:
        value = value[:CELL_MAX - 20] + "…（内容过长，已截断）"
    return value


def _put(ws: Worksheet, row: int, column: int, value: Any, style: str | None = None) -> Cell:
    """Write a value; strings are always stored as literal text, never as a formula."""
    if isinstance(value, str):
        value = _clean(value)
    cell = ws.cell(row=row, column=column, value=value)
    if style:
        cell.style = style
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_LEADS):
            cell.quotePrefix = True   # Excel and WPS keep it text even when someone edits the cell
    return cell


def _display_width(text: str) -> int:
    """Width in character cells: CJK and other wide characters take two."""
    return len(text) + len(_WIDE.findall(text))


def _summary(ws: Worksheet, report: Report, dep_id: str) -> None:
    ws.title = "汇总"
    dep = report.scores.department(dep_id)
    findings = report.findings_of(dep_id)
    rank = f"第{dep.rank}名（共{report.ranked_count}个单位）" if dep.rank else "未排名"
    rows: list[tuple[str, Any]] = [
        ("单位", dep.name),
        ("检查日期", cn_date(report.as_of)),
        ("得分", dep.score if dep.score is not None else "—"),
        ("结论", dep.verdict),
        ("排名", rank),
        *((f"{label}问题", n) for label, n in report.level_counts(findings).items()),
        ("问题合计", len(findings)),
        ("整改期限", cn_date(report.deadline)),
    ]
    _put(ws, 1, 1, f"{dep.name}政府网站与政务新媒体检查整改清单").font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=7)
    for i, (label, value) in enumerate(rows, start=3):
        _put(ws, i, 1, label).font = _BOLD
        _put(ws, i, 2, value).alignment = Alignment(horizontal="left")
    row = len(rows) + 4
    _put(ws, row, 1, "填报说明").font = _BOLD
    notes = _put(ws, row, 2, "\n".join(_instructions(report)))
    notes.alignment = _TOP_WRAP
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=7)
    ws.row_dimensions[row].height = _LINE_HEIGHT * 6
    _targets_table(ws, row + 2, report, dep_id)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 30
    for letter, width in zip("CDEFG", (24, 8, 8, 10, 40)):
        ws.column_dimensions[letter].width = width
    _print_setup(ws, landscape=False)


def _instructions(report: Report) -> list[str]:
    return [
        "1. 请对照“问题清单”逐条整改，在“整改情况”列下拉选择：" + "、".join(STATUS_CHOICES) + "。",
        "2. 在“整改说明”列写明整改措施和完成时间；无法整改的，请说明原因。",
        "3. “需人工复核”的问题请核实实际情况，并在“整改说明”中说明。",
        "4. 请勿修改“问题编号”等其他列，勿增删行，以便汇总核对。",
        f"5. 请于{cn_date(report.deadline)}前将本表报送区政务公开办。",
    ]


def _targets_table(ws: Worksheet, top: int, report: Report, dep_id: str) -> None:
    """The department's sites and accounts, with each indicator's deduction, so a score can be traced."""
    header = ["网站/账号", "类型", "地址", "得分", "结论", "单项否决", "扣分明细"]
    for col, title in enumerate(header, start=1):
        _put(ws, top, col, title, _HEADER)
    for row, target in enumerate(report.targets_of(dep_id), start=top + 1):
        values = [target.name, report.kind_label(target), target.url,
                  target.score if target.score is not None else "—", target.verdict, target.vetoes,
                  report.deduction_summary(target)]
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value, _WRAP)
        _link(ws.cell(row=row, column=3), target.url)


def _problems(ws: Worksheet, report: Report, dep_id: str) -> None:
    findings = report.findings_of(dep_id)
    for col, title in enumerate(COLUMNS, start=1):
        _put(ws, 1, col, title, _HEADER)
    ws.freeze_panes = "A2"
    column_of = {title: i for i, title in enumerate(COLUMNS, start=1)}
    for row, f in enumerate(findings, start=2):
        values = {
            "序号": row - 1, "问题编号": f.id, "规则": report.rule_label(f.rule),
            "级别": LEVEL_LABELS.get(f.level, f.level), "网站/账号": report.target_name(f.target),
            "页面地址": f.url, "问题描述": f.message, "证据": "\n".join(evidence_lines(f.evidence)),
            "扣分": report.points(f), "整改期限": report.deadline, "整改情况": None, "整改说明": None,
        }
        for title, value in values.items():
            _put(ws, row, column_of[title], value,
                 _DATE if title == "整改期限" else _WRAP if title in WRAPPED else _PLAIN)
        _link(ws.cell(row=row, column=column_of["页面地址"]), f.url)
        if screenshot := screenshot_link(f):
            cell = ws.cell(row=row, column=column_of["证据"])
            cell.hyperlink, cell.style = screenshot, _LINK
    last = get_column_letter(len(COLUMNS))
    if findings:
        ws.auto_filter.ref = f"A1:{last}{len(findings) + 1}"
        status = get_column_letter(column_of["整改情况"])
        choice = DataValidation(type="list", formula1='"' + ",".join(STATUS_CHOICES) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="整改情况", error="请从下拉列表中选择：" +
                                "、".join(STATUS_CHOICES), promptTitle="整改情况", prompt="请选择整改情况",
                                showInputMessage=True)
        choice.add(f"{status}2:{status}{len(findings) + 1}")
        ws.add_data_validation(choice)
        _fit_columns(ws, len(findings) + 1)
    else:
        unchecked = report.scores.department(dep_id).verdict == UNCHECKED
        _put(ws, 2, 1, "本次未检查本单位的网站和账号" if unchecked else "本次检查未发现问题")
        ws.merge_cells(f"A2:{last}2")
        ws.auto_filter.ref = f"A1:{last}1"
        _fit_columns(ws, 1)
    _print_setup(ws, landscape=True)
    ws.print_title_rows = "1:1"


def _link(cell: Cell, url: str) -> None:
    """A clickable page address; a file:// or UNC target from a hostile page could leak Windows credentials."""
    url = _clean(url)
    if is_web_url(url) and len(url) <= URL_MAX:
        cell.hyperlink = url
        cell.style = _LINK


def _fit_columns(ws: Worksheet, last_row: int) -> None:
    """Widths from the longest line in each column, then row heights from how many lines wrap."""
    widths = {}
    for col, title in enumerate(COLUMNS, start=1):
        texts = [c.value for (c,) in ws.iter_rows(min_row=1, max_row=last_row, min_col=col, max_col=col)
                 if isinstance(c.value, str)]
        longest = max((_display_width(line) for text in texts for line in text.split("\n")), default=0)
        widths[col] = max(min(longest + 2, MAX_WIDTHS.get(title, 24)), MIN_WIDTH.get(title, 6))
        ws.column_dimensions[get_column_letter(col)].width = widths[col]
    for row in ws.iter_rows(min_row=2, max_row=last_row):
        lines = max((_wrapped_lines(c.value, widths[c.column]) for c in row if isinstance(c.value, str)), default=1)
        ws.row_dimensions[row[0].row].height = min(_LINE_HEIGHT * lines, 409)


def _wrapped_lines(text: str, width: float) -> int:
    usable = max(width - 1, 1)
    return sum(max(1, math.ceil(_display_width(line) / usable)) for line in text.split("\n"))


def _print_setup(ws: Worksheet, landscape: bool) -> None:
    """A4, as wide as the page, so a printed sheet can be signed and filed."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
