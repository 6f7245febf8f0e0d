"""The demo district's closed sites (关停网站): the office's site register (sites.csv) marks two sites closed.

The education bureau's old site was taken off the register but its domain still serves the old homepage: that is
LNK-CLOSED-DOMAIN on the closed site. The statistics bureau's old site shows a migration notice pointing at its
registered site: a near miss. district.yaml lists both with their demo address (the register has no port); the
register fills in their status and ids.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Closed:
    id: str
    dept: str
    name: str
    host: str
    page: str
    why: str                 # what the demo shows
    found: bool              # LNK-CLOSED-DOMAIN expected (else a near miss)

    @property
    def home(self) -> str:
        return f"http://{self.host}:{{port}}/"


_OLD_NEWS = [("示范区教育局召开2019年秋季开学工作部署会", "2019-08-26"), ("示范区开展中小学校园安全专项检查", "2019-06-12"),
             ("示范区2019年义务教育招生工作方案", "2019-05-20"), ("示范区教育系统举办教师业务能力比赛", "2019-04-18")]
OLD_EDU = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>示范区教育信息网</title>'
           '<meta name="SiteName" content="示范区教育信息网"></head><body><div class="header"><h1>示范区教育信息网</h1></div>'
           '<div class="nav"><a href="/">首页</a><a href="/jyxw/">教育新闻</a><a href="/tzgg/">通知公告</a></div>'
           '<div class="news"><h3>教育新闻</h3><ul>'
           + "".join(f'<li><a href="/jyxw/{d.replace("-", "")}.html">{t}</a><span>{d}</span></li>' for t, d in _OLD_NEWS)
           + '</ul></div><div class="footer"><p>主办单位：示范区教育局　地址：示范区人民路8号</p>'
           '<p>网站标识码：3701990012　鲁ICP备05012399号-1</p></div></body></html>')
STATS_NOTICE = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>网站迁移公告</title></head><body>'
                '<h1>网站迁移公告</h1><p>示范区统计信息网已于2023年12月31日关停，原有内容已迁移至示范区统计局网站。'
                '请访问新网址：<a href="http://tjj.sfq.gov.cn:{port}/">http://tjj.sfq.gov.cn</a></p></body></html>')

CLOSED = (
    Closed("edu-old", "edu", "示范区教育信息网", "old.jyj.sfq.gov.cn", OLD_EDU,
           "closed on the register (sites.csv, 已关停), yet the domain still serves the old homepage "
           "(HTTP 200, 示范区教育信息网, news of 2019)", True),
    Closed("stats-old", "stats", "示范区统计信息网", "old.tjj.sfq.gov.cn", STATS_NOTICE,
           "closed on the register (关停); the domain answers with a migration notice (网站迁移公告, 请访问新网址): "
           "not LNK-CLOSED-DOMAIN", False),
)
HOSTS = tuple(c.host for c in CLOSED)


def build(dest: Path) -> None:
    """Write each closed site's homepage under ``dest/<host>/`` (replacing earlier builds)."""
    for site in CLOSED:
        shutil.rmtree(dest / site.host, ignore_errors=True)
        (dest / site.host).mkdir(parents=True)
        (dest / site.host / "index.html").write_text(site.page, encoding="utf-8")


def expected() -> list[tuple[str, str, str, str, str]]:
    """(rule, level, target, url, what the demo shows) of the closed sites' findings."""
    return [("LNK-CLOSED-DOMAIN", "deduct", c.id, c.home, c.why) for c in CLOSED if c.found]


def near_misses() -> list[tuple[str, str, str]]:
    return [(c.id, c.home, c.why) for c in CLOSED if not c.found]
