"""Extraction on small hand-written pages: each case is one thing a check relies on, including what must NOT be
found (a menu is no list, a body phone number is no contact, a footer written by JavaScript shows no ids)."""
from __future__ import annotations

import datetime as dt

import pytest

from crawler.dates import place_month_day, standalone_month_day, url_year_month
from crawler.extract import decode_html, extract_page

URL = "http://www.test.gov.cn/col/gzdt/index.html"
FOOTER = ('<div class="footer"><p>主办单位：示范区测试局　承办：示范区大数据中心</p>'
          '<p>网站标识码：3701990001　<a href="https://beian.miit.gov.cn/">鲁ICP备05012345号-1</a>　'
          '<a href="http://www.beian.gov.cn/">鲁公网安备 37019902000101号</a></p></div>')
NAV = ('<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/col/gzdt/">工作动态</a></li>'
       '<li><a href="/col/tzgg/">通知公告</a></li><li><a href="/col/zcwj/">政策文件</a></li></ul></div>')


def page(body: str, head: str = "", foot: str = FOOTER, title: str = "工作动态_示范区测试网") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
            f'<body>{NAV}<div class="main">{body}</div>{foot}</body></html>')


def dated_list(*dates: str, css: str = "list", path: str = "/art/") -> str:
    rows = "".join(f'<li><a href="{path}{i}.html">示范区工作信息第{i}期</a><span>{d}</span></li>'
                   for i, d in enumerate(dates))
    return f'<ul class="{css}">{rows}</ul>'


def tags(**values: str) -> str:
    return "".join(f'<meta name="{k}" content="{v}">' for k, v in values.items())


# --- decoding -------------------------------------------------------------------------------------

CHINESE = "<html><head><title>示范区人民政府</title></head><body><p>网站标识码：3701990001 主办单位：示范区办公室</p></body></html>"


def test_gbk_page_without_any_declaration_is_read_as_chinese():
    text, encoding = decode_html(CHINESE.encode("gbk"), "text/html")
    assert encoding == "gb18030"
    assert "示范区人民政府" in text and "主办单位：示范区办公室" in text


def test_gbk_page_declared_in_meta():
    body = CHINESE.replace("<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    text, encoding = decode_html(body.encode("gbk"), None)
    assert encoding == "gb18030" and "示范区人民政府" in text


def test_utf8_bom_wins_over_a_wrong_meta():
    body = CHINESE.replace("<head>", '<head><meta charset="gbk">')
    text, encoding = decode_html(b"\xef\xbb\xbf" + body.encode("utf-8"), None)
    assert encoding == "utf-8" and text.startswith("<html>") and "示范区人民政府" in text


def test_header_charset_wins_over_meta():
    # UTF-8 bytes read as GBK give valid but wrong text, so only the header can have made this right
    text, encoding = decode_html(CHINESE.replace("<head>", '<head><meta charset="gbk">').encode("utf-8"),
                                 "text/html; charset=utf-8")
    assert encoding == "utf-8" and "示范区人民政府" in text
    body = CHINESE.replace("<head>", '<head><meta charset="utf-8">')
    text, encoding = decode_html(body.encode("gbk"), "text/html; charset=GBK")
    assert encoding == "gb18030" and "示范区人民政府" in text


def test_gbk_page_labelled_utf8_is_still_read_as_chinese():
    body = CHINESE.replace("<head>", '<head><meta charset="utf-8">')
    text, encoding = decode_html(body.encode("gbk"), None)
    assert encoding == "gb18030" and "示范区人民政府" in text


def test_undeclared_latin_page_falls_back_to_cp1252():
    text, encoding = decode_html("<p>café au lait</p>".encode("cp1252"), None)
    assert encoding == "cp1252" and "café" in text


# --- dates ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("printed", ["2024-05-06", "2024/05/06", "2024.05.06", "2024-5-6", "2024年5月6日",
                                     "2024年05月06日", "[2024-05-06]", "（2024-05-06）", "2024-05-06 10:30"])
