"""Rules for what Chromium may load while it renders a page for the crawler.

The browser fetches subresources itself, outside Scrapy's middlewares, so the address policy is applied here
too; images, media and fonts are skipped because rendering is for the DOM, not for looks.
"""
from __future__ import annotations

from crawler.policy import AddressPolicy

POLICY: AddressPolicy | None = None     # set by the crawl process before the crawl starts
_SKIPPED_TYPES = {"image", "media", "font"}


def abort_request(request) -> bool:
    if request.resource_type in _SKIPPED_TYPES:
        return True
    return POLICY is not None and not POLICY.allows(request.url)
