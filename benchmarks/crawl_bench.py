"""Crawl benchmark: the full `audit.py run` against the leanest bare Scrapy crawl of the same 10,000-page site.

The bare crawl is the floor: what Scrapy itself costs to fetch every HTML page with the same concurrency. The
full run adds what the auditor does on top (extraction, link checks of images and attachments, the SQLite store,
checks, reports). Targets: full wall time ≤ 1.5× bare, full peak memory < 400 MB.

    .venv/bin/python benchmarks/crawl_bench.py [--pages 10000] [--repeat 1]

Each variant runs in a fresh Python process, so its peak memory is its own: ru_maxrss of the process itself and
of its joined children (the full run crawls in a spawned grandchild). Exit status 1 when a target is missed.
Top-level imports are stdlib only: the crawl's spawned child re-imports this module.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NGINX = "/usr/sbin/nginx"
AS_OF = "2024-06-30"
CONCURRENCY, PER_HOST = 32, 8          # crawler/run.py defaults (config Crawl.concurrency, concurrency_per_host)
MAX_WALL_RATIO, MAX_PEAK_MB = 1.5, 400


# --- serving -------------------------------------------------------------------------------------

NGINX_CONF = """\
{user}worker_processes 2;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    types {{ text/html html; text/css css; application/javascript js; image/png png; image/jpeg jpg;
             application/pdf pdf; }}
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {tmp}/body;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        index index.html;
    }}
}}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def nginx(site: Path, tmp: Path):
    """Serve ``site`` on 127.0.0.1 with the OS nginx (installed when missing); stopped on the way out, always."""
    if not os.access(NGINX, os.X_OK):
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx-light"], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    port = _free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(user="user root;\n" if os.geteuid() == 0 else "", tmp=tmp, port=port,
                                      site=site))
    proc = subprocess.Popen([NGINX, "-c", str(conf), "-e", str(tmp / "nginx-error.log")])
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start; see {tmp / 'nginx-error.log'}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()           # SIGTERM: nginx's fast shutdown, workers included
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- the variants (each in its own process) ------------------------------------------------------

def _peak_mb() -> dict:
    kb = lambda who: resource.getrusage(who).ru_maxrss / 1024      # Linux: kilobytes
    return {"self_mb": kb(resource.RUSAGE_SELF), "children_mb": kb(resource.RUSAGE_CHILDREN)}


def bare(url: str, tmp: Path) -> dict:
    """The floor: HTML pages only, links by regex on the raw bytes, the spider's own seen-set, nothing else."""
    from urllib.parse import urljoin, urlsplit

    import scrapy
    from scrapy.crawler import CrawlerProcess

    href = re.compile(rb'<a\s[^>]*?href="([^"#]+)', re.I)
    page_path = re.compile(r"(?:/|\.html?|/[^./]*)$")
    netloc = urlsplit(url).netloc

    class BareSpider(scrapy.Spider):
        name = "bare"
        pages = 0

        async def start(self):
            self.seen = {url}
            yield scrapy.Request(url, dont_filter=True)

        def parse(self, response):
            BareSpider.pages += 1
            for link in href.findall(response.body):
                target = urljoin(response.url, link.decode("latin-1"))
                parts = urlsplit(target)
                if target not in self.seen and parts.netloc == netloc and page_path.search(parts.path):
                    self.seen.add(target)
                    yield scrapy.Request(target, dont_filter=True)

    process = CrawlerProcess({
        "CONCURRENT_REQUESTS": CONCURRENCY, "CONCURRENT_REQUESTS_PER_DOMAIN": PER_HOST,
        "DUPEFILTER_CLASS": "scrapy.dupefilters.BaseDupeFilter", "ROBOTSTXT_OBEY": False,
        "COOKIES_ENABLED": False, "TELNETCONSOLE_ENABLED": False, "REMOTE_CONTROL_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        # The spider yields only requests; Scrapy's default of 100 starts 100 asyncio tasks per response.
        "CONCURRENT_ITEMS": 1,
    })
    crawler = process.create_crawler(BareSpider)
    t0 = time.perf_counter()
    process.crawl(crawler)
    process.start()
    return {"wall": time.perf_counter() - t0, "pages": BareSpider.pages,
            "requests": crawler.stats.get_value("downloader/request_count", 0)}


