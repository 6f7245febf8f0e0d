"""The written outputs: exact CSV/JSONL shapes, safe workbooks and escaped notices, even for hostile page text."""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from checks.base import Finding
from config.schema import PROJECT_ROOT, District, load_profile
from reports import write_reports
from reports.excel import COLUMNS
from reports.view import evidence_lines

AS_OF = dt.date(2024, 6, 30)
DEPARTMENT = {"portal": "office", "edu-site": "edu", "edu-weibo": "edu", "water-site": "water"}
HOSTILE = ['=HYPERLINK("http://evil","点我")', "@SUM(1)", "+1+2", "-3", "\tTAB"]


def district() -> District:
    return District.model_validate({
        "district": "示范区",
        "departments": [{"id": "office", "name": "示范区人民政府办公室"}, {"id": "edu", "name": "示范区教育/体育局"},
                        {"id": "water", "name": "示范区水务局"}, {"id": "idle", "name": "示范区档案馆"}],
        "sites": [
            {"id": "portal", "department": "office", "name": "示范区人民政府", "url": "http://www.sfq.gov.cn/"},
            {"id": "edu-site", "department": "edu", "name": "示范区教育网", "url": "http://jy.sfq.gov.cn/"},
            {"id": "water-site", "department": "water", "name": "示范区水务网", "url": "http://sw.sfq.gov.cn/"},
        ],
        "accounts": [{"id": "edu-weibo", "department": "edu", "platform": "weibo", "name": "示范区教育发布",
                      "adapter": "rss", "url": "http://127.0.0.1:8101/feeds/edu.xml"}],
    })


def finding(rule: str, target: str, n: int = 0, level: str = "deduct", points: float = 0.0, message: str = "问题",
            url: str = "http://jy.sfq.gov.cn/col/tzgg/", evidence: dict | None = None) -> Finding:
    return Finding(id=f"{rule}-{target}-{n}", rule=rule, level=level, department=DEPARTMENT[target], target=target,
                   url=url, message=message, evidence=evidence or {}, points=points)


FINDINGS = [
    finding("LNK-BROKEN", "portal", 1, points=0.1, url="http://www.sfq.gov.cn/a.pdf",
            evidence={"status": 404, "referrers": [f"http://www.sfq.gov.cn/art/{i}.html" for i in range(25)]}),
    finding("FRS-COLUMN-STALE", "edu-site", 1, points=1, message="“通知公告”栏目超过6个月未更新。",
            evidence={"newest": dt.date(2023, 11, 2), "column": "通知公告"}),
    finding("FRS-HOME-STALE", "edu-site", 2, level="veto", message="<script>alert(1)</script>首页超过14天未更新。",
            url="http://jy.sfq.gov.cn/"),
    finding("NMA-AGING", "edu-weibo", 3, level="warn", message="账号已9天未更新。"),
    finding("LNK-BLOCKED", "edu-site", 4, level="inconclusive", message="链接访问被拦截。",
            url="javascript:alert(1)"),
    finding("REV-TYPO", "edu-site", 5, points=0.2, message="错别字\x00\x07\x1b“按装”\ud800。",
            evidence={"wrong": "按装\x0b", "when": dt.datetime(2024, 6, 1, 8, 30)}),
    *[finding("REV-TYPO", "water-site", 10 + i, points=0.2, message=text) for i, text in enumerate(HOSTILE)],
]
OBSERVED = {"portal", "edu-site", "edu-weibo", "water-site"}


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("out")
    (folder / "keep.txt").write_text("用户自己的文件", encoding="utf-8")
    profile = load_profile(PROJECT_ROOT / "config/rules/national.yaml")
    write_reports(folder, FINDINGS, district(), profile, AS_OF, OBSERVED)
    return folder


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV needs a BOM for Excel and WPS"
    return list(csv.reader(raw.decode("utf-8-sig").splitlines()))


# --- files ----------------------------------------------------------------------------------------

def test_other_files_in_out_are_left_alone_and_outputs_replaced(out, tmp_path):
    assert (out / "keep.txt").read_text(encoding="utf-8") == "用户自己的文件"
    profile = load_profile(PROJECT_ROOT / "config/rules/national.yaml")
    write_reports(tmp_path, FINDINGS, district(), profile, AS_OF, OBSERVED)
    write_reports(tmp_path, FINDINGS[:1], district(), profile, AS_OF, OBSERVED)
    assert len((tmp_path / "findings.jsonl").read_text(encoding="utf-8").splitlines()) == 1


