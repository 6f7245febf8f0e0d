"""The office's own registers, read as they are kept: new-media accounts and websites (xlsx or CSV).

Offices keep these sheets already, so the auditor reads them as they are: the header may sit below a title row,
platforms and statuses are written in Chinese, and every error names the file, the row and the column
(``名录.xlsx: row 5, column 状态: unknown status '暂停' …``).

The account register (账号名称, 平台, 主办单位, 账号ID/链接, 状态, 备案编号) becomes ``Account`` entries. Optional columns
say where evidence comes from (采集方式, 采集地址) and which department owns an account whose 主办单位 is not a
department itself (所属单位); a Weibo account needs neither.

The site register (网站名称, 网址, 主办单位, 网站标识码, ICP备案号, 公安备案号, 状态) becomes ``sites`` entries, merged with
the sites the config lists already (same URL or host): the config's values win for what it sets, the sheet fills
the rest (registry ids, status).
"""
from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zipfile import BadZipFile

from openpyxl.utils.exceptions import InvalidFileException
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

SITE_REQUIRED = ("网站名称", "网址", "主办单位", "状态")
SITE_OPTIONAL = ("网站标识码", "ICP备案号", "公安备案号", "所属单位", "编号")
_SITE_ALIASES = {"网站地址": "网址", "网站网址": "网址", "首页地址": "网址", "域名": "网址", "网站域名": "网址", "URL": "网址",
                 "主办单位名称": "主办单位", "网站主办单位": "主办单位", "标识码": "网站标识码", "网站标识": "网站标识码",
                 "ICP备案": "ICP备案号", "ICP备案编号": "ICP备案号", "ICP许可证号": "ICP备案号",
                 "公安机关备案号": "公安备案号", "公网安备案号": "公安备案号", "公网安备号": "公安备案号", "公安备案": "公安备案号",
                 "运行状态": "状态", "网站状态": "状态"}
# Lenient with the ways offices write a status (spaces and full-width forms are folded first), strict with others.
SITE_STATUS_NAMES = {**{name: "active" for name in ("正常", "运行", "运行中", "正常运行", "在用", "开通", "启用", "运维",
                                                    "active")},
                     **{name: "closed" for name in ("关停", "已关停", "关闭", "已关闭", "停用", "已停用", "注销", "已注销",
                                                    "下线", "已下线", "停止运行", "已停止运行", "closed")},
                     **{name: "exempt" for name in ("例外", "豁免", "例外网站", "豁免检查", "免检", "不纳入检查",
                                                    "exempt")}}
_HOST_RE = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")


def register_error(path: Path, number: int, column: str, message: str) -> ConfigError:
    return ConfigError(f"{path}: row {number}, column {column}: {message}")


def _header(path: Path, rows: list[list[Any]], required: tuple[str, ...], known: tuple[str, ...],
            aliases: dict[str, str]) -> tuple[int, dict[str, int]]:
    """(row index, {column name: cell index}) of the header: the first of the top rows naming two known columns."""
    for at, row in enumerate(rows[:HEADER_ROWS]):
        columns: dict[str, int] = {}
        for i, cell in enumerate(row):
            name = "".join(_text(cell).split())
            name = aliases.get(name, name)
            if name in known:
                columns.setdefault(name, i)
        if len(columns) >= 2:
            missing = [name for name in required if name not in columns]
            if missing:
                raise register_error(path, at + 1, missing[0], f"missing from the header row (the sheet needs "
                                                       f"{', '.join(required)})")
            return at, columns
    raise ConfigError(f"{path}: no header row with the columns {', '.join(required)} in its first "
                      f"{HEADER_ROWS} rows")


def register_rows(path: Path, required: tuple[str, ...], optional: tuple[str, ...],
             aliases: dict[str, str], what: str) -> list[tuple[int, dict[str, str]]]:
    """(row number as the sheet shows it, {column: text}) of every non-empty row under the header."""
    try:
        rows = read_table(path)
    except (OSError, ValueError, KeyError, BadZipFile, InvalidFileException) as exc:   # a broken or foreign file
        raise ConfigError(f"{path}: cannot read the {what} (xlsx or CSV): {exc}") from None
    header_at, columns = _header(path, rows, required, required + optional, aliases)
    records = []
    for number, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        cells = {name: _text(row[i]) if i < len(row) else "" for name, i in columns.items()}
        if any(cells.values()):
            records.append((number, cells))
    return records


def read_registry(path: Path, units: dict[str, str]) -> list[Account]:
    """The register's accounts; ``units`` maps a department's name and id to its id (主办单位, 所属单位)."""
    return [_account(path, number, cells, units)
            for number, cells in register_rows(path, REQUIRED, OPTIONAL, _ALIASES, "account register")]


