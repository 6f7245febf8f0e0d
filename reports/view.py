"""What the workbooks and notices share: one inspection's results and how they read in Chinese.

Both renderers take a ``Report`` so that order, labels, deadlines and file names are decided once: a finding is
listed in the same place, under the same words, on the sheet a department returns and on the notice it reads.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

from checks.base import Finding
from config.platforms import LABELS as PLATFORM_LABELS
from config.schema import District, Profile
from reports.scoring import Scores, TargetScore, counted_points

LEVELS = ("veto", "deduct", "warn", "info", "inconclusive")   # the order findings are listed in
LEVEL_LABELS = {"veto": "单项否决", "deduct": "扣分", "warn": "预警", "info": "提示", "inconclusive": "需人工复核"}


def level_rank(level: str) -> int:
    """Position in the listing order; an unknown level goes last rather than failing the run."""
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)



# Evidence keys the checks use (rules.md names some), in the words an office reads. Unknown keys show as written.
EVIDENCE_LABELS = {
    "wrong": "错误表述", "suggestion": "建议改为", "sentence": "原句", "context": "上下文", "entry": "词条",
    "link": "链接地址", "reason": "原因", "link_text": "链接文字", "elements": "元素",
    "referrer_count": "引用页面数", "referrers": "引用页面", "pages": "涉及页面", "examples": "示例页面",
    "page_count": "页面数", "pages_read": "检查页面", "pages_read_count": "检查页面数", "page_type": "页面类型",
    "status": "状态码", "error": "错误", "error_detail": "错误详情", "url": "地址", "host": "域名",
    "item": "项目", "tag": "标签", "tags": "页面标签",
    "newest": "最新日期", "newest_title": "最新信息", "newest_url": "最新信息地址", "age_days": "距检查日天数",
    "basis": "判断依据", "cutoff": "截止日期", "item_count": "信息条数",
    "column": "栏目", "column_url": "栏目地址", "column_type": "栏目类型", "type_source": "类型依据",
    "window": "更新时限", "stale_news_notice": "动态要闻及一级通知公告政策文件类不更新栏目",
    "stale_columns": "应更新未更新栏目", "empty_columns": "空白栏目", "veto_line": "否决线", "veto_at": "否决线",
    "warn_at": "预警线",
    "missing": "缺少", "expected": "应为", "found": "页面显示", "registry": "备案值", "title": "标题",
    "date": "日期", "left": "留言日期", "answered": "答复日期", "probes": "监测次数", "failures": "失败次数",
    "fail_ratio": "失败率", "seconds": "耗时（秒）", "platform": "平台", "last_post": "最近发布",
    "since": "起始时间", "until": "截止时间", "days": "天数", "days_enough": "监测次数达标的天数",
    "per_day": "每日监测次数", "probes_per_day": "每日应监测次数", "failure_kinds": "失败类型",
    "failed_at": "失败时间", "crawl_home": "抓取时首页情况", "blocked": "被拦截次数",
    "timeout_seconds": "超时时限（秒）", "slowest": "最慢", "limit_seconds": "时限（秒）",
    "channels_seen": "发现的互动渠道", "state": "办理状态", "board": "留言板块", "board_url": "板块地址",
    "months": "时限（月）", "window_days": "检查范围（天）", "working_days": "答复用时（工作日）", "limit": "时限",
    "calendar": "工作日计算", "received": "近期留言数", "boards": "留言板块", "newest_left": "最近留言日期",
    "looked_for": "检查内容", "guide": "办事指南", "shown": "已有要素", "guide_count": "办事指南数",
    "average_missing": "平均缺少要素数", "names": "可用栏目名称", "site_kind": "网站类型", "entries": "入口",
    "period": "期间", "every": "发布周期", "words": "关键词", "periods_published": "已发布期间",
    "adapter": "采集方式", "source": "采集来源", "fetched_at": "采集时间", "time_text": "平台显示时间",
    "clock": "相对时间换算基准", "interaction": "互动功能", "comments": "评论", "messages": "私信", "replies": "回复",
    "account_link": "账号地址", "unit": "单位", "accounts": "账号", "closed_on": "关停日期", "post_date": "发布日期",
    "closed_site": "已关停网站", "registry_status": "备案状态", "answers": "访问情况", "final_url": "最终地址",
    "screenshot": "页面截图",
    "doc_number": "文号", "missing_fields": "缺少要素", "fields_shown": "页面所示要素", "origin": "来源", "row": "行",
    "register_status": "台账状态", "replaced_by": "替代文件", "published": "发布日期", "action": "处理", "field": "字段",
    "page_shows": "页面所示", "valid_until": "有效期至", "as_of": "检查日期", "criterion": "判断", "searched": "查找范围",
    "document_published": "文件发布日期", "interpretation": "解读", "interpretation_published": "解读发布日期",
    "delay_working_days": "相差工作日", "interpretation_title": "解读标题", "year": "年度", "deadline": "期限",
    "report_title": "年报标题", "report_url": "年报网址", "missing_sections": "缺少部分",
    "count": "处数", "places": "出现位置", "where": "位置", "numbers": "号码（已遮蔽）", "attachment": "附件",
    "linked_from": "链接页面", "text_note": "附件文本说明",
}
# Coded evidence values, in words (the column types of config/schema.py).
EVIDENCE_VALUES = {
    "column_type": {"news": "动态要闻类", "notice": "通知公告和政策文件类", "yearly": "人事规划类",
                    "other": "其他应更新类", "static": "静态栏目"},
    "adapter": {"rss": "订阅源（RSS/Atom）", "weibo": "微博接口", "page": "账号主页", "export": "后台导出文件"},
}

EVIDENCE_LIST_LIMIT = 10
_FILE_NAME_ILLEGAL = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WEB_URL = re.compile(r"^https?://", re.IGNORECASE)
_SCREENSHOT = re.compile(r"evidence/[A-Za-z0-9-]+\.png")
# Control characters XML cannot hold, lone surrogates (from crawled JSON) and non-characters.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """Crawled text without the characters that crash an xlsx writer or show as boxes in a notice."""
    return _UNPRINTABLE.sub("", text)


def is_web_url(url: str) -> bool:
    """Only web addresses become links: javascript:, file: or UNC targets from a hostile page never do."""
    return bool(_WEB_URL.match(url))


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def fmt_number(value: float | None) -> str:
    """Scores and points as inspectors write them: 99.7, 59, 0.5 (at most two decimals); empty for none."""
    if value is None:
        return ""
    text = f"{Decimal(str(value)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent(part: int, whole: int) -> str:
    if not whole:
        return "—"
    return fmt_number(float((Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))) + "%"


def cn_ordinal(n: int) -> str:
    """一 … 九十九: the numbering of sections and items in an official document."""
    digits = "零一二三四五六七八九"
    if not 0 <= n < 100:
        return str(n)
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def safe_file_name(name: str) -> str:
    """A department name usable as a file name on Windows and Linux alike."""
    cleaned = _FILE_NAME_ILLEGAL.sub("_", name).strip().rstrip(".")
    return cleaned or "_"


def screenshot_link(finding: Finding) -> str | None:
    """The finding's screenshot as a link from a folder beside it (notices/, rectification/), if it has one.

    Only the names crawler/screenshots.py writes are linked, whatever else the evidence holds."""
    path = finding.evidence.get("screenshot")
    return f"../{path}" if isinstance(path, str) and _SCREENSHOT.fullmatch(path) else None


def evidence_lines(evidence: dict[str, Any], limit: int = EVIDENCE_LIST_LIMIT) -> list[str]:
    """Evidence as ``标签：值`` lines; long lists keep their first ``limit`` items and say how many there are."""
    lines = []
    for key, value in evidence.items():
        label = EVIDENCE_LABELS.get(key, key)
        if isinstance(value, (list, tuple, set, frozenset)):
            items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else list(value)
            shown = [_inline(v) for v in items[:limit]]
            more = f"等{len(items)}个" if len(items) > limit else ""
            if any(len(s) > 30 for s in shown):
                lines.append(f"{label}：")
                lines.extend(f"  {s}" for s in shown)
                if more:
                    lines.append(f"  {more}")
            else:
                lines.append(f"{label}：{'、'.join(shown) or '无'}{more}")
        else:
            words = EVIDENCE_VALUES.get(key, {})
            lines.append(f"{label}：{words.get(value) if isinstance(value, str) and value in words else _inline(value)}")
    return lines


def _inline(value: Any) -> str:
    if value is None:
        return "无"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, dict):
        return "；".join(f"{EVIDENCE_LABELS.get(k, k)}：{_inline(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return "、".join(_inline(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class Report:
    """One inspection: its inputs and scores, with the lookups every output needs."""
    findings: list[Finding]
    district: District
    profile: Profile
    scores: Scores
    as_of: dt.date

    @property
    def deadline(self) -> dt.date:
        return self.as_of + dt.timedelta(days=self.profile.rectify_days)

    @property
    def ranked_count(self) -> int:
        return sum(d.rank is not None for d in self.scores.departments)

    def rule_name(self, code: str) -> str:
        rule = self.profile.rules.get(code)
        return rule.name if rule else code

    def rule_label(self, code: str) -> str:
        return f"{code} {self.rule_name(code)}"

    def requirement(self, code: str) -> str:
        rule = self.profile.rules.get(code)
        return rule.requirement if rule else ""

    def target(self, target_id: str) -> TargetScore | None:
        return self._targets.get(target_id)

    def target_name(self, target_id: str) -> str:
        target = self.target(target_id)
        return target.name if target else target_id

    def kind_label(self, target: TargetScore) -> str:
        return "网站" if target.kind == "site" else PLATFORM_LABELS.get(target.platform or "", "政务新媒体")

    def department_name(self, dep_id: str) -> str:
        dep = next((d for d in self.district.departments if d.id == dep_id), None)
        return dep.name if dep else dep_id

    def ordered(self, findings: list[Finding]) -> list[Finding]:
        """Vetoes first, then deductions, warnings, notes and what needs a human; stable within a level."""
        return sorted(findings, key=lambda f: (level_rank(f.level), self.target_name(f.target), f.rule, f.url,
                                               f.id))

    def findings_of(self, dep_id: str) -> list[Finding]:
        return self.ordered([f for f in self.findings if f.department == dep_id])

    def targets_of(self, dep_id: str) -> list[TargetScore]:
        return [t for t in self.scores.targets if t.department == dep_id]

    def level_counts(self, findings: list[Finding]) -> dict[str, int]:
        """Counts by level in display order, labelled in Chinese (every level present, zeros included)."""
        return {LEVEL_LABELS[level]: sum(f.level == level for f in findings) for level in LEVELS}

    def deduction_summary(self, target: TargetScore) -> str:
        """How a target's score came about, indicator by indicator, in the words of a notice."""
        if not target.observed:
            return "本次未检查"
        parts = [f"{d.name}扣{fmt_number(d.capped)}分" +
                 (f"（合计{fmt_number(d.raw)}分，扣完为止）" if d.raw != d.capped else "")
                 for d in target.deductions.values()]
        if target.vetoed:
            text = f"单项否决{target.vetoes}项，按{fmt_number(self.profile.vetoed_score)}分计"
            return text + (f"；另有扣分项（须一并整改）：{'、'.join(parts)}" if parts else "")
        text = "；".join(parts) or "无扣分"
        return text + (f"；加分{fmt_number(target.bonus)}分" if target.bonus else "")

    def points(self, finding: Finding) -> float:
        return counted_points(finding)

    def workbook_name(self, dep_id: str) -> str:
        return self._workbook_names[dep_id]

    def notice_name(self, dep_id: str) -> str:
        stem = safe_file_name(dep_id)
        return ("index_" if stem == "index" else stem) + ".html"   # index.html is the district's notice

    @cached_property
    def _targets(self) -> dict[str, TargetScore]:
        return {t.target: t for t in self.scores.targets}

    @cached_property
    def _workbook_names(self) -> dict[str, str]:
        """``<department name>.xlsx``; two departments with the same name get their ids added to tell them apart."""
        stems = {d.id: safe_file_name(d.name) for d in self.district.departments}
        clashes = {s for s in stems.values() if list(stems.values()).count(s) > 1}
        return {dep_id: (f"{stem}_{safe_file_name(dep_id)}" if stem in clashes else stem) + ".xlsx"
                for dep_id, stem in stems.items()}