def test_full_date_formats(printed):
    data = extract_page(page(dated_list(printed, printed, printed)), URL)
    assert data.kind == "list"
    assert [i.date for i in data.list_items] == [dt.date(2024, 5, 6)] * 3
    assert data.list_items[0].date_text.startswith("2024")


@pytest.mark.parametrize("printed, expected", [("05-06", "05-06"), ("[05-06]", "05-06"), ("05/06", "05/06"),
                                               ("5月6日", "5月6日"), ("【5-6】", "5-6")])
def test_month_day_formats_take_the_year_from_the_page(printed, expected):
    body = '<div class="today">今天是2024年06月30日</div>' + dated_list(printed, printed, printed)
    data = extract_page(page(body), URL)
    assert [i.date for i in data.list_items] == [dt.date(2024, 5, 6)] * 3
    assert data.list_items[0].date_text == expected


def test_month_day_year_from_a_year_heading():
    data = extract_page(page("<h3>2022年</h3>" + dated_list("12-30", "11-02", "03-15")), URL)
    assert [i.date for i in data.list_items] == [dt.date(2022, 12, 30), dt.date(2022, 11, 2), dt.date(2022, 3, 15)]


@pytest.mark.parametrize("url", ["http://www.test.gov.cn/2021/06/index.html",
                                 "http://www.test.gov.cn/art/2021/6/t20210605_1.html"])
def test_month_day_year_from_the_page_url(url):
    data = extract_page(page(dated_list("06-05", "06-01", "05-20")), url)
    assert data.list_items[0].date == dt.date(2021, 6, 5)


def test_month_day_year_from_the_item_link_when_its_month_matches():
    rows = ('<li><a href="/zwyw/202310/a.shtml">市政府召开常务会议</a><span>10-11</span></li>'
            '<li><a href="/zwyw/202309/b.shtml">市政协召开常委会议</a><span>09-30</span></li>'
            '<li><a href="/zwyw/c.shtml">全市经济普查工作推进</a><span>09-28</span></li>')
    data = extract_page(page(f'<ul class="list">{rows}</ul>'), URL, fetched=dt.date(2024, 7, 1))
    assert [i.date for i in data.list_items] == [dt.date(2023, 10, 11), dt.date(2023, 9, 30), dt.date(2023, 9, 28)]


def test_month_day_without_context_is_the_latest_date_not_after_the_fetch():
    data = extract_page(page(dated_list("01-03", "12-28", "12-20")), URL, fetched=dt.date(2024, 1, 5))
    assert [i.date for i in data.list_items] == [dt.date(2024, 1, 3), dt.date(2023, 12, 28), dt.date(2023, 12, 20)]


def test_month_day_without_any_year_is_undated():
    data = extract_page(page(dated_list("05-06", "05-05", "05-04")), URL)
    assert [i.date for i in data.list_items] == [None, None, None]
    assert data.list_undated == 3 and all(i.date_text for i in data.list_items)


def test_context_year_never_puts_a_date_after_the_fetch():
    body = '<p class="note">活动将持续至2025年3月1日</p>' + dated_list("12-20", "06-01", "05-30")
    data = extract_page(page(body), URL, fetched=dt.date(2024, 12, 31))
    assert [i.date for i in data.list_items] == [dt.date(2024, 12, 20), dt.date(2024, 6, 1), dt.date(2024, 5, 30)]


def test_date_helpers():
    assert standalone_month_day(" [05-06] ") == (5, 6)
    assert standalone_month_day("第05-06期") is None
    assert url_year_month("/xxgk/202406/t20240605_1.html") == (2024, 6)
    assert url_year_month("/art/t20240605_1.html") == (2024, 6)
    assert url_year_month("/art/123.html") is None
    assert place_month_day(2, 29, 2023, dt.date(2024, 3, 1)) == dt.date(2024, 2, 29)
    assert place_month_day(5, 6, None, None) is None


def test_a_date_inside_the_title_words_is_no_list_date():
    rows = "".join(f'<li><a href="/art/{i}.html">关于2024年5月{i + 1}日停电的通知</a></li>' for i in range(4))
    data = extract_page(page(f'<ul class="list">{rows}</ul>'), URL)
    assert data.kind == "list" and data.list_undated == 4
    assert all(i.date is None for i in data.list_items)


