"""AVL: availability (站点无法访问), judged on the probes of the whole days before the inspection date.

The probe job (``audit.py probe``, crawler/probe.py) loads each homepage every half hour. Here a probe failed if
the homepage did not load, or loaded later than the rule's limit (so probes stored once can be judged again by a
stricter profile). Days are Beijing days, as inspectors count them; the window is [as_of − days, as_of), so the
same store and the same --as-of give the same findings on any later day.

- The veto and the warning need every day of the window to hold enough probes; otherwise AVL-FEW-PROBES says the
  veto cannot be judged. A probe the site refused as a robot (``blocked_statuses``: 401, 403, 412 — the status of
  the JavaScript challenges many government firewalls put up — 429) did not observe the site: it counts neither
  way, like LNK-BLOCKED, and AVL-FEW-PROBES names how many there were. A homepage that failed during the crawl is not a probe: it is counted nowhere, only
  quoted in AVL-FEW-PROBES when the probes cannot judge the site. When the store holds no probes of the window
  for any site of the district, probing is not in use: AVL-FEW-PROBES is then given only to sites whose homepage
  failed during the crawl (one finding per site whatever the reason, so its id is stable).
- AVL-SLOW takes the median time of the successful probes: what a visitor usually waits, unmoved by a single
  slow moment; failed probes are left out, as the failure ratio already counts them.
"""
from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from fractions import Fraction
from typing import Iterator

from checks.base import Context, Finding
from config.schema import Site
from crawler.snapshot import ROLE_PAGE, Probe, SiteRecord

CODES = ("AVL-UNREACHABLE", "AVL-DEGRADED", "AVL-FEW-PROBES", "AVL-SLOW")
BEIJING = dt.timezone(dt.timedelta(hours=8), "CST")
MAX_LISTED = 20       # failed probes listed in the evidence

_KIND_NAMES = {"dns": "域名无法解析", "refused": "连接被拒绝", "tls": "安全连接（TLS）失败", "timeout": "超时",
               "connection": "连接中断", "redirect-loop": "重定向过多", "blocked-private": "跳转到内网地址",
               "too-large": "页面过大", "host-down": "主机无法访问", "other": "其他错误"}


def probe_window(ctx: Context) -> tuple[dt.datetime, dt.datetime]:
    """The period the probe rules judge: [as_of − days, as_of) from midnight to midnight, Beijing time."""
    until = dt.datetime.combine(ctx.as_of, dt.time(), BEIJING)
    return until - dt.timedelta(days=int(ctx.rule("AVL-UNREACHABLE").thresholds["days"])), until


def failure_kind(probe: Probe, limit: float) -> str | None:
    """What went wrong ('http 500', 'timeout', …), or None when the homepage loaded within ``limit`` seconds."""
    if probe.ok:
        return "timeout" if probe.elapsed > limit else None
    return f"http {probe.status}" if probe.error == "http" else probe.error or "other"


def kind_name(kind: str) -> str:
    """A failure kind in the words of a notice."""
    return f"{kind.upper()}错误" if kind.startswith("http ") else _KIND_NAMES.get(kind, kind)


def _pct(ratio: float | Fraction) -> str:
    return f"{float(ratio) * 100:.3g}%"


def kinds_text(kinds: Counter) -> str:
    """Failure kinds counted, most frequent first: 超时3次、HTTP 500错误1次."""
    return "、".join(f"{kind_name(kind)}{count}次" for kind, count in kinds.most_common())


def _crawl_failure(ctx: Context, record: SiteRecord | None) -> str | None:
    """How the homepage failed during this crawl ('http 500', 'timeout'), None if it loaded or was not crawled."""
    if record is None:
        return None
    home = next((f for f in ctx.snapshot.fetches(record.site, ROLE_PAGE, pages=False) if f.url == record.start_url),
                None)
    if home is None or home.ok:
        return None
    return f"http {home.status}" if home.status else home.error


def run(ctx: Context) -> Iterator[Finding]:
    rule = ctx.rule("AVL-UNREACHABLE").thresholds
    days, per_day, limit = int(rule["days"]), int(rule["probes_per_day"]), float(rule["timeout_seconds"])
    blocked_statuses = set(rule.get("blocked_statuses", []))
    since, until = probe_window(ctx)
    by_site: dict[str, list[Probe]] = defaultdict(list)
    for probe in ctx.snapshot.probes(since=since, until=until):
        by_site[probe.site].append(probe)
    sites = [s for s in ctx.district.sites if s.status == "active"]
    probing = any(by_site[s.id] for s in sites)
    crawled = ctx.snapshot.sites()
    window_days = [since.date() + dt.timedelta(days=i) for i in range(days)]
    base = {"since": window_days[0].isoformat(), "until": window_days[-1].isoformat(), "days": days}
    for site in sites:
        probes = [p for p in by_site[site.id] if p.status not in blocked_statuses]
        blocked = len(by_site[site.id]) - len(probes)
        yield from _slow(ctx, site, probes, limit, base)
        counts = Counter(p.at.astimezone(BEIJING).date() for p in probes)
        per_day_counts = {day.isoformat(): counts[day] for day in window_days}
        if all(n >= per_day for n in per_day_counts.values()):
            yield from _ratio(ctx, site, probes, limit, base)
            continue
        crawl = _crawl_failure(ctx, crawled.get(site.id))
        if probing or crawl:
            yield _few(ctx, site, probes, blocked, limit, per_day_counts, per_day, crawl, base)


