"""Policy documents read off their pages (crawler/documents.py): the metadata block in the layouts real sites use
(a city's 政府信息公开 platform, TRS/Hanweb detail tables, the gov.cn table), 解读 pages, repeal announcements;
and what must not become a policy document (platform bulletins with an 索引号 or an empty 文号)."""
from __future__ import annotations

import datetime as dt
import json
import zlib
from pathlib import Path

import pytest

from config.schema import PROJECT_ROOT
from crawler.documents import normalise_number, read_fields
from crawler.extract import _parse, _visible, decode_html, extract_page
from crawler.snapshot import Fetch, PageData, Store, _decode_page, _encode_page

REAL = PROJECT_ROOT.parent / "shared" / "realpages"
real = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/realpages is not present (a user's clone)")
HANDAN = REAL / "gov-xxgk-handan/src/main/webapp/WEB-INF/views/affairs/details.jsp"
YICHUN = REAL / "gov-portal-yichun/统计局"


def _html(path: Path) -> str:
    text, _ = decode_html(path.read_bytes(), None)
    if path.suffix == ".jsp":
        text = "\n".join(line for line in text.splitlines() if not line.startswith("<%"))
    return text


def _fields(path: Path) -> dict[str, str]:
    root = _parse(_html(path))
    return read_fields(_visible(root.find("body")).raw)


@real
def test_handan_disclosure_platform_block():
    """<p><strong>索引号</strong>：…</p>; 成文日期 and 有效期 are commented out in the page: not shown, not read."""
    fields = _fields(HANDAN)
    assert fields == {"索引号": "000014348/2020-35147", "发文机关": "邯郸市教育局",
                      "标题": "邯郸市教育局关于印发《全市教育系统安全专项整治三年行动实施方案》的通知",
                      "发文字号": "无", "主题分类": "教育", "发布日期": "2020年08月02日"}
    # 文号 printed as 无 and no 有效性: a platform bulletin, not a policy document (no POL-META)
    assert extract_page(_html(HANDAN), "http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/t.html").document is None


@real
@pytest.mark.parametrize("path, expected", [
    ("宜春市/2022/宜春市2022年国民经济和社会发展统计公报 _ 中国宜春.html",
     {"索引号": "014717475N/2023-0040295", "发文机关": "宜春市统计局", "成文日期": "2023-04-18"}),
    ("万载县/2022/万载县2022年国民经济和社会发展统计公报 _ 万载县人民政府.html",
     {"索引号": "014742224A/2023-0043406", "成文日期": "2023-05-11"}),
])
def test_hanweb_bulletins_carry_an_index_number_but_are_no_policy_documents(path, expected):
    """<dd><label>索　引　号：</label><div>…</div></dd> (spaces inside the label): read, but an 索引号 alone does
    not make a policy document."""
    assert _fields(YICHUN / path) == expected
    assert extract_page(_html(YICHUN / path), "http://www.yichun.gov.cn/a.html").document is None


@real
def test_trs_table_with_an_empty_number():
    """A 公示 in a TRS table (文　　号 printed empty): fields read, not a policy document."""
    path = REAL / "gov-articles/wmlct.zj.gov.cn/index.html"
    assert _fields(path) == {"索引号": "002482330/2020-10091", "发文机关": "省文化和旅游厅", "成文日期": "2020-12-29",
                             "发文字号": "", "发布日期": "2020-12-29 11:07"}
    assert extract_page(_html(path), "http://wlt.zj.gov.cn/a.html").document is None


@real
def test_no_real_article_becomes_a_policy_document():
    pages = sorted((REAL / "gov-articles").glob("*/index.html"))
    assert len(pages) == 28
    assert [p.parent.name for p in pages if extract_page(_html(p), "http://x.gov.cn/a.html").document] == []


GOV_CN = """<html><head><title>{title}_示范区人民政府</title></head><body><div class="nav"><a href="/">首页</a></div>
<table class="zw-table"><tr><td><b>索 引 号：</b></td><td>11370199/2024-00012</td><td><b>主题分类：</b></td><td>城乡建设</td></tr>
<tr><td><b>发文机关：</b></td><td>示范区人民政府</td><td><b>成文日期：</b></td><td>2024年03月01日</td></tr>
<tr><td><b>标　　题：</b></td><td>{title}</td></tr>
<tr><td><b>发文字号：</b></td><td>{number}</td><td><b>发布日期：</b></td><td>2024年03月05日</td></tr>
<tr><td><b>有 效 性：</b></td><td>{validity}</td><td><b>有 效 期：</b></td><td>{period}</td></tr></table>
<h1>{title}</h1><div class="info">发布时间：2024-03-05 09:00　来源：示范区人民政府</div>
<div class="content"><p>各镇（街道），区直各有关部门：</p><p>{body}</p></div>
<p>相关解读：<a href="/jd/1.html">《{title}》政策解读</a></p></body></html>"""


def test_gov_cn_table():
    html = GOV_CN.format(title="示范区物业服务管理办法", number="示政规[2024] 第1号", validity="有效", period="5年",
                         body="现将办法印发给你们，请认真贯彻执行。")
    doc = extract_page(html, "http://www.sfq.gov.cn/art/1.html").document
    assert doc.policy and not doc.interpretation and doc.title == "示范区物业服务管理办法"
    assert doc.fields["发文字号"] == "示政规[2024] 第1号" and normalise_number(doc.fields["发文字号"]) == "示政规〔2024〕1号"
    assert (doc.written, doc.published) == (dt.date(2024, 3, 1), dt.date(2024, 3, 5))
    assert doc.expires == dt.date(2029, 3, 1)          # 有效期 5年 from the 成文日期
    assert doc.fields["有效性"] == "有效" and doc.fields["索引号"] == "11370199/2024-00012"


def test_stated_end_of_validity():
    html = GOV_CN.format(title="示范区临时救助暂行办法", number="示政发〔2020〕2号", validity="有效",
                         period="2020年1月1日至2022年12月31日", body="现将办法印发给你们。")
    assert extract_page(html, "http://www.sfq.gov.cn/art/2.html").document.expires == dt.date(2022, 12, 31)


def test_interpretation_names_its_document():
    html = ('<html><head><title>《示范区物业服务管理办法》政策解读</title></head><body>'
            '<h1>《示范区物业服务管理办法》政策解读</h1><div class="info">发布时间：2024-03-06 10:00　来源：示范区住建局</div>'
            '<p>一、起草背景。区政府印发了《示范区物业服务管理办法》（示政规〔2024〕1号）。</p>'
            '<p>相关文件：<a href="/art/1.html">示范区物业服务管理办法</a></p></body></html>')
    doc = extract_page(html, "http://www.sfq.gov.cn/jd/1.html").document
    assert doc.interpretation and not doc.policy
    assert doc.refers == ["示范区物业服务管理办法", "示政规〔2024〕1号"]
    assert doc.published == dt.date(2024, 3, 6)


def test_repeal_announcement_lists_numbers_under_their_heading():
    body = ("<p>经清理，区政府决定废止和修改下列文件。</p><p>一、决定废止的文件</p>"
            "<p>1.《示范区户外广告设置管理办法》（示政发〔2020〕3号）</p><p>2.《示范区夜市管理办法》（示政发[2019]12号）</p>"
            "<p>二、决定修改的文件</p><p>1.《示范区停车场管理办法》（示政发〔2021〕6号）</p>"
            "<p>另，《示范区绿化管理办法》（示政发〔2016〕1号）宣布失效。</p>")
    html = GOV_CN.format(title="示范区人民政府关于废止和修改部分政策文件的决定", number="示政发〔2024〕8号",
                         validity="有效", period="", body=body)
    doc = extract_page(html, "http://www.sfq.gov.cn/art/3.html").document
    assert doc.announces == [("示政发〔2020〕3号", "废止"), ("示政发〔2019〕12号", "废止"), ("示政发〔2021〕6号", "修改"),
                             ("示政发〔2016〕1号", "失效")]      # its own 文号 is not among them


def test_ordinary_article_quoting_a_number_is_no_document():
    html = ('<html><head><title>示范区召开安全生产工作会议</title></head><body><h1>示范区召开安全生产工作会议</h1>'
            '<p>发布时间：2024-06-01</p><p>会议传达了《关于加强安全生产工作的通知》（示政发〔2024〕3号）精神，'
            '文号、有效性等要素请见原文。</p></body></html>')
    assert extract_page(html, "http://www.sfq.gov.cn/art/4.html").document is None


def test_document_survives_the_store(tmp_path):
    html = GOV_CN.format(title="示范区物业服务管理办法", number="示政规〔2024〕1号", validity="有效", period="",
                         body="现将办法印发给你们。")
    page = extract_page(html, "http://www.sfq.gov.cn/art/1.html")
    store = Store(tmp_path / "s.sqlite")
    crawl = store.begin_crawl()
    store.add_fetches(crawl, [Fetch("portal", "http://www.sfq.gov.cn/art/1.html", status=200, page=page)])
    [fetch] = store.snapshot(crawl).fetches()
    assert fetch.page.document == page.document
    store.close()


def test_page_in_a_policy_column_is_a_document_without_any_block():
    """rules.md: a page in a 政策文件 / 规范性文件 column is a policy document page, block or not."""
    html = ('<html><head><title>示范区测试办法</title><meta name="ColumnName" content="规范性文件">'
            '<meta name="ArticleTitle" content="示范区测试办法"></head><body><h1>示范区测试办法</h1>'
            '<p>发布时间：2024-06-01</p><p>第一条 为规范管理，制定本办法。</p></body></html>')
    doc = extract_page(html, "http://www.sfq.gov.cn/art/5.html").document
    assert doc.policy and doc.fields == {} and doc.published == dt.date(2024, 6, 1)


def test_pages_stored_before_documents_were_read_still_load():
    old = json.loads(zlib.decompress(_encode_page(PageData(title="旧"))))
    del old["document"]
    assert _decode_page(zlib.compress(json.dumps(old).encode())) == PageData(title="旧")
