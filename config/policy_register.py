"""The office's policy register (文件清理台账): which documents are valid, repealed, amended or expired.

Read as the office keeps it (xlsx or CSV, header possibly below a title row), through the same header and row
reading as the site and account registers, so its errors read the same way
(``政策文件台账.csv: row 4, column 状态: unknown status '暂停' …``). Columns: 文号, 标题, 状态 and optionally
有效期至, 替代文件.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from config.registry import register_error, register_rows

REQUIRED = ("文号", "标题", "状态")
OPTIONAL = ("有效期至", "替代文件")
_ALIASES = {"发文字号": "文号", "文件编号": "文号", "文件名称": "标题", "名称": "标题", "文件标题": "标题",
            "有效性": "状态", "效力状态": "状态", "文件状态": "状态", "清理结果": "状态", "有效期": "有效期至",
            "失效日期": "有效期至", "有效截止日期": "有效期至", "替代文件名称": "替代文件", "新文件": "替代文件"}
# status → what the page must show: valid (有效) or the word it was ended with
STATUS_NAMES = {**{name: "有效" for name in ("有效", "现行有效", "继续有效", "保留")},
                **{name: "废止" for name in ("废止", "已废止", "宣布废止")},
                **{name: "失效" for name in ("失效", "已失效", "宣布失效", "自动失效")},
                **{name: "修改" for name in ("修改", "已修改", "修订", "已修订", "修改后继续有效")}}
_DATE_RE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_OPEN_ENDED = frozenset({"", "长期", "长期有效", "无", "—", "-", "/"})


@dataclass(frozen=True)
class PolicyEntry:
    row: int                      # the row number as the sheet shows it (for the evidence)
    number: str                   # 文号 as written
    title: str
    status: str                   # 有效 | 废止 | 失效 | 修改
    status_text: str              # as written
    valid_until: dt.date | None = None
    replaced_by: str = ""


def read_policy_register(path: Path) -> list[PolicyEntry]:
    return [_entry(path, number, cells)
            for number, cells in register_rows(path, REQUIRED, OPTIONAL, _ALIASES, "policy register")]


def _entry(path: Path, number: int, cells: dict[str, str]) -> PolicyEntry:
    if not cells["文号"] and not cells["标题"]:
        raise register_error(path, number, "文号", "empty (a row needs its 文号 or its 标题)")
    status = STATUS_NAMES.get("".join(cells["状态"].split()))
    if status is None:
        raise register_error(path, number, "状态", f"unknown status {cells['状态']!r} (有效, 废止, 失效, 修改)")
    until_text = cells.get("有效期至", "")
    until = None
    if until_text not in _OPEN_ENDED:
        match = _DATE_RE.search(until_text)
        try:
            until = dt.date(*map(int, match.groups())) if match else None
        except ValueError:
            until = None
        if until is None:
            raise register_error(path, number, "有效期至", f"not a date: {until_text!r} (e.g. 2026-12-31, or 长期)")
    return PolicyEntry(number, cells["文号"], cells["标题"], status, cells["状态"], until, cells.get("替代文件", ""))
