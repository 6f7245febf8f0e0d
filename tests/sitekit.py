"""Small fixture sites for tests: CMS-like pages, served by the demo server, crawled for real.

A test describes sites as {host: {path: html or bytes}}; ``audit_sites`` writes them, serves them on
127.0.0.1, crawls them in a child process exactly as ``audit.py run`` does, and runs the checks.
"""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path

import yaml

from checks import run_checks
from checks.base import Context, Finding
from config.demo.server import serve
from config.schema import PROJECT_ROOT, load_district, load_profile
from crawler.run import crawl_sites
from crawler.snapshot import Snapshot, Store

AS_OF = dt.date(2024, 6, 30)
REGISTRY = {"idcode": "3701990001", "icp": "鲁ICP备05012345号-1", "psb": "鲁公网安备37019902000101号",
            "sponsor": "示范区测试局"}


def footer(idcode="3701990001", icp="鲁ICP备05012345号-1", psb="鲁公网安备 37019902000101号",
           sponsor="示范区测试局", contact=True, conac=True, errreport=True) -> str:
    parts = []
    if sponsor:
        parts.append(f"<p>主办单位：{sponsor}　承办：示范区大数据中心</p>")
    if contact:
        parts.append("<p>联系电话：0531-88990011　地址：示范区人民路1号</p>")
    ids = []
    if idcode:
        ids.append(f"网站标识码：{idcode}")
    if icp:
        ids.append(f'<a href="/beian/">{icp}</a>')
    if psb:
        ids.append(f'<a href="/psb/">{psb}</a>')
    parts.append("<p>" + "　".join(ids) + "</p>")
    if conac:
        parts.append('<span id="_ideConac"><a href="/conac/"><img src="/img/dzjg.png" alt="党政机关"></a></span>')
    if errreport:
        parts.append('<a href="/jiucuo/">我为政府网站找错</a>')
    return '<div class="footer">' + "".join(parts) + "</div>"


def meta_tags(**tags: str) -> str:
    return "".join(f'<meta name="{k}" content="{html.escape(v)}">' for k, v in tags.items())


SITE_TAGS = {"SiteName": "示范区测试网", "SiteDomain": "www.test.gov.cn", "SiteIDCode": "3701990001"}
NAV = '<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/col/gzdt/">工作动态</a></li></ul></div>'


def page(title: str, body: str, tags: dict | None = None, foot: str | None = None, charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>'
            f'{meta_tags(**(tags if tags is not None else SITE_TAGS))}</head><body>'
            f'<div class="header"><h1>示范区测试网</h1></div>{NAV}<div class="main">{body}</div>'
            f'{foot if foot is not None else footer()}</body></html>')


def items_list(items: list[tuple[str, str, str]], css: str = "list") -> str:
    """items: (title, href, date text) → a TRS-style dated list."""
    rows = "".join(f'<li><a href="{href}">{title}</a><span class="date">{date}</span></li>' for title, href, date in items)
    return f'<ul class="{css}">{rows}</ul>'


def home(blocks: dict[str, list[tuple[str, str, str]]], tags: dict | None = None, foot: str | None = None,
         extra: str = "") -> str:
    body = "".join(f'<div class="news-block"><h3>{name}</h3>{items_list(items, "news")}</div>'
                   for name, items in blocks.items())
    return page("示范区测试网", body + extra, tags, foot)


def column(name: str, items: list[tuple[str, str, str]], column_type: str = "工作动态", tags: dict | None = None,
           foot: str | None = None) -> str:
    all_tags = {**SITE_TAGS, "ColumnName": name, "ColumnDescription": name, "ColumnKeywords": name,
                "ColumnType": column_type} if tags is None else tags
    body = (f'<div class="position">当前位置：<a href="/">首页</a> &gt; {name}</div>'
            + (items_list(items) if items else '<div class="list"><p>暂无信息</p></div>'))
    return page(f"{name}_示范区测试网", body, all_tags, foot)


