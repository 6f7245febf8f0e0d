"""Dates as government pages print them, and the year a month-day date (05-06, 5月6日) belongs to.

Full dates: 2024-05-06, 2024/05/06, 2024.05.06, 2024-5-6, 2024年5月6日 (brackets around them are the caller's
business). Month-day dates carry no year: it comes from the page's context, and a date is never placed after
the day the page was fetched, because a list cannot show what has not been published yet.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

_MONTH, _DAY = r"(1[0-2]|0?[1-9])", r"(3[01]|[12]\d|0?[1-9])"
_YEAR = r"((?:19|20)\d{2})"

# A full date; the numeric form keeps one separator throughout (so "2020-35428" or "1.2.3" never match). No
# look-behind for a digit before the year: it would make the search ten times slower (iter_full_dates checks).
FULL_DATE_RE = re.compile(rf"{_YEAR}(?:([-/.]){_MONTH}\2{_DAY}(?!\d)|\s*年\s*{_MONTH}\s*月\s*{_DAY}\s*日)")
# A month-day date standing alone in its text (bracketed or not): "05-06", "[05-06]", "5/6", "5月6日".
STANDALONE_MONTH_DAY_RE = re.compile(rf"[\[(（【]?\s*(?:{_MONTH}[-/]{_DAY}|{_MONTH}\s*月\s*{_DAY}\s*日)\s*[\])）】]?")
# Year and month in a URL: /2024/06/, /202406/, /2024-06/, t20240605_ (TRS), 20240605 in a file name.
_URL_YEAR_MONTH_RE = re.compile(r"/(20\d{2})[-/]?(0[1-9]|1[0-2])(?:[-/]|\d{2}(?!\d))"
                                r"|[/_t](20\d{2})(0[1-9]|1[0-2])[0-3]\d(?!\d)")
_HALF_YEAR = dt.timedelta(days=183)

# A publication date label is 时间/日期 with what precedes it: 发布/发稿/发表 (strong), 公开/生成/发文 (weak), or
# nothing but a colon after it (weak). 开始时间：… is an event's date, not a publication date.
_DATE_LABEL_RE = re.compile(r"(?:时间|日期)\s*([:：])?\s*")
_STRONG_PREFIXES, _WEAK_PREFIXES = ("发布", "发稿", "发表"), ("公开", "生成", "发文")
_LABEL_BEFORE_RE = re.compile(r"(?:时间|日期)\s*[:：]?\s*$")
CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def full_date(match: re.Match) -> dt.date | None:
    """The date of a FULL_DATE_RE match, None for an impossible one (2023-02-30)."""
    year, _, month, day, cn_month, cn_day = match.groups()
    try:
        return dt.date(int(year), int(month or cn_month), int(day or cn_day))
    except ValueError:
        return None


def iter_full_dates(text: str, start: int = 0) -> Iterator[tuple[re.Match, dt.date]]:
    """The full dates printed in ``text`` (not the tail of a longer number such as 12024-05-06)."""
    for match in FULL_DATE_RE.finditer(text, start):
        if (match.start() == 0 or not text[match.start() - 1].isdigit()) and (date := full_date(match)):
            yield match, date


def standalone_month_day(text: str) -> tuple[int, int] | None:
    """(month, day) when the whole text is a month-day date, else None."""
    match = STANDALONE_MONTH_DAY_RE.fullmatch(text.strip())
    if not match:
        return None
    g = match.groups()
    return (int(g[0]), int(g[1])) if g[0] else (int(g[2]), int(g[3]))


def url_year_month(url: str) -> tuple[int, int] | None:
    """(year, month) printed in a URL's path (/2024/06/, t20240605_), else None."""
    match = _URL_YEAR_MONTH_RE.search(url)
    if not match:
        return None
    g = match.groups()
    return (int(g[0]), int(g[1])) if g[0] else (int(g[2]), int(g[3]))


def place_month_day(month: int, day: int, year: int | None, fetched: dt.date | None,
                    latest_seen: dt.date | None = None) -> dt.date | None:
    """The month-day date in ``year`` (from context), or in the fetch year without context; None without either.

    It moves back a year when it would fall after the fetch date — or, when the fetch date is unknown, more than
    half a year after the latest full date on the page (a list shown on 2024-01-05 dates 12-28 to last year).
    """
    years = ([year, year - 1] if year else []) + ([fetched.year, fetched.year - 1] if fetched else [])
    limit = fetched or (latest_seen + _HALF_YEAR if latest_seen else None)
    for candidate_year in years:
        try:
            candidate = dt.date(candidate_year, month, day)
        except ValueError:      # 02-29 outside a leap year
            continue
        if limit is None or candidate <= limit:
            return candidate
    return None


def labelled_dates(text: str, start: int, end: int) -> Iterator[tuple[re.Match, dt.date, bool]]:
    """Full dates printed after a publication label in text[start:end], with whether the label is strong."""
    for label in _DATE_LABEL_RE.finditer(text, start, end):
        prefix = text[max(0, label.start() - 2):label.start()]
        strong = prefix in _STRONG_PREFIXES
        if strong or prefix in _WEAK_PREFIXES or (label.group(1) and not CJK_RE.match(prefix[-1:] or " ")):
            if (m := FULL_DATE_RE.match(text, label.end())) and (date := full_date(m)):
                yield m, date, strong


def after_date_label(text: str, pos: int) -> bool:
    """Whether a date at ``pos`` follows some 时间/日期 label (开始时间：, 成文日期 …)."""
    return bool(_LABEL_BEFORE_RE.search(text, max(0, pos - 8), pos))


def add_years(date: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (28 February for a 29 February in a common year)."""
    try:
        return date.replace(year=date.year + years)
    except ValueError:
        return date.replace(year=date.year + years, day=28)
