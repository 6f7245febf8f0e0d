"""INT: interaction (互动回应差) — a working consultation channel, and whether the messages left on it are answered.

A channel is a board (a page listing messages, or a page with a form to leave one, named as a channel) or a short
link naming one (领导信箱, 我要留言) whose target did not fail: a department may use the government's shared
board. Its kind comes from its name (config/dictionaries/interaction.yaml): 网上信访, 纪检举报, 在线访谈 and 征集调查
do not count, and their messages are not judged.

A message is what its list row shows, completed by its own page where the list lacks the reply. It is answered
(a reply date), replied without a date (status 已回复 only), open (status 未回复/办理中, or its page shows no
reply) or unknown (neither shown nor its page crawled: never judged). Every finding names the message.
No double counting: a message counted as unanswered for three months is not also slow.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterator

from checks._calendar import work_calendar
from checks._site import SiteView, link_fails, page_name, pages_by_url, site_views
from checks.base import Context, Finding
from checks.freshness import months_before
from crawler.snapshot import Fetch

CODES = ("INT-NO-CHANNEL", "INT-UNANSWERED", "INT-SLOW", "INT-UNPUBLISHED")

_FORM_FIELDS = 3        # a form asking name, phone and message is where messages are left; a search box asks one
UNANSWERED = "未回复"


def channel_kind(ctx: Context, name: str, board: bool = False) -> tuple[str, bool] | None:
    """(kind, counted) of a channel name; None when it names no channel (a board defaults to 留言, counted)."""
    vocab = ctx.dictionary("interaction")["channels"]
    for group, counted in (("excluded", False), ("counted", True)):
        for kind, words in vocab[group].items():
            if any(word in name for word in words):
                return kind, counted
    return (vocab["default"], True) if board else None


@dataclass
class Channel:
    name: str
    url: str
    kind: str
    counted: bool
    working: bool

    def describe(self) -> str:
        note = "" if self.counted else "（不计入）"
        return f"{self.name}[{self.kind}]{note}{'' if self.working else '（无法访问）'}：{self.url}"


@dataclass
class Thread:
    """One message: its list row completed by its own page."""
    key: str                # its page's URL, else its board, title and date: what its findings are about
    title: str
    url: str                # its own page, else its board
    left: dt.date | None
    answered: dt.date | None
    state: str              # answered | replied | open | unknown
    status: str             # as printed
    board: str
    board_url: str

    def evidence(self) -> dict:
        return {"title": self.title, "left": self.left, "answered": self.answered or UNANSWERED,
                "state": self.status or ("已回复" if self.answered else UNANSWERED if self.state == "open" else ""),
                "board": self.board, "board_url": self.board_url}


def run(ctx: Context) -> Iterator[Finding]:
    for site_id, view in site_views(ctx).items():
        if not view.judgeable:
            continue
        channels = _channels(ctx, view)
        if not any(c.counted and c.working for c in channels):
            seen = [c.describe() for c in channels]
            yield ctx.finding("INT-NO-CHANNEL", site_id, "channel", view.home_url,
                              "网站未提供可用的政务咨询、领导信箱或留言等在线互动渠道" +
                              ("（网上信访、纪检举报、在线访谈、征集调查不计入）" if seen else "") + "，请开设或链接互动渠道。",
                              {"channels_seen": seen or "无"})
        threads = _threads(ctx, view)
        late = set()
        for thread, finding in _unanswered(ctx, site_id, threads):
            late.add(thread.key)
            yield finding
        yield from _slow(ctx, site_id, [t for t in threads if t.key not in late])
        yield from _unpublished(ctx, site_id, threads)


# --- channels -----------------------------------------------------------------------------------------------

def _channels(ctx: Context, view: SiteView) -> list[Channel]:
    """Boards on the site and links naming a channel, one per URL."""
    limit = ctx.dictionary("interaction")["channel_text_max"]
    found: dict[str, Channel] = {}
    for fetch in view.judgeable:
        page = fetch.page
        if page.messages or page.form_fields >= _FORM_FIELDS:
            name = page_name(page)
            if kind := channel_kind(ctx, name, board=bool(page.messages)):
                found.setdefault(fetch.url, Channel(name, fetch.url, *kind, working=True))
    for link in view.links:
        if link.tag == "a" and link.url not in found and 0 < len(link.text) <= limit \
                and (kind := channel_kind(ctx, link.text)):
            found[link.url] = Channel(link.text, link.url, *kind, working=not link_fails(ctx, link.url))
    return list(found.values())


# --- messages -----------------------------------------------------------------------------------------------

def _state(ctx: Context, status: str, answered: dt.date | None, page_seen: bool) -> str:
    words = ctx.dictionary("interaction")["statuses"]
    if answered:
        return "answered"
    if any(w in status for w in words["answered"]):
        return "replied"
    if any(w in status for w in words["open"]) or page_seen:
        return "open"
    return "unknown"


def _threads(ctx: Context, view: SiteView) -> list[Thread]:
    """The messages listed on the site's consultation boards, each once, completed by their own pages."""
    pages = pages_by_url(ctx)
    threads: dict[str, Thread] = {}
    for fetch in view.judgeable:
        page = fetch.page
        if not page.messages:
            continue
        board = page_name(page)
        _, counted = channel_kind(ctx, board, board=True)
        if not counted:
            continue
        for row in page.messages:
            own: Fetch | None = pages.get(row.url) if row.url else None
            shown = own.page.message if own is not None else None
            left = row.left or (shown.left if shown else None)
            answered = row.answered or (shown.answered if shown else None)
            status = row.status or (shown.status if shown else "")
            key = row.url or f"{fetch.url}#{row.title}|{left}"
            if key in threads and (threads[key].answered or not answered):
                continue        # listed again (a homepage block, another page): the fuller row wins
            threads[key] = Thread(key, row.title, row.url or fetch.url, left, answered,
                                  _state(ctx, status, answered, shown is not None), status, board, fetch.url)
    return list(threads.values())


