"""LNK checks on crawled fixture sites: broken, soft-404 and blocked links, and working ones left alone."""
from __future__ import annotations

import pytest

from tests.sitekit import article, audit_sites, column, home

FRESH = [("示范区召开会议", "/art/1.html", "2024-06-28"), ("示范区开展检查", "/art/2.html", "2024-06-27"),
         ("示范区部署工作", "/art/3.html", "2024-06-26")]
SUPPORT = {"/beian/index.html": "<html><body>备案</body></html>", "/psb/index.html": "<html><body>公安</body></html>",
           "/conac/index.html": "<html><body>标识</body></html>", "/jiucuo/index.html": "<html><body>找错</body></html>",
           "/img/dzjg.png": b"\x89PNG\r\n\x1a\n"}


def _site(home_extra: str = "", art_body: str = "") -> dict:
    files = {"/": home({"工作动态": FRESH}, extra=home_extra), "/col/gzdt/": column("工作动态", FRESH), **SUPPORT}
    for i, (title, _, date) in enumerate(FRESH, 1):
        files[f"/art/{i}.html"] = article(title, date, body=art_body or None)
    return files


GOOD_BODY = ('<p>详见附件。</p><a href="/files/ok.pdf">附件1</a><img src="/img/photo.jpg" alt="现场">'
             '<a href="/moved/">已迁移栏目</a>')
BAD_BODY = ('<p>详见附件。</p><a href="/files/gone.pdf">附件</a><a href="http://127.0.0.1:9/old/">旧系统</a>'
            '<a href="http://nohost.invalid/">外部</a><a href="/forbidden.html">内部系统</a>'
            '<a href="/busy.html">查询</a><a href="http://10.0.0.1/intranet/">内网</a>')
SITES = {
    "clean": {**_site(art_body=GOOD_BODY), "/files/ok.pdf": b"%PDF-1.4 demo", "/img/photo.jpg": b"\xff\xd8\xff",
              "/col/new/index.html": column("已迁移栏目", FRESH)},
    "broken": {**_site(home_extra='<a href="/missing.html">专题</a><img src="/img/missing.png" alt="横幅">',
                       art_body=BAD_BODY), "/forbidden.html": "<html>403</html>"},
    "soft": {**_site(home_extra='<a href="/gone-topic/">旧专题</a>',
                     art_body='<p>见附件</p><a href="/files/lost.pdf">附件</a>')},
}
HOSTS = {sid: f"www.{sid}.gov.cn" for sid in SITES}
MANIFEST = {"paths": {HOSTS["clean"]: {"/moved/": {"status": 301, "headers": {"Location": "/col/new/"}}},
                      HOSTS["broken"]: {"/forbidden.html": {"status": 403}, "/busy.html": {"status": 429}}},
            "hosts": {HOSTS["soft"]: {"soft404": True}}}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return audit_sites(tmp_path_factory.mktemp("lnk"), {sid: {"url": f"http://{HOSTS[sid]}/"} for sid in SITES},
                       {HOSTS[sid]: files for sid, files in SITES.items()}, manifest=MANIFEST)


def lnk(result, site):
    return {(f.rule, f.url.split("/", 3)[-1] if "gov.cn" in f.url else f.url): f
            for f in result.of(site) if f.rule.startswith("LNK")}


def test_working_links_redirects_and_attachments_are_not_found(result):
    assert lnk(result, "clean") == {}


def test_broken_links_one_finding_per_url_with_referrers(result):
    found = lnk(result, "broken")
    assert found[("LNK-HOME-BROKEN", "missing.html")].points == 1
    assert found[("LNK-HOME-BROKEN", "img/missing.png")].evidence["elements"] == ["img"]
    gone = found[("LNK-BROKEN", "files/gone.pdf")]
    assert gone.evidence["referrer_count"] == 3 and len(gone.evidence["referrers"]) == 3
    assert gone.points == 0.1
    assert found[("LNK-BROKEN", "http://127.0.0.1:9/old/")].evidence["error"] == "refused"
    assert found[("LNK-BROKEN", "http://nohost.invalid/")].evidence["error"] == "dns"
    assert ("LNK-BROKEN", "missing.html") not in found          # counted once, as a homepage link


def test_blocked_links_are_inconclusive_not_broken(result):
    found = lnk(result, "broken")
    for key in (("LNK-BLOCKED", "forbidden.html"), ("LNK-BLOCKED", "busy.html"),
                ("LNK-BLOCKED", "http://10.0.0.1/intranet/")):
        assert found[key].level == "inconclusive" and found[key].points == 0
    assert not any(rule == "LNK-BROKEN" and "10.0.0.1" in url for rule, url in found)


def test_soft_404_pages_and_files(result):
    found = lnk(result, "soft")
    assert set(found) == {("LNK-SOFT404", "gone-topic/"), ("LNK-SOFT404", "files/lost.pdf")}
    # an error page is not judged for footers, tags or freshness
    assert not [f for f in result.of("soft") if f.url.endswith("gone-topic/") and not f.rule.startswith("LNK")]