def test_index_numbers_and_digit_runs_are_no_dates():
    rows = "".join(f'<tr><td><a href="/art/{i}.html">示范区政策文件第{i}号</a></td><td>000014348/2020-35428</td>'
                   f'<td>2020-08-0{i + 1}</td></tr>' for i in range(3))
    data = extract_page(page(f'<table class="list"><tbody>{rows}</tbody></table>'), URL)
    assert [i.date for i in data.list_items] == [dt.date(2020, 8, 1), dt.date(2020, 8, 2), dt.date(2020, 8, 3)]


# --- lists ----------------------------------------------------------------------------------------

def test_list_page_items_titles_urls_and_undated_count():
    rows = ('<li><a href="/art/1.html" title="示范区召开安全生产工作会议并部署下一阶段重点任务">示范区召开安全生产工作会议…</a>'
            '<span>2024-06-20</span></li>'
            '<li><a href="/art/2.html">示范区开展防汛应急演练活动</a><span>2024-06-18</span></li>'
            '<li><a href="/art/3.html">示范区举办政务公开培训班</a></li>'
            '<li><a href="javascript:void(0)">示范区发布重要通知公告</a><span>2024-06-10</span></li>')
    data = extract_page(page(f'<ul class="list">{rows}</ul>', head=tags(ColumnName="工作动态")), URL)
    assert data.kind == "list" and data.column_name == "工作动态"
    first = data.list_items[0]
    assert first.title == "示范区召开安全生产工作会议并部署下一阶段重点任务"
    assert first.url == "http://www.test.gov.cn/art/1.html" and first.date_text == "2024-06-20"
    assert [i.url is None for i in data.list_items] == [False, False, False, True]   # page order
    assert data.list_undated == 1
    assert [i.title for i in data.list_items if i.date is None] == ["示范区举办政务公开培训班"]


def test_column_without_dates_is_a_list_of_undated_items():
    rows = "".join(f'<li><a href="/art/{i}.html">示范区政策解读材料第{i}篇</a></li>' for i in range(5))
    data = extract_page(page(f'<ul class="news-list">{rows}</ul>'), URL)
    assert data.kind == "list" and data.list_undated == 5 and len(data.list_items) == 5


def test_empty_column_with_marker():
    head = tags(ColumnName="通知公告", ColumnType="通知公告")
    data = extract_page(page('<div class="list"><p>暂无信息</p></div>', head=head), URL)
    assert data.kind == "list" and data.empty_marker and data.list_items == []
    data = extract_page(page('<div class="list"><p>暂无数据</p></div>'), URL)   # no tags: the marker says list
    assert data.kind == "list" and data.empty_marker


def test_marker_beside_a_filled_list_is_no_empty_column():
    body = dated_list("2024-06-20", "2024-06-19", "2024-06-18") + '<div class="side">热点：暂无数据</div>'
    data = extract_page(page(body), URL)
    assert data.kind == "list" and not data.empty_marker


def test_nav_menu_without_dates_is_not_a_list():
    menu = '<ul class="menu">' + "".join(f'<li><a href="/col/{i}/">栏目名称{i}号</a></li>' for i in range(8)) + "</ul>"
    plain = "<ul>" + "".join(f'<li><a href="/zt/{i}/">专题专栏{i}号</a></li>' for i in range(8)) + "</ul>"
    data = extract_page(page(menu + plain + "<p>网站介绍。</p>"), URL)
    assert data.kind == "other"
    assert data.list_items == [] and data.list_undated == 0


