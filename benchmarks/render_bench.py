"""Rendered-crawl benchmark: memory of a 2,000-page crawl through Chromium, with and without browser recycling.

    .venv/bin/python benchmarks/render_bench.py [--pages 2000] [--variants recycled,unrecycled]

The site is sitegen's, served by nginx, with a script on every page that writes into the DOM (a hit counter and
a "related" box), crawled with ``render: always`` by crawler.run.crawl_sites exactly as ``audit.py run`` does.
While the crawl runs, the PSS (proportional set size: shared pages split between the processes sharing them,
so Chromium's many processes are not counted several times) of every process below this one except nginx — the
crawl process, the Playwright driver and all Chromium processes — is summed every half second.
Printed per variant: wall time, rendered pages, peak memory and when it was reached (% of the wall time), and the
peak within each quarter of the wall time (0–25 %, 25–50 %, 50–75 %, 75–100 %): flat figures mean no growth.
"""
from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE_EVERY = 0.5
NEVER = 10**9
VARIANTS = {"recycled": {}, "unrecycled": {"render_pages_per_context": NEVER, "render_pages_per_browser": NEVER}}
SCRIPT = b"""document.addEventListener("DOMContentLoaded", function () {
  var hits = document.getElementById("hits");
  if (hits) { hits.textContent = String(100 + document.title.length * 7); }
  var box = document.createElement("div");
  box.className = "related";
  box.innerHTML = "<h3>\\u76f8\\u5173\\u9605\\u8bfb</h3><p>" + new Array(40).join(document.title + " ") + "</p>";
  document.body.appendChild(box);
});
"""


def _pss_mb(exclude: set[int]) -> float:
    total = 0
    for proc in psutil.Process().children(recursive=True):
        if proc.pid in exclude:
            continue
        with contextlib.suppress(psutil.Error):
            total += proc.memory_full_info().pss
    return total / 2**20


def run(variant: str, url: str, tmp: Path, nginx_pids: set[int]) -> dict:
    sys.path.insert(0, str(ROOT))
    from config.schema import District
    from crawler.run import crawl_sites
    from crawler.snapshot import Store
    from sitegen import REGISTRY, SITE_NAME

    district = District.model_validate({
        "district": "基准区", "departments": [{"id": "gov", "name": SITE_NAME}],
        "sites": [{"id": "portal", "department": "gov", "name": SITE_NAME, "url": url, "render": "always",
                   "max_pages": 20000, "registry": REGISTRY}],
        "crawl": {"timeout": 30, **VARIANTS[variant]}})
    store_path = tmp / f"{variant}.sqlite"
    store = Store(store_path)
    crawl_id = store.begin_crawl()
    crawl = threading.Thread(target=crawl_sites, args=(district, store_path, crawl_id))
    samples: list[tuple[float, float]] = []
    t0 = time.perf_counter()
    crawl.start()
    while crawl.is_alive():
        samples.append((time.perf_counter() - t0, _pss_mb(nginx_pids)))
        crawl.join(SAMPLE_EVERY)
    wall = time.perf_counter() - t0
    pages = [f for f in store.snapshot(crawl_id).fetches("portal", "page") if f.page is not None]
    store.close()
    quarters = [max((mb for t, mb in samples if wall * (q - 1) / 4 <= t < wall * q / 4), default=0.0)
                for q in (1, 2, 3, 4)]
    peak_t, peak = max(samples, key=lambda s: s[1])
    return {"wall": wall, "pages": len(pages), "rendered": sum(p.page.rendered for p in pages),
            "peak": peak, "peak_at": 100 * peak_t / wall, "quarters": quarters}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000, help="HTML pages in the generated site")
    parser.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated: recycled, unrecycled")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))     # so that nginx is stopped on `kill` too
    sys.path.insert(0, str(HERE))
    from crawl_bench import nginx
    from sitegen import generate

    with tempfile.TemporaryDirectory(prefix="render-bench-") as name:
        tmp = Path(name)
        site = generate(tmp / "site", args.pages)
        (tmp / "site" / "js" / "common.js").write_bytes(SCRIPT)
        results = {}
        with nginx(tmp / "site", tmp) as url:
            nginx_pids = {p.pid for p in psutil.Process().children(recursive=True) if p.name().startswith("nginx")}
            for variant in args.variants.split(","):
                results[variant] = run(variant, url, tmp, nginx_pids)
    print(f"\nsite: {site.html_pages} HTML pages, render: always; memory = PSS of the crawl process, the Playwright "
          f"driver and every Chromium process, sampled every {SAMPLE_EVERY} s; {psutil.cpu_count()} CPUs\n")
    print(f"{'variant':<12}{'wall s':>8}{'pages':>7}{'rendered':>9}{'peak MB':>9}{'at %':>6}"
          + "".join(f"{f'≤{q}% MB':>10}" for q in (25, 50, 75, 100)))
    for variant, r in results.items():
        print(f"{variant:<12}{r['wall']:>8.1f}{r['pages']:>7}{r['rendered']:>9}{r['peak']:>9.0f}{r['peak_at']:>6.0f}"
              + "".join(f"{mb:>10.0f}" for mb in r["quarters"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
