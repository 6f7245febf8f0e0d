"""The auditor's command line: crawl, check, score and report a district's government sites.

    python audit.py run   --config config/district.yaml --out OUT [--as-of YYYY-MM-DD] [--crawl ID]
    python audit.py demo  [--out OUT]
    python audit.py probe --config config/district.yaml [--store PATH]     # cron, every 30 minutes

Exit status 0 when the job ran, whatever it found; 2 with a one-line reason on bad input.
"""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from config.policy_register import read_policy_register
from config.schema import ConfigError, District, load_catalogue, load_district, load_profile, resolve_path
from crawler.snapshot import UnknownCrawl

log = logging.getLogger("audit")
DEMO_DIR = Path(__file__).resolve().parent / "config" / "demo"
DEFAULT_STORE = "var/audit.sqlite"


class BadInput(Exception):
    """Input the job cannot run with; the message is shown as the one-line reason."""


def _as_of(arg: str | None, district: District) -> dt.date:
    if arg:
        try:
            return dt.date.fromisoformat(arg)
        except ValueError:
            raise BadInput(f"--as-of: not a date (YYYY-MM-DD): {arg!r}") from None
    return district.inspection.as_of or dt.date.today()


def _writable_out(out: Path) -> Path:
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=out, prefix=".write-test-", delete=True)
        probe.close()
    except OSError as exc:
        raise BadInput(f"{out}: output folder is not writable: {exc.strerror or exc}") from None
    return out


def run_job(district: District, config_path: Path, out: Path, as_of: dt.date, store_path: Path,
            config_text: str = "", crawl: int | None = None, verbose: bool = False) -> dict:
    """config → crawl → snapshot → checks → findings → scores → reports. Returns a summary."""
    from checks import run_checks
    from checks.availability import probe_window
    from checks.base import Context
    from crawler.run import crawl_sites
    from crawler.screenshots import take_screenshots
    from crawler.snapshot import Store
    from reports import write_reports

    profile = load_profile(resolve_path(district.inspection.rules, config_path))
    load_catalogue(resolve_path(district.inspection.catalogue, config_path))    # a bad catalogue fails before the crawl
    if district.policy_register:      # so does a bad policy register
        read_policy_register(resolve_path(district.policy_register, config_path))
    out = _writable_out(out)
    store = Store(store_path)
    try:
        if crawl is None:
            crawl = store.begin_crawl(config_text)
            log.info("crawl %s: %d sites, %d accounts", crawl, len(district.sites), len(district.accounts))
            crawl_sites(district, store_path, crawl, verbose=verbose)
            store.finish_crawl(crawl)
        snapshot = store.snapshot(crawl)
        ctx = Context(district=district, profile=profile, snapshot=snapshot, as_of=as_of, config_path=config_path)
        findings = sorted({f.id: f for f in run_checks(ctx)}.values(), key=lambda f: (f.department, f.target, f.rule, f.id))
        observed = snapshot.reached_sites() | snapshot.observed_accounts()
        since, until = probe_window(ctx)
        unprobed = any(s.status == "active" for s in district.sites) and not snapshot.probes(since=since, until=until)
    finally:
        store.close()
    take_screenshots(findings, district, out)
    scores = write_reports(out, findings, district, profile, as_of, observed)
    return {"crawl": crawl, "findings": len(findings), "scores": scores, "out": out, "unprobed": unprobed}


def _print_summary(summary: dict) -> None:
    scores = summary["scores"]
    print(f"检查完成：抓取批次 {summary['crawl']}，问题 {summary['findings']} 条，结果在 {summary['out']}")
    for dep in sorted(scores.departments, key=lambda d: (d.rank is None, d.rank or 0)):
        score = "—" if dep.score is None else f"{dep.score:.2f}"
        print(f"  {dep.rank or '-':>3}  {dep.name}  {score}  {dep.verdict}  问题{dep.findings}条")
    if summary["unprobed"]:
        print("  注意：检查日前没有可用性监测记录，未评判站点无法访问（请用 audit.py probe 每30分钟监测一次）")


