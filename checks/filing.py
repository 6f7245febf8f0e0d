"""FIL: filing and identification (备案, 网站标识码, ICP, 公网安备, 主办单位, page tags, domain).

The footer is judged once per site: on the homepage, falling back to what most sampled pages show when the
homepage lacks an item, never once per page. Numbers are compared normalised (full-width to half-width, spaces
and a trailing 号 dropped). A missing item is a finding whether or not the registry has a value.
"""
from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections import Counter
from typing import Iterator

from checks._site import SiteView, host_of, site_views
from checks.base import Context, Finding

CODES = ("FIL-IDCODE", "FIL-ICP", "FIL-PSB", "FIL-CONAC", "FIL-SPONSOR", "FIL-CONTACT", "FIL-ERRREPORT",
         "FIL-META", "FIL-META-FORMAT", "FIL-DOMAIN", "FIL-UNREGISTERED")

SAMPLE = 20          # pages besides the homepage that the footer is read on
EXAMPLES = 20        # example pages listed in a FIL-META finding

META_REQUIRED = {
    "home": ("SiteName", "SiteDomain", "SiteIDCode"),
    "list": ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnDescription", "ColumnKeywords",
             "ColumnType"),
    # 47号's article tags, as real article pages carry them: the column's name and type, not its description
    "article": ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType", "ArticleTitle", "PubDate",
                "ContentSource"),
}
PAGE_TYPE_NAMES = {"home": "首页", "list": "栏目页", "article": "文章页"}
_PUBDATE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?$")
_IDCODE = re.compile(r"^(?:\d{10}|bm\d{8})$", re.I)
_ICP = re.compile(r"([\u4e00-\u9fff])ICP备(\d+)号?(?:-(\d+))?", re.I)
_PSB = re.compile(r"(\d{14})")
ITEM_NAMES = {"idcode": "网站标识码", "icp": "ICP备案号", "psb": "公安机关备案号", "sponsor": "主办单位"}


def normalise(value: str) -> str:
    value = unicodedata.normalize("NFKC", value)
    value = re.sub(r"\s+", "", value)
    return value.removesuffix("号")


def footer_values(view: SiteView) -> tuple[dict[str, tuple[str, str]], dict[str, bool], list[str]]:
    """(item → (value, page it was read on), badge → present, pages read)."""
    home = view.home if view.home is not None and view.home.ok else None
    # Columns and articles carry the site's real footer; small helper pages (a 纠错 form) may not.
    sample = sorted((f for f in view.judgeable if f is not home), key=lambda f: f.page.kind not in ("list", "article"))
    sample = sample[:SAMPLE]
    pages = ([home] if home else []) + sample
    values: dict[str, tuple[str, str]] = {}
    for item in ITEM_NAMES:
        if home and home.page.footer_ids.get(item):
            values[item] = (home.page.footer_ids[item], home.url)
            continue
        seen = Counter(f.page.footer_ids[item] for f in sample if f.page.footer_ids.get(item))
        if seen:
            value = seen.most_common(1)[0][0]
            values[item] = (value, next(f.url for f in sample if f.page.footer_ids.get(item) == value))
    badges = {}
    for badge in ("conac", "errreport", "contact"):
        if home is not None:
            badges[badge] = bool(home.page.badges.get(badge))
        else:
            badges[badge] = any(f.page.badges.get(badge) for f in sample)
    return values, badges, [f.url for f in pages]


def run(ctx: Context) -> Iterator[Finding]:
    for site_id, view in site_views(ctx).items():
        if not view.judgeable:
            continue
        site = ctx.district.site(site_id)
        yield from _footer(ctx, site, view)
        yield from _meta(ctx, site_id, view)
        yield from _domain(ctx, site)
        yield from _unregistered(ctx, site.id, view)


