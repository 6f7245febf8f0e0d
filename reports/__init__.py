"""The outputs of a run (interface.md): scores, findings.jsonl, the CSVs, the workbooks and the notices.

Only the files named there are written; anything else a user keeps in OUT is left alone.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from checks.base import Finding
from config.schema import District, Profile
from reports.excel import write_workbooks
from reports.files import write_findings, write_scores, write_targets
from reports.notices import write_notices
from reports.scoring import DepartmentScore, Scores, TargetScore, score
from reports.view import Report

__all__ = ["write_reports", "score", "Scores", "TargetScore", "DepartmentScore"]


def write_reports(out_dir: Path, findings: list[Finding], district: District, profile: Profile, as_of: dt.date,
                  observed: set[str]) -> Scores:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    scores = score(findings, district, profile, observed)
    write_findings(out_dir / "findings.jsonl", findings)
    write_scores(out_dir / "scores.csv", scores)
    write_targets(out_dir / "targets.csv", scores)
    report = Report(findings=list(findings), district=district, profile=profile, scores=scores, as_of=as_of)
    write_workbooks(out_dir / "rectification", report)
    write_notices(out_dir / "notices", report)
    return scores
