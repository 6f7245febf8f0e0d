"""Availability probes: load each active site's homepage once, as a visitor would, and record how it went.

Meant for cron every 30 minutes (``audit.py probe``); a month's ``run`` judges the week of probes before the
inspection date (checks/availability.py). Standard library only: a bounded pool of threads, one probe each, and
one deadline for the whole load (connect, TLS, redirects, body), so a hanging site costs a thread for the limit
and never delays the round beyond it. Probes obey the crawler's rules: its User-Agent, the ``crawl.hosts`` map,
and the address policy at every redirect.
"""
from __future__ import annotations

import datetime as dt
import http.client
import socket
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from config.schema import District
from crawler.policy import AddressPolicy
from crawler.run import USER_AGENT
from crawler.snapshot import Probe

MAX_REDIRECTS = 5
WORKERS = 64
_REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 64 * 1024


class _Failure(Exception):
    """A load that failed for a reason of its own (not a socket error): ``kind`` is the Probe.error."""

    def __init__(self, kind: str, detail: str):
        super().__init__(detail)
        self.kind = kind


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the page did not load within the limit")
    return left


@dataclass(frozen=True)
class Prober:
    policy: AddressPolicy
    hosts: dict[str, str]            # lower-case name → address (config crawl.hosts)
    user_agent: str
    timeout: float                   # seconds for the whole load of one homepage
    max_bytes: int                   # body bytes read; a larger page has loaded far enough
    tls: ssl.SSLContext = field(default_factory=ssl.create_default_context)

    @classmethod
    def for_district(cls, district: District, timeout: float) -> "Prober":
        crawl = district.crawl
        return cls(AddressPolicy(crawl.hosts, [s.url for s in district.sites], crawl.allow_private),
                   {name.lower(): address for name, address in crawl.hosts.items()},
                   crawl.user_agent or USER_AGENT, timeout, crawl.max_page_bytes)

    def round(self, targets: list[tuple[str, str]], workers: int = WORKERS) -> list[Probe]:
        """Probe every (site, url) once, concurrently; the records come back in the order of ``targets``."""
        if not targets:
            return []
        with ThreadPoolExecutor(max_workers=min(workers, len(targets)), thread_name_prefix="probe") as pool:
            return list(pool.map(lambda target: self.probe(*target), targets))

    def probe(self, site: str, url: str) -> Probe:
        at = dt.datetime.now(dt.timezone.utc)
        start = time.monotonic()
        status: int | None = None
        try:
            status = self._load(url, start + self.timeout)
            error, detail = ("http", f"HTTP {status}") if status >= 400 else (None, "")
        except _Failure as exc:
            error, detail = exc.kind, str(exc)
        except TimeoutError as exc:            # before OSError: socket and TLS timeouts are OSErrors too
            error, detail = "timeout", str(exc) or f"no answer within {self.timeout:g} s"
        except ssl.SSLError as exc:           # certificate errors included
            error, detail = "tls", str(exc)
        except ConnectionRefusedError as exc:
            error, detail = "refused", str(exc)
        except socket.gaierror as exc:
            error, detail = "dns", str(exc)
        except (OSError, http.client.HTTPException) as exc:
            error, detail = "connection", f"{type(exc).__name__}: {exc}"
        except ValueError as exc:              # an address that cannot be asked for: bad port, non-ASCII path
            error, detail = "other", f"{type(exc).__name__}: {exc}"
        return Probe(site=site, url=url, at=at, ok=error is None, status=status, error=error,
                     elapsed=round(time.monotonic() - start, 3), detail=detail[:300])

    def _load(self, url: str, deadline: float) -> int:
        """Follow redirects to the page and read it; the final status."""
        for _ in range(MAX_REDIRECTS + 1):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise _Failure("other", f"not a web address: {url}")
            if not self.policy.allows(url):
                raise _Failure("blocked-private", f"private or loopback address, not probed: {url}")
            status, location = self._get(parts, deadline)
            if status not in _REDIRECTS or not location:
                return status
            url = urljoin(url, location)
        raise _Failure("redirect-loop", f"more than {MAX_REDIRECTS} redirects")

    def _get(self, parts, deadline: float) -> tuple[int, str | None]:
        host = parts.hostname
        https = parts.scheme == "https"
        port = parts.port or (443 if https else 80)
        # Name resolution (getaddrinfo) cannot be given a timeout; the next _left() catches a slow one.
        sock = socket.create_connection((self.hosts.get(host, host), port), timeout=_left(deadline))
        try:
            if https:
                sock.settimeout(_left(deadline))
                sock = self.tls.wrap_socket(sock, server_hostname=host)
            conn = http.client.HTTPConnection(host, port)
            conn.sock = sock
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            sock.settimeout(_left(deadline))
            conn.request("GET", target, headers={
                "Host": parts.netloc.rpartition("@")[2], "User-Agent": self.user_agent, "Connection": "close",
                "Accept": "text/html,application/xhtml+xml,*/*;q=0.8", "Accept-Language": "zh-CN,zh;q=0.9"})
            sock.settimeout(_left(deadline))
            resp = conn.getresponse()
            if resp.status in _REDIRECTS:
                return resp.status, resp.getheader("Location")
            read = 0
            while read < self.max_bytes:
                sock.settimeout(_left(deadline))
                chunk = resp.read1(min(_CHUNK, self.max_bytes - read))
                if not chunk:
                    break
                read += len(chunk)
            _left(deadline)
            return resp.status, None
        finally:
            sock.close()


def probe_district(district: District, timeout: float) -> list[Probe]:
    """One round over every active site's homepage (closed and exempt sites are not probed)."""
    targets = [(site.id, site.url) for site in district.sites if site.status == "active"]
    return Prober.for_district(district, timeout).round(targets)