def test_homepage_collects_every_dated_block():
    headline = ('<div class="headline"><h4><a href="/top/1.html">示范区重大项目集中开工</a></h4>'
                '<p>摘要……<span>06-28</span></p></div>')
    blocks = "".join(f'<div class="block"><h3>{name}</h3>{dated_list(*dates, css="news", path=path)}</div>'
                     for name, path, dates in (("要闻", "/yw/", ["2024-06-01", "2024-05-30", "2024-05-29"]),
                                               ("通知公告", "/tzgg/", ["2024-06-25", "2024-06-20"]),
                                               ("政策文件", "/zcwj/", ["2024-03-01", "2024-02-01"]),
                                               ("重复", "/yw/", ["2024-06-01"])))
    data = extract_page(page(headline + blocks, title="示范区测试网"), "http://www.test.gov.cn/",
                        fetched=dt.date(2024, 6, 30))
    assert len(data.list_items) == 8       # 3 + 2 + 2 + the headline; the repeated link once
    assert max(i.date for i in data.list_items) == dt.date(2024, 6, 28)
    assert len({i.url for i in data.list_items}) == 8


def test_column_page_ignores_a_dated_sidebar():
    body = (dated_list("2023-01-05", "2023-01-04", "2023-01-03", "2023-01-02")
            + '<div class="side"><h3>最新信息</h3>'
            + '<ul class="hot"><li><a href="/x/1.html">最新发布的重要信息一</a><span>2024-06-29</span></li>'
            + '<li><a href="/x/2.html">最新发布的重要信息二</a><span>2024-06-28</span></li></ul></div>')
    data = extract_page(page(body, head=tags(ColumnName="工作动态")), URL)
    assert max(i.date for i in data.list_items) == dt.date(2023, 1, 5)


def test_article_pages_have_no_list():
    related = "".join(f'<li><a href="/art/{i}.html">相关阅读文章标题{i}</a><span>06-0{i + 1}</span></li>' for i in range(5))
    body = ('<h1>示范区召开专题会议</h1><div class="info">发布时间：2024-06-19 09:30</div><div class="content">'
            f'<p>正文内容。</p></div><ul class="related">{related}</ul>')
    data = extract_page(page(body, head=tags(ArticleTitle="示范区召开专题会议")), URL)
    assert data.kind == "article" and data.list_items == [] and data.visible_date == dt.date(2024, 6, 19)


# --- page tags ------------------------------------------------------------------------------------

def test_meta_names_are_canonical_and_empty_values_kept():
    head = ('<meta name="pubdate" content=" 2024-06-19 09:30 "><meta name="SITEIDCODE" content="3701990001">'
            '<meta name="columnname" content=""><meta name="others" content="页面生成时间">'
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            '<meta name="ContentSource" content=""><meta name="contentsource" content="示范区测试局">')
    meta = extract_page(page("<p>x</p>", head=head), URL).meta
    assert meta["PubDate"] == "2024-06-19 09:30" and meta["SiteIDCode"] == "3701990001"
    assert meta["ColumnName"] == "" and meta["others"] == "页面生成时间"
    assert meta["ContentSource"] == "示范区测试局"
    assert "Content-Type" not in meta


# --- footer ---------------------------------------------------------------------------------------

def test_footer_ids_and_sponsor():
    data = extract_page(page("<p>正文</p>"), URL)
    assert data.footer_ids == {"idcode": "3701990001", "icp": "鲁ICP备05012345号-1", "psb": "鲁公网安备37019902000101号",
                               "sponsor": "示范区测试局"}
    assert "鲁ICP备05012345号-1" in data.footer and "正文" not in data.footer
    assert "网站标识码" not in data.text and "首页" not in data.text and "正文" in data.text


