"""The district configuration and the rules profile: typed, validated on load.

Every error names the file, the key path and what was expected, e.g.
``config/district.yaml: sites[2].url: not a URL``, so an office can fix its YAML without reading code.
"""
from __future__ import annotations

import datetime as dt
import ipaddress
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RULES = "config/rules/national.yaml"


class ConfigError(Exception):
    """Bad configuration: the message is one line naming file, key path and expectation."""


class _Model(BaseModel):
    # Extra keys are welcome (interface.md), but kept so later features can read them.
    model_config = ConfigDict(extra="allow", frozen=True)


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("not a URL")
    return value


class Department(_Model):
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)


class Registry(_Model):
    """What the filing records say about a site; any key may be absent."""
    idcode: str | None = None
    icp: str | None = None
    psb: str | None = None
    sponsor: str | None = None


ColumnTypeName = Literal["news", "notice", "yearly", "static"]


class ColumnOverride(_Model):
    url: str
    type: ColumnTypeName


class Site(_Model):
    id: str = Field(min_length=1)
    department: str
    name: str
    url: str
    registry: Registry = Registry()
    status: Literal["active", "closed", "exempt"] = "active"
    render: Literal["never", "always", "auto"] = "auto"
    columns: list[ColumnOverride] = []
    max_pages: int | None = Field(default=None, gt=0)
    max_depth: int | None = Field(default=None, ge=0)

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _check_url(value)


class Account(_Model):
    id: str = Field(min_length=1)
    department: str
    platform: Literal["weibo", "wechat", "douyin", "toutiao", "kuaishou", "bilibili", "other"]
    name: str
    adapter: Literal["rss", "weibo", "page", "export"]
    url: str
    status: Literal["active", "closed"] = "active"


class Inspection(_Model):
    as_of: dt.date | None = None
    rules: str = DEFAULT_RULES


class Crawl(_Model):
    """Politeness and limits; defaults follow the national practice of a 15 s page limit."""
    max_pages: int = Field(default=20000, gt=0)
    max_depth: int = Field(default=12, ge=0)
    timeout: float = Field(default=15.0, gt=0)
    concurrency_per_host: int = Field(default=8, gt=0)
    concurrency: int = Field(default=32, gt=0)
    delay: float = Field(default=0.0, ge=0)
    max_page_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    retry_after_max: float = Field(default=60.0, ge=0)
    # Private networks that may be fetched although no configured site lives there (CIDR strings).
    allow_private: list[str] = []
    # Static name → address map (like /etc/hosts), for sites reached through a private DNS or the demo.
    hosts: dict[str, str] = {}
    user_agent: str | None = None

    @field_validator("allow_private")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for item in value:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"not a network (CIDR): {item!r}") from None
        return value

    @field_validator("hosts")
    @classmethod
    def _addresses(cls, value: dict[str, str]) -> dict[str, str]:
        for name, address in value.items():
            try:
                ipaddress.ip_address(address)
            except ValueError:
                raise ValueError(f"hosts.{name}: not an IP address: {address!r}") from None
        return value


class District(_Model):
    district: str
    inspection: Inspection = Inspection()
    departments: list[Department] = Field(min_length=1)
    sites: list[Site] = []
    accounts: list[Account] = []
    policy_register: str | None = None
    store: str | None = None          # SQLite path; default: var/audit.sqlite under the working folder
    crawl: Crawl = Crawl()
    bonus: dict[str, float] = {}      # target id → bonus points entered by hand (portals above 80)

    @model_validator(mode="after")
    def _consistent(self) -> "District":
        if not self.sites and not self.accounts:
            raise ValueError("sites and accounts are both empty: nothing to inspect")
        _unique("departments", [d.id for d in self.departments])
        _unique("sites/accounts", [t.id for t in [*self.sites, *self.accounts]])
        known = {d.id for d in self.departments}
        for kind, items in (("sites", self.sites), ("accounts", self.accounts)):
            for i, item in enumerate(items):
                if item.department not in known:
                    raise ValueError(f"{kind}[{i}].department: unknown department {item.department!r}")
        return self

    def department(self, dep_id: str) -> Department:
        return next(d for d in self.departments if d.id == dep_id)

    def site(self, site_id: str) -> Site:
        return next(s for s in self.sites if s.id == site_id)


def _unique(what: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"{what}: duplicate id {i!r}")
        seen.add(i)


# --- the rules profile -------------------------------------------------------------------------

Level = Literal["veto", "deduct", "warn", "info", "inconclusive"]


class Rule(_Model):
    name: str                         # Chinese name shown on sheets and notices
    family: str
    level: Level
    points: float = Field(default=0, ge=0)
    indicator: str | None = None      # the indicator whose cap bounds this rule's deductions
    thresholds: dict[str, Any] = {}
    source: str = ""
    confidence: str = ""              # V / S / L / R as in rules.md; L = the office's own choice
    enabled: bool = True
    requirement: str = ""             # 整改要求 shown to the department


class Indicator(_Model):
    name: str
    cap: float = Field(gt=0)


class Profile(_Model):
    profile: str
    base_score: float = 100
    pass_score: float = 60
    vetoed_score: float = 59
    bonus_above: float = 80     # only targets scoring above this may add the hand-entered bonus (19号)
    bonus_cap: float = 30
    rectify_days: int = Field(default=15, gt=0)   # 整改期限 in days after the inspection date
    indicators: dict[str, Indicator]
    rules: dict[str, Rule]

    @model_validator(mode="after")
    def _indicators_known(self) -> "Profile":
        for code, rule in self.rules.items():
            if rule.indicator and rule.indicator not in self.indicators:
                raise ValueError(f"rules.{code}.indicator: unknown indicator {rule.indicator!r}")
        return self


# --- loading -------------------------------------------------------------------------------------

def _key_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top)"


def _load_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise ConfigError(f"{path}: not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None


def _validate(model: type[BaseModel], data: Any, path: Path) -> Any:
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: (top): expected a mapping of keys")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            msg = "required key is missing"
        raise ConfigError(f"{path}: {_key_path(err['loc'])}: {msg}") from None


def resolve_path(name: str, config_path: Path) -> Path:
    """A path from the config: absolute, or relative to the config file, the working folder or the project."""
    candidate = Path(name)
    if candidate.is_absolute():
        return candidate
    for base in (config_path.parent, Path.cwd(), PROJECT_ROOT):
        if (base / candidate).exists():
            return base / candidate
    return config_path.parent / candidate


def load_district(path: str | Path, text: str | None = None) -> District:
    """Load and validate a district config; ``text`` replaces the file's content (the demo fills in its port)."""
    path = Path(path)
    data = yaml.safe_load(text) if text is not None else _load_yaml(path)
    return _validate(District, data, path)


def load_profile(path: str | Path) -> Profile:
    path = Path(path)
    return _validate(Profile, _load_yaml(path), path)