def _footer(ctx: Context, site, view: SiteView) -> Iterator[Finding]:
    values, badges, read = footer_values(view)
    home_url = view.home_url
    registry = site.registry
    base = {"pages_read": read[:3], "pages_read_count": len(read)}

    def missing(rule: str, item: str) -> Finding:
        name = ITEM_NAMES[item]
        return ctx.finding(rule, site.id, "missing", home_url, f"网站页面底部未显示{name}，请在底部功能区补充。",
                           {**base, "item": name, "registry": getattr(registry, item) or "（未登记）"})

    # 网站标识码: footer, registry and the SiteIDCode tag must agree.
    idcode = values.get("idcode")
    if idcode is None:
        yield missing("FIL-IDCODE", "idcode")
    else:
        problems = []
        if registry.idcode and normalise(idcode[0]) != normalise(registry.idcode):
            problems.append(f"底部显示{idcode[0]}，备案为{registry.idcode}")
        tags = Counter(f.page.meta["SiteIDCode"] for f in view.judgeable if f.page.meta.get("SiteIDCode"))
        for tag, count in tags.items():
            if normalise(tag) != normalise(idcode[0]):
                problems.append(f"{count}个页面的SiteIDCode标签为{tag}，与底部显示的{idcode[0]}不一致")
        if problems:
            yield ctx.finding("FIL-IDCODE", site.id, "mismatch", idcode[1],
                              "网站标识码与备案或页面标签不一致：" + "；".join(problems) + "。",
                              {**base, "found": idcode[0], "registry": registry.idcode, "tags": dict(tags)})

    # ICP备案号: province and number must match; a different -N site suffix is only a warning.
    icp = values.get("icp")
    if icp is None:
        yield missing("FIL-ICP", "icp")
    elif registry.icp:
        shown, filed = _ICP.search(normalise(icp[0]) + "号"), _ICP.search(normalise(registry.icp) + "号")
        if shown and filed:
            evidence = {**base, "found": icp[0], "registry": registry.icp}
            if (shown[1], shown[2]) != (filed[1], filed[2]):
                yield ctx.finding("FIL-ICP", site.id, "mismatch", icp[1],
                                  f"页面显示的ICP备案号{icp[0]}与备案{registry.icp}不一致，请更正。", evidence)
            elif shown[3] != filed[3]:
                yield ctx.finding("FIL-ICP", site.id, "suffix", icp[1],
                                  f"页面显示的ICP备案号{icp[0]}与备案{registry.icp}的网站序号不同，请核实。",
                                  evidence, level="warn")

    # 公网安备: the 14 digits must match.
    psb = values.get("psb")
    if psb is None:
        yield missing("FIL-PSB", "psb")
    elif registry.psb:
        shown, filed = _PSB.search(normalise(psb[0])), _PSB.search(normalise(registry.psb))
        if shown and filed and shown[1] != filed[1]:
            yield ctx.finding("FIL-PSB", site.id, "mismatch", psb[1],
                              f"页面显示的公安机关备案号{psb[0]}与备案{registry.psb}不一致，请更正。",
                              {**base, "found": psb[0], "registry": registry.psb})

    sponsor = values.get("sponsor")
    if sponsor is None:
        yield missing("FIL-SPONSOR", "sponsor")
    elif registry.sponsor:
        shown, filed = normalise(sponsor[0]), normalise(registry.sponsor)
        if filed not in shown and shown not in filed:
            yield ctx.finding("FIL-SPONSOR", site.id, "mismatch", sponsor[1],
                              f"页面显示的主办单位“{sponsor[0]}”与备案的“{registry.sponsor}”不一致，请更正。",
                              {**base, "found": sponsor[0], "registry": registry.sponsor})

    for rule, badge, message in (
            ("FIL-CONAC", "conac", "网站页面底部未显示党政机关网站标识，请补充。"),
            ("FIL-ERRREPORT", "errreport", "网站页面底部未设置“我为政府网站找错”入口，请补充。"),
            ("FIL-CONTACT", "contact", "网站页面底部未标明联系电话或地址，请补充。")):
        if not badges[badge]:
            yield ctx.finding(rule, site.id, "missing", home_url, message, dict(base))


