"""Scoring follows 19号: vetoes stop at 59, indicators are capped, ties share a rank, nothing unobserved is scored."""
from __future__ import annotations

import pytest

from checks.base import Finding
from config.schema import PROJECT_ROOT, District, load_profile
from reports.scoring import FAILED, PASSED, UNCHECKED, score


@pytest.fixture(scope="module")
def profile():
    return load_profile(PROJECT_ROOT / "config/rules/national.yaml")


def make_district(**extra) -> District:
    return District.model_validate({
        "district": "示范区",
        "departments": [{"id": "office", "name": "示范区人民政府办公室"}, {"id": "edu", "name": "示范区教育局"},
                        {"id": "health", "name": "示范区卫生健康局"}, {"id": "water", "name": "示范区水务局"}],
        "sites": [
            {"id": "portal", "department": "office", "name": "示范区人民政府", "url": "http://www.sfq.gov.cn/"},
            {"id": "edu-site", "department": "edu", "name": "示范区教育网", "url": "http://jy.sfq.gov.cn/"},
            {"id": "health-site", "department": "health", "name": "示范区卫生健康网", "url": "http://wjw.sfq.gov.cn/"},
            {"id": "water-site", "department": "water", "name": "示范区水务网", "url": "http://sw.sfq.gov.cn/"},
        ],
        "accounts": [{"id": "edu-weibo", "department": "edu", "platform": "weibo", "name": "示范区教育发布",
                      "adapter": "rss", "url": "http://127.0.0.1:8101/feeds/edu.xml"}],
        **extra,
    })


DEPARTMENT = {"portal": "office", "edu-site": "edu", "edu-weibo": "edu", "health-site": "health",
              "water-site": "water"}
ALL = set(DEPARTMENT)


def finding(rule: str, target: str, n: int = 0, level: str = "deduct", points: float = 0.0) -> Finding:
    return Finding(id=f"{rule}-{target}-{n}", rule=rule, level=level, department=DEPARTMENT[target], target=target,
                   url="http://www.sfq.gov.cn/", message="问题", points=points)


def broken(target: str, count: int) -> list[Finding]:
    return [finding("LNK-BROKEN", target, i, points=0.1) for i in range(count)]


def test_veto_scores_59_and_fails_whatever_else_is_found(profile):
    findings = [finding("FRS-HOME-STALE", "edu-site", level="veto"), *broken("edu-site", 3)]
    result = score(findings, make_district(), profile, ALL).target("edu-site")
    assert (result.score, result.verdict, result.vetoes, result.findings) == (59, FAILED, 1, 4)
    assert result.veto_findings == ("FRS-HOME-STALE-edu-site-0",)
    # The other findings stay traceable: the department must fix them too.
    assert result.deductions["links"].findings == tuple(f"LNK-BROKEN-edu-site-{i}" for i in range(3))


def test_tenths_add_up_exactly(profile):
    result = score(broken("portal", 3), make_district(), profile, ALL).target("portal")
    assert result.score == 99.7
    assert result.deductions["links"].raw == 0.3
    assert result.verdict == PASSED


def test_each_indicator_is_capped(profile):
    # 15 homepage links at 1 point = 15, capped at the links share (10); 3 filing points on top.
    findings = [finding("LNK-HOME-BROKEN", "portal", i, points=1) for i in range(15)]
    findings += [finding("FIL-ICP", "portal", points=1), finding("FIL-PSB", "portal", points=1),
                 finding("FIL-CONAC", "portal", points=1)]
    result = score(findings, make_district(), profile, ALL).target("portal")
    links = result.deductions["links"]
    assert (links.raw, links.capped, links.cap) == (15, 10, 10)
    assert result.deductions["filing"].capped == 3
    assert result.score == 87
    assert len(result.deducted) == 18


def test_below_pass_score_fails(profile):
    findings = []
    for rule, indicator_points in (("LNK-HOME-BROKEN", 10), ("FRS-COLUMN-STALE", 25), ("FIL-ICP", 10)):
        findings += [finding(rule, "water-site", i, points=1) for i in range(indicator_points)]
    result = score(findings, make_district(), profile, ALL).target("water-site")
    assert (result.score, result.verdict) == (55, FAILED)


def test_warnings_and_inconclusive_cost_nothing(profile):
    findings = [finding("FRS-HOME-AGING", "portal", level="warn", points=3),
                finding("LNK-BLOCKED", "portal", level="inconclusive", points=1)]
    result = score(findings, make_district(), profile, ALL).target("portal")
    assert (result.score, result.findings, result.deducted) == (100, 2, ())


def test_unobserved_target_is_not_scored_and_does_not_count(profile):
    findings = [finding("FRS-HOME-STALE", "edu-site", level="veto")]
    scores = score(findings, make_district(), profile, ALL - {"edu-site"})
    site = scores.target("edu-site")
    assert (site.score, site.verdict, site.vetoes) == (None, UNCHECKED, 1)
    edu = scores.department("edu")
    assert (edu.score, edu.verdict) == (100, PASSED)   # only the observed account counts


def test_department_without_observed_targets_is_unchecked_and_unranked(profile):
    scores = score([], make_district(), profile, ALL - {"water-site"})
    water = scores.department("water")
    assert (water.score, water.verdict, water.rank) == (None, UNCHECKED, None)
    assert scores.departments[-1] is water


def test_department_is_mean_and_fails_with_any_failed_target(profile):
    findings = [finding("NMA-STALE", "edu-weibo", level="veto"), *broken("edu-site", 5)]
    edu = score(findings, make_district(), profile, ALL).department("edu")
    assert edu.score == 79.25          # (99.5 + 59) / 2
    assert edu.verdict == FAILED
    assert (edu.vetoes, edu.findings) == (1, 6)


def test_ties_share_a_rank(profile):
    findings = [*broken("portal", 2), *broken("health-site", 2), *broken("edu-site", 1),
                *broken("water-site", 5)]
    scores = score(findings, make_district(), profile, ALL)
    ranks = [(d.department, d.score, d.rank) for d in scores.departments]
    assert ranks == [("edu", 99.95, 1), ("office", 99.8, 2), ("health", 99.8, 2), ("water", 99.5, 4)]


def test_bonus_only_above_80_and_capped(profile):
    district = make_district(bonus={"portal": 40, "edu-site": 5})
    eighty = [finding("FRS-COLUMN-STALE", "edu-site", i, points=1) for i in range(20)]
    scores = score([*broken("portal", 5), *eighty], district, profile, ALL)
    portal = scores.target("portal")
    assert (portal.score, portal.bonus) == (129.5, 30)    # 99.5 + at most 30
    edu = scores.target("edu-site")
    assert (edu.score, edu.bonus) == (80, 0)               # exactly 80 is not above 80


def test_bonus_never_lifts_a_veto(profile):
    district = make_district(bonus={"portal": 10})
    result = score([finding("AVL-UNREACHABLE", "portal", level="veto")], district, profile, ALL).target("portal")
    assert (result.score, result.bonus) == (59, 0)


def test_targets_keep_config_order_and_kind(profile):
    scores = score([], make_district(), profile, ALL)
    assert [(t.target, t.kind) for t in scores.targets] == [
        ("portal", "site"), ("edu-site", "site"), ("health-site", "site"), ("water-site", "site"),
        ("edu-weibo", "account")]
    assert scores.target("edu-weibo").platform == "weibo"