def _ratio(ctx: Context, site: Site, probes: list[Probe], limit: float, base: dict) -> Iterator[Finding]:
    failed = [(p, kind) for p in probes if (kind := failure_kind(p, limit))]
    ratio = Fraction(len(failed), len(probes))
    veto = Fraction(str(ctx.rule("AVL-UNREACHABLE").thresholds["fail_ratio"]))
    warn = Fraction(str(ctx.rule("AVL-DEGRADED").thresholds["fail_ratio"]))
    if ratio >= veto and ctx.enabled("AVL-UNREACHABLE"):
        code, line, label, reached = "AVL-UNREACHABLE", veto, "veto_at", f"达到{_pct(veto)}的单项否决线"
    elif ratio >= warn:
        code, line, label = "AVL-DEGRADED", warn, "warn_at"
        reached = f"达到{_pct(warn)}的预警线（{_pct(veto)}即单项否决）"
    else:
        return
    kinds = Counter(kind for _, kind in failed)
    evidence = {"url": site.url, **base, "probes": len(probes), "failures": len(failed),
                "fail_ratio": round(float(ratio), 4), label: float(line), "timeout_seconds": limit,
                "failure_kinds": dict(kinds.most_common()),
                "failed_at": [f"{p.at.astimezone(BEIJING):%Y-%m-%d %H:%M} {kind_name(kind)}"
                              for p, kind in failed[:MAX_LISTED]]}
    yield ctx.finding(code, site.id, "probes", site.url,
                      f"检查日前{base['days']}天首页监测{len(probes)}次，有{len(failed)}次未能在{limit:g}秒内打开"
                      f"（失败率{_pct(ratio)}：{kinds_text(kinds)}），{reached}，"
                      "请排查服务器、网络和域名解析。", evidence)


def _few(ctx: Context, site: Site, probes: list[Probe], blocked: int, limit: float, counts: dict[str, int],
         per_day: int, crawl: str | None, base: dict) -> Finding:
    days = base["days"]
    enough = sum(1 for n in counts.values() if n >= per_day)
    failures = sum(1 for p in probes if failure_kind(p, limit))
    evidence = {"url": site.url, **base, "days_enough": enough, "probes_per_day": per_day, "probes": len(probes),
                "failures": failures, "per_day": counts}
    if blocked:
        evidence["blocked"] = blocked
    if probes or blocked:
        refused = f"，另有{blocked}次被网站拒绝自动访问" if blocked else ""
        message = (f"检查日前{days}天中只有{enough}天每天有效监测满{per_day}次（共{len(probes)}次，失败{failures}次"
                   f"{refused}），样本不足，无法判定站点是否无法访问，请保证可用性监测按计划运行并人工核实")
    else:
        message = f"检查日前{days}天没有首页可用性监测记录，无法判定站点是否无法访问"
    if crawl:
        evidence["crawl_home"] = crawl
        message += f"；本次抓取时首页无法访问（{kind_name(crawl)}），请人工核实"
    return ctx.finding("AVL-FEW-PROBES", site.id, "probes", site.url, message + "。", evidence)


def _slow(ctx: Context, site: Site, probes: list[Probe], limit: float, base: dict) -> Iterator[Finding]:
    rule = ctx.rule("AVL-SLOW").thresholds
    times = [p.elapsed for p in probes if failure_kind(p, limit) is None]
    if len(times) < int(rule["min_probes"]):
        return
    median = statistics.median(times)
    if median <= float(rule["seconds"]):
        return
    yield ctx.finding("AVL-SLOW", site.id, "probes", site.url,
                      f"检查日前{base['days']}天首页成功打开{len(times)}次，耗时中位数{median:.1f}秒，"
                      f"超过{float(rule['seconds']):g}秒，请优化首页加载速度。",
                      {"url": site.url, **base, "probes": len(times), "seconds": round(median, 2),
                       "slowest": round(max(times), 2), "limit_seconds": float(rule["seconds"])})