def _message_finding(ctx: Context, rule: str, site_id: str, thread: Thread, text: str, extra: dict) -> Finding:
    left = f"{thread.left:%Y年%m月%d日}" if thread.left else "（未标明日期）"
    answered = f"{thread.answered:%Y年%m月%d日}答复" if thread.answered else UNANSWERED
    message = f"{thread.board}留言“{thread.title}”（{left}留言，{answered}）{text}"
    return ctx.finding(rule, site_id, thread.key, thread.url, message, {**thread.evidence(), **extra})


def _unanswered(ctx: Context, site_id: str, threads: list[Thread]) -> Iterator[tuple[Thread, Finding]]:
    """Left within the window and left without an answer for more than the months: still open, or answered late."""
    t = ctx.rule("INT-UNANSWERED").thresholds
    since = ctx.as_of - dt.timedelta(days=t["window_days"])
    for thread in threads:
        if thread.left is None or not since <= thread.left <= ctx.as_of:
            continue
        if thread.state == "open" and thread.left < months_before(ctx.as_of, t["months"]):
            yield thread, _message_finding(ctx, "INT-UNANSWERED", site_id, thread,
                                           f"至检查日超过{t['months']}个月未答复，请立即答复。",
                                           {"months": t["months"], "window_days": t["window_days"]})
        elif thread.state == "answered" and thread.left < months_before(thread.answered, t["months"]):
            yield thread, _message_finding(ctx, "INT-UNANSWERED", site_id, thread,
                                           f"超过{t['months']}个月才答复，请落实留言办理时限。",
                                           {"months": t["months"], "window_days": t["window_days"]})


def _slow(ctx: Context, site_id: str, threads: list[Thread]) -> Iterator[Finding]:
    """Answered more working days after it was left than the limit, or still open after the limit."""
    t = ctx.rule("INT-SLOW").thresholds
    limit, since = t["working_days"], ctx.as_of - dt.timedelta(days=t["window_days"])
    calendar = work_calendar(ctx)
    for thread in threads:
        if thread.left is None or not since <= thread.left <= ctx.as_of or thread.state not in ("answered", "open"):
            continue
        end = thread.answered if thread.state == "answered" else ctx.as_of
        days = calendar.working_days_after(thread.left, end)
        if days <= limit:
            continue
        text = (f"答复用时{days}个工作日，超过{limit}个工作日。" if thread.state == "answered"
                else f"至检查日已{days}个工作日未答复，超过{limit}个工作日。")
        yield _message_finding(ctx, "INT-SLOW", site_id, thread, text,
                               {"working_days": days, "limit": f"{limit}个工作日",
                                "calendar": calendar.basis(thread.left, end)})


def _unpublished(ctx: Context, site_id: str, threads: list[Thread]) -> Iterator[Finding]:
    """Messages left in the last months, but no answer published with a date in them."""
    months = ctx.rule("INT-UNPUBLISHED").thresholds["months"]
    since = months_before(ctx.as_of, months)
    received = [t for t in threads if t.left and since <= t.left <= ctx.as_of]
    if not received or any(t.answered and since <= t.answered <= ctx.as_of for t in threads):
        return
    newest = max(received, key=lambda t: t.left)
    boards = sorted({f"{t.board}（{t.board_url}）" for t in received})
    yield ctx.finding("INT-UNPUBLISHED", site_id, "unpublished", newest.board_url,
                      f"近{months}个月收到{len(received)}条留言，但没有公开任何留言的答复内容，请公开留言及答复。",
                      {"received": len(received), "since": since, "boards": boards, "newest_title": newest.title,
                       "newest_left": newest.left, "months": months})
