"""REV: three reviews, three proofreads (三审三校) — wording errors, typos, personal data, attribution.

The title and main text of every judgeable page are proofread with the dictionaries of config/dictionaries/
(checks.proofread). Home pages and lists are proofread by their titles only: their main text is the titles of
the articles they list, which are proofread on the articles themselves, so a typo in a title is one finding and
not one per list that shows it. Page chrome (footer and navigation) is proofread once per site. Attachments on the
site's host (PDF, Word, Excel; crawler.attachments) are proofread and searched for personal data like articles,
judged by the date of the pages linking them, and their findings name those pages. One finding per distinct wrong
text per page or attachment, listing its places; personal numbers are only ever quoted masked.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterator
from urllib.parse import unquote, urlsplit

from checks._site import SiteView, site_views
from checks.base import Context, Finding
from checks.proofread import DICTIONARIES, ROW_REACH, Hit, Proofreader, find_ids, find_phone_list, quote
from crawler.snapshot import Fetch

CODES = ("REV-SERIOUS", "REV-OUTDATED", "REV-TYPO", "REV-PRIVACY", "REV-ATTRIBUTION")

RULE_OF = {"serious": "REV-SERIOUS", "outdated": "REV-OUTDATED", "typo": "REV-TYPO"}
MESSAGES = {
    "serious": "{where}出现严重表述错误“{wrong}”（应为“{right}”）{count}，请立即更正并落实“三审三校”。",
    "outdated": "{where}使用了已停用的表述“{wrong}”{count}，请更正为“{right}”。",
    "typo": "{where}有错别字“{wrong}”（应为“{right}”）{count}，请更正。",
}
PLACES = 10          # places listed in one finding
EXAMPLES = 20        # pages listed in a REV-ATTRIBUTION or REV-PRIVACY finding
CHROME = "页面底部或导航栏"


def proofreader(ctx: Context) -> Proofreader:
    """The dictionaries and the office's allowlist, read once per run."""
    if "proofreader" not in ctx.cache:
        ctx.cache["proofreader"] = Proofreader.from_dictionaries(
            {kind: ctx.dictionary(name) for kind, name in DICTIONARIES.items()}, ctx.dictionary("review_allowlist"))
    return ctx.cache["proofreader"]


def run(ctx: Context) -> Iterator[Finding]:
    reader = proofreader(ctx)
    for site_id, view in site_views(ctx).items():
        for fetch in view.judgeable:
            texts = _texts(fetch)
            yield from _wording(ctx, reader, site_id, fetch.url, fetch.page.visible_date, texts)
            yield from _privacy(ctx, site_id, fetch.url, texts)
        yield from _attachments(ctx, reader, site_id, view)
        yield from _chrome(ctx, reader, site_id, view)
        yield from _attribution(ctx, site_id, view)


def _attachments(ctx: Context, reader: Proofreader, site_id: str, view: SiteView) -> Iterator[Finding]:
    """The text of every attachment linked from a judgeable page, dated by the earliest of those pages."""
    texts = {f.url: f.page for f in view.attachments if f.page.text}
    linking: dict[str, dict[str, Fetch]] = {}
    names: dict[str, str] = {}
    for fetch in view.judgeable:
        for link in fetch.page.links:
            if link.url in texts:
                linking.setdefault(link.url, {})[fetch.url] = fetch
                if link.text:
                    names.setdefault(link.url, link.text)
    for url, pages in linking.items():
        dates = [p.page.visible_date for p in pages.values() if p.page.visible_date]
        published = min(dates) if dates else None
        name = names.get(url) or unquote(urlsplit(url).path.rsplit("/", 1)[-1])
        where = f"附件“{name}”"
        extra = {"attachment": name, "linked_from": list(pages)[:EXAMPLES]}
        if texts[url].text_note:
            extra["text_note"] = texts[url].text_note     # truncated: only the first part was read
        yield from _wording(ctx, reader, site_id, url, published, [(where, texts[url].text)], extra)
        yield from _privacy(ctx, site_id, url, [(where, texts[url].text)], where, extra)


def _texts(fetch: Fetch) -> list[tuple[str, str]]:
    """(where, text) of a page that are proofread: its title, and its main text unless it is a list."""
    page = fetch.page
    texts = [("页面标题", page.title)]
    if page.kind != "home" and not page.list_items:
        texts.append(("页面正文", page.text))
    return [(where, text) for where, text in texts if text]


def _wording(ctx: Context, reader: Proofreader, site_id: str, url: str, published: dt.date | None,
             texts: list[tuple[str, str]], extra: dict | None = None) -> Iterator[Finding]:
    places: dict[str, list[tuple[str, str, Hit]]] = {}
    for where, text in texts:
        for hit in reader.check(text, published, url):
            places.setdefault(hit.wrong, []).append((where, text, hit))
    for found in places.values():
        yield _finding(ctx, site_id, url, found,
                       {"published": published.isoformat() if published else "未标明", **(extra or {})})