def full(url: str, tmp: Path) -> dict:
    """`audit.py run` in this process, with timers around its three stages (crawl, checks, reports)."""
    import yaml

    sys.path.insert(0, str(ROOT))
    import audit
    import checks
    import crawler.run
    import reports
    from sitegen import REGISTRY, SITE_NAME

    config = tmp / "district.yaml"
    config.write_text(yaml.safe_dump({
        "district": "基准区", "departments": [{"id": "gov", "name": SITE_NAME}],
        "sites": [{"id": "portal", "department": "gov", "name": SITE_NAME, "url": url, "render": "never",
                   "max_pages": 20000, "registry": REGISTRY}],
    }, allow_unicode=True), encoding="utf-8")
    stages: dict[str, float | None] = {"crawl": None, "checks": None, "reports": None}   # None: never called

    def timed(stage, fn, consume=False):
        def wrapper(*args, **kwargs):
            t = time.perf_counter()
            result = fn(*args, **kwargs)
            result = list(result) if consume else result     # run_checks is lazy: time its consumption
            stages[stage] = (stages[stage] or 0.0) + time.perf_counter() - t
            return result
        return wrapper

    # run_job imports these at call time, so the timed versions are the ones it calls (should it import them
    # at module level one day, the stage shows as n/a rather than a wrong figure).
    crawler.run.crawl_sites = timed("crawl", crawler.run.crawl_sites)
    checks.run_checks = timed("checks", checks.run_checks, consume=True)
    reports.write_reports = timed("reports", reports.write_reports)
    store = tmp / "audit.sqlite"
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(sys.stderr):
        status = audit.main(["run", "--config", str(config), "--out", str(tmp / "out"), "--as-of", AS_OF,
                             "--store", str(store)])
    wall = time.perf_counter() - t0
    if status != 0:
        raise SystemExit(f"audit.py run exited {status}")
    with contextlib.closing(sqlite3.connect(store)) as db:
        requests, pages = db.execute(
            "SELECT count(*), sum(role = 'page' AND page IS NOT NULL) FROM fetches").fetchone()
    return {"wall": wall, "pages": pages, "requests": requests, "stages": stages}


VARIANTS = {"bare": bare, "full": full}


def _child(variant: str, url: str, tmp: str) -> None:
    result = VARIANTS[variant](url, Path(tmp))
    print(json.dumps({**result, **_peak_mb()}))


def measure(variant: str, url: str, tmp: Path, repeat: int) -> dict:
    """The fastest of ``repeat`` runs (the floor varies ±10% from run to run on a small machine)."""
    runs = []
    for i in range(repeat):
        work = tmp / f"{variant}-{i}"
        work.mkdir()
        proc = subprocess.run([sys.executable, __file__, "--child", variant, url, str(work)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"the {variant} variant failed (exit {proc.returncode})")
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return min(runs, key=lambda r: r["wall"])


# --- report --------------------------------------------------------------------------------------

def report(site, results: dict[str, dict]) -> bool:
    print(f"\nsite: {site.html_pages} HTML pages ({site.list_pages} list, {site.articles} articles, "
          f"{site.gbk_pages} GBK), {site.images} article images, {site.attachments} attachments, "
          f"{site.bytes / 2**20:.0f} MB; {os.cpu_count()} CPUs\n")
    print(f"{'variant':<8}{'wall s':>9}{'pages':>8}{'pages/s':>9}{'requests':>10}{'peak MB':>9}")
    for name, r in results.items():
        r["peak"] = max(r["self_mb"], r["children_mb"])
        print(f"{name:<8}{r['wall']:>9.1f}{r['pages']:>8}{r['pages'] / r['wall']:>9.0f}{r['requests']:>10}"
              f"{r['peak']:>9.0f}")
    b, f = results["bare"], results["full"]
    stages = ", ".join(f"{k} " + ("n/a" if v is None else f"{v:.2f} s") for k, v in f["stages"].items())
    other = f["wall"] - sum(v or 0.0 for v in f["stages"].values())
    print(f"\nfull run: {stages}, start-up and the rest {other:.2f} s; peak memory: crawl process "
          f"{f['children_mb']:.0f} MB, main process (checks, reports) {f['self_mb']:.0f} MB")
    ratio = f["wall"] / b["wall"]
    wall_ok, mem_ok = ratio <= MAX_WALL_RATIO, f["peak"] < MAX_PEAK_MB
    print(f"\nfull/bare wall time: {ratio:.2f}× (target ≤ {MAX_WALL_RATIO}×): {'met' if wall_ok else 'MISSED'}")
    print(f"full peak memory: {f['peak']:.0f} MB (target < {MAX_PEAK_MB} MB): {'met' if mem_ok else 'MISSED'}")
    for name, r in results.items():
        if r["pages"] < site.html_pages:
            print(f"warning: {name} fetched {r['pages']} of {site.html_pages} HTML pages")
    return wall_ok and mem_ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000, help="HTML pages in the generated site")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each variant; the fastest counts")
    parser.add_argument("--child", nargs=3, metavar=("VARIANT", "URL", "TMP"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return 0
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))     # so that nginx is stopped on `kill` too
    sys.path.insert(0, str(HERE))
    from sitegen import generate

    with tempfile.TemporaryDirectory(prefix="crawl-bench-") as name:
        tmp = Path(name)
        t0 = time.perf_counter()
        site = generate(tmp / "site", args.pages)
        print(f"generated the site in {time.perf_counter() - t0:.1f} s")
        with nginx(tmp / "site", tmp) as url:
            results = {}
            for variant in VARIANTS:
                print(f"running {variant} …", flush=True)
                results[variant] = measure(variant, url, tmp, args.repeat)
    return 0 if report(site, results) else 1


if __name__ == "__main__":
    sys.exit(main())
