"""The proofreading engine behind REV (三审三校): dictionary hits and personal data in a text.

Pure functions over strings; the only I/O is reading the dictionaries (``Proofreader.load``). Precision comes
first because one REV-SERIOUS hit fails a whole site: every entry is a string that is wrong wherever it stands,
except inside the longer phrases its entry lists (``except``), inside an office's allowlist phrases, and inside
quotes that a correction notice puts next to 更正/勘误/应为 (将“攻府”更正为“政府” quotes an error, it does not
make one).

Matching is one pass over the text by an Aho-Corasick automaton (ahocorasick-rs, Rust's aho-corasick crate),
overlapping keys all found: tens of millions of characters a second, where a pure-Python scan managed three
(benchmarks/proofread_bench.py); a 10,000-page site is proofread in well under a second.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import ahocorasick_rs
import yaml

KINDS = ("serious", "outdated", "typo")            # most severe first: an overlap keeps the more severe hit
DICTIONARIES = {"serious": "serious", "outdated": "outdated", "typo": "typos"}   # kind → file name

# Correction notices quote the error they correct; a hit in quotes next to one of these words is not an error.
_CORRECTION = re.compile(r"更正|勘误|误写|误为|误作|错写|应为|改为|订正|纠正|有误")
_CORRECTION_REACH = 6          # characters between the quote (or the bare hit) and the correction word
_QUOTE_REACH = 30              # how far a quote may open before the hit, or close after it
_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", '"': '"', "'": "'"}
_CLOSERS = {v: k for k, v in _QUOTES.items()}

_SENTENCE_END = "。！？!?；;"
_BLOCK_GAP = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\s+|\s+(?=[\u4e00-\u9fff])")
_MAX_SENTENCE = 200            # a "sentence" of a table or a list can run on: quote this much around the hit
_ALNUM = re.compile(r"[0-9A-Za-z]").fullmatch
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Entry:
    """One dictionary entry: ``wrong`` is an error wherever it stands, except inside ``exceptions``."""
    kind: str                          # serious | outdated | typo
    wrong: str
    right: str
    source: str                        # dictionary file and section, for the evidence
    since: dt.date | None = None       # the entry judges pages published on or after this date
    until: dt.date | None = None       # ... and before this one
    exceptions: tuple[str, ...] = ()   # longer phrases that contain ``wrong`` and are right

    def applies(self, published: dt.date | None) -> bool:
        """An entry judges a page unless its known publication date lies outside the entry's dates."""
        if published is None:
            return True
        return (self.since is None or published >= self.since) and (self.until is None or published < self.until)

    @property
    def label(self) -> str:
        """How the evidence names the entry: the pair, its dictionary and section, and its dates."""
        if self.kind == "outdated" and self.since:
            when = f"，{self.since}起不再使用"
        elif self.since or self.until:
            when = f"，适用于{self.since or '…'}至{self.until or '…'}"
        else:
            when = ""
        return f"{self.wrong}→{self.right}（{self.source}{when}）"


@dataclass(frozen=True)
class Hit:
    entry: Entry
    start: int
    end: int

    @property
    def kind(self) -> str:
        return self.entry.kind

    @property
    def wrong(self) -> str:
        return self.entry.wrong

    @property
    def suggestion(self) -> str:
        return self.entry.right


@dataclass(frozen=True)
class Allow:
    """An office's allowlist entry: ``phrase`` is right (on pages under ``url`` when given)."""
    phrase: str
    url: str = ""


class Proofreader:
    """Finds dictionary entries in a text, one pass, with exceptions, allowlist and quoted corrections."""

    def __init__(self, entries: Iterable[Entry], allow: Iterable[Allow] = ()):
        self.entries: dict[str, Entry] = {}
        for entry in sorted(entries, key=lambda e: KINDS.index(e.kind)):
            if len(entry.wrong) < 2:
                raise ValueError(f"dictionary entry {entry.wrong!r}: one character is never wrong by itself")
            self.entries.setdefault(entry.wrong, entry)      # the more severe dictionary wins a shared key
        self._keys = list(self.entries.values())
        self._automaton = ahocorasick_rs.AhoCorasick([e.wrong for e in self._keys])   # an NFA: a DFA costs 30 MB
        self.allow = tuple(allow)

    @classmethod
    def from_dictionaries(cls, data: dict[str, Any], allowlist: Any = None) -> "Proofreader":
        """From parsed dictionary files: ``data`` maps a kind to its YAML (see config/dictionaries/)."""
        entries: list[Entry] = []
        for kind, doc in data.items():
            entries += _entries(kind, doc or {})
        allow = [Allow(str(a["phrase"]), str(a.get("url") or "")) for a in ((allowlist or {}).get("allow") or [])]
        return cls(entries, allow)

    @classmethod
    def load(cls, directory: Path) -> "Proofreader":
        def read(name: str) -> Any:
            return yaml.load((directory / f"{name}.yaml").read_text(encoding="utf-8"), Loader=_LOADER)
        return cls.from_dictionaries({kind: read(name) for kind, name in DICTIONARIES.items()},
                                     read("review_allowlist"))

    def check(self, text: str, published: dt.date | None = None, url: str = "") -> list[Hit]:
        """Every error in ``text``, in order; ``published`` is the page's visible date when known."""
        hits = []
        allow = [a.phrase for a in self.allow if not a.url or url.startswith(a.url)]
        for start, entry in self.scan(text):
            end = start + len(entry.wrong)
            if (not entry.applies(published) or _inside(text, start, end, entry.exceptions)
                    or _inside(text, start, end, allow) or quoted_correction(text, start, end)):
                continue
            hits.append(Hit(entry, start, end))
        return _resolve_overlaps(hits)

    def scan(self, text: str) -> Iterable[tuple[int, Entry]]:
        """(position, entry) of every key in ``text``, overlaps included: the raw pass, nothing filtered."""
        keys = self._keys
        for index, start, _ in self._automaton.find_matches_as_indexes(text, overlapping=True):
            yield start, keys[index]


