"""The snapshot: what one crawl stored. The only thing the checks see of the crawler.

A crawl is a set of ``Fetch`` records, one per URL asked for (pages, linked resources, the soft-404 baseline),
plus ``SiteRecord`` rows naming each site's start page. Fetches of HTML pages carry what was extracted from them
(``PageData``). Rendered (JavaScript) and static pages are stored alike, so checks never care which.

Availability probes (``Probe``, written by ``audit.py probe`` every half hour) belong to no crawl: the store keeps
them by site and time, and a snapshot shows the checks those of any period they ask for.

New-media accounts are stored as one ``AccountRecord`` each (what the platform showed of the account, whether the
source could be read at all) with its ``Post`` list. Whatever the source (a feed, the Weibo API, a rendered
profile page, a back-office export), the records look the same, so the checks never care where they came from.

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

# Why a fetch was made: a page crawled in scope, a linked resource checked once (headers only; an attachment on the
# site's own host is read whole and carries a PageData of kind "attachment"), or the site's answer for a path that
# cannot exist (the soft-404 baseline).
ROLE_PAGE, ROLE_CHECK, ROLE_BASELINE = "page", "check", "baseline"
# The homepage of a site the registry marks closed, fetched once (static, links not followed) to learn whether
# the domain still serves a site; stored under the closed site's id, which gets no SiteRecord (it is not crawled).
ROLE_CLOSED = "closed-home"

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


@dataclass(frozen=True)
class Message:
    """A message left on a board (留言, 信件), as its list row or its own page shows it."""
    title: str
    url: str | None                  # the message's page; None on the message page itself
    left: dt.date | None             # 留言时间 / 来信时间
    answered: dt.date | None = None  # 回复时间 / 答复时间, when printed
    status: str = ""                 # 已回复, 未回复, 办理中 … as printed


@dataclass
class Document:
    """A policy document, a 解读 or a repeal announcement, as its page shows it (crawler/documents.py)."""
    title: str
    fields: dict[str, str] = field(default_factory=dict)   # the metadata block: 索引号, 发文字号, 有效性 … → as printed
    policy: bool = False             # a policy document: a 文号/有效性 label, or its column is 政策文件/规范性文件
    interpretation: bool = False     # a 解读 page
    refers: list[str] = field(default_factory=list)   # on a 解读: the titles in 《》 and the 文号 it names
    announces: list[tuple[str, str]] = field(default_factory=list)   # (文号, 废止|失效|修改) a later document lists
    written: dt.date | None = None   # 成文日期
    published: dt.date | None = None   # 发布日期 (else the page's visible date)
    effective: dt.date | None = None   # 实施日期
    expires: dt.date | None = None   # the end of the 有效期 / 失效日期 the page states


@dataclass
class PageData:
    """What extraction read off one HTML page."""
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)      # page tags (SiteIDCode, ColumnName, PubDate…) by name
    footer: str = ""                                        # visible footer text
    footer_ids: dict[str, str] = field(default_factory=dict)  # idcode, icp, psb, sponsor as printed
    badges: dict[str, bool] = field(default_factory=dict)   # conac, errreport, contact
    kind: str = "other"              # home | list | article | other | attachment (a file's text, on a check fetch)
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
    messages: list[Message] = field(default_factory=list)   # rows of a message list (crawler/interaction.py)
    message: Message | None = None   # the message this page shows, on a board's message page
    guide: bool = False              # the page is a 办事指南
    guide_elements: list[str] = field(default_factory=list)   # which of its ten key elements it shows
    form_fields: int = 0             # fields of the page's largest form (an online application has several)
    document: Document | None = None   # a policy document, 解读 or repeal announcement (crawler/documents.py)
    text_note: str = ""              # an attachment's: why its text is missing or partial (crawler.attachments.NOTES)


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
class Post:
    """One post of an account, its time made absolute when collected (never against a later run's clock)."""
    posted_at: dt.datetime | None    # timezone-aware; None when the source shows no time
    time_text: str = ""              # the time as the source printed it (15小时前, 06-27, an RFC 822 date)
    title: str = ""
    text: str = ""
    url: str = ""
    counts: dict[str, int] = field(default_factory=dict)   # reposts, comments, likes, reads as the source counts


@dataclass
class AccountRecord:
    """What one collection of one account saw: the profile as the platform shows it, and its posts."""
    account: str
    adapter: str                     # rss | weibo | page | export
    source: str                      # the address fetched, or the file read
    status: str                      # ok (read) | blocked (login wall, captcha) | error (failed otherwise)
    reason: str = ""                 # why blocked or failed (Chinese, shown as evidence)
    name: str | None = None          # the account's name on the platform; None when the source does not show it
    owner: str | None = None         # the certified owner (认证主体) as shown; None when not shown
    interaction: dict[str, bool] = field(default_factory=dict)   # comments/messages/replies → offered; absent: unknown
    fetched_at: dt.datetime | None = None
    clock: str = ""                  # what relative times were resolved against: date-header | crawl-clock | ""
    posts: list[Post] = field(default_factory=list)


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
    data["messages"] = [_encode_message(m) for m in page.messages]
    data["message"] = _encode_message(page.message) if page.message else None
    data["document"] = _encode_document(page.document) if page.document else None
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 1)


