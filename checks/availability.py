"""AVL: availability, as far as one crawl can tell.

The veto (AVL-UNREACHABLE) needs a week of probes; one crawl cannot judge it. When the homepage did not load
during the crawl, say so (AVL-FEW-PROBES) instead of judging the site on nothing.
"""
from __future__ import annotations

from typing import Iterator

from checks.base import Context, Finding
from crawler.snapshot import ROLE_PAGE

CODES = ("AVL-FEW-PROBES",)


def run(ctx: Context) -> Iterator[Finding]:
    for site_id, record in ctx.snapshot.sites().items():
        home = next((f for f in ctx.snapshot.fetches(site_id, ROLE_PAGE) if f.url == record.start_url), None)
        if home is None or home.ok:
            continue
        seen = f"HTTP {home.status}" if home.status else home.error
        yield ctx.finding("AVL-FEW-PROBES", site_id, "home-failed", record.start_url,
                          f"本次抓取时首页无法访问（{seen}），可用性须依据连续7天的监测数据判断，请人工核实。",
                          {"url": record.start_url, "status": home.status, "error": home.error,
                           "error_detail": home.error_detail})
