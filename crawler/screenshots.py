"""Evidence screenshots: what a department must see to believe a finding (a stale homepage, a footer without its
ICP number, a soft 404), photographed with Chromium right after the checks.

It fetches, so it lives in crawler/; it only adds ``evidence["screenshot"]`` (a path relative to the output
folder) to the findings it is given. Chromium runs as for the crawl (same flags, hosts map and address policy),
but loads images too, since a missing badge is seen by its absence. Screenshots are capped per run and per site
(vetoes and deductions are photographed first), and one page photographed once serves every finding on it.
A page is cut at ``max_height`` pixels from its top, or from its bottom when the finding is about the footer.
"""
from __future__ import annotations

import logging
from pathlib import Path

from checks.base import Finding
from config.schema import District
from crawler.run import CHROMIUM, USER_AGENT, chromium_args, policy_for

log = logging.getLogger(__name__)
FOLDER = "evidence"
# Rules whose finding is a visible state of the page at the finding's URL. Broken links are not among them:
# their URL is the dead target, whose error page shows no more than the status code in the evidence.
RULES = {"FRS-HOME-STALE", "FRS-HOME-AGING", "FRS-COLUMN-STALE", "LNK-SOFT404", "LNK-CLOSED-DOMAIN",
         "FIL-IDCODE", "FIL-ICP", "FIL-PSB", "FIL-CONAC", "FIL-SPONSOR", "FIL-CONTACT", "FIL-ERRREPORT"}
_LEVEL_ORDER = {"veto": 0, "deduct": 1, "warn": 2, "info": 3}
VIEWPORT = {"width": 1366, "height": 900}


def chosen(findings: list[Finding], district: District) -> dict[str, list[Finding]]:
    """Page URL → the findings its screenshot will serve, within the run's and each site's cap."""
    cap = district.screenshots
    sites = {s.id for s in district.sites}
    pages: dict[str, list[Finding]] = {}
    per_site: dict[str, int] = {}
    for f in sorted(findings, key=lambda f: (_LEVEL_ORDER.get(f.level, 9), f.target, f.rule, f.id)):
        if f.rule not in RULES or f.target not in sites or not f.url.startswith(("http://", "https://")):
            continue
        if f.url not in pages:
            if len(pages) >= cap.max or per_site.get(f.target, 0) >= cap.per_site:
                continue
            per_site[f.target] = per_site.get(f.target, 0) + 1
            pages[f.url] = []
        pages[f.url].append(f)
    return pages


def take_screenshots(findings: list[Finding], district: District, out: Path) -> int:
    """Photograph the chosen pages into ``out/evidence/<finding id>.png``; returns how many were written."""
    pages = chosen(findings, district)
    if not pages:
        return 0
    from playwright.sync_api import Error, sync_playwright

    folder = Path(out) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    policy, cap, written = policy_for(district), district.screenshots, 0
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=chromium_args(district))
            context = browser.new_context(viewport=VIEWPORT, user_agent=district.crawl.user_agent or USER_AGENT,
                                          ignore_https_errors=True)
            context.set_default_timeout(district.crawl.timeout * 1000)
            context.route("**/*", lambda route: route.continue_() if policy.allows(route.request.url)
                          else route.abort())
            for url, served in pages.items():
                name = f"{served[0].id}.png"
                page = context.new_page()
                try:
                    page.goto(url, wait_until="load")
                    height = page.evaluate("Math.max(document.documentElement.scrollHeight, document.body ? "
                                           "document.body.scrollHeight : 0)")
                    shown = min(max(height, 1), cap.max_height)
                    # a footer item is missing at the bottom of a page: a tall page is cut from its end
                    top = height - shown if served[0].rule.startswith("FIL-") else 0
                    clip = {"x": 0, "y": top, "width": VIEWPORT["width"], "height": shown}
                    page.screenshot(path=str(folder / name), full_page=True, clip=clip)
                except Error as exc:       # the page is gone or hangs now: the finding stands without a picture
                    log.warning("no screenshot of %s: %s", url, str(exc).splitlines()[0])
                    continue
                finally:
                    page.close()
                written += 1
                for f in served:
                    f.evidence["screenshot"] = f"{FOLDER}/{name}"
            browser.close()
    except Error as exc:      # no browser to be had: the findings stand without pictures
        log.warning("screenshots stopped: %s", str(exc).splitlines()[0])
    return written