def _meta(ctx: Context, site_id: str, view: SiteView) -> Iterator[Finding]:
    vocabulary = ctx.dictionary("columns")["column_type_tags"]
    missing_by_type: dict[str, Counter] = {}
    examples: dict[str, list[str]] = {}
    bad_format: dict[str, list[str]] = {"PubDate": [], "SiteIDCode": [], "ColumnType": []}
    bad_values: dict[str, set[str]] = {"PubDate": set(), "SiteIDCode": set(), "ColumnType": set()}
    validators = {
        "PubDate": lambda v: bool(_PUBDATE.match(v)),
        "SiteIDCode": lambda v: bool(_IDCODE.match(v)),
        "ColumnType": lambda v: all(p.strip() in vocabulary for p in re.split(r"[，,;；、]", v) if p.strip()),
    }
    for fetch in view.judgeable:
        page = fetch.page
        required = META_REQUIRED.get(page.kind)
        if required:
            absent = [tag for tag in required if not page.meta.get(tag)]
            if absent:
                missing_by_type.setdefault(page.kind, Counter()).update(absent)
                examples.setdefault(page.kind, []).append(fetch.url)
        for tag, valid in validators.items():
            value = page.meta.get(tag)
            if value and not valid(value):
                bad_format[tag].append(fetch.url)
                bad_values[tag].add(value)
    for kind, counter in missing_by_type.items():
        name = PAGE_TYPE_NAMES[kind]
        tags = sorted(counter)
        yield ctx.finding("FIL-META", site_id, kind, view.home_url,
                          f"{len(examples[kind])}个{name}缺少页面元数据：{'、'.join(tags)}，请按规范补全。",
                          {"page_type": name, "missing": {t: counter[t] for t in tags},
                           "page_count": len(examples[kind]), "examples": examples[kind][:EXAMPLES]})
    expected = {"PubDate": "YYYY-MM-DD HH:MM[:SS]", "SiteIDCode": "10位数字（或bm加8位数字）",
                "ColumnType": "《政府网站发展指引》栏目类型"}
    for tag, pages in bad_format.items():
        if pages:
            yield ctx.finding("FIL-META-FORMAT", site_id, tag, view.home_url,
                              f"{len(pages)}个页面的{tag}标签格式不规范（应为{expected[tag]}），请更正。",
                              {"tag": tag, "found": sorted(bad_values[tag])[:10], "expected": expected[tag],
                               "page_count": len(pages), "examples": pages[:EXAMPLES]})


def _domain(ctx: Context, site) -> Iterator[Finding]:
    host = host_of(site.url)
    try:
        ipaddress.ip_address(host)
        return           # FIL-DOMAIN applies to host names, never to IP addresses
    except ValueError:
        pass
    if host != "gov.cn" and not host.endswith(".gov.cn"):
        yield ctx.finding("FIL-DOMAIN", site.id, host, site.url,
                          f"网站域名{host}不是“.gov.cn”域名，请按规定使用政府网站域名。", {"host": host})


def _district_domains(ctx: Context) -> tuple[set[str], set[str]]:
    """(hosts of every registered site, the district's .gov.cn domains such as sfq.gov.cn)."""
    hosts = {host_of(s.url) for s in ctx.district.sites}
    families = {".".join(h.split(".")[-3:]) for h in hosts if h.endswith(".gov.cn") and h.count(".") >= 2}
    return hosts, families


def _unregistered(ctx: Context, site_id: str, view: SiteView) -> Iterator[Finding]:
    """Government sites of the district's own domains that registered sites link to but the registry lacks.

    Only the district's .gov.cn domains are considered: a link to www.gov.cn or a province's portal is not a
    site this office registers.
    """
    hosts, families = _district_domains(ctx)
    referrers: dict[str, set[str]] = {}
    for fetch in view.judgeable:
        for link in fetch.page.links:
            if link.tag not in ("a", "area", "iframe"):
                continue
            host = host_of(link.url)
            if host and host not in hosts and any(host == f or host.endswith("." + f) for f in families):
                referrers.setdefault(host, set()).add(fetch.url)
    for host, pages in sorted(referrers.items()):
        pages_sorted = sorted(pages)
        yield ctx.finding("FIL-UNREGISTERED", site_id, host, f"http://{host}/",
                          f"{len(pages_sorted)}个页面链接的政府网站{host}未列入网站备案名录，请核实后纳入管理或予以关停。",
                          {"host": host, "referrer_count": len(pages_sorted), "referrers": pages_sorted[:EXAMPLES]})
