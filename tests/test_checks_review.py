"""REV checks against sites served and crawled for real: what must be found, and what must not."""
from __future__ import annotations

import json

import pytest

from checks import run_checks
from checks.base import Context
from config.schema import PROJECT_ROOT, load_district, load_profile
from tests.sitekit import AS_OF, SITE_TAGS, article, audit_sites, column, footer, home, page

IDS = ("370199198804122319", "370199199309071520", "370199199601213186")   # invented, valid check digits


def _site(articles: dict[str, tuple[str, str, str]], foot: str | None = None,
          extra: dict[str, str] | None = None) -> dict[str, str]:
    """A homepage and a column listing ``articles`` ({path: (title, date, body html)})."""
    items = [(title, path, date) for path, (title, date, _) in articles.items()]
    files = {"/": home({"工作动态": items}, foot=foot), "/col/gzdt/": column("工作动态", items, foot=foot)}
    files.update({path: article(title, date, body, foot=foot) for path, (title, date, body) in articles.items()})
    files.update(extra or {})
    return files


def _unattributed(title: str) -> str:
    """An article page (ArticleTitle tag) that prints neither 来源 nor 发布时间."""
    tags = {**SITE_TAGS, "ColumnName": "工作动态", "ColumnType": "工作动态", "ArticleTitle": title}
    text = "为进一步做好相关工作，示范区测试局召开专题会议，研究部署下一阶段重点任务。" * 4
    return page(f"{title}_示范区测试网", f'<h1>{title}</h1><div class="content"><p>{text}</p></div>', tags)


ID_TABLE = ("<p>进入面试人员名单：</p><table><tr><th>姓名</th><th>公民身份号码</th></tr>"
            + "".join(f"<tr><td>{name}</td><td>{number}</td></tr>" for name, number in zip(("王晓明", "李春燕", "张建华"), IDS))
            + "</table>")
PHONES = "<p>防汛责任人：王建国 13812345678；李红 13987654321；赵志强 15012345678。</p>"

SITES = {
    "clean": _site({
        "/art/1.html": ("示范区召开安全生产工作会议", "2024-06-28", "<p>会议按排名先后通报了各单位考核结果，截至目前各项工作进展顺利。</p>"),
        "/art/2.html": ("关于更正有关表述的说明", "2024-06-27",
                        "<p>更正说明：本网6月17日发布的通知第二段中“攻府”应为“政府”，现已更正，特此说明。</p>"),
        "/art/3.html": ("示范区公布面试人员名单", "2024-06-26",
                        "<p>名单：王晓明 370199********2319；李春燕 370199********1520；张建华 370199********3186。"
                        "联系人：赵老师 13812345678。</p>"),
        "/art/4.html": ("示范区召开旅游工作座谈会", "2017-05-02", "<p>会议传达了国家旅游局有关文件精神。</p>"),
    }),
    "typos": _site({
        "/art/1.html": ("截止目前全区完成校舍排查", "2024-06-28",
                        "<p>截止目前，全区已完成校舍排查。会议对下一步工作作出按排，要求各校按排专人值守。</p>"),
        "/art/2.html": ("示范区开展专项检查", "2024-06-27", "<p>检查组对各单位的工作按排进行了督导。</p>"),
    }, foot=footer().replace("联系电话", "通迅电话")),
    "serious": _site({
        "/art/1.html": ("示范区召开政府常务会议", "2024-06-28", "<p>会议强调，要持续推进攻府职能转变。</p>"),
        "/art/2.html": ("示范区开展旅游市场检查", "2024-06-27", "<p>会议传达了国家旅游局有关文件精神。</p>"),
    }),
    "privacy": _site({
        "/art/1.html": ("示范区公布面试人员名单", "2024-06-28", ID_TABLE),
        "/art/2.html": ("示范区公布防汛责任人名单", "2024-06-27", PHONES),
    }, extra={"/art/3.html": _unattributed("示范区召开工作会议")}),
}
SITES["privacy"]["/"] = home({"工作动态": [("示范区公布面试人员名单", "/art/1.html", "2024-06-28"),
                                         ("示范区公布防汛责任人名单", "/art/2.html", "2024-06-27"),
                                         ("示范区召开工作会议", "/art/3.html", "2024-06-26")]})
HOSTS = {sid: f"www.{sid}.gov.cn" for sid in SITES}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("review")
    return audit_sites(tmp, {sid: {"url": f"http://{HOSTS[sid]}/"} for sid in SITES},
                       {HOSTS[sid]: files for sid, files in SITES.items()})


def rev(result, site: str, rule: str | None = None):
    return [f for f in result.of(site, rule) if f.rule.startswith("REV")]