@pytest.mark.parametrize("printed, key, value", [
    ("鲁ICP备 05038584号", "icp", "鲁ICP备05038584号"),
    ("粤ICP备2022017031号-1", "icp", "粤ICP备2022017031号-1"),
    ("蜀ICP备：19007388号", "icp", "蜀ICP备19007388号"),
    ("晋ICP备05003854", "icp", "晋ICP备05003854"),
    ("公网安备 44011202000021号", "psb", "公网安备44011202000021号"),
    ("京公网安备11040102700108号", "psb", "京公网安备11040102700108号"),
    ("桂公网安备 45010302001240", "psb", "桂公网安备45010302001240号"),
    ("公安机关备案号：36010802000157", "psb", "公网安备36010802000157号"),
    ("网站标识码 bm07000001", "idcode", "bm07000001"),
    ("网站标识码：３７０１９９０００１", "idcode", "3701990001"),
    ("主办：广州开发区管委会 广州市黄埔区人民政府承办：广州市黄埔区政务服务和数据管理局", "sponsor", "广州开发区管委会 广州市黄埔区人民政府"),
    ("主办单位：武汉市洪山区政府办公室 | 承办单位：洪山区大数据中心", "sponsor", "武汉市洪山区政府办公室"),
    ("主办：安溪县人民政府办公室 为确保最佳浏览效果请使用新版浏览器", "sponsor", "安溪县人民政府办公室"),
    ("中共青岛市委、青岛市人民政府主办", "sponsor", "中共青岛市委、青岛市人民政府"),
])
def test_footer_id_forms(printed, key, value):
    data = extract_page(page("<p>正文</p>", foot=f'<div class="copyright"><p>{printed}</p><p>版权所有</p></div>'), URL)
    assert data.footer_ids[key] == value


def test_no_footer_ids_gives_none():
    foot = '<div class="footer"><p>版权所有：示范区人民政府</p><a href="/about/">关于我们</a></div>'
    assert extract_page(page("<p>正文</p>", foot=foot), URL).footer_ids == {}


def test_footer_written_by_javascript_or_hidden_in_comments_and_tags_gives_nothing():
    foot = ('<div class="footer"><script>document.write("<p>网站标识码：3701990001 鲁ICP备05012345号 '
            '鲁公网安备37019902000101号 主办单位：示范区测试局 电话：0531-88990011</p>");</script>'
            '<!-- 网站标识码：3701990001 鲁ICP备05012345号 --></div>')
    data = extract_page(page("<p>正文</p>", head=tags(SiteIDCode="3701990001"), foot=foot), URL)
    assert data.footer_ids == {} and not data.badges["contact"]
    assert data.meta["SiteIDCode"] == "3701990001"


def test_footer_after_closing_html_is_read():
    assert extract_page(page("<p>正文</p>", foot="") + FOOTER, URL).footer_ids["idcode"] == "3701990001"


def test_footer_without_footer_name_is_found_around_its_numbers():
    foot = ('<div style="border-top:1px solid red"><p>主办：示范区测试局 地址：示范区人民路1号</p>'
            '<p>鲁ICP备05012345号 网站标识码：3701990001</p></div>')
    data = extract_page(page("<p>正文</p>", foot=foot), URL)
    assert data.footer_ids["sponsor"] == "示范区测试局" and data.badges["contact"]
    assert "人民路" in data.footer and "人民路" not in data.text


def test_desktop_and_mobile_footers_first_printed_wins():
    foot = (FOOTER + FOOTER.replace("footer", "m-footer").replace("鲁ICP备05012345号-1", "鲁ICP备05012345号-3"))
    assert extract_page(page("<p>正文</p>", foot=foot), URL).footer_ids["icp"] == "鲁ICP备05012345号-1"


def test_ids_outside_a_footer_are_read_from_the_visible_text():
    body = "<p>正文</p><table><tr><td>鲁ICP备05012345号 公网安备 37019902000101号</td></tr></table>"
    data = extract_page(page(body, foot="<div class='bottom'><p>版权所有</p></div>"), URL)
    assert data.footer_ids == {"icp": "鲁ICP备05012345号", "psb": "公网安备37019902000101号"}


# --- badges ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("markup", [
    '<script src="https://dcs.conac.cn/js/33/000/0000/40672234/CA330000000406722340001.js"></script>',
    "<span id='_ideConac'></span>",
    '<a href="https://bszs.conac.cn/sitename?method=show&id=1"><img src="/img/red.png"></a>',
    '<img src="/img/dzjg.png" alt="党政机关">',
])
def test_conac_badge(markup):
    assert extract_page(page("<p>正文</p>", foot=FOOTER.replace("</div>", markup + "</div>")), URL).badges["conac"]