def _entries(kind: str, doc: dict[str, Any]) -> list[Entry]:
    """Entries of one dictionary file: sections of ``entries`` and, in serious.yaml, canonical ``names``.

    An item is {wrong, right, since?, until?, except?} or the compact "wrong→right"; a section's since/until
    apply to its items. In outdated.yaml ``until`` is the day a formulation was retired: pages published from
    then on are judged.
    """
    out = []
    for section in doc.get("entries") or []:
        source = f"{DICTIONARIES[kind]}.yaml：{section['source']}"
        for item in section.get("items") or []:
            if isinstance(item, str):
                wrong, _, right = item.partition("→")
                item = {"wrong": wrong, "right": right}
            since, until = (_date(item.get(k, section.get(k))) for k in ("since", "until"))
            if kind == "outdated":
                since, until = until, None
            out.append(Entry(kind, item["wrong"], item["right"], source, since, until,
                             tuple(item.get("except") or ())))
    if doc.get("names"):
        out += name_variants(doc["names"], doc.get("confusion") or {})
    return out


def name_variants(names: list[dict[str, Any]], confusion: dict[str, str]) -> list[Entry]:
    """Every canonical name with one character replaced by a look-alike or homophone: a misspelt name.

    Only names of five characters or more are varied, and only inside unless the name says ``edges: true``:
    a changed first or last character can leave an ordinary phrase plus a word (科学发展 + 关键), a changed
    inner one cannot. A variant that is itself one of the names is dropped.
    """
    canonical = {n["name"] for n in names}
    out = []
    for item in names:
        name = item["name"]
        if len(name) < 5:
            raise ValueError(f"serious.yaml: name {name!r} is too short to vary safely; list its misspellings")
        positions = range(len(name)) if item.get("edges") else range(1, len(name) - 1)
        for i in positions:
            for other in confusion.get(name[i], ""):
                variant = name[:i] + other + name[i + 1:]
                if variant not in canonical and other != name[i]:
                    out.append(Entry("serious", variant, name, f"serious.yaml：{item['source']}",
                                     _date(item.get("since")), _date(item.get("until")),
                                     tuple(item.get("except") or ())))
    return out


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _inside(text: str, start: int, end: int, phrases: Iterable[str]) -> bool:
    """Whether the span [start, end) lies inside an occurrence of one of ``phrases`` in ``text``."""
    wrong = text[start:end]
    for phrase in phrases:
        offset = phrase.find(wrong)
        while offset >= 0:
            if start - offset >= 0 and text.startswith(phrase, start - offset):
                return True
            offset = phrase.find(wrong, offset + 1)
    return False


def quoted_correction(text: str, start: int, end: int) -> bool:
    """Whether the hit is quoted by a correction notice: in quotes (or bare) right beside 更正/勘误/应为…."""
    left, right = start, end
    opened = _open_quote(text, start)
    if opened is not None:
        closer = _QUOTES[text[opened]]
        closed = text.find(closer, end, end + _QUOTE_REACH)
        if closed >= 0 and not any(c in text[end:closed] for c in _QUOTES):
            left, right = opened, closed + 1
    near = text[max(0, left - _CORRECTION_REACH):left] + "|" + text[right:right + _CORRECTION_REACH]
    return bool(_CORRECTION.search(near))


def _open_quote(text: str, start: int) -> int | None:
    for i in range(start - 1, max(-1, start - _QUOTE_REACH - 1), -1):
        char = text[i]
        if char in _QUOTES and (char not in _CLOSERS or char in "\"'"):
            return i
        if char in _CLOSERS or char in _SENTENCE_END:
            return None
    return None


