"""The office's register of new-media accounts (xlsx or CSV), read into ``Account`` entries.

Offices keep this sheet already (账号名称, 平台, 主办单位, 账号ID/链接, 状态, 备案编号), so the auditor reads it as it
is: the header may sit below a title row, platforms and statuses are written in Chinese, and every error names the
file, the row and the column. Optional columns say where evidence comes from (采集方式, 采集地址) and which
department owns an account whose 主办单位 is not a department itself (所属单位); a Weibo account needs neither.
"""
from __future__ import annotations

import csv
import unicodedata
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from config.platforms import LABELS, account_of, weibo_uid
from config.schema import Account, ConfigError, resolve_path

REQUIRED = ("账号名称", "平台", "主办单位", "账号ID/链接", "状态")
OPTIONAL = ("备案编号", "所属单位", "采集方式", "采集地址", "编号")
_ALIASES = {"账号ID": "账号ID/链接", "账号链接": "账号ID/链接", "账号ID或链接": "账号ID/链接", "账号地址": "账号ID/链接",
            "账号类型": "平台", "所属平台": "平台", "运行状态": "状态", "账号状态": "状态"}
PLATFORM_NAMES = {**{label: code for code, label in LABELS.items()}, **{code: code for code in LABELS},
                  "新浪微博": "weibo", "微信": "wechat", "公众号": "wechat", "微信服务号": "wechat", "微信订阅号": "wechat",
                  "头条": "toutiao", "头条号": "toutiao", "B站": "bilibili", "其他": "other"}
STATUS_NAMES = {"正常": "active", "运行": "active", "运营": "active", "在用": "active", "启用": "active", "开通": "active",
                "active": "active", "关停": "closed", "已关停": "closed", "注销": "closed", "已注销": "closed",
                "停用": "closed", "关闭": "closed", "closed": "closed"}
ADAPTER_NAMES = {"rss": "rss", "订阅源": "rss", "weibo": "weibo", "微博接口": "weibo", "export": "export",
                 "导出文件": "export", "后台导出": "export"}
HEADER_ROWS = 10     # the header is looked for this far down (a title row often comes first)


def read_registry(path: Path, units: dict[str, str]) -> list[Account]:
    """The register's accounts; ``units`` maps a department's name and id to its id (主办单位, 所属单位)."""
    rows = _rows(path)
    for header_at, row in enumerate(rows[:HEADER_ROWS]):
        columns = {_column(cell): i for i, cell in enumerate(row) if _column(cell)}
        if all(name in columns for name in REQUIRED):
            break
    else:
        raise ConfigError(f"{path}: no header row with the columns {', '.join(REQUIRED)} in its first "
                          f"{HEADER_ROWS} rows")
    accounts = []
    for number, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        cells = {name: _text(row[i]) if i < len(row) else "" for name, i in columns.items()}
        if any(cells.values()):
            accounts.append(_account(path, number, cells, units))
    return accounts


def _account(path: Path, number: int, cells: dict[str, str], departments: dict[str, str]) -> Account:
    def fail(column: str, message: str) -> ConfigError:
        return ConfigError(f"{path}: row {number}: {column}: {message}")

    for name in ("账号名称", "平台", "主办单位"):
        if not cells[name]:
            raise fail(name, "empty")
    platform = PLATFORM_NAMES.get(cells["平台"])
    if platform is None:
        raise fail("平台", f"unknown platform {cells['平台']!r} (one of {', '.join(LABELS.values())})")
    status = STATUS_NAMES.get(cells["状态"] or "正常")
    if status is None:
        raise fail("状态", f"unknown status {cells['状态']!r} (正常 or 已关停)")
    unit = cells.get("所属单位") or cells["主办单位"]
    department = departments.get(unit)
    if department is None:
        column = "所属单位" if cells.get("所属单位") else "主办单位"
        raise fail(column, f"{unit!r} is not a department of the config (name or id); add a 所属单位 column")
    link = cells["账号ID/链接"]
    is_url = link.startswith(("http://", "https://"))
    key = account_of(link) if is_url else None
    adapter, source = cells.get("采集方式", ""), cells.get("采集地址", "")
    if adapter and adapter not in ADAPTER_NAMES:
        raise fail("采集方式", f"unknown adapter {adapter!r} (rss, weibo or export; page needs YAML selectors)")
    adapter = ADAPTER_NAMES.get(adapter) or ("export" if source and not source.startswith("http") else
                                            "rss" if source else None)
    if adapter is None and platform == "weibo" and (uid := weibo_uid(link) or (link if link.isdigit() else None)):
        adapter, source = "weibo", f"https://m.weibo.cn/u/{uid}"
    fields: dict[str, Any] = {
        "id": cells.get("编号") or f"{platform}-{key[1] if key else link or cells['账号名称']}",
        "department": department, "platform": platform, "name": cells["账号名称"], "status": status,
        "owner": cells["主办单位"], "account_id": None if is_url else link or None,
        "filing": cells.get("备案编号") or None, "adapter": adapter,
        "url": source if adapter != "export" and source else link if is_url else "",
    }
    if adapter == "export":
        fields["file"] = str(resolve_path(source, path).resolve())
        if not Path(fields["file"]).is_file():
            raise fail("采集地址", f"file not found: {source}")
    try:
        return Account.model_validate(fields)
    except ValidationError as exc:
        err = exc.errors()[0]
        column = {"url": "采集地址", "file": "采集地址", "selectors": "采集方式"}.get(str(err["loc"][0]) if err["loc"] else "",
                                                                                "账号ID/链接")
        raise fail(column, err["msg"].removeprefix("Value error, ")) from None


def _column(cell: Any) -> str:
    name = "".join(_text(cell).split())
    name = _ALIASES.get(name, name)
    return name if name in REQUIRED or name in OPTIONAL else ""


def _text(cell: Any) -> str:
    """A cell as text: numbers without a trailing .0 (a uid typed into Excel), full-width forms folded."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return unicodedata.normalize("NFKC", str(cell)).strip()


def _rows(path: Path) -> list[list[Any]]:
    try:
        return read_table(path)
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"{path}: cannot read the account register (xlsx or CSV): {exc}") from None


def read_table(path: Path) -> list[list[Any]]:
    """The first sheet of an xlsx, or a CSV (UTF-8, or GB18030 as Excel and WPS save it on a Chinese Windows)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        try:
            return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    return list(csv.reader(text.splitlines()))
