"""The finding (what checks hand to reports) and the context a check runs in.

A check is a module in this package that defines ``CODES`` (the rule codes it may emit) and
``run(ctx: Context) -> Iterable[Finding]``. Everything a check judges by (levels, thresholds, points) comes
from the rules profile through ``ctx.rule(code)``; a check builds findings with ``ctx.finding(...)`` so that
level, points, department and a stable id are filled in one way for all.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from config.schema import PROJECT_ROOT, District, Profile, Rule
from crawler.snapshot import Snapshot


@dataclass(frozen=True)
class Finding:
    id: str             # stable: the same problem in the next run has the same id
    rule: str           # a code of rules.md
    level: str          # veto | deduct | warn | info | inconclusive
    department: str     # department id
    target: str         # site or account id
    url: str
    message: str        # Chinese, one sentence a department can act on
    evidence: dict[str, Any] = field(default_factory=dict)
    points: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def finding_id(rule: str, target: str, key: str) -> str:
    """Stable id from what the problem is about, never from when or in which order it was seen."""
    digest = hashlib.sha1(f"{rule}|{target}|{key}".encode("utf-8")).hexdigest()[:12]
    return f"{rule}-{digest}"


@dataclass
class Context:
    district: District
    profile: Profile
    snapshot: Snapshot
    as_of: dt.date
    cache: dict[str, Any] = field(default_factory=dict)   # shared per-run computations (see checks._site)
    config_path: Path | None = None   # the district file: paths it names (the catalogue) are relative to it

    def dictionary(self, name: str) -> Any:
        """A dictionary file of config/dictionaries/ (column types, word lists), loaded once per run."""
        key = f"dictionary:{name}"
        if key not in self.cache:
            path = PROJECT_ROOT / "config" / "dictionaries" / f"{name}.yaml"
            self.cache[key] = yaml.safe_load(path.read_text(encoding="utf-8"))
        return self.cache[key]

    def rule(self, code: str) -> Rule:
        return self.profile.rules[code]

    def enabled(self, code: str) -> bool:
        rule = self.profile.rules.get(code)
        return bool(rule and rule.enabled)

    def finding(self, rule: str, target: str, key: str, url: str, message: str,
                evidence: dict[str, Any] | None = None, level: str | None = None) -> Finding:
        """Build a finding; ``level`` overrides the profile's where a rule has graded levels."""
        spec = self.rule(rule)
        level = level or spec.level
        department = self._department_of(target)
        return Finding(id=finding_id(rule, target, key), rule=rule, level=level, department=department,
                       target=target, url=url, message=message, evidence=evidence or {},
                       points=spec.points if level == "deduct" else 0.0)

    def _department_of(self, target: str) -> str:
        for item in [*self.district.sites, *self.district.accounts]:
            if item.id == target:
                return item.department
        raise KeyError(f"unknown target {target!r}")