def _resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep the more severe, then the longer, of hits that overlap (a misspelt name is not also a typo)."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (KINDS.index(h.kind), h.start - h.end, h.start)):
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


# --- quoting a hit ------------------------------------------------------------------------------------------

def sentence_span(text: str, start: int, end: int, reach: int | None = None) -> tuple[int, int]:
    """The sentence around [start, end): between sentence ends (。！？；) and block gaps of the collapsed text.

    With ``reach``, block gaps do not end it (a table row: 王晓明 男 370199…) and it reaches at most that many
    characters either side.
    """
    left = max((text.rfind(c, 0, start) for c in _SENTENCE_END), default=-1) + 1
    right = min((i for i in (text.find(c, end) for c in _SENTENCE_END) if i >= 0), default=len(text) - 1) + 1
    if reach is not None:
        left, right = max(left, start - reach), min(right, end + reach)
    else:
        for gap in _BLOCK_GAP.finditer(text, left, right):
            if gap.end() <= start:
                left = gap.end()
            elif gap.start() >= end:
                right = gap.start()
                break
        if right - left > _MAX_SENTENCE:
            half = (_MAX_SENTENCE - (end - start)) // 2
            left, right = max(left, start - half), min(right, end + half)
    # never cut through a number: a cut one would escape masking
    while 0 < left < len(text) and _ALNUM(text[left - 1]) and _ALNUM(text[left]):
        left -= 1
    while 0 < right < len(text) and _ALNUM(text[right - 1]) and _ALNUM(text[right]):
        right += 1
    return left, right


def quote(text: str, start: int, end: int, reach: int | None = None) -> tuple[str, str]:
    """(sentence, sentence with the hit marked 【…】), personal numbers masked in both."""
    left, right = sentence_span(text, start, end, reach)
    before, wrong, after = text[left:start], text[start:end], text[end:right]
    sentence = mask_personal(before + wrong + after)
    marked = mask_personal(before) + "【" + mask_personal(wrong) + "】" + mask_personal(after)
    return sentence.strip(), marked.strip()


# --- personal data (REV-PRIVACY) ------------------------------------------------------------------------------

_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# GB/T 2260 province-level codes: the first two digits of every resident ID number.
_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53,
              54, 61, 62, 63, 64, 65, 71, 81, 82}
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,4}")
_NAME_REACH = 12               # characters between a name and its phone number in a row of a list
ROW_REACH = 16                 # characters quoted either side of a personal number: its row of a table


@dataclass(frozen=True)
class Personal:
    kind: str          # id | mobile
    masked: str        # the number as findings may quote it
    start: int
    end: int


def valid_id(number: str, as_of: dt.date) -> bool:
    """GB 11643 resident ID: a province code, a birth date between 1900 and ``as_of``, a valid check digit."""
    if len(number) != 18 or int(number[:2]) not in _PROVINCES:
        return False
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not dt.date(1900, 1, 1) <= born <= as_of:
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def mask_id(number: str) -> str:
    return number[:6] + "*" * 8 + number[-4:]


def mask_mobile(number: str) -> str:
    return number[:3] + "****" + number[-4:]


def mask_personal(text: str) -> str:
    """Any 18-character ID-like number and any mobile number masked, valid or not: evidence never holds one."""
    return _MOBILE.sub(lambda m: mask_mobile(m[1]), _ID.sub(lambda m: mask_id(m[1]), text))


def find_ids(text: str, as_of: dt.date) -> list[Personal]:
    """Resident ID numbers with a valid check digit and a plausible birth date."""
    return [Personal("id", mask_id(m[1]), m.start(1), m.end(1)) for m in _ID.finditer(text) if valid_id(m[1], as_of)]


def find_phone_list(text: str, surnames: str, not_names: Iterable[str], min_rows: int) -> list[Personal]:
    """Mobile numbers printed beside people's names, when at least ``min_rows`` of them make a list.

    A name is a run of 2–4 Chinese characters starting with a common surname, within a few characters before or
    after the number, that is not a word like 联系电话. A single contact number in a notice is not a list.
    """
    stop = tuple(not_names)
    found = []
    for m in _MOBILE.finditer(text):
        around = (text[max(0, m.start() - _NAME_REACH):m.start()], text[m.end():m.end() + _NAME_REACH])
        runs = _CJK_RUN.findall(around[0])[-1:] + _CJK_RUN.findall(around[1])[:1]
        if any(run[0] in surnames and not any(word in run for word in stop) for run in runs):
            found.append(Personal("mobile", mask_mobile(m[1]), m.start(1), m.end(1)))
    return found if len({p.masked for p in found}) >= min_rows else []
