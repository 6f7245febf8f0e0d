"""CAT checks on crawled fixture sites against the shipped catalogue (config/catalogue.yaml), inspection date
2024-06-30: a portal that skipped one month of 政府开放日, departments missing columns or an online application,
and a department whose columns are links to the government's shared platform."""
from __future__ import annotations

import datetime as dt

import pytest

from checks.catalogue import period_label, periods_before
from config.schema import ConfigError, load_catalogue, load_district, resolve_path
from tests.sitekit import audit_sites, column, home, page

PORTAL_ONLY = {"政策解读": "zcjd", "重大建设项目": "zdxm"}
STATIC = {"政府信息公开指南": "zn", "政府信息公开制度": "zd", "法定主动公开内容": "fdzdgk"}
FORM = ('<form action="/ysqgk/submit" method="post"><p>申请人姓名：<input name="name"></p><p>联系电话：'
        '<input type="tel" name="phone"></p><p>所需信息的内容描述：<textarea name="content"></textarea></p>'
        '<input type="submit" value="提交申请"></form>')


def apply_page(how: str) -> str:
    body = {"form": FORM,
            "qr": '<p>扫描下方二维码，在手机上提交申请。</p><img src="/img/ysq-ewm.png" alt="依申请公开掌上申请二维码">',
            "download": '<p>请下载申请表，填写后邮寄或当面提交。</p><p><a href="/files/sqb.doc">政府信息公开申请表.doc</a></p>'}[how]
    return page("依申请公开_示范区测试网", f"<h2>依申请公开</h2><p>公民、法人或者其他组织可以申请获取政府信息。</p>{body}")


def build(columns: dict[str, str | None], apply: str | None, budget: list[tuple[str, str]],
          open_days: list[str] = (), links: dict[str, str] = ()) -> dict[str, str | bytes]:
    """columns: name → path (None: not shown); apply: form | qr | download | None; budget: (title, date)."""
    nav = dict(links) | {name: f"/{code}/" for name, code in columns.items() if code}
    if apply:
        nav["依申请公开"] = "/ysqgk/"
    if budget:
        nav["财政预决算"] = "/czyjs/"
    if open_days:
        nav["政府开放日"] = "/kfr/"
    entry = "".join(f'<li><a href="{href}">{name}</a></li>' for name, href in nav.items())
    files: dict[str, str | bytes] = {
        "/": home({"工作动态": [("示范区召开工作会议", "/art/1.html", "2024-06-28")]}, extra=f'<ul class="xxgk">{entry}</ul>'),
        "/art/1.html": page("示范区召开工作会议", "<h1>示范区召开工作会议</h1><p>发布时间：2024-06-28</p>"),
        "/img/ysq-ewm.png": b"\x89PNG\r\n\x1a\n", "/files/sqb.doc": b"doc"}
    for name, code in columns.items():
        if code:
            files[f"/{code}/"] = page(f"{name}_示范区测试网", f"<h2>{name}</h2><p>{name}的内容。</p>")
    if apply:
        files["/ysqgk/"] = apply_page(apply)
    if budget:
        files["/czyjs/"] = column("财政预决算", [(t, f"/czyjs/{k}.html", d) for k, (t, d) in enumerate(budget)], "财政资金")
    if open_days:
        files["/kfr/"] = column("政府开放日", [(f"示范区政府开放日活动（{d[:7]}）", f"/kfr/{k}.html", d)
                                          for k, d in enumerate(open_days)], "其他（按要求更新）")
    return files


BUDGET = [("示范区测试局2024年部门预算", "2024-02-05"), ("示范区测试局2023年部门决算", "2023-08-20"),
          ("示范区测试局2023年部门预算", "2023-02-10")]
