"""Policy documents, their 解读 and repeal announcements: what the POL checks read of a page.

Called once per page by crawler.extract with the page's visible main text. Real sites print a document's
metadata as a labelled block — the gov.cn table (索 引 号 | 000014349/2024-00012), 政府信息公开 platforms
(<p><strong>索引号</strong>：…</p>), TRS/Hanweb detail pages (<dd><label>发布机构：</label><div>…</div></dd>) — so
the block is read by its labels, wherever the markup puts them, spaces inside a label (索 引 号) allowed. Nothing
is judged here: which fields are missing, what has expired and what is late is the checks' business.

A page is a policy document when its block shows a 文号/发文字号 or an 有效性 label, or it sits in a 政策文件 /
规范性文件 / 政府文件 column; an 索引号 alone does not make one (platform bulletins carry one too), nor a 文号 label
printed empty or as 无 (platforms print it on every bulletin). On a policy document, 无 is a value (rules.md).
"""
from __future__ import annotations

import datetime as dt
import re

from crawler.dates import add_years, iter_full_dates
from crawler.snapshot import Document, PageData

# Canonical field → the labels sites print it under.
LABELS: dict[str, tuple[str, ...]] = {
    "索引号": ("索引号",),
    "发文机关": ("发文机关", "发布机构", "发文单位", "发布单位", "制发机关", "发文机构"),
    "发文字号": ("发文字号", "文号", "发文号", "文件编号"),
    "标题": ("标题", "名称", "文件名称"),
    "成文日期": ("成文日期", "成文时间", "发文日期", "生成日期", "印发日期"),
    "发布日期": ("发布日期", "公开日期", "发布时间"),
    "主题分类": ("主题分类", "信息分类", "所属主题"),
    "有效性": ("有效性", "时效性", "效力状态", "有效状态"),
    "实施日期": ("实施日期", "施行日期", "生效日期", "生效时间", "实施时间"),
    "有效期": ("有效期", "有效期至", "有效期限"),
    "失效日期": ("失效日期", "失效时间", "废止日期"),
    "文件类型": ("文件类型", "公文种类", "体裁分类"),
}
# Labels that only end the value before them.
_OTHER_LABELS = ("公开分类", "公开方式", "公开范围", "公开时限", "主题词", "关键词", "组配分类", "服务对象分类", "信息来源", "来源",
                 "所属机构", "浏览次数", "访问量", "字号", "责任编辑")
_FIELD_OF = {label: name for name, labels in LABELS.items() for label in labels}
_LABEL_RE = re.compile(
    r"(?<![^\s|｜】\]])("
    + "|".join(r"\s*".join(map(re.escape, label))
               for label in sorted([*_FIELD_OF, *_OTHER_LABELS], key=len, reverse=True))
    + r")(?:\s*[:：]|[ \t\u3000\xa0]*\n)")
_BLOCK_REACH = 1500            # the fields of one block sit this close to its first one
_CORE = frozenset({"索引号", "发文机关", "发文字号", "成文日期", "有效性"})
_NO_NUMBER = frozenset({"", "无", "暂无", "-", "—", "/"})
_POLICY_COLUMN_RE = re.compile(r"政策文件|规范性文件|政府文件")
_INTERP_TITLE_RE = re.compile(r"解读|图解|一图读懂|答记者问")
_ANNOUNCE_TITLE_RE = re.compile(r"(?:废止|失效|修改|清理)[^\n]{0,30}(?:决定|通知|公告|目录|清单|结果)")
_ACTION_RE = re.compile(r"废止|失效|修改|修订")
_ACTIONS = {"废止": "废止", "失效": "失效", "修改": "修改", "修订": "修改"}
NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号")
_BRACKETS = str.maketrans({"[": "〔", "［": "〔", "【": "〔", "(": "〔", "（": "〔",
                           "]": "〕", "］": "〕", "】": "〕", ")": "〕", "）": "〕"})
_HEAD_REACH = 1000             # a 解读 names its document near its top
_YEARS_RE = re.compile(r"^\s*(\d{1,2}|[一二两三四五六七八九十])\s*年\s*$")
_CN_YEARS = {c: i for i, c in enumerate("一二三四五六七八九十", 1)} | {"两": 2}


