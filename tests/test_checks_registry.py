"""Registry drift: links to closed sites (LNK-CLOSED-DOMAIN) and to the district's unregistered sites
(FIL-UNREGISTERED); national and outside sites are not the office's registry."""
from __future__ import annotations

import pytest

from tests.sitekit import audit_sites, column, home

FRESH = [("示范区召开会议", "/col/gzdt/", "2024-06-28"), ("示范区开展检查", "/col/gzdt/", "2024-06-27")]
LINKS = ('<div class="links"><a href="http://old.drift.gov.cn/">原教育网</a><a href="http://bbs.drift.gov.cn/">论坛</a>'
         '<a href="http://www.gov.cn/">中国政府网</a><a href="http://www.partner.com/">合作单位</a></div>')
ELSEWHERE = "<html><body><p>其他网站</p></body></html>"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    files = {"www.drift.gov.cn": {"/": home({"工作动态": FRESH}, extra=LINKS), "/col/gzdt/": column("工作动态", FRESH)},
             "www.calm.gov.cn": {"/": home({"工作动态": FRESH}), "/col/gzdt/": column("工作动态", FRESH)},
             "old.drift.gov.cn": {"/": ELSEWHERE}, "bbs.drift.gov.cn": {"/": ELSEWHERE},
             "www.gov.cn": {"/": ELSEWHERE}, "www.partner.com": {"/": ELSEWHERE}}
    sites = {"drift": {"url": "http://www.drift.gov.cn/"}, "calm": {"url": "http://www.calm.gov.cn/"},
             "old": {"url": "http://old.drift.gov.cn/", "status": "closed"}}
    return audit_sites(tmp_path_factory.mktemp("drift"), sites, files)


def test_link_to_a_closed_site(result):
    [closed] = result.of("drift", "LNK-CLOSED-DOMAIN")
    assert closed.evidence["host"] == "old.drift.gov.cn" and closed.points == 0.5
    assert not result.of("calm", "LNK-CLOSED-DOMAIN")


def test_unregistered_site_of_the_district_only(result):
    hosts = [f.evidence["host"] for f in result.of("drift", "FIL-UNREGISTERED")]
    assert hosts == ["bbs.drift.gov.cn"]           # not www.gov.cn, not a .com, not the registered closed site
    assert not result.of("calm", "FIL-UNREGISTERED")


def test_closed_site_is_not_judged(result):
    assert result.of("old") == []
