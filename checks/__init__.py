"""Pluggable checks, one module per rule family.

Adding a check is adding a module here with ``CODES`` and ``run(ctx)``, plus its rules in the profile.
Modules whose codes are all disabled in the profile are not run.
"""
from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import Iterator

from checks.base import Context, Finding
from config.schema import ConfigError

_NOT_CHECKS = {"base"}


def check_modules() -> list[ModuleType]:
    mods = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name in _NOT_CHECKS or info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(mod, "CODES") and hasattr(mod, "run"):
            mods.append(mod)
    return mods


def run_checks(ctx: Context) -> Iterator[Finding]:
    """Every enabled check over the snapshot; findings of disabled rules are dropped."""
    for mod in check_modules():
        missing = [c for c in mod.CODES if c not in ctx.profile.rules]
        if missing:
            raise ConfigError(f"rules profile {ctx.profile.profile!r} lacks {', '.join(missing)} (used by checks.{mod.__name__.rsplit('.', 1)[-1]})")
        if not any(ctx.enabled(code) for code in mod.CODES):
            continue
        for finding in mod.run(ctx):
            if finding.rule not in mod.CODES:
                raise ValueError(f"{mod.__name__} emitted {finding.rule}, not among its CODES")
            if ctx.enabled(finding.rule):
                yield finding
