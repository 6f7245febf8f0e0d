"""The snapshot: what one crawl stored. The only thing the checks see of the crawler.

A crawl is a set of ``Fetch`` records, one per URL asked for (pages, linked resources, the soft-404 baseline),
plus ``SiteRecord`` rows naming each site's start page. Fetches of HTML pages carry what was extracted from them
(``PageData``). Rendered (JavaScript) and static pages are stored alike, so checks never care which.

Availability probes (``Probe``, written by ``audit.py probe`` every half hour) belong to no crawl: the store keeps
them by site and time, and a snapshot shows the checks those of any period they ask for.

Storage is SQLite (one file, the embedded default). Lists and mappings are stored as JSON, texts compressed.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

SCHEMA_VERSION = 1

# Why a fetch was made: a page crawled in scope, a linked resource checked once (headers only),
# or the site's answer for a path that cannot exist (the soft-404 baseline).
ROLE_PAGE, ROLE_CHECK, ROLE_BASELINE = "page", "check", "baseline"

# Failure kinds recorded in Fetch.error (None when a response came back).
ERROR_KINDS = ("dns", "refused", "timeout", "tls", "connection", "redirect-loop", "too-large",
               "blocked-private", "host-down", "other")


@dataclass(frozen=True)
class Link:
    url: str          # absolute, fragment dropped
    tag: str          # a | img | script | link | iframe | embed | source | area
    text: str = ""    # anchor text or alt text
    region: str = ""  # nav | footer | list | body: the part of the page it sat in


@dataclass(frozen=True)
class ListItem:
    title: str
    url: str | None
    date: dt.date | None
    date_text: str = ""   # the date as printed on the page


@dataclass
class PageData:
    """What extraction read off one HTML page."""
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)      # page tags (SiteIDCode, ColumnName, PubDate…) by name
    footer: str = ""                                        # visible footer text
    footer_ids: dict[str, str] = field(default_factory=dict)  # idcode, icp, psb, sponsor as printed
    badges: dict[str, bool] = field(default_factory=dict)   # conac, errreport, contact
    kind: str = "other"              # home | list | article | other
    column_name: str = ""            # ColumnName tag, breadcrumb or title, for list pages
    list_items: list[ListItem] = field(default_factory=list)
    list_undated: int = 0            # items of the page's main list that show no date
    empty_marker: bool = False       # the page says 暂无信息 / 暂无数据 in its list area
    visible_date: dt.date | None = None   # an article's 发布时间 as shown on the page
    source_text: str = ""            # an article's 来源 as shown
    links: list[Link] = field(default_factory=list)
    text: str = ""                   # visible main text (for proofreading and soft-404 comparison)
    rendered: bool = False
    render_reason: str = ""          # why the page was (or was not) sent through Chromium


@dataclass
class Fetch:
    site: str
    url: str                         # as requested
    role: str = ROLE_PAGE
    status: int | None = None
    error: str | None = None         # one of ERROR_KINDS
    error_detail: str = ""
    final_url: str | None = None
    content_type: str = ""
    elapsed: float | None = None     # seconds
    depth: int = 0
    fetched_at: dt.datetime | None = None
    encoding: str = ""
    page: PageData | None = None     # for HTML pages in scope

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and self.status < 400


@dataclass(frozen=True)
class Probe:
    """One load of a site's homepage by the probe job (crawler/probe.py)."""
    site: str
    url: str
    at: dt.datetime              # when the probe started, timezone-aware (stored as UTC)
    ok: bool
    status: int | None           # the last HTTP status seen, None when no answer came
    error: str | None            # failure kind: one of ERROR_KINDS, or "http" for a status >= 400; None when ok
    elapsed: float               # seconds for the whole load: connect, TLS, redirects, body
    detail: str = ""


@dataclass(frozen=True)
class SiteRecord:
    site: str
    start_url: str
    home_url: str        # the start URL after redirects
    pages: int           # pages crawled
    capped: bool         # the page cap stopped the crawl


# --- JSON codec for PageData ------------------------------------------------------------------