@pytest.mark.parametrize("markup", [
    '<a href="/jiucuo/">我为政府网站找错</a>',
    '<a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=3701990001">纠错</a>',
    '<a href="https://pucha.kaipuyun.cn/exposure/jiucuo.html?site_code=3701990001"><img src="/a.png"></a>',
    "<script id='_jiucuo_' sitecode='3701990001' src='https://zfwzgl.www.gov.cn/exposure/jiucuo.js'></script>",
])
def test_errreport_badge(markup):
    assert extract_page(page("<p>正文</p>", foot=FOOTER.replace("</div>", markup + "</div>")), URL).badges["errreport"]


def test_no_badges_when_absent_or_only_written_by_script():
    foot = FOOTER.replace("</div>", "<script>document.write(\"<span id='_ideConac'></span>我为政府网站找错\")</script></div>")
    badges = extract_page(page("<p>正文</p>", foot=foot), URL).badges
    assert badges == {"conac": False, "errreport": False, "contact": False}


@pytest.mark.parametrize("line", ["联系电话：0531-88990011", "电话：0531-88990011", "政务服务热线：12345",
                                  "地址：示范区人民路1号", "技术支持：0531-88990011"])
def test_contact_in_footer(line):
    assert extract_page(page("<p>正文</p>", foot=FOOTER.replace("</div>", f"<p>{line}</p></div>")), URL).badges["contact"]


def test_phone_in_the_body_is_no_footer_contact():
    body = "<p>咨询电话：0531-88990011，地址：示范区人民路1号，热线12345。</p>"
    assert not extract_page(page(body), URL).badges["contact"]


# --- articles -------------------------------------------------------------------------------------

def article(info: str, head: str = "", title: str = "示范区召开安全生产工作会议") -> str:
    body = (f'<div class="position">当前位置：首页 &gt; 工作动态</div><h1>{title}</h1><div class="info">{info}</div>'
            '<div class="content"><p>' + "为进一步做好安全生产工作，示范区召开专题会议，研究部署下一阶段重点任务。" * 3
            + "</p></div>")
    return page(body, head=head, title=f"{title}_示范区测试网")


@pytest.mark.parametrize("info, expected", [
    ("发布时间：2024-06-19 09:30　来源：示范区测试局", dt.date(2024, 6, 19)),
    ("来源：示范区测试局 发布日期：2024年06月19日", dt.date(2024, 6, 19)),
    ("<span>日期：</span><span>2024-06-19</span>", dt.date(2024, 6, 19)),
    ("时间 : 2024/06/19 09:30", dt.date(2024, 6, 19)),
    ("来源：示范区测试局　2024-06-19 09:30", dt.date(2024, 6, 19)),       # info line without a label
    ("开始时间：2024-05-08　结束时间：2024-05-10", None),                    # an event's dates, not a publication date
    ("来源：示范区测试局", None),
])
def test_visible_publication_date(info, expected):
    data = extract_page(article(info, head=tags(ArticleTitle="示范区召开安全生产工作会议")), URL)
    assert data.kind == "article" and data.visible_date == expected


def test_visible_date_never_comes_from_tags_or_url():
    head = tags(ArticleTitle="示范区召开安全生产工作会议", PubDate="2024-06-19 09:30")
    data = extract_page(article("来源：示范区测试局", head=head), "http://www.test.gov.cn/art/2024/6/19/t20240619_1.html")
    assert data.visible_date is None


def test_article_without_tags_is_known_by_its_date_label():
    data = extract_page(article("发布时间：2024-06-19 来源：示范区测试局"), URL)
    assert data.kind == "article" and data.visible_date == dt.date(2024, 6, 19)


@pytest.mark.parametrize("info, expected", [
    ("来源：济南日报　发布时间：2024-06-19", "济南日报"),
    ("信息来源：示范区测试局发布日期：2024-06-19", "示范区测试局"),
    ("【来源： 综合自学习强国、川观新闻】 发布日期：2024-06-19", "综合自学习强国、川观新闻"),
    ("来源： 发布日期：2024-06-19", ""),
    ("发布日期：2024-06-19", ""),
])
def test_source_text(info, expected):
    assert extract_page(article(info, head=tags(ArticleTitle="示范区召开安全生产工作会议")), URL).source_text == expected