def _decode_page(blob: bytes) -> PageData:
    data = json.loads(zlib.decompress(blob))
    data["visible_date"] = dt.date.fromisoformat(data["visible_date"]) if data["visible_date"] else None
    data["list_items"] = [ListItem(t, u, dt.date.fromisoformat(d) if d else None, dt_text)
                          for t, u, d, dt_text in data["list_items"]]
    # Nav bars and footers repeat the same links on every page: one copy of each string, not thousands.
    data["links"] = [Link(sys.intern(u), sys.intern(t), sys.intern(x), sys.intern(r)) for u, t, x, r in data["links"]]
    # Rows stored before messages were read have none of these keys: PageData's defaults stand in.
    data["messages"] = [_decode_message(m) for m in data.get("messages", ())]
    data["message"] = _decode_message(data["message"]) if data.get("message") else None
    data["document"] = _decode_document(data["document"]) if data.get("document") else None
    return PageData(**data)


def _encode_message(m: Message) -> list:
    return [m.title, m.url, m.left.isoformat() if m.left else None,
            m.answered.isoformat() if m.answered else None, m.status]


def _decode_message(row: list) -> Message:
    title, url, left, answered, status = row
    return Message(title, url, dt.date.fromisoformat(left) if left else None,
                   dt.date.fromisoformat(answered) if answered else None, status)


_DOCUMENT_DATES = ("written", "published", "effective", "expires")


def _encode_document(d: Document) -> dict:
    data = dict(d.__dict__)
    for name in _DOCUMENT_DATES:
        data[name] = data[name].isoformat() if data[name] else None
    return data


def _decode_document(data: dict) -> Document:
    for name in _DOCUMENT_DATES:
        data[name] = dt.date.fromisoformat(data[name]) if data[name] else None
    data["announces"] = [tuple(a) for a in data["announces"]]
    return Document(**data)


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
CREATE TABLE IF NOT EXISTS accounts (
    crawl INTEGER NOT NULL, account TEXT NOT NULL, adapter TEXT, source TEXT, status TEXT NOT NULL, reason TEXT,
    name TEXT, owner TEXT, interaction TEXT, fetched_at TEXT, clock TEXT, PRIMARY KEY (crawl, account));
CREATE TABLE IF NOT EXISTS posts (
    crawl INTEGER NOT NULL, account TEXT NOT NULL, seq INTEGER NOT NULL, posted_at TEXT, time_text TEXT,
    title TEXT, text TEXT, url TEXT, counts TEXT, PRIMARY KEY (crawl, account, seq));
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

    def add_account(self, crawl: int, record: AccountRecord) -> None:
        """Store one account's collection (replacing an earlier one of the same crawl)."""
        self.db.execute("DELETE FROM posts WHERE crawl = ? AND account = ?", (crawl, record.account))
        self.db.execute("INSERT OR REPLACE INTO accounts VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        (crawl, record.account, record.adapter, record.source, record.status, record.reason,
                         record.name, record.owner, json.dumps(record.interaction),
                         record.fetched_at.isoformat() if record.fetched_at else None, record.clock))
        self.db.executemany("INSERT INTO posts VALUES (?,?,?,?,?,?,?,?,?)", [
            (crawl, record.account, i, p.posted_at.isoformat() if p.posted_at else None, p.time_text, p.title,
             p.text, p.url, json.dumps(p.counts)) for i, p in enumerate(record.posts)])
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

    def accounts(self) -> dict[str, AccountRecord]:
        """Every account collected in this crawl, with its posts in the order the source listed them."""
        db = self.store.db
        posts: dict[str, list[Post]] = {}
        for r in db.execute("SELECT account, posted_at, time_text, title, text, url, counts FROM posts "
                            "WHERE crawl = ? ORDER BY account, seq", (self.crawl,)):
            posts.setdefault(r[0], []).append(Post(dt.datetime.fromisoformat(r[1]) if r[1] else None, r[2] or "",
                                                   r[3] or "", r[4] or "", r[5] or "", json.loads(r[6] or "{}")))
        rows = db.execute("SELECT account, adapter, source, status, reason, name, owner, interaction, fetched_at, "
                          "clock FROM accounts WHERE crawl = ?", (self.crawl,))
        return {r[0]: AccountRecord(r[0], r[1], r[2], r[3], r[4] or "", r[5], r[6], json.loads(r[7] or "{}"),
                                    dt.datetime.fromisoformat(r[8]) if r[8] else None, r[9] or "",
                                    posts.get(r[0], [])) for r in rows}

    def observed_accounts(self) -> set[str]:
        """Accounts whose source answered (read, or refused with a login wall): the targets this crawl judged."""
        rows = self.store.db.execute("SELECT account FROM accounts WHERE crawl = ? AND status IN ('ok', 'blocked')",
                                     (self.crawl,))
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