def _encode_page(page: PageData) -> bytes:
    data = dict(page.__dict__)      # not dataclasses.asdict: it deep-copies every Link and ListItem
    data["visible_date"] = page.visible_date.isoformat() if page.visible_date else None
    data["list_items"] = [[i.title, i.url, i.date.isoformat() if i.date else None, i.date_text]
                          for i in page.list_items]
    data["links"] = [[l.url, l.tag, l.text, l.region] for l in page.links]
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 1)


def _decode_page(blob: bytes) -> PageData:
    data = json.loads(zlib.decompress(blob))
    data["visible_date"] = dt.date.fromisoformat(data["visible_date"]) if data["visible_date"] else None
    data["list_items"] = [ListItem(t, u, dt.date.fromisoformat(d) if d else None, dt_text)
                          for t, u, d, dt_text in data["list_items"]]
    # Nav bars and footers repeat the same links on every page: one copy of each string, not thousands.
    data["links"] = [Link(sys.intern(u), sys.intern(t), sys.intern(x), sys.intern(r)) for u, t, x, r in data["links"]]
    return PageData(**data)


class UnknownCrawl(LookupError):
    """A crawl id the store does not hold."""


# --- the store ------------------------------------------------------------------------------------

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS crawls (
    id INTEGER PRIMARY KEY AUTOINCREMENT, started TEXT NOT NULL, finished TEXT, config TEXT, note TEXT);
CREATE TABLE IF NOT EXISTS sites (
    crawl INTEGER NOT NULL, site TEXT NOT NULL, start_url TEXT, home_url TEXT, pages INTEGER, capped INTEGER,
    PRIMARY KEY (crawl, site));
CREATE TABLE IF NOT EXISTS fetches (
    crawl INTEGER NOT NULL, site TEXT NOT NULL, url TEXT NOT NULL, role TEXT NOT NULL,
    status INTEGER, error TEXT, error_detail TEXT, final_url TEXT, content_type TEXT, elapsed REAL,
    depth INTEGER, fetched_at TEXT, encoding TEXT, page BLOB,
    PRIMARY KEY (crawl, site, url, role));
CREATE TABLE IF NOT EXISTS probes (
    site TEXT NOT NULL, url TEXT NOT NULL, at TEXT NOT NULL, ok INTEGER NOT NULL, status INTEGER, error TEXT,
    elapsed REAL, detail TEXT);
