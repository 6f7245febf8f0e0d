"""Evidence screenshots: a real PNG of a page with a visible problem, linked from the finding and the reports;
none for other rules; caps respected."""
from __future__ import annotations

import json

import pytest
import yaml
from openpyxl import load_workbook

from audit import run_job
from config.demo.server import serve
from config.schema import load_district
from crawler.screenshots import chosen
from tests.sitekit import AS_OF, REGISTRY, article, footer, home

FRESH, STALE = "2024-06-25", "2024-04-01"


def _blocks(date: str) -> dict:
    """Eight homepage blocks of five items: a page taller than the screenshots' height cap."""
    return {f"栏目{b}": [(f"示范区工作信息{b}{i}", f"/art/{i}.html", date) for i in range(5)] for b in range(8)}


SITES = {
    # must find: the homepage is stale (FRS-HOME-STALE) and its footer lacks the ICP number (FIL-ICP)
    "stale": {"/": home(_blocks(STALE), foot=footer(icp="")),
              **{f"/art/{i}.html": article(f"示范区工作信息0{i}", STALE, foot=footer(icp="")) for i in range(5)}},
    # must find: a fresh homepage whose footer lacks the ICP number (FIL-ICP), photographed at its bottom
    "foot": {"/": home(_blocks(FRESH), foot=footer(icp="")),
             **{f"/art/{i}.html": article(f"示范区工作信息0{i}", FRESH, foot=footer(icp="")) for i in range(5)}},
    # must not find: a fresh homepage whose only problem (FIL-META, no page tags) is not one to photograph
    "meta": {"/": home(_blocks(FRESH), tags={}), **{f"/art/{i}.html": article(f"示范区工作信息0{i}", FRESH)
                                                    for i in range(5)}},
}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("shots")
    for sid, files in SITES.items():
        for path, text in files.items():
            target = tmp / "www" / f"www.{sid}.gov.cn" / path.lstrip("/") / ("index.html" if path.endswith("/") else "")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    with serve(tmp / "www") as server:
        config = {"district": "测试区", "departments": [{"id": "dep", "name": "测试局"}],
                  "sites": [{"id": sid, "department": "dep", "name": sid, "render": "never", "registry": REGISTRY,
                             "url": f"http://www.{sid}.gov.cn:{server.port}/"} for sid in SITES],
                  "crawl": {"hosts": {f"www.{sid}.gov.cn": "127.0.0.1" for sid in SITES}, "timeout": 5},
                  "screenshots": {"max_height": 1000}}
        config_path = tmp / "district.yaml"
        config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        district = load_district(config_path)
        run_job(district, config_path, tmp / "out", AS_OF, tmp / "audit.sqlite")
    findings = [json.loads(line) for line in (tmp / "out" / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    return tmp / "out", district, findings


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_a_stale_homepage_is_photographed_once_for_all_its_findings(run):
    out, _, findings = run
    home = [f for f in findings if f["target"] == "stale" and f["rule"] in ("FRS-HOME-STALE", "FIL-ICP")
            and f["url"].endswith(":" + f["url"].split(":")[-1].split("/")[0] + "/")]
    assert {f["rule"] for f in home} == {"FRS-HOME-STALE", "FIL-ICP"}
    links = {f["evidence"]["screenshot"] for f in home}
    assert len(links) == 1
    width, height = _png_size((out / links.pop()).read_bytes())
    assert width == 1366 and height == 1000          # the page is taller: cut at max_height


def test_a_footer_finding_is_photographed(run):
    out, _, findings = run
    icp = next(f for f in findings if f["target"] == "foot" and f["rule"] == "FIL-ICP")
    assert _png_size((out / icp["evidence"]["screenshot"]).read_bytes()) == (1366, 1000)


def test_other_rules_get_no_screenshot(run):
    out, _, findings = run
    meta = [f for f in findings if f["target"] == "meta"]
    assert "FIL-META" in {f["rule"] for f in meta}
    assert not any("screenshot" in f["evidence"] for f in meta)
    shot = {f["evidence"]["screenshot"] for f in findings if "screenshot" in f["evidence"]}
    assert {p.name for p in (out / "evidence").iterdir()} == {s.removeprefix("evidence/") for s in shot}


def test_reports_link_the_screenshot(run):
    out, _, findings = run
    shot = next(f["evidence"]["screenshot"] for f in findings if "screenshot" in f["evidence"])
    notice = (out / "notices" / "dep.html").read_text(encoding="utf-8")
    assert f'href="../{shot}"' in notice and "查看页面截图" in notice
    sheet = load_workbook(next((out / "rectification").glob("*.xlsx")))["问题清单"]
    links = {c.hyperlink.target for row in sheet.iter_rows() for c in row if c.hyperlink}
    assert f"../{shot}" in links


def test_caps_per_run_and_per_site(run):
    from checks.base import Finding

    _, district, findings = run
    found = [Finding(**f) for f in findings]
    pages = {f["url"] for f in findings if f["rule"] in ("FRS-HOME-STALE", "FIL-ICP")}
    assert set(chosen(found, district)) >= pages
    capped = lambda **cap: district.model_copy(update={"screenshots": district.screenshots.model_copy(update=cap)})
    assert len(chosen(found, capped(max=1))) == 1
    assert {f.target for fs in chosen(found, capped(per_site=1)).values() for f in fs} == {"stale", "foot"}
    assert len(chosen(found, capped(per_site=1))) == 2
    assert chosen(found, capped(max=0)) == {}