def normalise_number(number: str) -> str:
    """One spelling of a 文号: no spaces, 〔〕 brackets, no 第 (示政发[2024] 第3号 = 示政发〔2024〕3号)."""
    number = re.sub(r"\s+", "", number).translate(_BRACKETS)
    return re.sub(r"〕第", "〕", number)


def read(page: PageData, text: str, headings: list[str]) -> None:
    """Set ``page.document`` when the page is a policy document, a 解读 or a repeal announcement."""
    if page.kind == "home" or page.kind == "list":
        return
    fields = read_fields(text)
    title = fields.get("标题") or (headings[0] if headings else page.title)
    column = page.meta.get("ColumnName", "") or page.column_name
    interpretation = bool(_INTERP_TITLE_RE.search(title))
    number = fields.get("发文字号", "")
    policy = not interpretation and (number not in _NO_NUMBER or "有效性" in fields
                                     or bool(_POLICY_COLUMN_RE.search(column)))
    announces = _announced(text, normalise_number(number)) if _ANNOUNCE_TITLE_RE.search(title) else []
    if not (policy or interpretation or announces):
        return
    written, published = _date(fields.get("成文日期")), _date(fields.get("发布日期")) or page.visible_date
    effective = _date(fields.get("实施日期"))
    page.document = Document(
        title=title, fields=fields, policy=policy, interpretation=interpretation,
        refers=_refers(title, text) if interpretation else [], announces=announces, written=written,
        published=published, effective=effective,
        expires=_expiry(fields.get("失效日期") or fields.get("有效期", ""), effective or written or published))


def read_fields(text: str) -> dict[str, str]:
    """The metadata block's fields (canonical name → value as printed; a field printed as 无 is present)."""
    matches = list(_LABEL_RE.finditer(text))
    first = next((m.start() for m in matches if _FIELD_OF.get(_squeeze(m.group(1))) in _CORE), None)
    if first is None:
        return {}
    fields: dict[str, str] = {}
    for m, after in zip(matches, [*matches[1:], None]):
        if not first <= m.start() <= first + _BLOCK_REACH:
            continue
        name = _FIELD_OF.get(_squeeze(m.group(1)))
        if name is None or name in fields:
            continue
        raw = text[m.end():after.start() if after else m.end() + 200]
        value = next((line.strip() for line in raw.split("\n") if line.strip()), "")
        fields[name] = " ".join(value.split())[:200]
    return fields


def _squeeze(label: str) -> str:
    return "".join(label.split())


def _date(value: str | None) -> dt.date | None:
    return next((date for _, date in iter_full_dates(value or "")), None)


def _expiry(value: str, start: dt.date | None) -> dt.date | None:
    """The last day of a stated validity: the last date printed (…至2028年12月31日), or start + N 年."""
    dates = [date for _, date in iter_full_dates(value)]
    if dates:
        return dates[-1]
    years = _YEARS_RE.match(value)
    if years and start:
        n = years.group(1)
        return add_years(start, int(n) if n.isdigit() else _CN_YEARS[n])
    return None


def _quoted(text: str) -> list[str]:
    """Every 《…》 span, outer and inner (《关于印发《方案》的通知》 gives both)."""
    spans, stack = [], []
    for i, ch in enumerate(text):
        if ch == "《":
            stack.append(i)
        elif ch == "》" and stack:
            start = stack.pop()
            spans.append(text[start + 1:i])
    return [s for s in spans if s]


def _refers(title: str, text: str) -> list[str]:
    """What a 解读 names of its document: the titles it quotes in its own title, the 文号 near its top."""
    names = _quoted(title)
    numbers = [normalise_number(m.group()) for m in NUMBER_RE.finditer(text[:_HEAD_REACH] + "\n" + title)]
    return list(dict.fromkeys([*names, *numbers]))


def _announced(text: str, own: str) -> list[tuple[str, str]]:
    """(文号, action) of the documents an announcement lists, each under the last 废止/失效/修改 heading before it."""
    found: dict[str, str] = {}
    current = ""
    for line in text.split("\n"):
        actions = _ACTION_RE.findall(line)
        numbers = [normalise_number(m.group()) for m in NUMBER_RE.finditer(line)]
        if actions and not numbers:
            current = _ACTIONS[actions[-1]]
            continue
        action = _ACTIONS[actions[-1]] if actions else current
        for number in numbers:
            if action and number != own:
                found.setdefault(number, action)
    return list(found.items())
