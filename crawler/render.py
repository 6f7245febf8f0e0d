"""Chromium for the crawler: what it may load while it renders a page, and how it is recycled.

The browser fetches subresources itself, outside Scrapy's middlewares, so the address policy is applied here
too; images, media and fonts are skipped because rendering is for the DOM, not for looks.

A browser that renders thousands of pages keeps growing (caches, V8 heaps, leaked renderer state), so the
download handler hands out pages from a browser context that is replaced every ``pages_per_context`` pages and
from a browser that is replaced every ``pages_per_browser`` pages; an old one is closed as soon as the last of
its pages is done, so no page is lost and memory stays flat over a long crawl. Pages of a new context wait for
the old context to close, so the two never add up.
"""
from __future__ import annotations

import asyncio

from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from crawler.policy import AddressPolicy

POLICY: AddressPolicy | None = None     # set by the crawl process before the crawl starts
_SKIPPED_TYPES = {"image", "media", "font"}
PREFIX = "render-"                      # the names of the contexts the handler hands out


def abort_request(request) -> bool:
    if request.resource_type in _SKIPPED_TYPES:
        return True
    return POLICY is not None and not POLICY.allows(request.url)


class RecyclingHandler(ScrapyPlaywrightDownloadHandler):
    """scrapy-playwright's handler, opening a new context every AUDIT_RENDER_PAGES_PER_CONTEXT rendered pages and
    a new browser every AUDIT_RENDER_PAGES_PER_BROWSER."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.per_context = crawler.settings.getint("AUDIT_RENDER_PAGES_PER_CONTEXT", 100)
        self.per_browser = crawler.settings.getint("AUDIT_RENDER_PAGES_PER_BROWSER", 1000)
        self.rendered = 0           # pages handed out so far
        self.generation = 0         # the current context is "render-<generation>"
        self.in_context = 0         # pages handed out from the current context
        self.busy: dict[int, int] = {}      # generation → pages not finished yet
        self.drained = asyncio.Condition()  # notified when a replaced context has closed

    async def _download_request(self, request, spider=None):
        # A caller that chose its own context keeps it; a retried request gets a context anew.
        if not request.meta.get("playwright_context", PREFIX).startswith(PREFIX):
            return await super()._download_request(request, spider)
        generation, idle = self._assign()
        try:
            if idle is not None:
                await self._retire(idle)
            # Pages of a context wait until the older contexts are closed: two never hold pages at once, so
            # switching does not raise the peak.
            async with self.drained:
                await self.drained.wait_for(lambda: min(self.busy) == generation)
            request.meta["playwright_context"] = f"{PREFIX}{generation}"
            return await super()._download_request(request, spider)
        finally:
            self.busy[generation] -= 1
            if generation != self.generation and not self.busy[generation]:
                await self._retire(generation)

    def _assign(self) -> tuple[int, int | None]:
        """The context for the next page, and the context it replaces if that has no page left to finish."""
        idle = None
        new_browser = self.rendered and self.rendered % self.per_browser == 0
        if new_browser or self.in_context >= self.per_context:
            if not self.busy.get(self.generation):
                idle = self.generation
            self.generation += 1
            self.in_context = 0
            if new_browser and hasattr(self, "browser"):
                del self.browser        # the next context launches a new browser; the old one closes when done
        self.rendered += 1
        self.in_context += 1
        self.busy[self.generation] = self.busy.get(self.generation, 0) + 1
        return self.generation, idle

    async def _retire(self, generation: int) -> None:
        """Close a context that hands out no more pages, and its browser if that is old and now empty."""
        wrapper = self.context_wrappers.get(f"{PREFIX}{generation}")
        if wrapper is not None:
            browser = wrapper.context.browser
            await wrapper.context.close()
            if browser is not None and browser is not getattr(self, "browser", None) and not browser.contexts:
                await browser.close()
        self.busy.pop(generation, None)
        async with self.drained:
            self.drained.notify_all()

    async def _browser_disconnected_callback(self, browser=None) -> None:
        """An old browser closed by recycling is no loss; only the current one's end concerns the handler."""
        if browser is None or browser is getattr(self, "browser", None):
            await super()._browser_disconnected_callback()
