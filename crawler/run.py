"""Run one crawl of a district's sites and new-media accounts into the store, in a child process.

Scrapy's reactor cannot be restarted within a process, and a browser's memory is best returned to the
system when the crawl ends, so each crawl gets a fresh process (multiprocessing, spawn). The site spider and the
account spider run side by side in it, each with its own settings.
"""
from __future__ import annotations

import logging
import multiprocessing
from pathlib import Path

from config.schema import District
from crawler.accounts import collected_accounts, slot_of
from crawler.policy import AddressPolicy, StaticHostsResolver
from crawler.spider import SiteScope

USER_AGENT = "GovSiteAuditor/0.1 (+https://github.com/gov-site-auditor/gov-site-auditor)"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-gpu", "--disable-quic", "--disable-dev-shm-usage"]


def scopes_of(district: District, status: str = "active") -> list[SiteScope]:
    """The sites of one registry status; only active ones are crawled and judged, exempt ones never fetched,
    and closed ones have their homepage read once (does the domain still serve a site?)."""
    crawl = district.crawl
    return [SiteScope(id=s.id, start_url=s.url, render=s.render, max_pages=s.max_pages or crawl.max_pages,
                      max_depth=s.max_depth if s.max_depth is not None else crawl.max_depth)
            for s in district.sites if s.status == status]


def policy_for(district: District) -> AddressPolicy:
    crawl = district.crawl
    # Configured accounts are places the office asked to read, like its sites (an intranet RSSHub, the demo).
    return AddressPolicy(crawl.hosts, [s.url for s in district.sites] + [a.url for a in district.accounts if a.url],
                         crawl.allow_private)


def chromium_args(district: District) -> list[str]:
    """Chromium's command line: the fixed flags, and the hosts map as resolver rules."""
    rules = ", ".join(f"MAP {name} {address}" for name, address in district.crawl.hosts.items())
    return CHROMIUM_ARGS + ([f"--host-resolver-rules={rules}"] if rules else [])


def settings_for(district: District, log_level: str = "WARNING") -> dict:
    crawl = district.crawl
    policy = policy_for(district)
    settings = {
        "BOT_NAME": "gov-site-auditor",
        "USER_AGENT": crawl.user_agent or USER_AGENT,
        "ROBOTSTXT_OBEY": False,            # an inspection by mandate reads what the public can read
        "TELNETCONSOLE_ENABLED": False,     # both consoles can run code in the crawler
        "REMOTE_CONTROL_ENABLED": False,
        "LOG_LEVEL": log_level,
        "LOG_INSTALL_ROOT_HANDLER": True,
        "COOKIES_ENABLED": False,
        "CONCURRENT_REQUESTS": crawl.concurrency,
        # The spider yields requests, not items: one task per callback output is enough (Scrapy ≥ 2.13 creates
        # CONCURRENT_ITEMS asyncio tasks per response), and its callbacks are known not to return values.
        "CONCURRENT_ITEMS": 1,
        "WARN_ON_GENERATOR_RETURN_VALUE": False,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_host,
        "DOWNLOAD_DELAY": crawl.delay,
        "DOWNLOAD_TIMEOUT": crawl.timeout,
        "DOWNLOAD_MAXSIZE": crawl.max_page_bytes,
        "DOWNLOAD_WARNSIZE": 0,
        "DNS_TIMEOUT": crawl.timeout,
        "RETRY_TIMES": 1,                   # "timeout after retry": one more try, no more
        "RETRY_GIVE_UP_LOG_LEVEL": "INFO",  # a dead link is a finding in the snapshot, not an error of the tool
        "RETRY_HTTP_CODES": [500, 502, 504, 522, 524, 408],
        "REDIRECT_MAX_TIMES": 10,
        "HTTPERROR_ALLOW_ALL": True,        # error answers are what the link checks are about
        "DUPEFILTER_CLASS": "scrapy.dupefilters.BaseDupeFilter",   # the spider de-duplicates itself
        "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.DownloaderAwarePriorityQueue",
        "TWISTED_DNS_RESOLVER": "crawler.policy.StaticHostsResolver",
        "DOWNLOADER_MIDDLEWARES": {
            "crawler.policy.PolicyMiddleware": 50,
            "crawler.spider.RetryAfterMiddleware": 560,
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
            "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
        },
        "SPIDER_MIDDLEWARES": {
            "scrapy.spidermiddlewares.depth.DepthMiddleware": None,   # depth and caps are the spider's
            "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
        },
        "EXTENSIONS": {"scrapy.extensions.memusage.MemoryUsage": None, "scrapy.extensions.logstats.LogStats": None},
        "AUDIT_POLICY": policy,
        "AUDIT_RETRY_AFTER_MAX": crawl.retry_after_max,
    }
    StaticHostsResolver.hosts = {name.lower(): address for name, address in crawl.hosts.items()}
    if any(s.render != "never" for s in district.sites):
        settings.update(_playwright(district))
    return settings


