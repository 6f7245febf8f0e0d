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

from config.platforms import weibo_uid

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RULES = "config/rules/national.yaml"
DEFAULT_CATALOGUE = "config/catalogue.yaml"


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
# A district government's portal or a department's site: the disclosure catalogue asks different columns of each.
SiteKind = Literal["portal", "department"]


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
    kind: SiteKind = "department"
    render: Literal["never", "always", "auto"] = "auto"
    columns: list[ColumnOverride] = []
    max_pages: int | None = Field(default=None, gt=0)
    max_depth: int | None = Field(default=None, ge=0)

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _check_url(value)


Platform = Literal["weibo", "wechat", "douyin", "toutiao", "kuaishou", "bilibili", "other"]


class PageSelectors(_Model):
    """Where a rendered profile page shows what the ``page`` adapter reads (CSS, parsel's ::text/::attr allowed).

    ``post_*`` are taken inside each ``post`` element. ``comments``, ``messages`` and ``replies`` select what is
    only there when the account offers that interaction (a comment box, a 私信 button).
    """
    post: str
    post_time: str
    post_title: str | None = None
    post_text: str | None = None
    post_link: str = "a::attr(href)"
    name: str | None = None
    owner: str | None = None
    comments: str | None = None
    messages: str | None = None
    replies: str | None = None

    @field_validator("*")
    @classmethod
    def _css(cls, value: str | None) -> str | None:
        from parsel.csstranslator import css2xpath

        if value is not None:
            try:
                css2xpath(value)
            except Exception as exc:   # cssselect's errors share no base class worth naming
                raise ValueError(f"not a CSS selector: {value!r} ({exc})") from None
        return value


class Account(_Model):
    """A new-media account on the registry, and where its evidence is collected from (``adapter``).

    An account without an adapter is on the registry only: it counts for duplicates and links, and shows as
    not inspected.
    """
    id: str = Field(min_length=1)
    department: str
    platform: Platform
    name: str
    adapter: Literal["rss", "weibo", "page", "export"] | None = None
    url: str = ""                     # the account's address, or the source the adapter reads (feed, API, page)
    file: str | None = None           # export: the file exported from the platform's back office
    status: Literal["active", "closed"] = "active"
    owner: str | None = None          # 主办单位 on the registry (the certified owner expected); default: the department
    account_id: str | None = None     # the platform's id: Weibo uid, WeChat __biz or 微信号, Douyin sec_uid …
    filing: str | None = None         # 备案编号
    closed_on: dt.date | None = None  # when the registry closed it: posts from then on show it still runs
    selectors: PageSelectors | None = None

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _check_url(value) if value else value

    @model_validator(mode="after")
    def _source(self) -> "Account":
        if self.adapter in ("rss", "weibo", "page") and not self.url:
            raise ValueError(f"url: the {self.adapter} adapter needs the address it reads")
        if self.adapter == "export" and not self.file:
            raise ValueError("file: the export adapter needs the exported file (CSV or xlsx)")
        if self.adapter == "page" and self.selectors is None:
            raise ValueError("selectors: the page adapter needs selectors (post, post_time …)")
        if self.adapter == "weibo" and not weibo_uid(self.url):
            raise ValueError("url: not a Weibo profile (https://m.weibo.cn/u/<uid>, https://weibo.com/u/<uid>) "
                             "or m.weibo.cn api/container/getIndex URL")
        return self


class Inspection(_Model):
    as_of: dt.date | None = None
    rules: str = DEFAULT_RULES
    catalogue: str = DEFAULT_CATALOGUE    # the disclosure catalogue (主动公开事项目录) the CAT checks use


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
    # New-media platforms block crawlers quickly: seconds between two requests for one platform's accounts,
    # and per platform where it should differ ({weibo: 30}).
    account_delay: float = Field(default=10.0, ge=0)
    platform_delays: dict[Platform, float] = {}
    # Attachments (PDF, DOC/DOCX, XLS/XLSX, WPS/ET) on a site's own host are downloaded and their text read, so
    # that the REV checks see them: at most this many per site, each at most this big, text cut at this many
    # characters, and this many seconds for downloading one and again for reading it.
    max_attachments: int = Field(default=500, ge=0)
    max_attachment_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    max_attachment_chars: int = Field(default=200_000, gt=0)
    attachment_timeout: float = Field(default=30.0, gt=0)
    # Chromium grows over a long rendered crawl: a new browser context every N rendered pages, a new browser
    # every M (old ones close when their last page is done).
    render_pages_per_context: int = Field(default=100, gt=0)
    render_pages_per_browser: int = Field(default=1000, gt=0)

    def platform_delay(self, platform: str) -> float:
        return self.platform_delays.get(platform, self.account_delay)

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


