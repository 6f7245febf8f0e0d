"""Chromium for the crawler: what it may load while it renders a page, and how it is recycled.

The browser fetches subresources itself, outside Scrapy's middlewares, so the address policy is applied here
too; images, media and fonts are skipped because rendering is for the DOM, not for looks.

A browser that renders thousands of pages keeps growing (caches, V8 heaps, leaked renderer state), so the
download handler hands out pages from a browser context that is replaced every ``pages_per_context`` pages and
from a browser that is replaced every ``pages_per_browser`` pages; an old one is closed as soon as the last of
its pages is done, so no page is lost and memory stays flat over a long crawl.
"""
from __future__ import annotations

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
        self.busy: dict[str, int] = {}     # context name → pages not finished yet

    async def _download_request(self, request, spider=None):
        # A caller that chose its own context keeps it; a retried request gets a context anew.
        if not request.meta.get("playwright_context", PREFIX).startswith(PREFIX):
            return await super()._download_request(request, spider)
        name, idle = self._assign()
        if idle:
            await self._retire(idle)
        request.meta["playwright_context"] = name
        try:
            return await super()._download_request(request, spider)
        finally:
            self.busy[name] -= 1
            if name != self._current() and not self.busy[name]:
                await self._retire(name)

    def _current(self) -> str:
        return f"{PREFIX}{self.generation}"

    def _assign(self) -> tuple[str, str | None]:
        """The context for the next page, and the context it replaces if that has no page left to finish."""
        idle = None
        new_browser = self.rendered and self.rendered % self.per_browser == 0
        if new_browser or self.in_context >= self.per_context:
            old = self._current()
            self.generation += 1
            self.in_context = 0
            if new_browser and hasattr(self, "browser"):
                del self.browser        # the next context launches a new browser; the old one closes when done
            if not self.busy.get(old):
                idle = old
        self.rendered += 1
        self.in_context += 1
        name = self._current()
        self.busy[name] = self.busy.get(name, 0) + 1
        return name, idle

    async def _retire(self, name: str) -> None:
        """Close a context that hands out no more pages, and its browser if that is old and now empty."""
        self.busy.pop(name, None)
        wrapper = self.context_wrappers.get(name)
        if wrapper is None:
            return
        browser = wrapper.context.browser
        await wrapper.context.close()
        if browser is not None and browser is not getattr(self, "browser", None) and not browser.contexts:
            await browser.close()

    async def _browser_disconnected_callback(self, browser=None) -> None:
        """An old browser closed by recycling is no loss; only the current one's end concerns the handler."""
        if browser is None or browser is getattr(self, "browser", None):
            await super()._browser_disconnected_callback()