def test_scores_csv(out):
    rows = read_csv(out / "scores.csv")
    assert rows[0] == ["department", "name", "score", "verdict", "rank", "vetoes", "findings"]
    assert rows[1:] == [
        ["office", "示范区人民政府办公室", "99.9", "合格", "1", "0", "1"],
        ["water", "示范区水务局", "99", "合格", "2", "0", "5"],
        ["edu", "示范区教育/体育局", "79.5", "不合格", "3", "1", "5"],
        ["idle", "示范区档案馆", "", "未检查", "", "0", "0"],
    ]


def test_targets_csv(out):
    rows = read_csv(out / "targets.csv")
    assert rows[0] == ["target", "department", "kind", "score", "verdict", "vetoes", "findings"]
    assert rows[1:] == [
        ["portal", "office", "site", "99.9", "合格", "0", "1"],
        ["edu-site", "edu", "site", "59", "不合格", "1", "4"],
        ["water-site", "water", "site", "99", "合格", "0", "5"],
        ["edu-weibo", "edu", "account", "100", "合格", "0", "1"],
    ]


def test_findings_jsonl(out):
    lines = (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == len(FINDINGS)
    assert all(list(r) == ["id", "rule", "level", "department", "target", "url", "message", "evidence", "points"]
               for r in rows)
    keys = [(r["department"], r["target"], r["rule"], r["id"]) for r in rows]
    assert keys == sorted(keys)
    stale = next(r for r in rows if r["rule"] == "FRS-COLUMN-STALE")
    assert stale["evidence"]["newest"] == "2023-11-02"
    assert "“通知公告”" in lines[keys.index(("edu", "edu-site", "FRS-COLUMN-STALE", "FRS-COLUMN-STALE-edu-site-1"))]
    typo = next(r for r in rows if r["id"] == "REV-TYPO-edu-site-5")
    assert typo["evidence"]["when"] == "2024-06-01T08:30:00"
    assert typo["message"].endswith("\ud800。")          # kept, as a JSON escape


# --- workbooks ------------------------------------------------------------------------------------

def workbook(out: Path, name: str):
    return load_workbook(out / "rectification" / name)


def test_every_department_has_a_workbook_named_safely(out):
    names = sorted(p.name for p in (out / "rectification").iterdir())
    assert names == sorted(["示范区人民政府办公室.xlsx", "示范区教育_体育局.xlsx", "示范区水务局.xlsx",
                            "示范区档案馆.xlsx"])


def test_problem_sheet_layout(out):
    wb = workbook(out, "示范区教育_体育局.xlsx")
    assert wb.sheetnames == ["汇总", "问题清单"]
    ws = wb["问题清单"]
    assert [c.value for c in ws[1]] == COLUMNS
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:L6"
    levels = [ws.cell(row=r, column=4).value for r in range(2, 7)]
    assert levels == ["单项否决", "扣分", "扣分", "预警", "需人工复核"]
    assert ws["B2"].value == "FRS-HOME-STALE-edu-site-2"
    assert ws["C2"].value == "FRS-HOME-STALE 首页不更新"
    assert ws["F2"].hyperlink.target == "http://jy.sfq.gov.cn/"
    assert ws["F6"].value == "javascript:alert(1)" and ws["F6"].hyperlink is None
    assert ws["J2"].value.date() == dt.date(2024, 7, 15)
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"已整改,整改中,无法整改"'
    assert str(validation.sqref) == "K2:K6"
    assert ws.column_dimensions["E"].width == 16       # 示范区教育发布: 7 CJK characters count 14, plus margin
    assert ws["G2"].alignment.wrap_text and ws["H2"].alignment.wrap_text


def test_evidence_is_readable_and_long_lists_are_cut(out):
    ws = workbook(out, "示范区人民政府办公室.xlsx")["问题清单"]
    evidence = ws["H2"].value
    assert evidence.startswith("状态码：404\n引用页面：\n  http://www.sfq.gov.cn/art/0.html")
    assert "art/9.html" in evidence and "art/10.html" not in evidence
    assert evidence.endswith("等25个")
    assert "{" not in evidence


def test_evidence_words():
    lines = evidence_lines({"column_type": "notice", "message": {"title": "关于停车的咨询", "left": dt.date(2024, 3, 1)},
                            "fail_ratio": 0.0625, "checked": True, "missing": ["ColumnName", "ColumnType"]})
    assert lines == ["栏目类型：通知公告和政策文件类", "message：标题：关于停车的咨询；留言日期：2024-03-01",
                     "失败率：0.0625", "checked：是", "缺少：ColumnName、ColumnType"]


def test_summary_sheet(out):
    ws = workbook(out, "示范区教育_体育局.xlsx")["汇总"]
    values = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(1, ws.max_row + 1)}
    assert values["单位"] == "示范区教育/体育局"
    assert values["检查日期"] == "2024年6月30日"
    assert (values["得分"], values["结论"], values["排名"]) == (79.5, "不合格", "第3名（共3个单位）")
    assert (values["单项否决问题"], values["扣分问题"], values["预警问题"], values["需人工复核问题"]) == (1, 2, 1, 1)
    assert values["整改期限"] == "2024年7月15日"
    assert "整改情况" in values["填报说明"] and "整改说明" in values["填报说明"]


