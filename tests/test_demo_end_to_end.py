"""The README's demo, end to end: `audit.py demo` finds exactly the demo's declared problems, and nothing more,
and writes every output of interface.md."""
from __future__ import annotations

import csv
import json
import re
import subprocess
import sys

import openpyxl
import pytest

from config.demo.build import expected
from config.schema import PROJECT_ROOT


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "out"
    proc = subprocess.run([sys.executable, str(PROJECT_ROOT / "audit.py"), "demo", "--out", str(out)],
                          capture_output=True, text=True, timeout=600, cwd=PROJECT_ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


def _key(rule: str, level: str, target: str, url: str) -> tuple:
    url = re.sub(r"^(https?://[^/:]+)(?::(?:\d+|\{port\}))?", r"\1", url) if ".invalid" not in url and "127.0.0.1" not in url else url
    return rule, level, target, re.sub(r"index\.html$", "", url)


def test_findings_are_exactly_the_declared_problems(out):
    findings = [json.loads(line) for line in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    got = sorted(_key(f["rule"], f["level"], f["target"], f["url"]) for f in findings)
    want = sorted(_key(e.rule, e.level, e.site, e.url) for e in expected())
    assert got == want
    assert len({f["id"] for f in findings}) == len(findings)
    assert set(findings[0]) == {"id", "rule", "level", "department", "target", "url", "message", "evidence", "points"}


def test_scores_and_targets(out):
    raw = (out / "scores.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert list(rows[0]) == ["department", "name", "score", "verdict", "rank", "vetoes", "findings"]
    verdicts = {r["department"]: r["verdict"] for r in rows}
    assert verdicts["housing"] == verdicts["culture"] == "不合格"
    assert verdicts["stats"] == "合格"
    stats = next(r for r in rows if r["department"] == "stats")
    assert float(stats["score"]) == 100 and stats["rank"] == "1" and stats["findings"] == "0"
    targets = list(csv.DictReader((out / "targets.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert list(targets[0]) == ["target", "department", "kind", "score", "verdict", "vetoes", "findings"]
    assert {t["target"] for t in targets} == {"portal", "edu", "health", "market", "housing", "culture", "stats",
                                              "office-weibo", "office-wechat", "edu-weibo", "health-weibo",
                                              "health-cdc", "market-douyin", "market-kuaishou", "culture-wechat",
                                              "culture-toutiao", "stats-weibo", "edu-old", "stats-old"}
    kinds = {t["target"]: (t["kind"], t["verdict"]) for t in targets}
    assert kinds["edu-weibo"] == ("account", "不合格") and kinds["stats-weibo"] == ("account", "合格")
    assert kinds["market-kuaishou"] == ("account", "合格")      # blocked: inspected, nothing deducted (re-check by hand)
    assert kinds["edu-old"] == ("site", "未检查")               # closed: only its homepage read, not scored


def test_workbooks_and_notices(out):
    books = sorted(p.name for p in (out / "rectification").glob("*.xlsx"))
    assert len(books) == 7 and "示范区住房和城乡建设局.xlsx" in books
    sheet = openpyxl.load_workbook(out / "rectification" / "示范区住房和城乡建设局.xlsx")["问题清单"]
    assert sheet.max_row == 14       # header + 13 findings
    notice = (out / "notices" / "index.html").read_text(encoding="utf-8")
    assert "示范区政府网站与政务新媒体检查情况通报" in notice and "合格率" in notice
    assert "政务新媒体账号10个" in notice and "示范区教育发布" in notice and "微信公众号" in notice
    summary = openpyxl.load_workbook(out / "rectification" / "示范区文化和旅游局.xlsx")["汇总"]
    kinds = {row[1] for row in summary.iter_rows(values_only=True)}
    assert {"网站", "微信公众号", "今日头条"} <= kinds
    for dep in ("office", "edu", "health", "market", "housing", "culture", "stats"):
        assert (out / "notices" / f"{dep}.html").exists()


def test_evidence_screenshots(out):
    findings = [json.loads(line) for line in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    shots = {f["evidence"]["screenshot"] for f in findings if "screenshot" in f["evidence"]}
    assert shots and all((out / s).read_bytes().startswith(b"\x89PNG") for s in shots)
    assert any(f["rule"] == "FRS-COLUMN-STALE" and "/zt/jkkp/" in f["url"] and "screenshot" in f["evidence"]
               for f in findings)           # the JavaScript-only column, photographed rendered
    assert not any("screenshot" in f["evidence"] for f in findings if f["rule"].startswith(("REV-", "LNK-BROKEN")))
