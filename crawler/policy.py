"""Where the crawler may go: private addresses, remembered dead hosts, a static hosts map.

A government site on a private or loopback address is fine to crawl (an intranet office, the demo); a link
from a public site to 10.0.0.1 is not: fetching it would probe the inspector's own network. So private
addresses are allowed only where a configured site lives or where the config says so.
"""
from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from scrapy.exceptions import (CannotResolveHostError, DownloadCancelledError, DownloadConnectionRefusedError,
                              DownloadTimeoutError, IgnoreRequest)
from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer


def _is_private(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return (address.is_private or address.is_loopback or address.is_link_local or address.is_reserved
            or address.is_multicast or address.is_unspecified)


class AddressPolicy:
    """Decides, without a DNS query, whether a URL's host may be contacted."""

    def __init__(self, hosts: dict[str, str], site_urls: list[str], allow_private: list[str]):
        self.hosts = {name.lower(): address for name, address in hosts.items()}
        self.allowed = [ipaddress.ip_network(net, strict=False) for net in allow_private]
        for url in site_urls:
            address = self.address_of(urlsplit(url).hostname or "")
            if address is not None and _is_private(address):
                self.allowed.append(ipaddress.ip_network(address))

    def address_of(self, host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
        host = host.lower().strip("[]")
        if host in self.hosts:
            host = self.hosts[host]
        elif host == "localhost" or host.endswith(".localhost"):
            host = "127.0.0.1"
        try:
            return ipaddress.ip_address(host)
        except ValueError:
            return None     # a name left to DNS

    def allows(self, url: str) -> bool:
        address = self.address_of(urlsplit(url).hostname or "")
        if address is None or not _is_private(address):
            return True
        return any(address in net for net in self.allowed)


def failure_kind(exc: BaseException) -> tuple[str, str]:
    """Map a download exception to (Fetch.error kind, short detail)."""
    detail = f"{type(exc).__name__}: {exc}"[:300]
    text = detail.lower()
    if isinstance(exc, Refused):
        return exc.kind, exc.detail
    if isinstance(exc, CannotResolveHostError) or "dnslookup" in text:
        return "dns", detail
    if isinstance(exc, DownloadConnectionRefusedError) or "connection was refused" in text:
        return "refused", detail
    if "ssl" in text or "tls" in text or "certificate" in text:
        return "tls", detail
    if isinstance(exc, DownloadTimeoutError) or "timeout" in text or "timed out" in text:
        return "timeout", detail
    if isinstance(exc, DownloadCancelledError) and "max size" in text:  # DOWNLOAD_MAXSIZE
        return "too-large", detail
    if isinstance(exc, IgnoreRequest) and "redirections" in text:
        return "redirect-loop", detail
    if isinstance(exc, (IgnoreRequest, DownloadCancelledError)):
        return "other", detail
    return "connection", detail


class Refused(IgnoreRequest):
    """A request the crawler chose not to send; ``kind`` is the Fetch.error to record."""

    def __init__(self, kind: str, detail: str):
        super().__init__(detail)
        self.kind, self.detail = kind, detail


class PolicyMiddleware:
    """Downloader middleware: refuse private addresses, and hosts already found dead in this run.

    A host that fails to resolve or refuses connections is asked once, not once per link to it.
    """

    DEAD_KINDS = ("dns", "refused")

    def __init__(self, policy: AddressPolicy):
        self.policy = policy
        self.dead: dict[str, str] = {}   # host:port → failure kind

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings["AUDIT_POLICY"])

    def process_request(self, request, spider=None):
        if not self.policy.allows(request.url):
            raise Refused("blocked-private", "private or loopback address: not fetched (crawl.allow_private)")
        kind = self.dead.get(urlsplit(request.url).netloc.lower())
        if kind:
            raise Refused(kind, "host failed earlier in this run: not asked again")
        return None

    def process_exception(self, request, exception, spider=None):
        kind, _ = failure_kind(exception)
        if kind in self.DEAD_KINDS:
            self.dead.setdefault(urlsplit(request.url).netloc.lower(), kind)
        return None


class StaticHostsResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, answering names of the config's ``crawl.hosts`` map itself."""

    hosts: dict[str, str] = {}

    def getHostByName(self, name, timeout=()):
        address = self.hosts.get(name.lower())
        if address is not None:
            return defer.succeed(address)
        return super().getHostByName(name, timeout)
