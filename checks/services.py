"""SVC: services (服务不实用) — whether a site offers 办事服务, and whether its 办事指南 show their key elements.

A site offers services when it shows a 办事指南 or links to the government service platform (政务服务网, an
address under zwfw…) with a link that does not fail: most departments send people to the shared platform. A guide
is judged where it is crawled: a guide on the platform belongs to the platform's own site, when it is inspected.
The guide's elements are those of crawler.interaction.GUIDE_ELEMENTS, read off the page by their labels.
"""
from __future__ import annotations

from typing import Iterator
from urllib.parse import urlsplit

from checks._site import SiteView, link_fails, page_name, site_views
from checks.base import Context, Finding
from crawler.interaction import GUIDE_ELEMENTS

CODES = ("SVC-NONE", "SVC-GUIDE", "SVC-GUIDE-VETO")
EXAMPLES = 20


def run(ctx: Context) -> Iterator[Finding]:
    for site_id, view in site_views(ctx).items():
        if not view.judgeable:
            continue
        guides = [f for f in view.judgeable if f.page.guide]
        if not guides and not _platform_links(ctx, view):
            yield ctx.finding("SVC-NONE", site_id, "services", view.home_url,
                              "网站未提供办事服务：既没有办事指南，也没有链接到政务服务平台，请补充办事服务入口。",
                              {"looked_for": "办事指南页面；指向政务服务网（政务服务平台）的可用链接"})
        yield from _guides(ctx, site_id, view, guides)


def _platform_links(ctx: Context, view: SiteView) -> list[str]:
    words = ctx.dictionary("interaction")["services"]
    found = []
    for link in view.links:
        address = urlsplit(link.url)
        named = any(w in link.text for w in words["words"])
        addressed = any(w in f"{address.netloc}{address.path}".lower() for w in words["url_words"])
        if link.tag == "a" and (named or addressed) and not link_fails(ctx, link.url):
            found.append(link.url)
    return found


def _guides(ctx: Context, site_id: str, view: SiteView, guides: list) -> Iterator[Finding]:
    missing_counts = []
    for fetch in guides:
        page = fetch.page
        missing = [name for name in GUIDE_ELEMENTS if name not in page.guide_elements]
        missing_counts.append(len(missing))
        if missing:
            name = page.meta.get("ArticleTitle") or page_name(page)
            yield ctx.finding("SVC-GUIDE", site_id, fetch.url, fetch.url,
                              f"办事指南“{name}”缺少{len(missing)}项要素：{'、'.join(missing)}，请补全。",
                              {"guide": name, "missing": missing, "shown": page.guide_elements})
    if not guides:
        return
    line = ctx.rule("SVC-GUIDE-VETO").thresholds["missing_average"]
    average = sum(missing_counts) / len(missing_counts)
    if average >= line:
        yield ctx.finding("SVC-GUIDE-VETO", site_id, "guides", view.home_url,
                          f"网站{len(guides)}个办事指南平均缺少{average:.1f}项要素（达到{line}项），办事指南严重不实用。",
                          {"guide_count": len(guides), "average_missing": round(average, 1), "veto_at": line,
                           "examples": [f.url for f in guides][:EXAMPLES]})
