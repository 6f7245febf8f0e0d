"""The proofreading engine (checks.proofread) and the shipped dictionaries: what must be found, what must not.

REV-SERIOUS is a veto, so besides the cases below the dictionaries are run over right text that real people
wrote (ECSpell's corrected sentences and word lists, the real government pages in ../shared/realpages): no
serious or typo entry may fire there.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from checks.proofread import (Allow, Entry, Proofreader, find_ids, find_phone_list, mask_personal, quote,
                              sentence_span, valid_id)
from config.schema import PROJECT_ROOT
from crawler.extract import decode_html, extract_page

DICTS = PROJECT_ROOT / "config" / "dictionaries"
SHARED = PROJECT_ROOT.parent / "shared" / "realpages"
ECSPELL = SHARED / "spelling" / "ECSpell"
AS_OF = dt.date(2024, 6, 30)
IDS = ("370199198804122319", "370199199309071520", "370199199601213186")   # invented, valid check digits
PRIVACY = yaml.safe_load((DICTS / "privacy.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reader() -> Proofreader:
    return Proofreader.load(DICTS)


def found(reader: Proofreader, text: str, **kw) -> list[tuple[str, str, str]]:
    return [(h.kind, h.wrong, h.suggestion) for h in reader.check(text, **kw)]


# --- REV-SERIOUS --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, wrong, right", [
    ("根据中华人民共合国宪法，制定本条例。", "中华人民共合国", "中华人民共和国"),
    ("中华人明共和国成立75周年", "中华人明共和国", "中华人民共和国"),
    ("《全国人民代表大会常务委贝会关于修改法律的决定》", "全国人民代表大会常务委贝会", "全国人民代表大会常务委员会"),
    ("深入学习贯彻习近平新时代中国特色社会主义思相", "习近平新时代中国特色社会主义思相", "习近平新时代中国特色社会主义思想"),
    ("坚持中国特色社汇主义道路", "中国特色社汇主义", "中国特色社会主义"),
    ("习近乎总书记强调", "习近乎总书记", "习近平总书记"),
    ("要持续推进攻府职能转变。", "攻府", "政府"),
    ("深入开展扫黑险恶专项斗争", "扫黑险恶", "扫黑除恶"),
    ("各地区和国务完有关部门", "国务完", "国务院"),
])
def test_serious_errors_are_found(reader, text, wrong, right):
    assert found(reader, text) == [("serious", wrong, right)]


@pytest.mark.parametrize("text", [
    "根据《中华人民共和国宪法》，全国人民代表大会常务委员会通过本决定。",
    "深入学习贯彻习近平新时代中国特色社会主义思想，坚持和发展中国特色社会主义。",
    "更正说明：本网6月17日发布的通知中“攻府”应为“政府”，现已更正。",      # a correction quotes the error
    "勘误：第二段将“政府”误写为“攻府”，特此更正。",
    "将‘扫黑险恶’更正为‘扫黑除恶’。",
    "原文“中华人民共合国”有误，已改正。",
    "明军围攻府城三日。",                                              # 攻府城: the entry's exception
    "国务院办公厅；中国共产党第二十次全国代表大会。",
])
def test_serious_near_misses_are_not_found(reader, text):
    assert found(reader, text) == []


def test_a_misspelt_name_is_one_serious_hit_not_also_a_typo(reader):
    hits = reader.check("中华人民共合国按排")
    assert [(h.kind, h.start, h.end) for h in hits] == [("serious", 0, 7), ("typo", 7, 9)]


# --- REV-OUTDATED and dates -----------------------------------------------------------------------------------

def test_outdated_names_are_judged_from_their_retirement_on(reader):
    text = "会同国家旅游局开展专项检查。"
    assert found(reader, text, published=dt.date(2024, 6, 1)) == [("outdated", "国家旅游局", "文化和旅游部")]
    assert found(reader, text, published=dt.date(2018, 3, 17)) == [("outdated", "国家旅游局", "文化和旅游部")]
    assert found(reader, text, published=dt.date(2017, 5, 2)) == []          # right when it was published
    assert found(reader, text) == [("outdated", "国家旅游局", "文化和旅游部")]  # no visible date: judged


def test_outdated_names_are_right_in_their_exceptions(reader):
    for text in ("原国家旅游局职能划入文化和旅游部。", "环境保护部门依法实施监管。", "国土资源部门"):
        assert found(reader, text) == [], text


def test_entry_dates_limit_what_is_judged():
    entry = Entry("serious", "甲乙丙", "甲乙丁", "测试", since=dt.date(2020, 1, 1), until=dt.date(2023, 1, 1))
    reader = Proofreader([entry])
    assert [h.wrong for h in reader.check("甲乙丙", published=dt.date(2021, 5, 5))] == ["甲乙丙"]
    assert reader.check("甲乙丙", published=dt.date(2019, 12, 31)) == []
    assert reader.check("甲乙丙", published=dt.date(2023, 1, 1)) == []
    assert [h.wrong for h in reader.check("甲乙丙")] == ["甲乙丙"]


# --- REV-TYPO, exceptions, allowlist -------------------------------------------------------------------------

@pytest.mark.parametrize("text, wrong, right", [
    ("对下一步工作作出按排。", "按排", "安排"),
    ("截止目前，全区已完成排查。", "截止目前", "截至目前"),
    ("研究部暑下一阶段工作。", "部暑", "部署"),
    ("认真贯彻洛实会议精神。", "贯彻洛实", "贯彻落实"),
    ("即然已经确定，就要抓紧落实。", "即然", "既然"),
    ("内蒙古自治区乌兰察布市大力培育发展大数局产业。", "数局产", "数据产"),     # mined from ECSpell
])
def test_typos_are_found(reader, text, wrong, right):
    assert found(reader, text) == [("typo", wrong, right)]


@pytest.mark.parametrize("text", [
    "按排名先后顺序录取，按排序规则公布。",
    "全部暑期工作已部署到位，截至目前进展顺利。",
    "内蒙古自治区乌兰察布市大力培育发展大数据产业。",
])
def test_typo_near_misses_are_not_found(reader, text):
    assert found(reader, text) == []


def test_the_allowlist_silences_a_phrase_on_pages_under_its_url():
    allow = [Allow("按排班表", "http://www.example.gov.cn/col/pb/"), Allow("即然如此")]
    reader = Proofreader([Entry("typo", "按排", "安排", "测试"), Entry("typo", "即然", "既然", "测试")], allow)
    assert reader.check("请按排班表执勤。", url="http://www.example.gov.cn/col/pb/1.html") == []
    assert [h.wrong for h in reader.check("请按排班表执勤。", url="http://www.example.gov.cn/col/xw/1.html")] == ["按排"]
    assert reader.check("即然如此", url="http://any.gov.cn/") == []
    assert [h.wrong for h in reader.check("即然这样")] == ["即然"]


def test_shipped_allowlist_is_read(tmp_path):
    for name in ("serious", "outdated", "typos", "privacy"):
        (tmp_path / f"{name}.yaml").write_text((DICTS / f"{name}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "review_allowlist.yaml").write_text("allow:\n  - {phrase: 作出按排, reason: 测试}\n", encoding="utf-8")
    assert Proofreader.load(tmp_path).check("对工作作出按排。") == []


def test_single_characters_are_never_entries():
    with pytest.raises(ValueError):
        Proofreader([Entry("typo", "的", "地", "测试")])


# --- quoting --------------------------------------------------------------------------------------------------

def test_quote_marks_the_wrong_text_in_its_sentence():
    text = "发布时间：2024-06-28 会议强调，要做好按排。下一步，继续推进。"
    start = text.index("按排")
    assert quote(text, start, start + 2) == ("会议强调，要做好按排。", "会议强调，要做好【按排】。")


def test_long_runs_are_quoted_around_the_hit():
    text = "甲" * 500 + "按排" + "乙" * 500
    left, right = sentence_span(text, 500, 502)
    assert right - left <= 200 and left < 500 < 502 < right


# --- REV-PRIVACY ----------------------------------------------------------------------------------------------

def test_id_numbers_with_valid_check_digits_are_found_and_masked():
    assert all(valid_id(n, AS_OF) for n in IDS)
    text = "面试人员：王晓明 男 370199198804122319；李春燕 女 370199199309071520。"
    hits = find_ids(text, AS_OF)
    assert [h.masked for h in hits] == ["370199********2319", "370199********1520"]
    assert "198804" not in mask_personal(text) and "370199********2319" in mask_personal(text)


@pytest.mark.parametrize("number", [
    "370199198804122318",          # wrong check digit
    "370199202512312316",          # born after the inspection date (check digit valid)
    "990199198804122310",          # no such province
    "370199198813322318",          # no 13th month
])
def test_numbers_that_are_not_id_numbers_are_not_found(number):
    assert find_ids(f"编号 {number} ", AS_OF) == []


def test_id_numbers_inside_longer_numbers_are_not_found():
    assert find_ids("订单号 9370199198804122319 ", AS_OF) == []
    assert find_ids("流水号 3701991988041223191 ", AS_OF) == []


def test_mobile_numbers_in_a_list_of_names_are_found():
    text = "防汛责任人：王建国 13812345678 李红 13987654321 赵志强 15012345678"
    hits = find_phone_list(text, PRIVACY["surnames"], PRIVACY["not_names"], 3)
    assert [h.masked for h in hits] == ["138****5678", "139****4321", "150****5678"]


@pytest.mark.parametrize("text", [
    "联系人：王建国 13812345678",                                      # one contact, not a list
    "联系电话：13812345678 咨询电话：13987654321 监督电话：15012345678",  # no names
    "王建国 13812345678 李红 13987654321",                              # two rows are not yet a list
])
def test_contact_numbers_are_not_a_list(text):
    assert find_phone_list(text, PRIVACY["surnames"], PRIVACY["not_names"], 3) == []


def test_quotes_never_hold_a_full_number():
    text = f"名单：王晓明 男 {IDS[0]} 李春燕 女 {IDS[1]} 张建华 男 {IDS[2]} 联系电话13812345678"
    start = text.index(IDS[1])
    for reach in (None, 5, 16, 40):
        sentence, context = quote(text, start, start + 18, reach)
        assert not re.search(r"\d{9,}", f"{sentence}|{context}"), (reach, sentence)


# --- the dictionaries on right text ------------------------------------------------------------------------

def _right_texts() -> list[str]:
    texts = []
    if ECSPELL.is_dir():
        lines = (ECSPELL / "Data" / "domains_data" / "odw.train").read_text(encoding="utf-8").splitlines()
        texts += [line.split("\t")[2] for line in lines]
        texts += (ECSPELL / "wordlist" / "公文写作.txt").read_text(encoding="utf-8").splitlines()
    for path in sorted(SHARED.glob("gov-*/**/*")):
        if path.suffix in (".html", ".htm", ".jsp"):
            html, _ = decode_html(path.read_bytes(), None)
            html = "\n".join(line for line in html.split("\n") if not line.startswith("<%"))
            page = extract_page(html, "http://example.gov.cn/")
            texts += [page.title, page.text, page.footer]
    return texts


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared real pages not found at {SHARED} (present in CI)")
def test_no_serious_or_typo_entry_fires_on_right_text(reader):
    texts = _right_texts()
    assert len(texts) > 1000
    fired = [(h.wrong, t[max(0, h.start - 10):h.end + 10]) for t in texts for h in reader.check(t)
             if h.kind != "outdated"]
    assert fired == []


def test_a_long_sentence_is_never_cut_inside_a_number():
    for gap, reach in ((90, None), (3, 8)):      # the quote's edge would fall inside the ID number
        text = "甲" * 90 + IDS[0] + "乙" * gap + "按排" + "丙" * 300
        start = text.index("按排")
        sentence, context = quote(text, start, start + 2, reach)
        assert "********" in sentence
        assert not re.search(r"\d", re.sub(r"\d{6}\*{8}\d{3}[\dX]", "", f"{sentence}|{context}"))
