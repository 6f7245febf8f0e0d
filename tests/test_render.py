"""Rendering with Chromium: browsers and contexts are recycled without losing a page (a real local crawl)."""
from __future__ import annotations

import multiprocessing

from config.demo.server import serve
from config.schema import District
from crawler.snapshot import ROLE_PAGE, Store
from tests.sitekit import article, column

PAGES = 14


def _files() -> dict[str, str]:
    items = [(f"示范区工作信息{i}", f"/art/{i}.html", "2024-06-20") for i in range(PAGES - 1)]
    return {"/": column("工作动态", items), **{f"/art/{i}.html": article(f"示范区工作信息{i}", "2024-06-20")
                                             for i in range(PAGES - 1)}}


def _crawl(district_json: str, store_path: str, crawl_id: int, out) -> None:
    """The crawl process of crawler.run, reporting Scrapy's stats back."""
    from scrapy.crawler import CrawlerProcess

    from crawler import render
    from crawler.run import scopes_of, settings_for
    from crawler.spider import SiteSpider

    district = District.model_validate_json(district_json)
    settings = settings_for(district)
    render.POLICY = settings["AUDIT_POLICY"]
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(SiteSpider)
    process.crawl(crawler, scopes=scopes_of(district), store_path=store_path, crawl_id=crawl_id)
    process.start()
    out.put(crawler.stats.get_stats())


def _run(tmp_path, crawl: dict) -> tuple[dict, list]:
    host = tmp_path / "www" / "www.js.gov.cn"
    for path, text in _files().items():
        target = host / path.lstrip("/") / ("index.html" if path.endswith("/") else "")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    with serve(tmp_path / "www") as server:
        district = District.model_validate({
            "district": "测试区", "departments": [{"id": "dep", "name": "测试局"}],
            "sites": [{"id": "js", "department": "dep", "name": "js", "render": "always",
                       "url": f"http://www.js.gov.cn:{server.port}/"}],
            "crawl": {"hosts": {"www.js.gov.cn": "127.0.0.1"}, "timeout": 10, **crawl}})
        store = Store(tmp_path / "audit.sqlite")
        crawl_id = store.begin_crawl()
        ctx = multiprocessing.get_context("spawn")
        out = ctx.Queue()
        child = ctx.Process(target=_crawl, args=(district.model_dump_json(), str(tmp_path / "audit.sqlite"),
                                                 crawl_id, out))
        child.start()
        stats = out.get(timeout=120)
        child.join()
    pages = [f for f in store.snapshot(crawl_id).fetches("js", ROLE_PAGE) if f.status == 200]
    store.close()
    return stats, pages


def test_small_limits_open_several_contexts_and_browsers_and_lose_no_page(tmp_path):
    stats, pages = _run(tmp_path, {"render_pages_per_context": 3, "render_pages_per_browser": 6})
    assert len(pages) == PAGES and all(p.ok and p.page.rendered for p in pages)
    assert all("示范区测试局召开专题会议" in p.page.text for p in pages if "/art/" in p.url)
    assert stats["playwright/context_count"] >= PAGES // 3
    assert stats["playwright/browser_count"] >= PAGES // 6
    assert stats["playwright/context_count/max_concurrent"] == 1     # a new context waits for the old to close


def test_default_limits_keep_one_context_and_browser_for_a_small_crawl(tmp_path):
    stats, pages = _run(tmp_path, {})
    assert len(pages) == PAGES and all(p.ok and p.page.rendered for p in pages)
    assert stats["playwright/context_count"] == 1
    assert stats["playwright/browser_count"] == 1
