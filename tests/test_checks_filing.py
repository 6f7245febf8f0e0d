"""FIL checks against sites served and crawled for real: what must be found, and what must not."""
from __future__ import annotations

import pytest

from tests.sitekit import SITE_TAGS, article, audit_sites, column, footer, home

FRESH = [("示范区召开会议", "/art/1.html", "2024-06-28"), ("示范区开展检查", "/art/2.html", "2024-06-27")]


def _site(foot: str | None = None, tags: dict | None = None, art_tags: dict | None = None) -> dict[str, str]:
    return {
        "/": home({"工作动态": FRESH}, tags=tags, foot=foot),
        "/col/gzdt/": column("工作动态", FRESH, foot=foot),
        "/art/1.html": article("示范区召开会议", "2024-06-28", foot=foot, tags=art_tags),
        "/art/2.html": article("示范区开展检查", "2024-06-27", foot=foot, tags=art_tags),
        "/beian/index.html": "<html><body>备案</body></html>",
        "/psb/index.html": "<html><body>公安备案</body></html>",
        "/conac/index.html": "<html><body>标识</body></html>",
        "/jiucuo/index.html": "<html><body>找错</body></html>",
        "/img/dzjg.png": b"\x89PNG\r\n\x1a\n",
    }


SITES = {
    "clean": _site(),
    # full-width digits, spaces and a different -N suffix: normalise to the registered numbers
    "nearmiss": _site(foot=footer(idcode="３７０１９９０００１", icp="鲁ICP备 05012345号-2",
                                  psb="鲁公网安备３７０１９９０２０００１０１号")),
    "missing": _site(foot=footer(idcode=None, icp=None, psb=None, sponsor=None, contact=False, conac=False,
                                 errreport=False)),
    "wrong": _site(foot=footer(idcode="3701990009", icp="鲁ICP备09999999号-1", psb="鲁公网安备37019902000199号",
                               sponsor="示范区另一个局")),
    "badtags": _site(tags={"SiteName": "示范区测试网", "SiteIDCode": "3701990002"},
                     art_tags={**SITE_TAGS, "ArticleTitle": "标题", "PubDate": "2024年6月28日",
                               "ColumnName": "", "ColumnDescription": "工作动态", "ColumnKeywords": "工作动态",
                               "ColumnType": "新闻栏目", "ContentSource": "示范区测试局"}),
}
HOSTS = {"clean": "www.clean.gov.cn", "nearmiss": "www.near.gov.cn", "missing": "www.missing.gov.cn",
         "wrong": "www.wrong.gov.cn", "badtags": "www.badtags.com"}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("filing")
    return audit_sites(tmp, {sid: {"url": f"http://{HOSTS[sid]}/"} for sid in SITES},
                       {HOSTS[sid]: files for sid, files in SITES.items()})


def test_clean_site_has_no_filing_findings(result):
    assert {r for r in result.rules("clean") if r.startswith("FIL")} == set()


def test_normalised_numbers_are_not_deductions(result):
    fil = [f for f in result.of("nearmiss") if f.rule.startswith("FIL")]
    assert [(f.rule, f.level) for f in fil] == [("FIL-ICP", "warn")]     # only the -N suffix differs


def test_missing_footer_items_are_each_found(result):
    rules = result.rules("missing")
    for code in ("FIL-IDCODE", "FIL-ICP", "FIL-PSB", "FIL-SPONSOR", "FIL-CONTACT", "FIL-CONAC", "FIL-ERRREPORT"):
        assert code in rules, code
    idcode = result.of("missing", "FIL-IDCODE")[0]
    assert idcode.level == "deduct" and idcode.points == 1
    assert idcode.evidence["registry"] == "3701990001"


def test_numbers_differing_from_registry_are_found(result):
    by_rule = {f.rule: f for f in result.of("wrong")}
    assert by_rule["FIL-IDCODE"].evidence["found"] == "3701990009"
    assert by_rule["FIL-ICP"].level == "deduct"
    assert "37019902000199" in by_rule["FIL-PSB"].evidence["found"]
    assert by_rule["FIL-SPONSOR"].evidence["found"] == "示范区另一个局"
    assert "FIL-CONAC" not in by_rule and "FIL-CONTACT" not in by_rule


def test_meta_tags_missing_and_malformed(result):
    meta = {f.evidence["page_type"]: f for f in result.of("badtags", "FIL-META")}
    assert set(meta["首页"].evidence["missing"]) == {"SiteDomain"}
    assert set(meta["文章页"].evidence["missing"]) == {"ColumnName"}    # present but empty counts as missing
    formats = {f.evidence["tag"]: f for f in result.of("badtags", "FIL-META-FORMAT")}
    assert set(formats) == {"PubDate", "ColumnType"}
    assert formats["PubDate"].level == "warn"
    # the homepage's SiteIDCode differs from the footer's 网站标识码
    assert "SiteIDCode" in result.of("badtags", "FIL-IDCODE")[0].message


def test_domain_outside_gov_cn(result):
    assert [f.evidence["host"] for f in result.of("badtags", "FIL-DOMAIN")] == ["www.badtags.com"]
    assert not result.of("clean", "FIL-DOMAIN")


def test_finding_ids_are_stable(result, tmp_path):
    again = audit_sites(tmp_path, {"wrong": {"url": f"http://{HOSTS['wrong']}/"}},
                        {HOSTS["wrong"]: SITES["wrong"]})
    assert {f.id for f in again.of("wrong")} == {f.id for f in result.of("wrong")}