def _finding(ctx: Context, site_id: str, url: str, found: list[tuple[str, str, Hit]], extra: dict) -> Finding:
    """One finding for every place of one wrong text on one page."""
    entry = found[0][2].entry
    quoted = [(where, *quote(text, hit.start, hit.end)) for where, text, hit in found]
    wheres = "、".join(dict.fromkeys(where for where, _, _ in quoted))
    count = f"（共{len(found)}处）" if len(found) > 1 else ""
    message = MESSAGES[entry.kind].format(where=wheres, wrong=entry.wrong, right=entry.right, count=count)
    evidence = {"wrong": entry.wrong, "suggestion": entry.right, "sentence": quoted[0][1], "context": quoted[0][2],
                "entry": entry.label, "count": len(found),
                "places": [{"where": where, "context": context} for where, _, context in quoted[:PLACES]], **extra}
    return ctx.finding(RULE_OF[entry.kind], site_id, f"{url}|{entry.wrong}", url, message, evidence)


def _chrome(ctx: Context, reader: Proofreader, site_id: str, view: SiteView) -> Iterator[Finding]:
    """Footer and navigation texts, each distinct text once per site, shown at the first page carrying it."""
    first_url: dict[str, str] = {}
    for fetch in sorted(view.judgeable, key=lambda f: (f.page.kind != "home", f.url)):
        for text in [fetch.page.footer, *(link.text for link in fetch.page.links if link.region == "nav")]:
            if text:
                first_url.setdefault(text, fetch.url)
    places: dict[str, list[tuple[str, str, Hit]]] = {}
    for text, url in first_url.items():
        for hit in reader.check(text, None, url):
            places.setdefault(hit.wrong, []).append((CHROME, text, hit))
    for found in places.values():
        url = first_url[found[0][1]]
        yield _finding(ctx, site_id, url, found, {"published": "（页面公共部分）"})


def _privacy(ctx: Context, site_id: str, url: str, texts: list[tuple[str, str]], subject: str = "页面",
             extra: dict | None = None) -> Iterator[Finding]:
    """Resident ID numbers, and mobile numbers listed beside names: one finding per page and kind, masked."""
    words = ctx.dictionary("privacy")
    rows = int(ctx.rule("REV-PRIVACY").thresholds.get("phone_rows", 3))
    for kind, name, entry in (("id", "公民身份号码", "公民身份号码（GB 11643校验位有效、出生日期合理）"),
                              ("mobile", "手机号码", f"姓名旁的手机号码（同页不少于{rows}个）")):
        found = []
        for where, text in texts:
            numbers = (find_ids(text, ctx.as_of) if kind == "id"
                       else find_phone_list(text, words["surnames"], words["not_names"], rows))
            found += [(where, text, n) for n in numbers]
        if not found:
            continue
        masked = list(dict.fromkeys(n.masked for _, _, n in found))
        where, text, first = found[0]
        sentence, context = quote(text, first.start, first.end, ROW_REACH)     # quote() masks every number
        message = (f"{subject}公开了{len(masked)}个{name}（如{masked[0]}）"
                   + ("，请立即删除或遮蔽。" if kind == "id" else "及对应姓名，请核实是否应当公开，不应公开的立即删除或遮蔽。"))
        yield ctx.finding("REV-PRIVACY", site_id, f"{url}|{name}", url, message,
                          {"wrong": masked[0], "suggestion": f"删除，或遮蔽为{masked[0]}的形式", "where": where,
                           "sentence": sentence, "context": context, "entry": entry, "count": len(masked),
                           "numbers": masked[:EXAMPLES], **(extra or {})})


def _attribution(ctx: Context, site_id: str, view: SiteView) -> Iterator[Finding]:
    """Articles that show no 来源 or no 发布时间: one finding per site with example pages."""
    examples, counts = [], {"来源": 0, "发布时间": 0}
    for fetch in view.judgeable:
        page = fetch.page
        if page.kind != "article":
            continue
        missing = [name for name, shown in (("来源", page.source_text), ("发布时间", page.visible_date)) if not shown]
        for name in missing:
            counts[name] += 1
        if missing:
            examples.append({"url": fetch.url, "missing": "、".join(missing)})
    if examples:
        what = "或".join(name for name, n in counts.items() if n)
        yield ctx.finding("REV-ATTRIBUTION", site_id, "missing", view.home_url,
                          f"{len(examples)}个文章页未标明{what}，请在文章页标明信息来源和发布时间。",
                          {"page_count": len(examples), "missing": {k: v for k, v in counts.items() if v},
                           "examples": examples[:EXAMPLES]})
