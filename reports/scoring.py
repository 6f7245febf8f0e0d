"""Scores per target and per department, as 19号 prescribes, with every lost point traceable to a finding.

Arithmetic is done in Decimal: inspectors add 0.1-point deductions by hand and expect 100 − 0.1×3 = 99.7,
not 99.69999999999999.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from checks.base import Finding
from config.schema import Account, District, Profile, Site

PASSED, FAILED, UNCHECKED = "合格", "不合格", "未检查"

# Findings without an indicator (or with a rule missing from the profile) still cost their points, uncapped.
OTHER_INDICATOR = "other"
OTHER_INDICATOR_NAME = "其他"

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Deduction:
    """One indicator's deductions on one target: what the findings add up to and what the cap leaves."""
    indicator: str
    name: str
    cap: float | None          # None: uncapped (no indicator)
    raw: float
    capped: float
    findings: tuple[str, ...]  # ids of the findings that make up ``raw``


@dataclass(frozen=True)
class TargetScore:
    target: str
    department: str
    kind: str                  # site | account
    platform: str | None       # the account's platform; None for sites
    name: str
    url: str
    observed: bool
    score: float | None        # None when not observed in this run
    verdict: str               # 合格 | 不合格 | 未检查
    vetoes: int                # veto findings
    findings: int              # findings of every level
    deductions: dict[str, Deduction] = field(default_factory=dict)   # by indicator id
    deducted: tuple[str, ...] = ()     # ids of the findings that cost points (informational once vetoed)
    veto_findings: tuple[str, ...] = ()
    bonus: float = 0.0         # the bonus actually added

    @property
    def vetoed(self) -> bool:
        return bool(self.veto_findings)


@dataclass(frozen=True)
class DepartmentScore:
    department: str
    name: str
    score: float | None        # mean of its observed targets; None when none was observed
    verdict: str
    rank: int | None           # None when not observed
    vetoes: int
    findings: int
    targets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scores:
    targets: list[TargetScore]          # config order: sites, then accounts
    departments: list[DepartmentScore]  # by rank; unobserved departments last, in config order

    def target(self, target_id: str) -> TargetScore:
        for t in self.targets:
            if t.target == target_id:
                return t
        raise KeyError(target_id)

    def department(self, dep_id: str) -> DepartmentScore:
        for d in self.departments:
            if d.department == dep_id:
                return d
        raise KeyError(dep_id)


def counted_points(finding: Finding) -> float:
    """Only deductions cost points: warnings, notes and what could not be observed never do (rules.md)."""
    return finding.points if finding.level == "deduct" else 0.0


def score(findings: list[Finding], district: District, profile: Profile, observed: set[str]) -> Scores:
    by_target: dict[str, list[Finding]] = {}
    for f in findings:
        by_target.setdefault(f.target, []).append(f)
    targets = [
        _score_target(kind, item, by_target.get(item.id, []), district, profile, item.id in observed)
        for kind, items in (("site", district.sites), ("account", district.accounts))
        for item in items
    ]
    return Scores(targets=targets, departments=_score_departments(findings, district, profile, targets))


def _dec(value: float) -> Decimal:
    return Decimal(str(value))


def _round(value: Decimal) -> float:
    return float(value.quantize(_CENT, rounding=ROUND_HALF_UP))


def _score_target(kind: str, item: Site | Account, findings: list[Finding], district: District, profile: Profile,
                  observed: bool) -> TargetScore:
    vetoes = tuple(f.id for f in findings if f.level == "veto")
    deductions = _deductions(findings, profile)
    common = dict(target=item.id, department=item.department, kind=kind,
                  platform=getattr(item, "platform", None), name=item.name, url=item.url,
                  observed=observed, vetoes=len(vetoes), findings=len(findings), deductions=deductions,
                  deducted=tuple(i for d in deductions.values() for i in d.findings), veto_findings=vetoes)
    if not observed:
        return TargetScore(score=None, verdict=UNCHECKED, **common)
    if vetoes:
        return TargetScore(score=_round(_dec(profile.vetoed_score)), verdict=FAILED, **common)
    value = _dec(profile.base_score) - sum((_dec(d.capped) for d in deductions.values()), Decimal(0))
    value = max(value, Decimal(0))
    bonus = Decimal(0)
    if value > _dec(profile.bonus_above):
        cap = _dec(profile.bonus_cap)
        bonus = min(max(_dec(district.bonus.get(item.id, 0)), Decimal(0)), cap)
    value += bonus
    verdict = FAILED if value < _dec(profile.pass_score) else PASSED
    return TargetScore(score=_round(value), verdict=verdict, bonus=_round(bonus), **common)


def _deductions(findings: list[Finding], profile: Profile) -> dict[str, Deduction]:
    """Per indicator: the raw sum of points and what remains after its cap (扣完为止)."""
    grouped: dict[str, list[Finding]] = {}
    for f in findings:
        if counted_points(f) > 0:
            rule = profile.rules.get(f.rule)
            grouped.setdefault(rule.indicator if rule and rule.indicator else OTHER_INDICATOR, []).append(f)
    out = {}
    for ind, items in grouped.items():
        raw = sum((_dec(counted_points(f)) for f in items), Decimal(0))
        spec = profile.indicators.get(ind)
        capped = min(raw, _dec(spec.cap)) if spec else raw
        out[ind] = Deduction(indicator=ind, name=spec.name if spec else OTHER_INDICATOR_NAME,
                             cap=spec.cap if spec else None, raw=_round(raw), capped=_round(capped),
                             findings=tuple(f.id for f in items))
    return out


def _score_departments(findings: list[Finding], district: District, profile: Profile,
                       targets: list[TargetScore]) -> list[DepartmentScore]:
    unranked = []
    for dep in district.departments:
        own = [t for t in targets if t.department == dep.id]
        seen = [t for t in own if t.observed]
        dep_findings = [f for f in findings if f.department == dep.id]
        if seen:
            mean = sum((_dec(t.score) for t in seen), Decimal(0)) / len(seen)
            value = _round(mean)
            failed = any(t.verdict == FAILED for t in seen) or value < profile.pass_score
            verdict = FAILED if failed else PASSED
        else:
            value, verdict = None, UNCHECKED
        unranked.append(DepartmentScore(
            department=dep.id, name=dep.name, score=value, verdict=verdict, rank=None,
            vetoes=sum(f.level == "veto" for f in dep_findings), findings=len(dep_findings),
            targets=tuple(t.target for t in own)))
    return _rank(unranked)


def _rank(departments: list[DepartmentScore]) -> list[DepartmentScore]:
    """Standard competition ranking (1, 2, 2, 4); config order breaks ties for display only."""
    scored = sorted((d for d in departments if d.score is not None), key=lambda d: -d.score)
    ranked = []
    for i, dep in enumerate(scored):
        rank = ranked[-1].rank if ranked and ranked[-1].score == dep.score else i + 1
        ranked.append(replace(dep, rank=rank))
    return ranked + [d for d in departments if d.score is None]
