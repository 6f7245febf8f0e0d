"""notices/: the district 通报 and one notice per department, as static HTML that prints on A4.

Messages and evidence are crawled text: templates autoescape everything, links are made only to web
addresses, and there is no JavaScript at all.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from checks.base import Finding
from reports.scoring import FAILED, PASSED, TargetScore
from reports.view import (LEVEL_LABELS, Report, cn_date, cn_ordinal, evidence_lines, fmt_number, is_web_url,
                          level_rank, percent, printable, screenshot_link)

NOTICE_EVIDENCE_LIMIT = 5     # a notice quotes the key evidence; the workbook carries the rest


def _printable(value: object) -> object:
    """Every printed value loses control characters; text already escaped (joins) stays escaped."""
    if isinstance(value, Markup):
        return Markup(printable(value))
    return printable(value) if isinstance(value, str) else value


_ENV = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True,
                   undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                   finalize=_printable)


def findings_sentence(counts: dict[str, int]) -> str:
    """共发现问题N个，其中单项否决a个、扣分b个。 (levels with none are left out, as a notice would)."""
    total = sum(counts.values())
    if not total:
        return "未发现问题。"
    return f"共发现问题{total}个，其中" + "、".join(f"{label}{n}个" for label, n in counts.items() if n) + "。"


_ENV.filters.update(num=fmt_number, cn_date=cn_date, cn_ordinal=cn_ordinal, findings_sentence=findings_sentence)
_ENV.tests["web_url"] = is_web_url


@dataclass(frozen=True)
class ProblemGroup:
    """One rule's findings as the notice reports them: which units, and which of their sites and accounts."""
    rule: str
    title: str                               # the rule's name, with its level where the name does not say it
    count: int
    units: list[tuple[str, list[str]]]       # (department name, target names)
    requirement: str


@dataclass(frozen=True)
class Item:
    """A finding as a department notice lists it."""
    finding: Finding
    rule: str                  # the rule's Chinese name
    level: str
    target: str
    evidence: list[str]
    points: float
    screenshot: str | None = None     # relative link to the page's screenshot


def write_notices(folder: Path, report: Report) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    links = {d.id: {"notice": quote(report.notice_name(d.id)),
                    "workbook": "../rectification/" + quote(report.workbook_name(d.id))}
             for d in report.district.departments}
    common = dict(report=report, links=links, deadline=report.deadline, as_of=report.as_of,
                  district=report.district.district, failed=FAILED)
    groups = problem_groups(report, report.findings)
    _render("index.html", folder / "index.html", **common, overview=overview(report), groups=groups,
            requirements=_requirements(groups), targets=_by_score(report.scores.targets))
    for dep in report.district.departments:
        findings = report.findings_of(dep.id)
        _render("department.html", folder / report.notice_name(dep.id), **common,
                dep=report.scores.department(dep.id), targets=report.targets_of(dep.id),
                counts=report.level_counts(findings), items=[_item(report, f) for f in findings],
                requirements=_requirements(problem_groups(report, findings)))


def overview(report: Report) -> dict:
    """The numbers of 一、总体情况."""
    seen = [t for t in report.scores.targets if t.observed]
    retired = {s.id for s in report.district.sites if s.status != "active"}
    passed = sum(t.verdict == PASSED for t in seen)
    deps = [d for d in report.scores.departments if d.rank is not None]
    return {
        "sites": sum(t.kind == "site" for t in seen),
        "accounts": sum(t.kind == "account" for t in seen),
        # closed and exempt sites are not meant to be inspected: they are not "not collected this time"
        "unchecked": sum(not t.observed and t.target not in retired for t in report.scores.targets),
        "passed": passed,
        "failed": len(seen) - passed,
        "pass_rate": percent(passed, len(seen)),
        "vetoed": sum(t.vetoed for t in seen),
        "departments": len(deps),
        "departments_failed": sum(d.verdict == FAILED for d in deps),
        "levels": report.level_counts(report.findings),
    }


def problem_groups(report: Report, findings: list[Finding]) -> list[ProblemGroup]:
    """Findings grouped by rule and level (a graded rule's warnings are not listed as vetoes): vetoes first,
    then by level, then the rules hit most often."""
    by_rule: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        by_rule.setdefault((f.rule, f.level), []).append(f)
    groups = []
    for code, level in sorted(by_rule, key=lambda k: (level_rank(k[1]), -len(by_rule[k]), k[0])):
        items = by_rule[(code, level)]
        label, name = LEVEL_LABELS.get(level, level), report.rule_name(code)
        hit_targets, hit_departments = {f.target for f in items}, {f.department for f in items}
        units = [(dep.name, [t.name for t in report.targets_of(dep.id) if t.target in hit_targets])
                 for dep in report.district.departments if dep.id in hit_departments]
        title = name if level == "deduct" or label in name else f"{name}（{label}）"
        groups.append(ProblemGroup(rule=code, title=title, count=len(items), units=units,
                                   requirement=report.requirement(code)))
    return groups


def _requirements(groups: list[ProblemGroup]) -> list[tuple[str, str]]:
    """One paragraph per rule found, each requirement text once."""
    seen, out = set(), []
    for group in groups:
        if group.requirement and group.requirement not in seen:
            seen.add(group.requirement)
            out.append((group.title, group.requirement))
    return out


def _item(report: Report, finding: Finding) -> Item:
    return Item(finding=finding, rule=report.rule_name(finding.rule),
                level=LEVEL_LABELS.get(finding.level, finding.level), target=report.target_name(finding.target),
                evidence=evidence_lines({k: v for k, v in finding.evidence.items() if k != "screenshot"},
                                        NOTICE_EVIDENCE_LIMIT),
                points=report.points(finding), screenshot=screenshot_link(finding))


def _by_score(targets: list[TargetScore]) -> list[TargetScore]:
    """Highest first; targets not inspected at the end, in config order."""
    return sorted(targets, key=lambda t: (t.score is None, -(t.score or 0)))


def _render(template: str, path: Path, **context) -> None:
    path.write_text(_ENV.get_template(template).render(**context), encoding="utf-8")