def _playwright(district: District) -> dict:
    """scrapy-playwright with the OS's Chromium, resolving the hosts map and obeying the address policy."""
    crawl = district.crawl
    return {
        "DOWNLOAD_HANDLERS": {
            "http": "crawler.render.RecyclingHandler",
            "https": "crawler.render.RecyclingHandler",
        },
        "AUDIT_RENDER_PAGES_PER_CONTEXT": crawl.render_pages_per_context,
        "AUDIT_RENDER_PAGES_PER_BROWSER": crawl.render_pages_per_browser,
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": CHROMIUM, "headless": True,
                                      "args": chromium_args(district)},
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": int(crawl.timeout * 1000),
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 4,
        "PLAYWRIGHT_ABORT_REQUEST": "crawler.render.abort_request",
    }


def account_settings(district: District, site_settings: dict) -> dict:
    """What the account spider sets over the crawl's settings: one request at a time per platform, long delays
    apart, and Chromium when a profile page is to be rendered.

    Challenges and refusals are what the spider records (blocked), so they are neither retried nor waited for.
    """
    crawl = district.crawl
    accounts = collected_accounts(district.accounts)
    settings = {"DOWNLOAD_SLOTS": {slot_of(p): {"concurrency": 1, "delay": crawl.platform_delay(p)}
                                   for p in {a.platform for a in accounts}},
                "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.ScrapyPriorityQueue",
                "DOWNLOADER_MIDDLEWARES": {**site_settings["DOWNLOADER_MIDDLEWARES"],
                                           "crawler.spider.RetryAfterMiddleware": None}}
    if any(a.adapter == "page" for a in accounts) and "DOWNLOAD_HANDLERS" not in site_settings:
        settings.update(_playwright(district))
    return settings


def _crawl_in_child(district_json: str, store_path: str, crawl_id: int, log_level: str) -> None:
    from scrapy.crawler import CrawlerProcess

    from crawler import render
    from crawler.accounts import AccountSpider
    from crawler.attachments import Caps
    from crawler.spider import SiteSpider

    district = District.model_validate_json(district_json)
    settings = settings_for(district, log_level)
    render.POLICY = settings["AUDIT_POLICY"]
    process = CrawlerProcess(settings)
    if scopes_of(district) or scopes_of(district, "closed"):
        crawl = district.crawl
        process.crawl(SiteSpider, scopes=scopes_of(district), closed=scopes_of(district, "closed"),
                      store_path=store_path, crawl_id=crawl_id,
                      attachments=Caps(crawl.max_attachments, crawl.max_attachment_bytes, crawl.max_attachment_chars,
                                       crawl.attachment_timeout))
    accounts = collected_accounts(district.accounts)
    if accounts:
        spider = type("AccountSpider", (AccountSpider,), {"custom_settings": account_settings(district, settings)})
        process.crawl(spider, accounts=accounts, store_path=store_path, crawl_id=crawl_id)
    process.start()


def crawl_sites(district: District, store_path: Path, crawl_id: int, verbose: bool = False) -> None:
    """Crawl every active site, read every closed site's homepage and collect every account with a source into
    crawl ``crawl_id`` of the store; returns when the crawl is done."""
    if not scopes_of(district) and not scopes_of(district, "closed") and not collected_accounts(district.accounts):
        return
    ctx = multiprocessing.get_context("spawn")
    child = ctx.Process(target=_crawl_in_child, args=(district.model_dump_json(), str(store_path), crawl_id,
                                                      "INFO" if verbose else "WARNING"))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise RuntimeError(f"the crawl process failed (exit code {child.exitcode}); see the log above")
    logging.getLogger(__name__).info("crawl %s done", crawl_id)