class Screenshots(_Model):
    """Evidence screenshots of pages with visible problems: at most ``max`` a run (0: none), ``per_site`` a site,
    each cut at ``max_height`` pixels."""
    max: int = Field(default=60, ge=0)
    per_site: int = Field(default=6, ge=0)
    max_height: int = Field(default=4000, gt=0)


class District(_Model):
    district: str
    inspection: Inspection = Inspection()
    departments: list[Department] = Field(min_length=1)
    sites: list[Site] = []
    accounts: list[Account] = []
    account_registry: str | None = None   # the office's account register (xlsx/CSV), added to ``accounts``
    site_registry: str | None = None      # the office's site register (xlsx/CSV), merged into ``sites``
    policy_register: str | None = None
    store: str | None = None          # SQLite path; default: var/audit.sqlite under the working folder
    crawl: Crawl = Crawl()
    bonus: dict[str, float] = {}      # target id → bonus points entered by hand (portals above 80)
    screenshots: Screenshots = Screenshots()

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


# --- the disclosure catalogue (主动公开事项目录) -------------------------------------------------------

class CatalogueColumn(_Model):
    """A column a site of the given kinds must show, under its name or one of ``names``."""
    name: str = Field(min_length=1)
    names: list[str] = []
    kinds: list[SiteKind] = ["portal", "department"]

    @property
    def all_names(self) -> list[str]:
        return [self.name, *self.names]


class RecurringItem(_Model):
    """A publication due in every period: an item whose title holds one of ``words``, dated within the period.

    The ``periods`` whole periods before the one holding the inspection date are judged. ``column`` names the
    catalogue column it is published in: when that column is missing, the column is the finding, not each period.
    """
    name: str = Field(min_length=1)
    words: list[str] = Field(min_length=1)
    every: Literal["month", "quarter", "year"]
    periods: int = Field(default=1, gt=0)
    kinds: list[SiteKind] = ["portal", "department"]
    column: str | None = None


class Catalogue(_Model):
    columns: list[CatalogueColumn] = []
    recurring: list[RecurringItem] = []

    @model_validator(mode="after")
    def _columns_known(self) -> "Catalogue":
        known = {c.name for c in self.columns}
        for i, item in enumerate(self.recurring):
            if item.column is not None and item.column not in known:
                raise ValueError(f"recurring[{i}].column: not a column of the catalogue: {item.column!r}")
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
    """Load and validate a district config; ``text`` replaces the file's content (the demo fills in its port).

    Accounts of ``account_registry`` are added to ``accounts``, sites of ``site_registry`` merged into ``sites``;
    export files are made absolute and must exist.
    """
    from config.registry import read_registry, read_site_registry

    path = Path(path)
    data = yaml.safe_load(text) if text is not None else _load_yaml(path)
    if isinstance(data, dict) and (data.get("account_registry") or data.get("site_registry")):
        units = {str(d[key]): str(d["id"]) for d in data.get("departments") or []
                 if isinstance(d, dict) and "id" in d for key in ("id", "name") if key in d}
        if data.get("account_registry"):
            registry = _existing(str(data["account_registry"]), path, "account_registry")
            data = {**data, "accounts": [*(data.get("accounts") or []),
                                         *(a.model_dump(exclude_none=True) for a in read_registry(registry, units))]}
        if data.get("site_registry") and isinstance(data.get("sites") or [], list):   # else: sites' own error
            registry = _existing(str(data["site_registry"]), path, "site_registry")
            data = {**data, "sites": read_site_registry(registry, units, data.get("sites") or [])}
    district = _validate(District, data, path)
    accounts = [a.model_copy(update={"file": str(_existing(a.file, path, f"accounts[{i}].file"))}) if a.file else a
                for i, a in enumerate(district.accounts)]
    return district.model_copy(update={"accounts": accounts})


def _existing(name: str, config_path: Path, key: str) -> Path:
    found = resolve_path(name, config_path)
    if not found.is_file():
        raise ConfigError(f"{config_path}: {key}: file not found: {name}")
    return found.resolve()


def load_profile(path: str | Path) -> Profile:
    path = Path(path)
    return _validate(Profile, _load_yaml(path), path)


def load_catalogue(path: str | Path) -> Catalogue:
    path = Path(path)
    return _validate(Catalogue, _load_yaml(path), path)
