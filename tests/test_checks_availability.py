"""AVL rules on a week of probes written with their timestamps (not waited for), judged by the inspection date."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from dataclasses import replace

import yaml

from checks import availability
from checks.availability import BEIJING
from checks.base import Context
from config.schema import PROJECT_ROOT, District, load_profile
from crawler.snapshot import Fetch, Probe, SiteRecord, Store

AS_OF = dt.date(2024, 6, 30)
WEEK_START = dt.datetime(2024, 6, 23, tzinfo=BEIJING)       # as_of − 7 days, 00:00 Beijing time
PROFILE = load_profile(PROJECT_ROOT / "config" / "rules" / "national.yaml")


def probes(site: str, per_day: list[int], failures: int = 0, elapsed: float = 0.4, failure: dict | None = None,
           start: dt.datetime = WEEK_START) -> list[Probe]:
    """``per_day[i]`` probes spread over day i of the window; every k-th of them fails, ``failures`` in all."""
    moments = [start + dt.timedelta(days=day, seconds=j * 86400 // n)
               for day, n in enumerate(per_day) for j in range(n)]
    step = len(moments) // failures if failures else 0
    failing = set(range(0, step * failures, step)) if failures else set()
    failure = failure or {"ok": False, "status": None, "error": "timeout", "elapsed": 15.0}
    return [Probe(site=site, url=f"http://{site}.gov.cn/", at=at.astimezone(dt.timezone.utc),
                  **({"ok": True, "status": 200, "error": None, "elapsed": elapsed} if i not in failing else failure))
            for i, at in enumerate(moments)]


def judge(tmp_path, records: list[Probe], crawl_home: dict[str, int | str | None] | None = None,
          status: dict[str, str] | None = None, profile=PROFILE) -> dict[str, dict[str, object]]:
    """Store a crawl (homepage fetches: status or error per site) and the probes; {site: {rule: finding}}."""
    sites = sorted({p.site for p in records} | set(crawl_home or {}) | set(status or {}))
    district = District.model_validate({
        "district": "测试区", "departments": [{"id": "dep", "name": "测试局"}],
        "sites": [{"id": s, "department": "dep", "name": s, "url": f"http://{s}.gov.cn/",
                   "status": (status or {}).get(s, "active")} for s in sites]})
    store = Store(tmp_path / "audit.sqlite")
    crawl = store.begin_crawl()
    for site in sites:
        url = f"http://{site}.gov.cn/"
        store.add_site(crawl, SiteRecord(site, url, url, 1, False))
        home = (crawl_home or {}).get(site, 200)
        store.add_fetches(crawl, [Fetch(site, url, status=home if isinstance(home, int) else None,
                                        error=home if isinstance(home, str) else None)])
    store.finish_crawl(crawl)
    store.add_probes(records)
    ctx = Context(district=district, profile=profile, snapshot=store.snapshot(crawl), as_of=AS_OF)
    found: dict[str, dict[str, object]] = {}
    for finding in availability.run(ctx):
        found.setdefault(finding.target, {})[finding.rule] = finding
    store.close()
    return found


def test_exactly_5_percent_is_a_veto(tmp_path):
    found = judge(tmp_path, probes("a", [20] * 7, failures=7))["a"]
    assert set(found) == {"AVL-UNREACHABLE"}          # not also DEGRADED
    veto = found["AVL-UNREACHABLE"]
    assert veto.level == "veto" and veto.url == "http://a.gov.cn/"
    assert veto.evidence | {"failed_at": None} == {
        "url": "http://a.gov.cn/", "since": "2024-06-23", "until": "2024-06-29", "days": 7, "probes": 140,
        "failures": 7, "fail_ratio": 0.05, "veto_at": 0.05, "timeout_seconds": 15.0,
        "failure_kinds": {"timeout": 7}, "failed_at": None}
    assert len(veto.evidence["failed_at"]) == 7 and "未能在15秒内打开" in veto.message and "5%" in veto.message


def test_just_under_5_percent_is_a_warning(tmp_path):
    found = judge(tmp_path, probes("a", [20] * 7, failures=6))["a"]
    assert set(found) == {"AVL-DEGRADED"} and found["AVL-DEGRADED"].evidence["fail_ratio"] == 0.0429


def test_degraded_from_exactly_3_percent(tmp_path):
    week = [20, 30, 30, 30, 30, 30, 30]                # 200 probes
    assert set(judge(tmp_path / "a", probes("a", week, failures=6))["a"]) == {"AVL-DEGRADED"}
    assert judge(tmp_path / "b", probes("b", week, failures=5)) == {}


def test_failure_kinds_are_counted(tmp_path):
    week = probes("a", [20] * 7)
    week[10:14] = [replace(p, ok=False, status=503, error="http") for p in week[10:14]]
    week[50:53] = [replace(p, ok=False, status=None, error="dns") for p in week[50:53]]
    found = judge(tmp_path, week)["a"]["AVL-UNREACHABLE"]
    assert found.evidence["failure_kinds"] == {"http 503": 4, "dns": 3}
    assert "HTTP 503错误4次、域名无法解析3次" in found.message


def test_probes_the_site_refused_as_a_robot_count_neither_way(tmp_path):
    challenge = {"ok": False, "status": 412, "error": "http", "elapsed": 0.2}
    assert judge(tmp_path / "a", probes("a", [22] * 7, failures=10, failure=challenge)) == {}
    few = judge(tmp_path / "b", probes("b", [20] * 7, failures=7, failure=challenge))["b"]
    assert set(few) == {"AVL-FEW-PROBES"}
    assert few["AVL-FEW-PROBES"].evidence["blocked"] == 7 and "7次被网站拒绝自动访问" in few["AVL-FEW-PROBES"].message


def test_a_homepage_that_loaded_after_the_limit_failed(tmp_path):
    late = {"ok": True, "status": 200, "error": None, "elapsed": 15.5}
    found = judge(tmp_path, probes("a", [20] * 7, failures=7, failure=late))["a"]
    assert found["AVL-UNREACHABLE"].evidence["failure_kinds"] == {"timeout": 7}


def test_a_day_with_19_probes_cannot_be_judged(tmp_path):
    found = judge(tmp_path, probes("a", [20, 20, 20, 19, 20, 20, 20], failures=70))["a"]
    assert set(found) == {"AVL-FEW-PROBES"}           # half the probes failed, yet no veto can be given
    few = found["AVL-FEW-PROBES"]
    assert few.level == "info" and few.evidence["days_enough"] == 6 and few.evidence["probes"] == 139
    assert few.evidence["per_day"]["2024-06-26"] == 19
    assert "只有6天每天有效监测满20次" in few.message


def test_the_window_is_the_seven_whole_days_before_the_inspection_date(tmp_path):
    inside = probes("a", [20] * 7)
    outside = (probes("a", [30], failures=30, start=WEEK_START - dt.timedelta(days=1))     # June 22
               + probes("a", [30], failures=30, start=WEEK_START + dt.timedelta(days=7)))  # June 30, inspection day
    assert judge(tmp_path / "a", inside + outside) == {}
    # the first probe of the window is at 00:00 Beijing time (16:00 UTC the day before) and counts
    assert inside[0].at == dt.datetime(2024, 6, 22, 16, tzinfo=dt.timezone.utc)
    assert set(judge(tmp_path / "b", inside[1:])["a"]) == {"AVL-FEW-PROBES"}


def test_same_store_same_findings(tmp_path):
    week = probes("a", [20] * 7, failures=7)
    first = judge(tmp_path / "1", week)["a"]["AVL-UNREACHABLE"]
    again = judge(tmp_path / "2", week)["a"]["AVL-UNREACHABLE"]
    assert first == again


def test_slow_is_the_median_of_successful_probes(tmp_path):
    def week(slow: int, seconds: float = 3.5) -> list[Probe]:
        fast = probes("a", [20] * 7, elapsed=1.0)
        return [p if i >= slow else replace(p, elapsed=seconds) for i, p in enumerate(fast)]

    found = judge(tmp_path / "a", week(71))["a"]["AVL-SLOW"]
    assert found.level == "warn" and found.evidence["seconds"] == 3.5 and found.evidence["probes"] == 140
    assert judge(tmp_path / "b", week(70)) == {}                   # median 2.25 s
    assert judge(tmp_path / "c", week(140, seconds=3.0)) == {}     # exactly 3 s is not longer than 3 s
    # timeouts are failures, not slow loads: 6 of them (4.3 %) leave the median of the rest at 1 s
    assert set(judge(tmp_path / "d", probes("a", [20] * 7, failures=6, elapsed=1.0))["a"]) == {"AVL-DEGRADED"}


def test_no_probes_at_all_only_a_failed_crawl_is_noted(tmp_path):
    found = judge(tmp_path, [], crawl_home={"up": 200, "down": 500, "gone": "dns"}, status={"shut": "closed"})
    assert set(found) == {"down", "gone"}
    few = found["down"]["AVL-FEW-PROBES"]
    assert few.evidence["crawl_home"] == "http 500" and few.evidence["probes"] == 0
    assert "没有首页可用性监测记录" in few.message and "HTTP 500错误" in few.message
    assert found["gone"]["AVL-FEW-PROBES"].evidence["crawl_home"] == "dns"


def test_probing_in_use_a_site_without_probes_is_noted(tmp_path):
    found = judge(tmp_path, probes("a", [20] * 7), crawl_home={"b": 200})
    assert set(found) == {"b"} and set(found["b"]) == {"AVL-FEW-PROBES"}
    assert found["b"]["AVL-FEW-PROBES"].evidence["days_enough"] == 0


def test_a_failed_crawl_is_not_counted_again_when_the_probes_judge(tmp_path):
    assert judge(tmp_path, probes("a", [20] * 7, failures=2), crawl_home={"a": 500}) == {}


def test_closed_sites_are_not_judged(tmp_path):
    assert judge(tmp_path, probes("a", [20] * 7, failures=50), status={"a": "closed"}) == {}


def test_without_the_veto_rule_a_high_ratio_is_a_warning(tmp_path):
    rules = {**PROFILE.rules, "AVL-UNREACHABLE": PROFILE.rules["AVL-UNREACHABLE"].model_copy(update={"enabled": False})}
    profile = PROFILE.model_copy(update={"rules": rules})
    found = judge(tmp_path, probes("a", [20] * 7, failures=20), profile=profile)["a"]
    assert set(found) == {"AVL-DEGRADED"}


def test_run_judges_stored_probes_and_says_when_there_are_none(tmp_path):
    """`audit.py run --crawl` over a stored crawl: the veto reaches findings.jsonl; no probes at all is said."""
    judge(tmp_path, probes("a", [20] * 7, failures=7))
    config = tmp_path / "district.yaml"
    config.write_text(yaml.safe_dump({"district": "测试区", "departments": [{"id": "dep", "name": "测试局"}],
                                      "sites": [{"id": "a", "department": "dep", "name": "a",
                                                 "url": "http://a.gov.cn/"}]}, allow_unicode=True), encoding="utf-8")

    def run(as_of: str) -> tuple[str, set[str]]:
        out = tmp_path / as_of
        proc = subprocess.run([sys.executable, str(PROJECT_ROOT / "audit.py"), "run", "--config", str(config),
                               "--store", str(tmp_path / "audit.sqlite"), "--crawl", "1", "--as-of", as_of,
                               "--out", str(out)], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        lines = (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()
        return proc.stdout, {json.loads(line)["rule"] for line in lines}

    stdout, rules = run("2024-06-30")
    assert "AVL-UNREACHABLE" in rules and "没有可用性监测记录" not in stdout
    stdout, rules = run("2024-08-30")
    assert not any(rule.startswith("AVL") for rule in rules) and "没有可用性监测记录" in stdout