def _account(path: Path, number: int, cells: dict[str, str], departments: dict[str, str]) -> Account:
    def fail(column: str, message: str) -> ConfigError:
        return register_error(path, number, column, message)

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


def read_site_registry(path: Path, units: dict[str, str], configured: list[Any]) -> list[Any]:
    """The config's ``sites`` (raw YAML entries) merged with the register's rows, as raw entries to validate.

    A row matches a configured site with the same host (ignoring the port), the one with the same path when a
    host has several; the configured entry wins for every key it sets, the row fills the rest (status, registry
    ids, 主办单位). Unmatched rows become sites of their own, after the configured ones; their department is the
    one named by 所属单位, else by 主办单位 (a department's name or id).
    """
    sites = list(configured)
    claimed: dict[int, int] = {}            # index in ``sites`` → the row that filled it
    for number, cells in register_rows(path, SITE_REQUIRED, SITE_OPTIONAL, _SITE_ALIASES, "site register"):
        row = _site_row(path, number, cells)
        unit = cells.get("所属单位") or cells["主办单位"]
        if unit in units:
            row["department"] = units[unit]
        at = _configured_site(path, number, row["url"], sites[:len(configured)])
        if at is None:
            if unit not in units:
                column = "所属单位" if cells.get("所属单位") else "主办单位"
                raise register_error(path, number, column, f"{unit!r} is not a department of the config (name or id); "
                                                   f"add a 所属单位 column naming the department")
            for other in sites[len(configured):]:
                if _same_site(other["url"], row["url"]):
                    raise register_error(path, number, "网址", f"the site {row['url']} is listed twice")
            sites.append(row)
            continue
        if at in claimed:
            raise register_error(path, number, "网址", f"the same site as row {claimed[at]} ({row['url']})")
        claimed[at] = number
        entry = sites[at]
        registry = entry.get("registry") if isinstance(entry.get("registry"), dict) else {}
        sites[at] = {**row, **entry, "registry": {**row["registry"], **registry}}
    return sites


def _site_row(path: Path, number: int, cells: dict[str, str]) -> dict[str, Any]:
    for name in ("网站名称", "网址", "主办单位"):
        if not cells[name]:
            raise register_error(path, number, name, "empty")
    status = SITE_STATUS_NAMES.get("".join(cells["状态"].split()) or "正常")
    if status is None:
        raise register_error(path, number, "状态", f"unknown status {cells['状态']!r} (正常/运行, 关停/关闭 or 例外/豁免)")
    url = cells["网址"] if "://" in cells["网址"] else f"http://{cells['网址']}"
    parts = urlsplit(url)
    try:
        host_ok = parts.scheme in ("http", "https") and bool(_HOST_RE.fullmatch(parts.hostname or "")) \
            and (parts.port is None or parts.port > 0)
    except ValueError:          # a port that is no number
        host_ok = False
    if not host_ok:
        raise register_error(path, number, "网址", f"not a web address: {cells['网址']!r}")
    if not parts.path:
        url += "/"
    path_part = parts.path.strip("/").replace("/", "-")
    registry = {key: cells.get(column, "") for key, column in
                (("idcode", "网站标识码"), ("icp", "ICP备案号"), ("psb", "公安备案号"), ("sponsor", "主办单位"))}
    return {"id": cells.get("编号") or (parts.hostname + (f"-{path_part}" if path_part else "")),
            "name": cells["网站名称"], "url": url, "status": status,
            "registry": {key: value for key, value in registry.items() if value}}


def _configured_site(path: Path, number: int, url: str, configured: list[Any]) -> int | None:
    """Index of the configured site a row's URL stands for: the same host, and the same path among several."""
    same_host = [i for i, entry in enumerate(configured)
                 if isinstance(entry, dict) and _host(str(entry.get("url", ""))) == _host(url)]
    same_path = [i for i in same_host if _same_site(str(configured[i].get("url", "")), url)]
    if len(same_path) == 1 or len(same_host) == 1:
        return (same_path or same_host)[0]
    if same_host:
        names = ", ".join(str(configured[i].get("id")) for i in same_host)
        raise register_error(path, number, "网址", f"{url} is on the host of several configured sites ({names}) and is "
                                          f"none of them: write the site's full address")
    return None


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _same_site(a: str, b: str) -> bool:
    """Same host (any port) and the same path, a trailing slash aside."""
    return _host(a) == _host(b) and urlsplit(a).path.rstrip("/") == urlsplit(b).path.rstrip("/")


def _text(cell: Any) -> str:
    """A cell as text: numbers without a trailing .0 (a uid typed into Excel), full-width forms folded."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return unicodedata.normalize("NFKC", str(cell)).strip()


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