def article(title: str, date: str, body: str = "", tags: dict | None = None, foot: str | None = None) -> str:
    all_tags = {**SITE_TAGS, "ColumnName": "工作动态", "ColumnDescription": "工作动态", "ColumnKeywords": "工作动态",
                "ColumnType": "工作动态", "ArticleTitle": title, "PubDate": f"{date} 09:30",
                "ContentSource": "示范区测试局"} if tags is None else tags
    text = body or "<p>" + "为进一步做好相关工作，示范区测试局召开专题会议，研究部署下一阶段重点任务。" * 4 + "</p>"
    return page(f"{title}_示范区测试网", f'<h1>{title}</h1><div class="info">发布时间：{date} 09:30　来源：示范区测试局</div>'
                f'<div class="content">{text}</div>', all_tags, foot)


@dataclass
class Result:
    findings: list[Finding]
    snapshot_store: Path
    urls: dict[str, str]           # site id → start URL

    def of(self, site: str, rule: str | None = None) -> list[Finding]:
        return [f for f in self.findings if f.target == site and (rule is None or f.rule == rule)]

    def rules(self, site: str) -> set[str]:
        return {f.rule for f in self.of(site)}

    def snapshot(self) -> Snapshot:
        store = Store(self.snapshot_store)
        return store.snapshot(store.latest_crawl())


def audit_sites(tmp_path: Path, sites: dict[str, dict], files: dict[str, dict[str, str | bytes]],
                manifest: dict | None = None, crawl: dict | None = None, as_of: dt.date = AS_OF,
                accounts: dict[str, dict] | None = None, config: dict | None = None) -> Result:
    """Serve ``files`` ({host: {path: content}}), crawl the ``sites`` ({id: site config with url path}), collect
    the ``accounts`` ({id: account config}) and check.

    A site's or account's ``url`` is written as "http://HOST/PATH" without a port; the server's port is filled in.
    Accounts default to platform weibo, department dep, name = id, and no delay between requests. ``config``
    adds top-level keys to the district config (a register's path, more departments).
    """
    root = tmp_path / "www"
    for host, pages in files.items():
        for path, content in pages.items():
            target = root / host / path.lstrip("/")
            if path.endswith("/"):
                target = target / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with serve(root, manifest) as server:
        hosts = {host: "127.0.0.1" for host in files if not host[0].isdigit()}
        config = {
            "district": "测试区",
            "inspection": {"as_of": as_of.isoformat()},
            "departments": [{"id": "dep", "name": "测试局"}],
            "sites": [{"id": sid, "department": "dep", "name": sid, "render": "never", "registry": REGISTRY,
                       **{k: v for k, v in cfg.items() if k != "url"},
                       "url": _with_port(cfg["url"], server.port)} for sid, cfg in sites.items()],
            "accounts": [{"id": aid, "department": "dep", "name": aid, "platform": "weibo",
                          **{k: v for k, v in cfg.items() if k != "url"},
                          **({"url": _with_port(cfg["url"], server.port)} if cfg.get("url") else {})}
                         for aid, cfg in (accounts or {}).items()],
            "crawl": {"hosts": hosts, "timeout": 5, "account_delay": 0, **(crawl or {})},
            **(config or {}),
        }
        config_path = tmp_path / "district.yaml"
        config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        district = load_district(config_path)
        store_path = tmp_path / "audit.sqlite"
        store = Store(store_path)
        crawl_id = store.begin_crawl()
        crawl_sites(district, store_path, crawl_id)
        store.finish_crawl(crawl_id)
    profile = load_profile(PROJECT_ROOT / "config" / "rules" / "national.yaml")
    ctx = Context(district=district, profile=profile, snapshot=store.snapshot(crawl_id), as_of=as_of)
    findings = list(run_checks(ctx))
    store.close()
    return Result(findings, store_path, {t.id: t.url for t in [*district.sites, *district.accounts]})


def _with_port(url: str, port: int) -> str:
    scheme, rest = url.split("://", 1)
    host, _, path = rest.partition("/")
    return f"{scheme}://{host}:{port}/{path}"