def test_crawled_text_never_becomes_a_formula(out):
    path = out / "rectification" / "示范区水务局.xlsx"
    ws = load_workbook(path)["问题清单"]
    messages = {ws.cell(row=r, column=7).value: ws.cell(row=r, column=7) for r in range(2, ws.max_row + 1)}
    for text in HOSTILE:
        cell = messages[text]                              # read back exactly as written
        assert cell.data_type == "s"
        assert cell.quotePrefix
    with zipfile.ZipFile(path) as xlsx:
        sheets = [xlsx.read(n).decode("utf-8") for n in xlsx.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any(re.search(r"<f[ >]", xml) for xml in sheets)


def test_control_characters_are_dropped_not_fatal(out):
    ws = workbook(out, "示范区教育_体育局.xlsx")["问题清单"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=2).value == "REV-TYPO-edu-site-5")
    assert ws.cell(row=row, column=7).value == "错别字“按装”。"
    assert ws.cell(row=row, column=8).value == "错误表述：按装\nwhen：2024-06-01 08:30"


def test_department_without_problems(out):
    wb = workbook(out, "示范区档案馆.xlsx")
    assert wb["问题清单"]["A2"].value == "本次未检查本单位的网站和账号"
    assert wb["汇总"]["B5"].value == "—"


# --- notices --------------------------------------------------------------------------------------

def test_hostile_text_is_escaped(out):
    for name in ("index.html", "edu.html"):
        html = (out / "notices" / name).read_text(encoding="utf-8")
        assert "<script" not in html
        assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;首页超过14天未更新。" in (out / "notices" / "edu.html").read_text(
        encoding="utf-8")


def test_index_is_a_district_notice(out):
    html = (out / "notices" / "index.html").read_text(encoding="utf-8")
    assert "示范区政府网站与政务新媒体检查情况通报" in html
    assert "检查日期：2024年6月30日" in html
    for heading in ("一、总体情况", "二、检查结果排名", "三、存在的主要问题", "四、整改要求"):
        assert heading in html
    assert "政府网站3个、政务新媒体账号1个" in html
    assert "合格3个、不合格1个，合格率75%" in html
    ranking = html.index("表1")
    order = [html.index(name, ranking) for name in ("示范区人民政府办公室", "示范区水务局", "示范区教育/体育局",
                                                     "示范区档案馆")]
    assert order == sorted(order)
    assert "（一）首页不更新（单项否决）。共1处，涉及示范区教育/体育局（示范区教育网）。" in html
    assert "请各单位于2024年7月15日前完成整改，并将整改清单报送区政务公开办" in html
    assert 'href="../rectification/%E7%A4%BA%E8%8C%83%E5%8C%BA%E6%B0%B4%E5%8A%A1%E5%B1%80.xlsx"' in html
    assert 'href="water.html"' in html
    assert "@page" in html and "A4" in html


def test_department_notice(out):
    html = (out / "notices" / "edu.html").read_text(encoding="utf-8")
    assert "你单位得分79.5分，在3个单位中排名第3" in html
    assert "示范区教育网" in html and "示范区教育发布" in html
    assert 'href="http://jy.sfq.gov.cn/col/tzgg/"' in html
    assert "最新日期：2023-11-02" in html
    assert "2024年7月15日前完成整改" in html
    assert sorted(p.name for p in (out / "notices").iterdir()) == ["edu.html", "idle.html", "index.html",
                                                                  "office.html", "water.html"]
