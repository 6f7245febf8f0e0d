"""The office's site register (网站名称, 网址, 主办单位, 网站标识码, ICP备案号, 公安备案号, 状态) as ``site_registry``."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook

from config.schema import ConfigError, load_district

HEADER = ["序号", "网站名称", "网址", "主办单位", "网站标识码", "ICP备案号", "公安备案号", "状态"]
PORTAL = ["示范区人民政府", "http://www.sfq.gov.cn/", "示范区人民政府办公室", 3701990001, "鲁ICP备05012345号-1",
          "鲁公网安备37019902000101号", "正常"]
EDU = ["示范区教育局", "jyj.sfq.gov.cn", "示范区教育局", "3701990002", "鲁ICP备05012346号-1", "", " 运行 "]
OLD_EDU = ["示范区教育信息网", "http://old.jyj.sfq.gov.cn/index.html", "示范区教育局", "3701990012", "", "", "已关停"]
SCHOOL = ["示范区第一中学", "https://www.sfqyz.edu.cn/", "示范区第一中学", "", "", "", "例外"]
DEPARTMENTS = "departments:\n  - {id: office, name: 示范区人民政府办公室}\n  - {id: edu, name: 示范区教育局}\n"


def sheet(path: Path, rows: list[list], header: list[str] = HEADER) -> Path:
    book = Workbook()
    ws = book.active
    ws.append(["示范区政府网站名录（2024年6月）"])        # a title row above the header, as offices keep it
    ws.append(header)
    for i, row in enumerate(rows, 1):
        ws.append([i, *row])
    book.save(path)
    return path


def district(tmp_path: Path, sites: str = "", extra: str = "") -> Path:
    config = tmp_path / "district.yaml"
    config.write_text(f"district: 示范区\n{DEPARTMENTS}site_registry: 名录.xlsx\n{sites}{extra}", encoding="utf-8")
    return config


def test_sites_from_the_register(tmp_path):
    rows = [PORTAL, EDU, OLD_EDU, [*SCHOOL[:2], "示范区教育局", *SCHOOL[3:]]]
    sheet(tmp_path / "名录.xlsx", rows)
    sites = load_district(district(tmp_path)).sites
    assert [(s.id, s.department, s.status, s.url) for s in sites] == [
        ("www.sfq.gov.cn", "office", "active", "http://www.sfq.gov.cn/"),
        ("jyj.sfq.gov.cn", "edu", "active", "http://jyj.sfq.gov.cn/"),          # no scheme written: http
        ("old.jyj.sfq.gov.cn-index.html", "edu", "closed", "http://old.jyj.sfq.gov.cn/index.html"),
        ("www.sfqyz.edu.cn", "edu", "exempt", "https://www.sfqyz.edu.cn/")]
    portal = sites[0]
    assert portal.name == "示范区人民政府" and portal.registry.model_dump() == {
        "idcode": "3701990001", "icp": "鲁ICP备05012345号-1", "psb": "鲁公网安备37019902000101号",
        "sponsor": "示范区人民政府办公室"}                                         # a number typed into Excel: no .0
    assert sites[1].registry.psb is None


def test_register_merged_with_the_configured_sites(tmp_path):
    """Same host (any port): the config wins for what it sets, the sheet fills registry ids and status."""
    sheet(tmp_path / "名录.xlsx", [PORTAL, EDU, OLD_EDU])
    sites = ("sites:\n"
             "  - {id: portal, department: office, name: 示范区政府门户, url: 'http://www.sfq.gov.cn:8101/',"
             " registry: {icp: 鲁ICP备05099999号}}\n"
             "  - {id: edu-old, department: edu, name: 旧教育网, url: 'http://old.jyj.sfq.gov.cn:8101/index.html'}\n")
    loaded = load_district(district(tmp_path, sites))
    portal, edu_old, edu = loaded.sites
    assert (portal.id, portal.name, portal.url, portal.status) == ("portal", "示范区政府门户", "http://www.sfq.gov.cn:8101/",
                                                                   "active")
    assert (portal.registry.icp, portal.registry.idcode) == ("鲁ICP备05099999号", "3701990001")
    assert (edu_old.id, edu_old.status, edu_old.registry.idcode) == ("edu-old", "closed", "3701990012")
    assert (edu.id, edu.department) == ("jyj.sfq.gov.cn", "edu")


def test_register_as_csv(tmp_path):
    """A CSV saved by Excel on a Chinese Windows (GB18030), header aliases (网站地址, 运行状态)."""
    lines = ["网站名称,网站地址,主办单位,网站标识码,ICP备案号,公安备案号,运行状态", "示范区教育局,jyj.sfq.gov.cn,示范区教育局,,,,关闭"]
    (tmp_path / "名录.csv").write_bytes("\r\n".join(lines).encode("gb18030"))
    config = tmp_path / "district.yaml"
    config.write_text(f"district: 示范区\n{DEPARTMENTS}site_registry: 名录.csv\n", encoding="utf-8")
    [edu] = load_district(config).sites
    assert (edu.id, edu.status, edu.registry.sponsor) == ("jyj.sfq.gov.cn", "closed", "示范区教育局")


@pytest.mark.parametrize("rows, header, message", [
    ([PORTAL], [h for h in HEADER if h != "状态"], "row 2, column 状态: missing from the header row"),
    ([PORTAL, [*EDU[:2], "示范区财政局", *EDU[3:]]], HEADER,
     "row 4, column 主办单位: '示范区财政局' is not a department of the config"),
    ([[PORTAL[0], "www.sfq.gov.cn 首页", *PORTAL[2:]]], HEADER, "row 3, column 网址: not a web address: 'www.sfq.gov.cn 首页'"),
    ([[PORTAL[0], "无", *PORTAL[2:]]], HEADER, "row 3, column 网址: not a web address: '无'"),
    ([[PORTAL[0], "ftp://www.sfq.gov.cn/", *PORTAL[2:]]], HEADER, "row 3, column 网址: not a web address"),
    ([[*PORTAL[:6], "暂停"]], HEADER, "row 3, column 状态: unknown status '暂停'"),
    ([PORTAL, ["", *PORTAL[1:]]], HEADER, "row 4, column 网站名称: empty"),
    ([PORTAL, [*EDU[:1], "http://www.sfq.gov.cn", *EDU[2:]]], HEADER, "row 4, column 网址: the site http://www.sfq.gov.cn/ is listed twice"),
])
def test_broken_registers_name_file_row_and_column(tmp_path, rows, header, message):
    path = sheet(tmp_path / "名录.xlsx", rows, header)
    with pytest.raises(ConfigError, match=re.escape(f"{path}: {message}")) as caught:
        load_district(district(tmp_path))
    assert "\n" not in str(caught.value)


def test_two_rows_for_one_configured_site(tmp_path):
    sheet(tmp_path / "名录.xlsx", [PORTAL, [*PORTAL[:1], "https://www.sfq.gov.cn/", *PORTAL[2:]]])
    sites = "sites:\n  - {id: portal, department: office, name: 门户, url: 'http://www.sfq.gov.cn/'}\n"
    with pytest.raises(ConfigError, match=re.escape("row 4, column 网址: the same site as row 3")):
        load_district(district(tmp_path, sites))


def test_unreadable_register(tmp_path):
    (tmp_path / "名录.xlsx").write_bytes(b"not a zip")
    with pytest.raises(ConfigError, match=r"名录\.xlsx: cannot read the site register \(xlsx or CSV\)"):
        load_district(district(tmp_path))
    (tmp_path / "名录.xlsx").unlink()
    with pytest.raises(ConfigError, match=r"district\.yaml: site_registry: file not found: 名录\.xlsx"):
        load_district(district(tmp_path))
