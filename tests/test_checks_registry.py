"""Registry drift: links to closed sites (LNK-CLOSED-DOMAIN) and to the district's unregistered sites
(FIL-UNREGISTERED); national and outside sites are not the office's registry."""
from __future__ import annotations

import pytest

from tests.sitekit import audit_sites, column, home

FRESH = [("示范区召开会议", "/col/gzdt/", "2024-06-28"), ("示范区开展检查", "/col/gzdt/", "2024-06-27")]
LINKS = ('<div class="links"><a href="http://old.drift.gov.cn/">原教育网</a><a href="http://bbs.drift.gov.cn/">论坛</a>'
         '<a href="http://www.gov.cn/">中国政府网</a><a href="http://www.partner.com/">合作单位</a></div>')
ELSEWHERE = "<html><body><p>其他网站</p></body></html>"


NOTICE = "<html><head><title>网站关停公告</title></head><body><p>本网站已关停，请访问新网址。</p></body></html>"
MIGRATED = ("<html><head><title>示范区测试网（旧版）</title></head><body><p>本站内容已全部迁移至示范区测试网，"
            "相关信息请到新网站查询。</p></body></html>")
REFRESH = ('<html><head><meta http-equiv="refresh" content="0;url=http://www.calm.gov.cn:{port}/">'
           '<title>跳转</title></head><body></body></html>')
# Closed sites, each a case of "does its domain still serve a site?": only "old" (the whole old site, 200) does.
CLOSED = {"old": "http://old.drift.gov.cn/",            # still the old site: must find
          "notice": "http://notice.drift.gov.cn/",      # a closure notice (title and text)
          "migrated": "http://migrated.drift.gov.cn/",  # a migration notice in the text only
          "moved": "http://moved.drift.gov.cn/",        # a meta refresh to the department's registered site
          "dead": "http://dead.drift.gov.cn/",          # 404
          "gone": "http://gone.drift.gov.cn/",          # 410
          "refused": "http://refused.drift.gov.cn/",    # nothing listens at its address
          "nxdomain": "http://closed.invalid/"}         # the name does not resolve


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    old_site = home({"工作动态": FRESH})
    files = {"www.drift.gov.cn": {"/": home({"工作动态": FRESH}, extra=LINKS), "/col/gzdt/": column("工作动态", FRESH)},
             "www.calm.gov.cn": {"/": home({"工作动态": FRESH}), "/col/gzdt/": column("工作动态", FRESH)},
             "old.drift.gov.cn": {"/": old_site, "/col/gzdt/": column("工作动态", FRESH)},
             "bbs.drift.gov.cn": {"/": ELSEWHERE}, "www.gov.cn": {"/": ELSEWHERE}, "www.partner.com": {"/": ELSEWHERE},
             "notice.drift.gov.cn": {"/": NOTICE}, "migrated.drift.gov.cn": {"/": MIGRATED},
             "moved.drift.gov.cn": {"/": REFRESH}, "dead.drift.gov.cn": {"/other.html": ELSEWHERE},
             "gone.drift.gov.cn": {"/": old_site}, "exempt.drift.gov.cn": {"/": old_site}}
    manifest = {"paths": {"gone.drift.gov.cn": {"/": {"status": 410}}}}
    hosts = {**{host: "127.0.0.1" for host in files}, "refused.drift.gov.cn": "127.0.0.2"}
    sites = {"drift": {"url": "http://www.drift.gov.cn/"}, "calm": {"url": "http://www.calm.gov.cn/"},
             "exempt": {"url": "http://exempt.drift.gov.cn/", "status": "exempt"},
             **{sid: {"url": url, "status": "closed"} for sid, url in CLOSED.items()}}
    return audit_sites(tmp_path_factory.mktemp("drift"), sites, files, manifest, crawl={"hosts": hosts})


def test_link_to_a_closed_site(result):
    [closed] = result.of("drift", "LNK-CLOSED-DOMAIN")
    assert closed.evidence["host"] == "old.drift.gov.cn" and closed.points == 0.5
    assert not result.of("calm", "LNK-CLOSED-DOMAIN")


def test_unregistered_site_of_the_district_only(result):
    hosts = [f.evidence["host"] for f in result.of("drift", "FIL-UNREGISTERED")]
    assert hosts == ["bbs.drift.gov.cn"]           # not www.gov.cn, not a .com, not the registered closed site
    assert not result.of("calm", "FIL-UNREGISTERED")


def test_closed_site_that_still_answers(result):
    [answers] = result.of("old")
    assert answers.rule == "LNK-CLOSED-DOMAIN" and answers.level == "deduct" and answers.url == result.urls["old"]
    assert answers.evidence["status"] == 200 and answers.evidence["title"] == "示范区测试网"
    assert answers.evidence["registry_status"] == "已关停" and "仍可访问" in answers.evidence["answers"]
    assert "仍可访问" in answers.message and "示范区测试网" in answers.message


@pytest.mark.parametrize("site", [s for s in CLOSED if s != "old"])
def test_closed_site_that_is_shut_or_moved(result, site):
    assert result.of(site) == []


def test_closed_site_homepage_only(result):
    """A closed site's homepage is read once, statically, and its links are not followed; it is not judged
    otherwise (no footer, freshness or link findings) and gets no site record."""
    snapshot = result.snapshot()
    fetched = [(f.url, f.role) for f in snapshot.fetches("old")]
    assert fetched == [(result.urls["old"], "closed-home")]
    assert "old" not in snapshot.sites() and "drift" in snapshot.sites()
    assert list(snapshot.fetches("exempt")) == [] and result.of("exempt") == []     # exempt: never fetched
    moved = next(snapshot.fetches("moved"))
    assert moved.final_url == result.urls["calm"]
