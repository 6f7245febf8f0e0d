"""Extraction of message boards, message pages, guides and forms (crawler/interaction.py), and their storage."""
from __future__ import annotations

import datetime as dt
import json
import zlib

from crawler.extract import extract_page
from crawler.snapshot import Message, PageData, _decode_page, _encode_page

D = dt.date
NAV = '<div class="nav"><a href="/">首页</a><a href="/ly/">领导信箱</a></div>'
FOOTER = '<div class="footer">主办单位：示范区测试局 网站标识码：3701990001</div>'


def read(body: str, title: str = "留言选登_示范区测试网", url: str = "http://www.test.gov.cn/ly/") -> PageData:
    return extract_page(f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>{NAV}'
                        f'<div class="main">{body}</div>{FOOTER}</body></html>', url)


def rows(data: PageData) -> list[tuple]:
    return [(m.title, m.url.rsplit("/", 1)[-1], m.left, m.answered, m.status) for m in data.messages]


def test_table_with_left_and_reply_columns():
    data = read('<table class="list"><tr><th>标题</th><th>留言时间</th><th>回复时间</th></tr>'
                '<tr><td><a href="/ly/1.html">关于小区停车难的问题</a></td><td>2024-05-06</td><td>2024-05-08</td></tr>'
                '<tr><td><a href="/ly/2.html">咨询学校招生政策</a></td><td>2024-02-01</td><td></td></tr>'
                '<tr><td><a href="/ly/3.html">道路破损何时修复</a></td><td>2024-06-03</td><td>未回复</td></tr>'
                '<tr><td colspan="3"><a href="/ly/index_1.html">下一页</a></td></tr></table>')
    assert rows(data) == [("关于小区停车难的问题", "1.html", D(2024, 5, 6), D(2024, 5, 8), ""),
                          ("咨询学校招生政策", "2.html", D(2024, 2, 1), None, ""),
                          ("道路破损何时修复", "3.html", D(2024, 6, 3), None, "未回复")]


def test_list_rows_with_a_status_or_labelled_dates():
    data = read('<ul class="xx"><li><a href="/zx/1.html" title="关于社保缴费基数的咨询">关于社保缴费基数的...</a>'
                '<span class="zt">已回复</span><span>2024-05-06</span></li>'
                '<li><a href="/zx/2.html">新生入学需要哪些材料</a><span class="zt">[未回复]</span><span>2024-06-20</span></li>'
                '<li><a href="/zx/3.html">小区噪音扰民问题</a><span>留言时间：2024-04-01</span>'
                '<span>回复时间：2024-04-12</span></li></ul>')
    assert rows(data) == [("关于社保缴费基数的咨询", "1.html", D(2024, 5, 6), None, "已回复"),
                          ("新生入学需要哪些材料", "2.html", D(2024, 6, 20), None, "未回复"),
                          ("小区噪音扰民问题", "3.html", D(2024, 4, 1), D(2024, 4, 12), "")]


def test_header_of_spans_above_a_list_of_rows():
    data = read('<div class="hd"><span>信件标题</span><span>来信时间</span><span>办理状态</span></div><ul>'
                '<li><span><a href="/x/1.html">供暖费退费问题</a></span><span>2024年3月5日</span><span>已办结</span></li>'
                '<li><span><a href="/x/2.html">公交线路调整建议</a></span><span>2024年6月5日</span><span>办理中</span></li></ul>')
    assert rows(data) == [("供暖费退费问题", "1.html", D(2024, 3, 5), None, "已办结"),
                          ("公交线路调整建议", "2.html", D(2024, 6, 5), None, "办理中")]


def test_message_page_reply_labelled_or_under_the_answer():
    page = ('<h1>示范区测试网</h1><h1>关于小区停车难的问题</h1><p>留言时间：2024-05-06 10:20</p><p>留言内容：小区停车位不足。</p>'
            '<p>答复单位：示范区住房和城乡建设局</p><p>答复内容：我局将于2024年9月前完成改造。</p><p>{end}</p>')
    under = read(page.format(end="2024-05-13"), "关于小区停车难的问题_示范区测试网", "http://www.test.gov.cn/ly/1.html")
    assert under.messages == [] and under.message == Message("关于小区停车难的问题", None, D(2024, 5, 6), D(2024, 5, 13))
    labelled = read(page.format(end="回复时间：2024年05月14日"), "信件详情", "http://www.test.gov.cn/ly/1.html")
    assert labelled.message.answered == D(2024, 5, 14)
    waiting = read("<h1>道路破损何时修复</h1><p>留言时间：2024-06-03</p><p>回复内容：暂未回复</p>", "道路破损何时修复_示范区")
    assert (waiting.message.answered, waiting.message.status) == (None, "暂未回复")


def test_articles_mentioning_replies_hold_no_messages():
    data = read('<h1>区政府召开会议</h1><p>发布时间：2024-06-01</p><p>会议指出，相关问题已处理完毕，群众咨询已答复。'
                '详见<a href="/x.html">会议纪要</a>。</p><ul class="list"><li><a href="/a/1.html">关于已回复事项的通报</a>'
                '<span>2024-05-30</span></li></ul>', "区政府召开会议_示范区")
    assert (data.messages, data.message, data.guide, data.form_fields) == ([], None, False, 0)


def test_forms_count_their_fields_not_the_search_box():
    data = read('<form action="/search"><input name="q"><input type="submit"></form><p>依申请公开</p>'
                '<form action="/ysq/"><input name="n"><input type="tel" name="t"><input type="hidden" name="h">'
                '<textarea name="c"></textarea><select name="w"><option>邮寄</option></select></form>')
    assert data.form_fields == 4


def test_stored_rows_round_trip_and_old_rows_decode():
    page = PageData(title="留言", messages=[Message("咨询", "http://a.gov.cn/1.html", D(2024, 5, 6), None, "未回复")],
                    message=Message("咨询", None, D(2024, 5, 6), D(2024, 5, 8)), guide=True,
                    guide_elements=["事项名称"], form_fields=3)
    assert _decode_page(_encode_page(page)) == page
    old = json.loads(zlib.decompress(_encode_page(PageData(title="旧"))))
    for key in ("messages", "message", "guide", "guide_elements", "form_fields"):
        del old[key]
    assert _decode_page(zlib.compress(json.dumps(old).encode())) == PageData(title="旧")
