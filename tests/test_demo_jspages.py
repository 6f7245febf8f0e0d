"""The demo's JavaScript-only column (config/demo/jspages.py): its problems are found when the health site is
crawled with render: auto, and not at all when it is read statically (render: never)."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from checks import run_checks
from checks.base import Context
from config.demo import jspages
from config.demo.build import build
from config.demo.server import serve
from config.schema import PROJECT_ROOT, load_district, load_profile
from crawler.run import crawl_sites
from crawler.snapshot import ROLE_PAGE, Store

AS_OF = "2024-06-30"


def _audit(tmp_path, render: str):
    build(tmp_path / "www")
    with serve(tmp_path / "www") as server:
        config = PROJECT_ROOT / "config" / "demo" / "district.yaml"
        district = load_district(config, config.read_text(encoding="utf-8").replace("{port}", str(server.port)))
        health = district.site(jspages.SITE).model_copy(update={"render": render})
        district = district.model_copy(update={"sites": [health], "accounts": []})
        store = Store(tmp_path / "audit.sqlite")
        crawl = store.begin_crawl()
        crawl_sites(district, tmp_path / "audit.sqlite", crawl)
    snapshot = store.snapshot(crawl)
    ctx = Context(district=district, profile=load_profile(PROJECT_ROOT / "config" / "rules" / "national.yaml"),
                  snapshot=snapshot, as_of=district.inspection.as_of, config_path=config)
    findings = list(run_checks(ctx))
    pages = {urlsplit(f.url).path: f.page for f in snapshot.fetches(jspages.SITE, ROLE_PAGE)
             if f.page is not None}
    store.close()
    return findings, pages


def _section(findings) -> set[tuple[str, str]]:
    """(rule, path) of the findings that come from the JavaScript-only column."""
    out = set()
    for f in findings:
        path = urlsplit(f.url).path
        if path.startswith(jspages.PATH):
            out.add((f.rule, path))
        if f.rule == "REV-ATTRIBUTION" and any(jspages.PATH in e["url"] for e in f.evidence["examples"]):
            out.add((f.rule, jspages.PATH + "2.html"))
    return out


@pytest.mark.parametrize("render", ["auto", "never"])
def test_the_section_is_judged_only_once_rendered(tmp_path, render):
    findings, pages = _audit(tmp_path, render)
    found = _section(findings)
    problems = {("FRS-COLUMN-STALE", jspages.PATH), ("REV-TYPO", jspages.PATH + "3.html"),
                ("REV-ATTRIBUTION", jspages.PATH + "2.html")}
    if render == "auto":
        assert found == problems
        for k in range(1, len(jspages.PIECES) + 1):
            page = pages[f"{jspages.PATH}{k}.html"]
            assert page.rendered and page.render_reason.startswith("auto:") and page.kind == "article"
        assert pages[f"{jspages.PATH}1.html"].source_text              # the near miss: 截至目前, and its 来源 shown
    else:
        assert not found & problems
        assert not any(p.rendered for p in pages.values())