CREATE INDEX IF NOT EXISTS probes_site_at ON probes (site, at);
"""


class Store:
    """A SQLite file holding crawls (snapshots)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_DDL)
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        self.db.commit()

    def close(self) -> None:
        self.db.close()

    # writing (the crawler)
    def begin_crawl(self, config_text: str = "", note: str = "") -> int:
        cur = self.db.execute("INSERT INTO crawls (started, config, note) VALUES (?, ?, ?)",
                              (_now(), config_text, note))
        self.db.commit()
        return int(cur.lastrowid)

    def finish_crawl(self, crawl: int) -> None:
        self.db.execute("UPDATE crawls SET finished = ? WHERE id = ?", (_now(), crawl))
        self.db.commit()

    def add_fetches(self, crawl: int, fetches: list[Fetch]) -> None:
        rows = [(crawl, f.site, f.url, f.role, f.status, f.error, f.error_detail, f.final_url, f.content_type,
                 f.elapsed, f.depth, f.fetched_at.isoformat() if f.fetched_at else None, f.encoding,
                 _encode_page(f.page) if f.page else None) for f in fetches]
        self.db.executemany("INSERT OR REPLACE INTO fetches VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        self.db.commit()

    def add_site(self, crawl: int, record: SiteRecord) -> None:
        self.db.execute("INSERT OR REPLACE INTO sites VALUES (?,?,?,?,?,?)",
                        (crawl, record.site, record.start_url, record.home_url, record.pages, int(record.capped)))
        self.db.commit()

    def add_probes(self, probes: list[Probe]) -> None:
        rows = [(p.site, p.url, _utc(p.at), int(p.ok), p.status, p.error, p.elapsed, p.detail) for p in probes]
        self.db.executemany("INSERT INTO probes VALUES (?,?,?,?,?,?,?,?)", rows)
        self.db.commit()

    # reading (the checks)
    def probes(self, site: str | None = None, since: dt.datetime | None = None,
               until: dt.datetime | None = None) -> list[Probe]:
        """Probes with ``since <= at < until`` (either bound may be open), oldest first."""
        sql, args = "SELECT * FROM probes WHERE 1", []
        if site is not None:
            sql += " AND site = ?"
            args.append(site)
        if since is not None:
            sql += " AND at >= ?"
            args.append(_utc(since))
        if until is not None:
            sql += " AND at < ?"
            args.append(_utc(until))
        return [Probe(r[0], r[1], dt.datetime.fromisoformat(r[2]), bool(r[3]), r[4], r[5], r[6], r[7] or "")
                for r in self.db.execute(sql + " ORDER BY at, rowid", args)]

    def latest_crawl(self) -> int | None:
        row = self.db.execute("SELECT max(id) FROM crawls WHERE finished IS NOT NULL").fetchone()
        return row[0]

    def snapshot(self, crawl: int) -> "Snapshot":
        if not self.db.execute("SELECT 1 FROM crawls WHERE id = ?", (crawl,)).fetchone():
            raise UnknownCrawl(f"--crawl {crawl}: no such crawl in {self.path}")
        return Snapshot(self, crawl)


class Snapshot:
    """Read-only view of one crawl, as the checks use it."""

    def __init__(self, store: Store, crawl: int):
        self.store, self.crawl = store, crawl

    def sites(self) -> dict[str, SiteRecord]:
        rows = self.store.db.execute(
            "SELECT site, start_url, home_url, pages, capped FROM sites WHERE crawl = ?", (self.crawl,))
        return {r[0]: SiteRecord(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows}

    def reached_sites(self) -> set[str]:
        """Sites whose start page answered: the ones this crawl can say anything about."""
        rows = self.store.db.execute(
            "SELECT s.site FROM sites s JOIN fetches f ON f.crawl = s.crawl AND f.site = s.site "
            "AND f.url = s.start_url AND f.role = ? WHERE s.crawl = ? AND f.error IS NULL AND f.status < 400",
            (ROLE_PAGE, self.crawl))
        return {r[0] for r in rows}

    def fetches(self, site: str | None = None, role: str | None = None, pages: bool = True) -> Iterator[Fetch]:
        """Fetch records in crawl order; ``pages=False`` skips decoding the extracted pages (statuses only)."""
        sql = f"SELECT crawl, site, url, role, status, error, error_detail, final_url, content_type, elapsed, depth, " \
              f"fetched_at, encoding, {'page' if pages else 'NULL'} FROM fetches WHERE crawl = ?"
        args: list = [self.crawl]
        if site is not None:
            sql += " AND site = ?"
            args.append(site)
        if role is not None:
            sql += " AND role = ?"
            args.append(role)
        for row in self.store.db.execute(sql + " ORDER BY rowid", args):
            yield Fetch(site=row[1], url=row[2], role=row[3], status=row[4], error=row[5], error_detail=row[6] or "",
                        final_url=row[7], content_type=row[8] or "", elapsed=row[9], depth=row[10] or 0,
                        fetched_at=dt.datetime.fromisoformat(row[11]) if row[11] else None, encoding=row[12] or "",
                        page=_decode_page(row[13]) if row[13] else None)

    def probes(self, site: str | None = None, since: dt.datetime | None = None,
               until: dt.datetime | None = None) -> list[Probe]:
        """Availability probes of the store (not of this crawl): the checks judge a period before the inspection."""
        return self.store.probes(site, since, until)

    def pages(self, site: str) -> Iterator[Fetch]:
        """Crawled HTML pages of a site that answered (with extraction)."""
        for f in self.fetches(site, ROLE_PAGE):
            if f.page is not None:
                yield f


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _utc(moment: dt.datetime) -> str:
    """One text form for probe times, so SQLite compares them as text in time order."""
    if moment.tzinfo is None:
        raise ValueError(f"probe time without a timezone: {moment}")
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")
