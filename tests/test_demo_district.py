"""The bundled demo district: generator, config, server, and the table of findings it promises.

The table in config/demo/README.md is what the whole auditor is checked against, so these tests read the
served pages (not the generator's model) to confirm every row: each deliberately broken link fails the way the
table says and no other link fails, and the dates behind every freshness row are the ones the table claims.
"""
from __future__ import annotations

import datetime as dt
import html
import re
import socket
import time
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from config.demo import accounts, closed
from config.demo.build import AS_OF, build, expected, expected_markdown, sites
from config.demo.server import serve
from config.schema import load_district

DEMO = Path(__file__).resolve().parent.parent / "config" / "demo"
PORT = 8101   # stands in for the server's port where the config is only validated


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("demo")
    build(dest)
    return dest


@pytest.fixture(scope="module")
def server(root: Path):
    with serve(root) as srv:
        yield srv


def _district(port: int = PORT):
    text = (DEMO / "district.yaml").read_text(encoding="utf-8").replace("{port}", str(port))
    return load_district(DEMO / "district.yaml", text)


def _decode(data: bytes, content_type: str = "") -> str:
    charset = re.search(r"charset=([\w-]+)", content_type)
    try:
        return data.decode(charset.group(1) if charset else "utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _hrefs(text: str) -> list[str]:
    """Links of a page: href/src attributes and the URLs of a script-built list."""
    found = re.findall(r'(?:href|src)="([^"]+)"', text) + re.findall(r'"url": "([^"]+)"', text)
    return [html.unescape(h) for h in found]


# --- the generator and the config ---------------------------------------------------------------------------

def test_build_writes_every_site_quickly_and_identically(root: Path, tmp_path: Path) -> None:
    started = time.perf_counter()
    build(tmp_path)
    assert time.perf_counter() - started < 2
    pages = list(root.rglob("*.html"))
    assert len(pages) >= 300
    hosts = {s.host for s in sites()}
    assert {p.name for p in root.iterdir() if p.is_dir()} == hosts | set(accounts.HOSTS) | set(closed.HOSTS)
    assert all(len(list((root / h).rglob("*.html"))) >= 40 for h in hosts)
    again = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert again == {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_config_validates_and_matches_the_generated_sites() -> None:
    district = _district()
    assert district.district == "示范区" and district.inspection.as_of == AS_OF
    assert len(district.departments) >= 6
    assert {s.department for s in district.sites} == {d.id for d in district.departments}
    model = {s.id: s for s in sites()}
    assert set(model) | {c.id for c in closed.CLOSED} == {s.id for s in district.sites}
    for site in district.sites:
        if site.status == "closed":      # from the register (sites.csv); only the homepage is served
            assert (site.id, site.department, urlsplit(site.url).hostname) in {(c.id, c.dept, c.host) for c in
                                                                               closed.CLOSED}
            continue
        assert site.status == "active"
        assert urlsplit(site.url).hostname == model[site.id].host
        assert site.department == model[site.id].dept
        assert site.registry.model_dump(exclude_none=True) == model[site.id].registry
        assert site.render == "auto"
    assert set(district.crawl.hosts) == {s.host for s in sites()} | set(accounts.HOSTS) | set(closed.HOSTS)
    assert set(district.crawl.hosts.values()) == {"127.0.0.1"}


def test_accounts_are_served_and_their_findings_name_configured_targets(server) -> None:
    district = _district(server.port)
    assert len(district.accounts) >= 8 and len({a.platform for a in district.accounts}) >= 5
    assert {a.adapter for a in district.accounts} == {"rss", "weibo", "page", "export"}
    for account in district.accounts:
        parts = urlsplit(account.url)
        assert parts.hostname in accounts.HOSTS
        if account.adapter in ("rss", "page"):
            assert server.request(parts.hostname, parts.path).status == 200, account.id
        if account.adapter == "weibo":
            uid = parts.path.rstrip("/").rsplit("/", 1)[1]
            answer = server.request("m.weibo.cn", f"/api/container/getIndex?type=uid&value={uid}")
            assert answer.status == 200 and answer.headers["Content-Type"].startswith("application/json")
            assert b'"tabKey": "weibo"' in answer.body
    targets = {t.id for t in [*district.sites, *district.accounts]}
    assert {row[2] for row in accounts.expected()} <= targets
    assert {row[0] for row in accounts.near_misses()} <= targets


def test_links_stay_on_demo_hosts(root: Path) -> None:
    allowed = set(_district().crawl.hosts)
    for file in root.rglob("*"):
        if file.suffix not in (".html", ".css", ".js"):
            continue
        text = _decode(file.read_bytes()).replace("{port}", str(PORT))
        for url in re.findall(r"[a-z]+://[^\s\"'<>)]+", text):
            parts = urlsplit(url)
            assert (parts.hostname in allowed or parts.hostname.endswith(".invalid")
                    or parts.netloc == "127.0.0.1:9"), f"{file}: {url}"


def test_readme_table_is_the_generated_one() -> None:
    readme = (DEMO / "README.md").read_text(encoding="utf-8")
    assert expected_markdown() in readme


# --- the server ------------------------------------------------------------------------------------------

def test_gbk_pages_without_charset_anywhere(server, root: Path) -> None:
    manifest = (root / "_manifest.json").read_text(encoding="utf-8")
    paths = re.findall(r'"(/[^"]+)": \{\s*"charset": null', manifest)
    assert len(paths) == 5
    for path in paths:
        reply = server.request("www.sfq.gov.cn", path)
        assert reply.status == 200 and reply.headers["Content-Type"] == "text/html"
        with pytest.raises(UnicodeDecodeError):
            reply.body.decode("utf-8")
        text = reply.body.decode("gb18030")
        assert "charset" not in text.lower() and "示范区人民政府" in text


def test_gbk_site_declares_its_charset_in_the_page_only(server) -> None:
    reply = server.request("www.sfqwlj.com", "/")
    assert reply.headers["Content-Type"] == "text/html"
    assert '<meta charset="gbk">' in reply.body.decode("gb18030")


def test_missing_paths_soft404_and_unknown_hosts(server) -> None:
    soft = server.request("zjj.sfq.gov.cn", "/col/col5099/index.html")
    assert soft.status == 200 and "您访问的页面不存在" in soft.body.decode("utf-8")
    missing = server.request("jyj.sfq.gov.cn", "/nothing/here.html")
    assert missing.status == 404 and missing.headers["Content-Type"] == "text/html; charset=utf-8"
    assert server.request("www.unknown.gov.cn", "/").status == 404
    assert server.request("www.sfq.gov.cn", "/../../etc/passwd").status == 404


def test_status_overrides_and_redirects(server) -> None:
    assert server.request("scjg.sfq.gov.cn", "/xzxk/query.html").status == 403
    limited = server.request("scjg.sfq.gov.cn", "/cxzx/ztcx.html")
    assert limited.status == 429 and "Retry-After" not in limited.headers
    moved = server.request("www.sfq.gov.cn", "/xwzx/")
    assert moved.status == 301 and moved.headers["Location"] == "/col/zwyw/"
    assert server.request("www.sfq.gov.cn", moved.headers["Location"]).status == 200
    slash = server.request("www.sfq.gov.cn", "/col/zwyw")
    assert slash.status == 301 and slash.headers["Location"] == "/col/zwyw/"


def test_head_port_placeholder_and_fixed_date(server) -> None:
    get = server.request("www.sfq.gov.cn", "/")
    head = server.request("www.sfq.gov.cn", "/", method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.headers["Content-Length"] == get.headers["Content-Length"] == str(len(get.body))
    assert f"http://jyj.sfq.gov.cn:{server.port}/".encode() in get.body and b"{port}" not in get.body
    assert get.headers["Date"] == "Sun, 30 Jun 2024 01:00:00 GMT"
    assert server.request("www.sfq.gov.cn", "/xwzx/").headers["Date"] == get.headers["Date"]
    assert server.url("jyj.sfq.gov.cn", "/col/") == f"http://jyj.sfq.gov.cn:{server.port}/col/"


# --- the table of expected findings, checked against what the server serves ------------------------------

def _crawl(server, site) -> tuple[dict[str, str], dict[str, set[str]], int]:
    """Follow every link from the homepage; in-scope pages are crawled, the rest checked once.

    Returns each link's outcome (ok, 404, soft404, 403, 429, refused, dns), the pages linking to it, and the
    number of pages crawled.
    """
    start = f"http://{site.host}:{server.port}/"
    outcome: dict[str, str] = {}
    referrers: dict[str, set[str]] = {}
    queue, crawled = deque([start]), 0
    outcome[start] = "ok"
    while queue:
        page = queue.popleft()
        reply = server.request(site.host, urlsplit(page).path)
        crawled += not page.endswith(".js")      # a script is read for the links it writes (jspages.py)
        for href in _hrefs(_decode(reply.body, reply.headers["Content-Type"])):
            url = urljoin(page, href.replace("{port}", str(server.port))).split("#")[0]
            referrers.setdefault(url, set()).add(page)
            if url in outcome:
                continue
            parts = urlsplit(url)
            if parts.hostname.endswith(".invalid"):
                outcome[url] = "dns"
            elif parts.netloc == "127.0.0.1:9":
                with pytest.raises(ConnectionRefusedError):
                    socket.create_connection(("127.0.0.1", 9), timeout=2)
                outcome[url] = "refused"
            else:
                answer = server.request(parts.hostname, parts.path)
                if answer.status == 301:   # count the redirect as its target; crawl the target, not the redirect
                    url = urljoin(url, answer.headers["Location"])
                    answer = server.request(parts.hostname, urlsplit(url).path)
                    if url in outcome:
                        continue
                soft = answer.status == 200 and "您访问的页面不存在".encode() in answer.body
                outcome[url] = "soft404" if soft else "ok" if answer.status == 200 else str(answer.status)
                if outcome[url] == "ok" and parts.hostname == site.host and parts.path.endswith(("/", ".html", ".js")):
                    queue.append(url)
    return outcome, referrers, crawled


def test_links_fail_exactly_as_the_table_says(server, root: Path) -> None:
    rule_of = {"404": "LNK-BROKEN", "refused": "LNK-BROKEN", "dns": "LNK-BROKEN", "soft404": "LNK-SOFT404",
               "403": "LNK-BLOCKED", "429": "LNK-BLOCKED"}
    promised = {e.url.replace("{port}", str(server.port)): e.rule for e in expected()
                if e.rule.startswith("LNK") and e.rule != "LNK-CLOSED-DOMAIN"}   # a closed site answering: no link
    seen: dict[str, str] = {}
    for site in sites():
        outcome, referrers, crawled = _crawl(server, site)
        home = f"http://{site.host}:{server.port}/"
        for url, result in outcome.items():
            if result != "ok":
                rule = rule_of[result]
                if rule == "LNK-BROKEN" and referrers[url] == {home}:
                    rule = "LNK-HOME-BROKEN"
                seen[url] = rule
        pages = {p for p in (root / site.host).rglob("*.html") if p.name != "404.html"}
        assert crawled == len(pages), f"{site.host}: pages no link leads to"
    assert seen == promised
    assert any(e.seen.count("/art/") == 4 for e in expected())   # one finding for a URL linked from 4 pages


def _dates(text: str, year: int = AS_OF.year) -> list[dt.date]:
    """Dates as list pages print them: 2024-06-20, 2024/06/20, 2024年6月20日, [06-20] (year of the inspection).

    Only visible text counts: tags and the URLs of a script-built list are dropped (article URLs hold dates too).
    """
    text = re.sub(r'<[^>]+>|"url": "[^"]*"', " ", text)
    full = re.findall(r"(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})", text)
    short = re.findall(r"\[(\d{2})-(\d{2})\]", text)
    return [dt.date(int(y), int(m), int(d)) for y, m, d in full] + [dt.date(year, int(m), int(d)) for m, d in short]


def _column_dates(server, site, col) -> list[dt.date]:
    """The dates of a column's lists, all its pages (the main area only, so footers cannot add dates)."""
    dates, name = [], "index.html"
    while name:
        reply = server.request(site.host, col.url + name)
        text = _decode(reply.body, reply.headers["Content-Type"])
        main = text.split('<div class="column">', 1)[1].split('<div class="footer">', 1)[0]
        dates += _dates(main.split('<div class="page">')[0])
        more = re.search(r'<a href="(index_\d+\.html)">下一页</a>', main)
        name = more.group(1) if more else ""
    return dates


WINDOWS = {"要闻动态": 14, "工作动态": 14, "通知公告": 183, "政策文件": 183}   # days; others: a year


def test_freshness_rows_show_the_dates_they_claim(server) -> None:
    stale_rows = {(e.site, e.url) for e in expected() if e.rule in ("FRS-COLUMN-STALE", "FRS-COLUMN-EMPTY",
                                                                    "FRS-UNDATED")}
    for site in sites():
        home = _decode(server.request(site.host, "/").body)
        newest_home = max(_dates(home.split('<div class="footer">')[0]))
        rows = {e.rule: e.seen for e in expected() if e.site == site.id}
        if "FRS-HOME-STALE" in rows or "FRS-HOME-AGING" in rows:
            assert str(newest_home) in rows.get("FRS-HOME-STALE", rows.get("FRS-HOME-AGING"))
        else:
            assert (AS_OF - newest_home).days <= 10, site.id
        for col in site.columns:
            if col.static:
                continue
            url = site.home + col.url.lstrip("/")
            dates = _column_dates(server, site, col)
            promised = [e for e in expected() if (e.site, e.url) == (site.id, url)]
            if (site.id, url) not in stale_rows:
                window = WINDOWS.get(col.ctype, WINDOWS.get("工作动态" if "动态" in col.name else "", 365))
                assert dates and (AS_OF - max(dates)).days <= window, f"{site.id}{col.url} is stale"
            elif promised[0].rule == "FRS-COLUMN-STALE":
                assert str(max(dates)) in promised[0].seen
            else:
                assert not dates, f"{site.id}{col.url} should show no dates"
    portal, market = sites()[0], sites()[3]
    assert max(_column_dates(server, portal, portal.columns[1])) == dt.date(2024, 6, 16)
    assert max(_dates(_decode(server.request(market.host, "/").body))) == dt.date(2024, 6, 20)
