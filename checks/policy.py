"""POL: policy documents (政策文件), their validity marks (立改废), their 解读 and the annual disclosure report.

Reads what crawler/documents.py found on the pages (a document's metadata block, 解读 pages, repeal
announcements) and, when the config names one, the office's policy register. Every finding names the document
(文号, 标题), the field at fault and what the judgement rests on: the register row, the announcing page, the dates
compared.

Choices where rules.md leaves room (precision first):
- A document needs a 解读 (POL-NO-INTERP) when it is a 行政规范性文件: its 文号 carries 规 (示政规〔2024〕1号), or its
  文件类型 or column says 规范性文件. Other documents are not asked for one, but a 解读 they have is still judged for
  lateness and links.
- A 解读 belongs to a document when it quotes the document's title (or the title in its 《》) or names its 文号;
  else, when exactly one document and the 解读 link to each other.
- The default validity periods (5 years, 2 for 试行/暂行) apply only when neither the page nor the register states
  an end, and not to a document the register lists as valid without an end.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from checks._calendar import work_calendar
from checks._site import pages_by_url, site_views
from checks.base import Context, Finding
from config.policy_register import PolicyEntry, read_policy_register
from config.schema import PROJECT_ROOT, resolve_path
from crawler.dates import add_years
from crawler.documents import normalise_number
from crawler.snapshot import Document, Fetch

CODES = ("POL-META", "POL-EXPIRED-VALID", "POL-REPEALED-UNMARKED", "POL-NO-INTERP", "POL-INTERP-LATE",
         "POL-INTERP-UNLINKED", "POL-ANNUAL-REPORT")

REQUIRED_FIELDS = ("索引号", "发文机关", "发文字号", "成文日期", "发布日期", "有效性")
_VALID_RE = re.compile(r"有效")
_ENDED_RE = re.compile(r"废止|失效|无效|停止执行|撤销|修改|修订|修正")
_MARKS = {"废止": re.compile(r"废止|失效|无效|停止执行|撤销"), "失效": re.compile(r"废止|失效|无效|停止执行|撤销"),
          "修改": re.compile(r"修改|修订|修正")}
_TRIAL_RE = re.compile(r"试行|暂行")
_NORMATIVE_RE = re.compile(r"规范性文件")
_MIN_NAME = 6                    # a quoted name shorter than this says too little to pair a 解读 with
_REPORT_RE = re.compile(r"政府信息公开(?:工作)?(?:年度)?报告|政府信息公开(?:工作)?年报")   # 2023年度…工作报告 too
REPORT_SECTIONS = {"总体情况": r"总体情况", "主动公开政府信息情况": r"主动公开政府信息",
                   "收到和处理政府信息公开申请情况": r"收到和处理政府信息公开申请",
                   "政府信息公开行政复议、行政诉讼情况": r"行政复议",
                   "存在的主要问题及改进情况": r"存在的主要问题", "其他需要报告的事项": r"其他需要报告的事项"}


@dataclass
class _Doc:
    site: str
    fetch: Fetch
    doc: Document

    @property
    def url(self) -> str:
        return self.fetch.url

    @property
    def urls(self) -> set[str]:
        return {self.fetch.url, self.fetch.final_url or self.fetch.url}

    @property
    def number(self) -> str:
        """The 文号 normalised; "" when none is printed (empty, 无)."""
        value = self.doc.fields.get("发文字号", "")
        return normalise_number(value) if re.search(r"\d", value) else ""

    def names(self) -> dict[str, str]:
        """Document number and title as the evidence names them."""
        return {"doc_number": self.doc.fields.get("发文字号", "") or "（未标注）", "title": self.doc.title}

    def label(self) -> str:
        number = self.doc.fields.get("发文字号", "")
        return f"《{self.doc.title}》" + (f"（{number}）" if number and number != "无" else "")

    def links_to(self, other: "_Doc") -> bool:
        return any(link.url in other.urls for link in self.fetch.page.links)


def run(ctx: Context) -> Iterator[Finding]:
    register = _register(ctx)
    docs, interps, announcements = [], [], []
    for site_id, view in site_views(ctx).items():
        seen: set[str] = set()
        for fetch in view.judgeable:
            doc = fetch.page.document
            if doc is None or fetch.url in seen or fetch.final_url in seen:
                continue
            seen |= {fetch.url, fetch.final_url or fetch.url}
            item = _Doc(site_id, fetch, doc)
            if doc.policy:
                docs.append(item)
            elif doc.interpretation:
                interps.append(item)
            if doc.announces:
                announcements.append(item)
    unique: dict[tuple[str, str], _Doc] = {}
    for doc in docs:                      # one document listed in two columns is judged once
        unique.setdefault((doc.site, doc.number or doc.doc.title), doc)
    docs = list(unique.values())
    for doc in docs:
        entry = _entry(doc, register)
        yield from _meta(ctx, doc)
        yield from _validity(ctx, doc, entry, [a for a in announcements if a.site == doc.site])
    yield from _interpretations(ctx, docs, interps, register)
    yield from _annual_reports(ctx)


def _register(ctx: Context) -> list[PolicyEntry]:
    if not ctx.district.policy_register:
        return []
    config = ctx.config_path or PROJECT_ROOT / "config" / "district.yaml"
    return read_policy_register(resolve_path(ctx.district.policy_register, config))


def _entry(doc: _Doc, register: list[PolicyEntry]) -> PolicyEntry | None:
    """The register row of a document: same 文号, else (a row without one) the same title."""
    for entry in register:
        if (entry.number and doc.number and normalise_number(entry.number) == doc.number) or \
                (not entry.number and entry.title == doc.doc.title):
            return entry
    return None


def _meta(ctx: Context, doc: _Doc) -> Iterator[Finding]:
    fields = doc.doc.fields
    missing = [name for name in REQUIRED_FIELDS
               if not fields.get(name) and not (name == "发布日期" and doc.doc.published)]
    if missing:
        yield ctx.finding("POL-META", doc.site, doc.url, doc.url,
                          f"政策文件{doc.label()}缺少{'、'.join(missing)}等要素。",
                          {**doc.names(), "missing_fields": missing, "fields_shown": fields})


def _shows_valid(doc: Document) -> bool:
    value = doc.fields.get("有效性", "")
    return bool(_VALID_RE.search(value)) and not _ENDED_RE.search(value)


def _validity(ctx: Context, doc: _Doc, entry: PolicyEntry | None, announcements: list[_Doc]) -> Iterator[Finding]:
    page_validity = doc.doc.fields.get("有效性", "") or "（未标注）"
    sources, actions = [], []
    if entry and entry.status != "有效":
        sources.append({"origin": f"政策文件台账 {ctx.district.policy_register}", "row": entry.row,
                        "doc_number": entry.number, "title": entry.title, "register_status": entry.status_text,
                        "replaced_by": entry.replaced_by})
        actions.append(entry.status)
    for other in announcements:
        action = dict(other.doc.announces).get(doc.number) if doc.number else None
        later = not (other.doc.published and doc.doc.published) or other.doc.published >= doc.doc.published
        if action and later and other.url != doc.url:
            sources.append({"origin": "本站后发文件", "url": other.url, "title": other.doc.title,
                            "published": other.doc.published.isoformat() if other.doc.published else "",
                            "action": action})
            actions.append(action)
    if sources:
        action = actions[0]
        marks = _MARKS[action]
        shown = f"{doc.doc.fields.get('有效性', '')} {doc.doc.title} {doc.fetch.page.title}"
        if not marks.search(shown):
            yield ctx.finding("POL-REPEALED-UNMARKED", doc.site, doc.url, doc.url,
                              f"政策文件{doc.label()}已{action}，但页面有效性仍为“{page_validity}”，未作标注。",
                              {**doc.names(), "field": "有效性", "page_shows": page_validity, "basis": sources})
        return
    if not _shows_valid(doc.doc):
        return
    end, basis = _end_of_validity(ctx, doc, entry)
    if end and end < ctx.as_of:
        yield ctx.finding("POL-EXPIRED-VALID", doc.site, doc.url, doc.url,
                          f"政策文件{doc.label()}有效期已于{end:%Y年%m月%d日}届满，但页面仍标注“{page_validity}”。",
                          {**doc.names(), "field": "有效性", "page_shows": page_validity,
                           "valid_until": end.isoformat(), "basis": basis, "as_of": ctx.as_of.isoformat()})


def _end_of_validity(ctx: Context, doc: _Doc, entry: PolicyEntry | None) -> tuple[dt.date | None, str]:
    """When the document stops being valid and on what that rests (page, register, default period)."""
    if doc.doc.expires:
        label = "失效日期" if doc.doc.fields.get("失效日期") else "有效期"
        return doc.doc.expires, f"页面{label}：{doc.doc.fields.get(label, '')}"
    if entry:
        if entry.valid_until:
            return entry.valid_until, f"政策文件台账第{entry.row}行：有效期至{entry.valid_until.isoformat()}"
        return None, ""          # the office lists it as valid without an end
    start = doc.doc.effective or doc.doc.written or doc.doc.published
    if start is None:
        return None, ""
    thresholds = ctx.rule("POL-EXPIRED-VALID").thresholds
    trial = bool(_TRIAL_RE.search(doc.doc.title))
    years = int(thresholds.get("trial_years" if trial else "default_years", 2 if trial else 5))
    end = add_years(start, years)
    which = "实施日期" if doc.doc.effective else "成文日期" if doc.doc.written else "发布日期"
    return end, (f"页面未标注有效期，按{'试行、暂行文件' if trial else '默认'}有效期{years}年自{which}"
                 f"{start.isoformat()}起计算")


def _normative(doc: _Doc) -> bool:
    page = doc.fetch.page
    where = f"{doc.doc.fields.get('文件类型', '')} {page.meta.get('ColumnName', '')} {page.column_name}"
    return "规〔" in doc.number or bool(_NORMATIVE_RE.search(where))


def _pairs(docs: list[_Doc], interps: list[_Doc]) -> dict[int, list[_Doc]]:
    """Document index → its 解读: by quoted title or 文号, else by links both ways with exactly one document."""
    pairs: dict[int, list[_Doc]] = {}
    for interp in interps:
        refers = set(interp.doc.refers)
        named = [i for i, d in enumerate(docs)
                 if (d.number and d.number in refers)
                 or any(len(n) >= _MIN_NAME and n in refers for n in (d.doc.title, *_quoted_names(d.doc.title)))]
        if not named:
            linked = [i for i, d in enumerate(docs) if d.links_to(interp) and interp.links_to(d)]
            named = linked if len(linked) == 1 else []
        for i in named:
            pairs.setdefault(i, []).append(interp)
    return pairs


def _quoted_names(title: str) -> list[str]:
    return re.findall(r"《([^《》]+)》", title)


def _interpretations(ctx: Context, docs: list[_Doc], interps: list[_Doc],
                     register: list[PolicyEntry]) -> Iterator[Finding]:
    pairs = _pairs(docs, interps)
    calendar = work_calendar(ctx)
    limit = int(ctx.rule("POL-INTERP-LATE").thresholds.get("working_days", 3))
    for i, doc in enumerate(docs):
        found = pairs.get(i, [])
        if not found:
            entry = _entry(doc, register)
            ended = (entry and entry.status != "有效") or _MARKS["废止"].search(doc.doc.fields.get("有效性", ""))
            if _normative(doc) and not ended:
                yield ctx.finding("POL-NO-INTERP", doc.site, doc.url, doc.url,
                                  f"行政规范性文件{doc.label()}未发布政策解读。",
                                  {**doc.names(), "field": "政策解读", "criterion": "文号含“规”或标注为规范性文件",
                                   "searched": "本区各网站的解读页面（标题引用该文件名称或文号）"})
            continue
        interp = min(found, key=lambda d: d.doc.published or dt.date.max)
        start, end = doc.doc.published, interp.doc.published
        if start and end and end > start and (days := calendar.working_days_after(start, end)) > limit:
            yield ctx.finding("POL-INTERP-LATE", doc.site, doc.url, doc.url,
                              f"政策文件{doc.label()}的解读晚于文件{days}个工作日发布（要求{limit}个工作日内）。",
                              {**doc.names(), "field": "发布日期", "document_published": start.isoformat(),
                               "interpretation": interp.url, "interpretation_published": end.isoformat(),
                               "delay_working_days": days, "calendar": calendar.basis(start, end)})
        to_interp, to_doc = doc.links_to(interp), interp.links_to(doc)
        if not (to_interp and to_doc):
            missing = [what for what, ok in (("文件页面未链接解读", to_interp), ("解读页面未链接文件", to_doc)) if not ok]
            yield ctx.finding("POL-INTERP-UNLINKED", doc.site, doc.url, doc.url,
                              f"政策文件{doc.label()}与其解读未相互链接：{'，'.join(missing)}。",
                              {**doc.names(), "field": "相关链接", "interpretation": interp.url,
                               "interpretation_title": interp.doc.title, "missing": missing})


# --- the annual report ----------------------------------------------------------------------------------------


def _annual_reports(ctx: Context) -> Iterator[Finding]:
    """The previous year's 政府信息公开工作年度报告 of every crawled site's unit, once its deadline has passed."""
    thresholds = ctx.rule("POL-ANNUAL-REPORT").thresholds
    year = ctx.as_of.year - 1
    reached = ctx.snapshot.reached_sites()
    views = site_views(ctx)
    names = {d.id: d.name for d in ctx.district.departments}
    for site in ctx.district.sites:
        if site.id not in reached or site.id not in views:
            continue
        key = "government_deadline" if site.kind == "portal" else "department_deadline"
        month, day = map(int, str(thresholds[key]).split("-"))
        deadline = dt.date(ctx.as_of.year, month, day)
        if ctx.as_of <= deadline:
            continue
        others = [name for dep, name in names.items() if dep != site.department]
        own = names[site.department]
        found = list(_reports(ctx, site.id, year, own, others))
        home = views[site.id].home_url
        if not found:
            yield ctx.finding("POL-ANNUAL-REPORT", site.id, f"{year}", home,
                              f"截至{deadline:%Y年%m月%d日}未发现{year}年政府信息公开工作年度报告。",
                              {"year": year, "deadline": deadline.isoformat(), "as_of": ctx.as_of.isoformat(),
                               "searched": "本站栏目与文章标题，及本区其他网站上标题含本单位名称的年报"})
            continue
        problems, evidence = [], {"year": year, "deadline": deadline.isoformat()}
        title, url, date, page = min(found, key=lambda r: r[2] or dt.date.max)
        evidence.update({"report_title": title, "report_url": url, "published": date.isoformat() if date else ""})
        if date and date > deadline:
            problems.append(f"{date:%Y年%m月%d日}发布，晚于{deadline:%Y年%m月%d日}的期限")
        if page is not None:
            missing = [name for name, pattern in REPORT_SECTIONS.items() if not re.search(pattern, page.text)]
            if missing:
                problems.append(f"缺少“{'”“'.join(missing)}”部分")
                evidence["missing_sections"] = missing
        if problems:
            yield ctx.finding("POL-ANNUAL-REPORT", site.id, f"{year}", url or home,
                              f"{year}年政府信息公开工作年度报告{'；'.join(problems)}。", evidence)


def _reports(ctx: Context, site_id: str, year: int, own: str, others: list[str]) -> Iterable[tuple]:
    """(title, url, date, page or None) of the unit's report for ``year``: on its own site any report title not
    naming another unit; on the district's other sites a title naming the unit."""
    pages = pages_by_url(ctx)

    def counts(title: str, here: bool) -> bool:
        if f"{year}年" not in title or not _REPORT_RE.search(title):
            return False
        return (not any(other in title for other in others)) if here else own in title

    for view in site_views(ctx).values():
        here = view.id == site_id
        for fetch in view.judgeable:
            page = fetch.page
            title = page.meta.get("ArticleTitle") or page.title
            if page.kind == "article" and counts(title, here):
                yield title, fetch.url, page.visible_date, page
            for item in page.list_items:
                if counts(item.title, here):
                    linked = pages.get(item.url or "")
                    yield item.title, item.url, item.date, linked.page if linked else None