ALL = {**STATIC, "政府信息公开年报": "nb"}
SITES = {
    # every column; 政府开放日 in every month from 2023-12 to 2024-05 but April
    "portal": ({"kind": "portal"}, build(ALL | PORTAL_ONLY, "form", BUDGET,
                                         ["2024-06-12", "2024-05-15", "2024-03-14", "2024-02-20", "2024-01-16",
                                          "2023-12-12"])),
    # no 制度 and no 年报; an application form to download only; no budget or final accounts published in 2023
    "dept": ({}, build(STATIC | {"政府信息公开制度": None}, "download",
                       [("示范区测试局2024年部门预算", "2024-02-05"), ("示范区测试局2022年部门决算", "2022-08-20")])),
    # a QR code to apply; no 财政预决算 column (the column is the finding, not each year's budget)
    "qr": ({}, build(ALL, "qr", [])),
    # every column a link to the portal's shared 信息公开 platform, its 依申请公开 page holding the form
    "linked": ({}, build({}, None, [], links={name: f"http://www.portal.gov.cn:{{port}}/{code}/"
                                              for name, code in {**ALL, "依申请公开": "ysqgk", "财政预决算": "czyjs"}.items()})),
}
HOSTS = {sid: f"www.{sid}.gov.cn" for sid in SITES}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    sites = {sid: {"url": f"http://{HOSTS[sid]}/", **cfg} for sid, (cfg, _) in SITES.items()}
    return audit_sites(tmp_path_factory.mktemp("cat"), sites, {HOSTS[sid]: files for sid, (_, files) in SITES.items()})


def cat(result, site: str) -> list[tuple[str, str]]:
    return sorted((f.rule, f.evidence.get("column") or f.evidence.get("period") or "")
                  for f in result.of(site) if f.rule.startswith("CAT"))


def test_portal_skipped_one_month_of_open_days(result):
    assert cat(result, "portal") == [("CAT-RECURRING", "2024年4月")]
    [miss] = result.of("portal", "CAT-RECURRING")
    assert miss.url.endswith("/kfr/") and miss.evidence["item"] == "政府开放日" and miss.points == 1
    assert miss.evidence["periods_published"] == ["2024年5月", "2024年3月", "2024年2月", "2024年1月", "2023年12月"]


def test_department_missing_columns_application_and_a_year_of_budgets(result):
    assert cat(result, "dept") == [("CAT-APPLY", ""), ("CAT-COLUMN", "政府信息公开制度"), ("CAT-COLUMN", "政府信息公开年报"),
                                   ("CAT-RECURRING", "2023年"), ("CAT-RECURRING", "2023年")]
    assert {f.evidence["item"] for f in result.of("dept", "CAT-RECURRING")} == {"财政预算", "财政决算"}
    [apply] = result.of("dept", "CAT-APPLY")
    assert apply.url.endswith("/ysqgk/")


def test_qr_code_and_missing_column_counted_once(result):
    assert cat(result, "qr") == [("CAT-COLUMN", "财政预决算")]


def test_department_linking_to_the_shared_platform(result):
    assert cat(result, "linked") == []


def test_periods():
    assert periods_before(dt.date(2024, 6, 30), "quarter", 2) == [(2024, 1), (2023, 4)]
    assert periods_before(dt.date(2024, 1, 1), "month", 1) == [(2023, 12)]
    assert period_label((2024, 2), "quarter") == "2024年第2季度"


def test_site_kind_defaults_to_department_and_the_catalogue_to_the_shipped_one(tmp_path):
    path = tmp_path / "district.yaml"
    path.write_text("district: 测试区\ndepartments: [{id: a, name: 甲局}]\n"
                    "sites: [{id: s, department: a, name: 甲局网站, url: 'http://www.a.gov.cn/'}]\n", encoding="utf-8")
    district = load_district(path)
    assert district.sites[0].kind == "department"
    assert load_catalogue(resolve_path(district.inspection.catalogue, path)).recurring[0].name == "政府开放日"


def test_a_bad_catalogue_names_file_and_key(tmp_path):
    path = tmp_path / "catalogue.yaml"
    path.write_text("columns: [{name: 依申请公开}]\nrecurring: [{name: 开放日, words: [开放日], every: month, "
                    "column: 政府开放日}]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"catalogue\.yaml: .*recurring\[0\]\.column: not a column"):
        load_catalogue(path)
    path.write_text("recurring: [{name: 开放日, words: [开放日], every: week}]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"recurring\[0\]\.every"):
        load_catalogue(path)