def test_clean_site_has_no_rev_findings(result):
    # 按排名 and 截至目前 are right, the correction notice quotes its error, the numbers are masked or a single
    # contact, and 国家旅游局 was right in 2017
    assert rev(result, "clean") == []


def test_typos_one_finding_per_wrong_text_per_page(result):
    typos = rev(result, "typos", "REV-TYPO")
    by_page = {(f.url.rsplit("/", 1)[1], f.evidence["wrong"]): f for f in typos}
    assert set(by_page) == {("1.html", "截止目前"), ("1.html", "按排"), ("2.html", "按排"), ("", "通迅")}
    twice = by_page[("1.html", "按排")]
    assert twice.evidence["count"] == 2 and twice.level == "deduct" and twice.points == 0.2
    assert twice.evidence["suggestion"] == "安排" and "typos.yaml" in twice.evidence["entry"]
    assert twice.evidence["context"] == "会议对下一步工作作出【按排】，要求各校按排专人值守。"
    assert twice.evidence["sentence"] == "会议对下一步工作作出按排，要求各校按排专人值守。"
    assert "按排" in twice.message and "安排" in twice.message
    # the title's typo is one finding on the article (title and heading), not one per list showing it
    title = by_page[("1.html", "截止目前")]
    assert title.evidence["count"] == 3 and {p["where"] for p in title.evidence["places"]} == {"页面标题", "页面正文"}


def test_page_chrome_is_proofread_once_per_site(result):
    chrome = [f for f in rev(result, "typos", "REV-TYPO") if f.evidence["wrong"] == "通迅"]
    assert len(chrome) == 1 and chrome[0].url == result.urls["typos"]
    assert chrome[0].evidence["places"][0]["where"] == "页面底部或导航栏"


def test_serious_error_is_a_veto_and_outdated_name_a_deduction(result):
    serious = rev(result, "serious", "REV-SERIOUS")
    assert [(f.evidence["wrong"], f.evidence["suggestion"], f.level) for f in serious] == [("攻府", "政府", "veto")]
    assert serious[0].url.endswith("/art/1.html")
    assert serious[0].evidence["context"] == "会议强调，要持续推进【攻府】职能转变。"
    outdated = rev(result, "serious", "REV-OUTDATED")
    assert [(f.evidence["wrong"], f.evidence["published"], f.level) for f in outdated] == [
        ("国家旅游局", "2024-06-27", "deduct")]


def test_personal_data_is_found_and_only_quoted_masked(result):
    privacy = {f.url.rsplit("/", 1)[1]: f for f in rev(result, "privacy", "REV-PRIVACY")}
    assert set(privacy) == {"1.html", "2.html"}
    ids, phones = privacy["1.html"], privacy["2.html"]
    assert ids.evidence["numbers"] == ["370199********2319", "370199********1520", "370199********3186"]
    assert phones.evidence["numbers"] == ["138****5678", "139****4321", "150****5678"]
    assert ids.level == "warn" and "【370199********2319】" in ids.evidence["context"]
    dumped = json.dumps([f.to_json() for f in result.findings], ensure_ascii=False)
    for number in (*IDS, "13812345678", "13987654321", "15012345678"):
        assert number not in dumped


def test_articles_without_source_or_date_are_one_finding_per_site(result):
    attribution = rev(result, "privacy", "REV-ATTRIBUTION")
    assert len(attribution) == 1 and attribution[0].url == result.urls["privacy"]
    evidence = attribution[0].evidence
    assert evidence["page_count"] == 1 and evidence["missing"] == {"来源": 1, "发布时间": 1}
    assert evidence["examples"][0]["url"].endswith("/art/3.html")
    assert attribution[0].level == "deduct"
    for site in ("clean", "typos", "serious"):
        assert not rev(result, site, "REV-ATTRIBUTION")


def test_an_allowlist_entry_silences_a_false_alarm(result):
    """The office's allowlist, as config/dictionaries/review_allowlist.yaml holds it, limited to one URL prefix."""
    ctx = Context(district=load_district(result.snapshot_store.parent / "district.yaml"),
                  profile=load_profile(PROJECT_ROOT / "config" / "rules" / "national.yaml"),
                  snapshot=result.snapshot(), as_of=AS_OF)
    ctx.cache["dictionary:review_allowlist"] = {"allow": [{"phrase": "工作按排", "url": result.urls["typos"] + "art/2"}]}
    typos = {(f.url.rsplit("/", 1)[1], f.evidence["wrong"]) for f in run_checks(ctx) if f.rule == "REV-TYPO"}
    assert ("2.html", "按排") not in typos and ("1.html", "按排") in typos
