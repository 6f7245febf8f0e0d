"""Probe benchmark: one `audit.py probe` round over 200 sites on local servers, 20 of them hanging.

180 sites are virtual hosts of one demo server (config/demo/server.py), each with a 20 KB homepage; 20 are
virtual hosts of a listener that accepts connections and never answers, so each of their probes waits for the
whole limit. The round runs as the real command in a child process; its peak memory is that child's ru_maxrss.

    .venv/bin/python benchmarks/probe_bench.py [--sites 200] [--hanging 20] [--timeout SECONDS]

Without --timeout the limit is the profile's (AVL-UNREACHABLE timeout_seconds, 15 s), so the round cannot take
less than that; --timeout writes a profile copy with a shorter limit. Exit status 1 when a probe is misjudged.
"""
from __future__ import annotations

import argparse
import re
import resource
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config.demo import server as demo_server  # noqa: E402

PAGE = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>{name}</title></head><body>"
        + "<li><a href='/art/{{i}}.html'>示范区召开工作会议</a><span>2024-06-28</span></li>" * 250
        + "</body></html>")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--hanging", type=int, default=20)
    parser.add_argument("--timeout", type=float, help="probe limit in seconds (default: the profile's, 15)")
    args = parser.parse_args()
    answering = args.sites - args.hanging

    with tempfile.TemporaryDirectory(prefix="probe-bench-") as tmp_name:
        tmp = Path(tmp_name)
        for i in range(answering):
            home = tmp / "www" / f"site{i:03d}.bench.gov.cn" / "index.html"
            home.parent.mkdir(parents=True)
            home.write_text(PAGE.format(name=f"站点{i}"), encoding="utf-8")
        hang = socket.create_server(("127.0.0.1", 0), backlog=args.hanging + 16)   # never accept(): no answer
        with demo_server.serve(tmp / "www", {}) as server, hang:
            hang_port = hang.getsockname()[1]
            urls = ([f"http://site{i:03d}.bench.gov.cn:{server.port}/" for i in range(answering)]
                    + [f"http://hang{i:02d}.bench.gov.cn:{hang_port}/" for i in range(args.hanging)])
            config = _config(tmp, urls, args.timeout)
            started = time.monotonic()
            proc = subprocess.run([sys.executable, str(ROOT / "audit.py"), "probe", "--config", str(config),
                                   "--store", str(tmp / "audit.sqlite")], capture_output=True, text=True)
            wall = time.monotonic() - started
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            return 1
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024     # Linux: kilobytes
        rows = sqlite3.connect(tmp / "audit.sqlite").execute("SELECT site, error, elapsed FROM probes").fetchall()

    kinds = Counter(error or "ok" for _, error, _ in rows)
    ok_times = sorted(elapsed for _, error, elapsed in rows if error is None)
    round_s = float(re.search(r"用时([\d.]+)秒", proc.stdout).group(1))
    limit = f"{args.timeout:g} s (--timeout, shorter than the profile's 15 s)" if args.timeout else "15 s (profile)"
    print(f"probe round: {args.sites} sites ({args.hanging} hanging), limit {limit}, 64 threads")
    print(f"  round {round_s:.1f} s; command {wall:.1f} s (start-up and store included)")
    print(f"  peak memory of the command: {peak_mb:.0f} MB")
    print(f"  results: {dict(kinds)}; answering homepages: median {ok_times[len(ok_times) // 2]:.3f} s, "
          f"slowest {ok_times[-1]:.3f} s")
    print(f"  summary line: {proc.stdout.strip()}")
    return 0 if kinds == Counter({"ok": answering, "timeout": args.hanging}) else 1


def _config(tmp: Path, urls: list[str], timeout: float | None) -> Path:
    rules = ROOT / "config" / "rules" / "national.yaml"
    if timeout:
        profile = yaml.safe_load(rules.read_text(encoding="utf-8"))
        profile["rules"]["AVL-UNREACHABLE"]["thresholds"]["timeout_seconds"] = timeout
        rules = tmp / "rules.yaml"
        rules.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    hosts = {url.split("/")[2].split(":")[0]: "127.0.0.1" for url in urls}
    config = {"district": "基准区", "inspection": {"rules": str(rules)},
              "departments": [{"id": "dep", "name": "基准局"}],
              "sites": [{"id": f"s{i:03d}", "department": "dep", "name": f"站点{i}", "url": url}
                        for i, url in enumerate(urls)],
              "crawl": {"hosts": hosts}}
    path = tmp / "district.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.exit(main())