def cmd_run(args: argparse.Namespace) -> None:
    config_path = Path(args.config)
    district = load_district(config_path)
    as_of = _as_of(args.as_of, district)
    store = Path(args.store or district.store or DEFAULT_STORE)
    text = config_path.read_text(encoding="utf-8")
    _print_summary(run_job(district, config_path, Path(args.out), as_of, store, text, args.crawl, args.verbose))


def cmd_demo(args: argparse.Namespace) -> None:
    from config.demo.build import build
    from config.demo.server import serve

    out = Path(args.out)
    config_path = DEMO_DIR / "district.yaml"
    with tempfile.TemporaryDirectory(prefix="audit-demo-") as root:
        build(Path(root))
        with serve(Path(root)) as server:
            text = config_path.read_text(encoding="utf-8").replace("{port}", str(server.port))
            district = load_district(config_path, text)
            print(f"示范区演示网站已在 127.0.0.1:{server.port} 上运行，开始检查……")
            as_of = _as_of(args.as_of, district)
            summary = run_job(district, config_path, out, as_of, _writable_out(out) / "audit.sqlite", text,
                              verbose=args.verbose)
    _print_summary(summary)
    print(f"通报：{out / 'notices' / 'index.html'}")


def cmd_probe(args: argparse.Namespace) -> None:
    """One probe round (cron): one summary line; sites that are down are what it records, not an error."""
    from checks.availability import BEIJING, failure_kind, kinds_text
    from crawler.probe import probe_district
    from crawler.snapshot import Store

    config_path = Path(args.config)
    district = load_district(config_path)
    profile_path = resolve_path(district.inspection.rules, config_path)
    rule = load_profile(profile_path).rules.get("AVL-UNREACHABLE")
    limit = rule.thresholds.get("timeout_seconds") if rule else None
    if isinstance(limit, bool) or not isinstance(limit, (int, float)) or limit <= 0:
        raise ConfigError(f"{profile_path}: rules.AVL-UNREACHABLE.thresholds.timeout_seconds: "
                          "expected a number of seconds (how long a probe waits for a homepage)")
    limit = float(limit)
    store_path = Path(args.store or district.store or DEFAULT_STORE)
    try:
        store = Store(store_path)
    except (OSError, sqlite3.Error) as exc:
        raise BadInput(f"{store_path}: cannot open the store: {exc}") from None
    try:
        started = time.monotonic()
        probes = probe_district(district, limit)
        took = time.monotonic() - started
        store.add_probes(probes)
    finally:
        store.close()
    kinds = Counter(kind for p in probes if (kind := failure_kind(p, limit)))
    failed = sum(kinds.values())
    when = probes[0].at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") if probes else "—"
    print(f"可用性监测 {when}：{len(probes)}个站点，正常{len(probes) - failed}个，失败{failed}个"
          f"{f'（{kinds_text(kinds)}）' if kinds else ''}，用时{took:.1f}秒，已记入 {store_path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="audit.py", description="政府网站与政务新媒体检查工具")
    parser.add_argument("-v", "--verbose", action="store_true", help="log the crawl (English)")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="crawl, check, score and report every site in the config")
    run.add_argument("--config", required=True)
    run.add_argument("--out", required=True)
    run.add_argument("--as-of", help="inspection date YYYY-MM-DD (default: config inspection.as_of, else today)")
    run.add_argument("--store", help=f"SQLite store (default: config `store`, else {DEFAULT_STORE})")
    run.add_argument("--crawl", type=int, help="re-check a stored crawl instead of crawling again")
    run.set_defaults(func=cmd_run)
    demo = sub.add_parser("demo", help="serve the bundled demo district on 127.0.0.1 and run the whole job")
    demo.add_argument("--out", default="out/demo")
    demo.add_argument("--as-of")
    demo.set_defaults(func=cmd_demo)
    probe = sub.add_parser("probe", help="load every active site's homepage once and store how it went (cron)")
    probe.add_argument("--config", required=True)
    probe.add_argument("--store", help=f"SQLite store (default: config `store`, else {DEFAULT_STORE})")
    probe.set_defaults(func=cmd_probe)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(name)s %(levelname)s: %(message)s")
    try:
        args.func(args)
    except (ConfigError, BadInput) as exc:
        print(f"audit.py: {exc}", file=sys.stderr)
        return 2
    except UnknownCrawl as exc:
        print(f"audit.py: {exc.args[0]}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
