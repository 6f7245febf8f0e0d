"""The machine-readable outputs: findings.jsonl, scores.csv and targets.csv (interface.md)."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

from checks.base import Finding
from reports.scoring import Scores
from reports.view import fmt_number

FINDING_KEYS = [f.name for f in dataclasses.fields(Finding)]
SCORES_HEADER = ["department", "name", "score", "verdict", "rank", "vetoes", "findings"]
TARGETS_HEADER = ["target", "department", "kind", "score", "verdict", "vetoes", "findings"]


def write_findings(path: Path, findings: list[Finding]) -> None:
    """One object a line, in an order that does not depend on crawl order, so two runs diff cleanly."""
    ordered = sorted(findings, key=lambda f: (f.department, f.target, f.rule, f.id))
    # backslashreplace: a lone surrogate from crawled JSON becomes a valid \\udXXX escape instead of a crash.
    with path.open("w", encoding="utf-8", errors="backslashreplace", newline="\n") as out:
        for f in ordered:
            row = {key: getattr(f, key) for key in FINDING_KEYS}
            out.write(json.dumps(row, ensure_ascii=False, default=_json_value) + "\n")


def _json_value(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


def write_scores(path: Path, scores: Scores) -> None:
    _write_csv(path, SCORES_HEADER, [
        [d.department, d.name, fmt_number(d.score), d.verdict, d.rank or "", d.vetoes, d.findings]
        for d in scores.departments])


def write_targets(path: Path, scores: Scores) -> None:
    _write_csv(path, TARGETS_HEADER, [
        [t.target, t.department, t.kind, fmt_number(t.score), t.verdict, t.vetoes, t.findings]
        for t in scores.targets])


def _write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    """UTF-8 with a BOM: without it Excel and WPS show the Chinese names as mojibake."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