def test_footnote_source_is_not_the_article_source():
    html = article("发布日期：2024-06-19").replace("</p></div>", "</p><p>资料来源：国家统计局年度数据</p></div>", 1)
    assert extract_page(html, URL).source_text == ""


# --- column names, links, text, robustness --------------------------------------------------------

def test_column_name_from_breadcrumb_then_title():
    body = '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 通知公告</div>'
    assert extract_page(page(body + dated_list("2024-06-20", "2024-06-19", "2024-06-18")), URL).column_name == "通知公告"
    assert extract_page(page(dated_list("2024-06-20", "2024-06-19", "2024-06-18")), URL).column_name == "工作动态"


def test_links_are_absolute_unique_without_fragments_and_dead_schemes():
    head = ('<base href="http://static.test.gov.cn/site/"><link rel="stylesheet" href="css/a.css">'
            '<link rel="shortcut icon" href="/favicon.ico"><link rel="canonical" href="/x.html">')
    body = ('<a href="art/1.html#top">一号文件</a><a href="art/1.html">一号文件</a><a href="#main">跳转</a>'
            '<a href="javascript:void(0)">脚本</a><a href="mailto:a@test.gov.cn">邮件</a><a href="tel:12345">电话</a>'
            '<a href="">空</a><a href=" //cdn.test.gov.cn/b.pdf ">附件</a><img src="data:image/png;base64,AA">'
            '<img src="img/p.png" alt="  图片 说明 "><iframe src="https://map.test.gov.cn/"></iframe>'
            '<a href="/art/2.html"><img src="img/q.png" alt="图片链接"></a>')
    links = extract_page(page(body, head=head), URL).links
    by_url = {(l.url, l.tag): l for l in links}
    assert ("http://static.test.gov.cn/site/css/a.css", "link") in by_url
    assert ("http://static.test.gov.cn/favicon.ico", "link") in by_url
    assert not any(l.url.endswith("/x.html") for l in links)
    assert by_url[("http://static.test.gov.cn/site/art/1.html", "a")].text == "一号文件"
    assert sum(l.url == "http://static.test.gov.cn/site/art/1.html" for l in links) == 1
    assert ("http://cdn.test.gov.cn/b.pdf", "a") in by_url
    assert by_url[("http://static.test.gov.cn/site/img/p.png", "img")].text == "图片 说明"
    assert by_url[("http://static.test.gov.cn/art/2.html", "a")].text == "图片链接"
    assert ("https://map.test.gov.cn/", "iframe") in by_url
    assert not any(l.url.startswith(("javascript", "mailto", "tel", "data")) or "#" in l.url for l in links)


def test_link_regions():
    body = dated_list("2024-06-20", "2024-06-19", "2024-06-18") + '<a href="/about/x.html">正文链接</a>'
    region = {l.url.replace("http://www.test.gov.cn", ""): l.region for l in extract_page(page(body), URL).links}
    assert region["/col/tzgg/"] == "nav"
    assert region["/art/0.html"] == "list"
    assert region["/about/x.html"] == "body"
    assert region["https://beian.miit.gov.cn/"] == "footer"


def test_text_has_no_scripts_styles_nav_or_footer():
    body = "<style>.a{color:red}</style><script>var a='脚本文字';</script><noscript>请开启脚本</noscript><p>正文 内容</p>"
    data = extract_page(page(body), URL)
    assert data.text == "正文 内容"


def test_a_wrapper_named_like_a_menu_is_no_navigation():
    body = '<div class="menu_con"><h1>示范区召开会议</h1><p>' + "会议内容。" * 30 + "</p></div>"
    assert "会议内容" in extract_page(page(body), URL).text


@pytest.mark.parametrize("html", ["", "   ", "<p>片段</p>", "<html><head><title>无正文</title></head></html>",
                                  "<?xml version='1.0' encoding='utf-8'?><html><body><p>正文</p></body></html>"])
def test_odd_documents_do_not_fail(html):
    data = extract_page(html, URL)
    assert data.kind in ("other", "list", "article")
