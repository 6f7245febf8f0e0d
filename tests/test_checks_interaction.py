"""INT checks on crawled fixture boards (inspection date 2024-06-30): three CMS layouts, excluded channels, a
department using a shared board, and working days across a holiday and a 调休 Saturday."""
from __future__ import annotations

import datetime as dt

import pytest
import yaml

from checks._calendar import WorkCalendar
from config.schema import PROJECT_ROOT
from tests.sitekit import audit_sites, home, page

REPLY = "您好，您反映的问题已转相关科室研究办理，感谢您对我们工作的关注和支持。"


def table_board(name: str, rows: list[tuple[str, str, str, str]]) -> str:
    """A table with 留言时间 and 回复时间 columns (an empty reply cell: not answered on the list)."""
    trs = "".join(f'<tr><td><a href="{href}">{title}</a></td><td>{left}</td><td>{reply}</td></tr>'
                  for title, href, left, reply in rows)
    return page(f"{name}_示范区测试网", f'<h2>{name}</h2><table class="list"><tr><th>标题</th><th>留言时间</th>'
                                      f'<th>回复时间</th></tr>{trs}</table>')


def status_board(name: str, rows: list[tuple[str, str, str, str]]) -> str:
    """A <ul> list whose rows print a status (已回复/未回复) and the date the message was left."""
    lis = "".join(f'<li><a href="{href}">{title}</a><span class="zt">{status}</span><span>{left}</span></li>'
                  for title, href, status, left in rows)
    return page(f"{name}_示范区测试网", f'<h2>{name}</h2><ul class="xjlist">{lis}</ul>')


def plain_board(name: str, rows: list[tuple[str, str, str]]) -> str:
    """A list showing titles and 留言时间 only: the reply is on the message page."""
    lis = "".join(f'<li><a href="{href}">{title}</a><span>{left}</span></li>' for title, href, left in rows)
    return page(f"{name}_示范区测试网", f'<h2>{name}</h2><div class="lb"><div class="hd"><span>信件标题</span>'
                                      f'<span>留言时间</span></div><ul>{lis}</ul></div>')


def message(title: str, left: str, answered: str | None = None, labelled: bool = True) -> str:
    if answered is None:
        reply = "<p>回复内容：暂未回复</p>"
    elif labelled:
        reply = f"<p>答复单位：示范区测试局</p><p>答复时间：{answered}</p><p>答复内容：{REPLY}</p>"
    else:       # the reply's date under its text, no label
        reply = f"<p>答复内容：{REPLY}</p><p>示范区测试局</p><p>{answered}</p>"
    return page(f"{title}_示范区测试网", f"<h1>{title}</h1><p>留言时间：{left}</p><p>留言内容：请问{title}？</p>{reply}")


def site(links: dict[str, str], boards: dict[str, str], messages: dict[str, str]) -> dict[str, str]:
    entry = "".join(f'<li><a href="{href}">{text}</a></li>' for text, href in links.items())
    files = {"/": home({"工作动态": [("示范区召开工作会议", "/art/1.html", "2024-06-28")]},
                       extra=f'<ul class="hdjl">{entry}</ul>'),
             "/art/1.html": page("示范区召开工作会议", "<h1>示范区召开工作会议</h1><p>发布时间：2024-06-28</p>")}
    return files | boards | messages


SITES = {
    # table layout: one message unanswered for more than 3 months, one answered after 3 months, one slow (6
    # working days counting the 调休 Saturday 2024-05-11), one answered on the 5th working day across 端午节
    # (2024-06-10), one unanswered but older than the 365-day window
    "table": site({"局长信箱": "/hdjl/jzxx/"}, {"/hdjl/jzxx/": table_board("局长信箱", [
        ("咨询学校招生政策", "/hdjl/1.html", "2024-02-01", ""),
        ("关于小区停车难的问题", "/hdjl/2.html", "2024-01-10", "2024-04-20"),
        ("道路破损何时修复", "/hdjl/3.html", "2024-05-06", "2024-05-13"),
        ("关于社区养老服务的建议", "/hdjl/4.html", "2024-06-07", "2024-06-17"),
        ("公交站牌设置问题", "/hdjl/5.html", "2023-05-01", "未回复")])},
        {"/hdjl/1.html": message("咨询学校招生政策", "2024-02-01"),
         "/hdjl/2.html": message("关于小区停车难的问题", "2024-01-10", "2024-04-20"),
         "/hdjl/3.html": message("道路破损何时修复", "2024-05-06", "2024-05-13"),
         "/hdjl/4.html": message("关于社区养老服务的建议", "2024-06-07", "2024-06-17"),
         "/hdjl/5.html": message("公交站牌设置问题", "2023-05-01")}),
    # status layout, healthy: a recent open message within the limit; an excluded 网上信访 board whose old open
    # message is not judged
    "status": site({"政务咨询": "/zxts/", "网上信访": "/xf/"}, {
        "/zxts/": status_board("政务咨询", [("关于社保缴费基数的咨询", "/zxts/1.html", "已回复", "2024-06-03"),
                                         ("新生入学需要哪些材料", "/zxts/2.html", "未回复", "2024-06-27"),
                                         ("办理居住证需要什么手续", "/zxts/3.html", "已回复", "2024-05-20")]),
        "/xf/": status_board("网上信访", [("反映拆迁补偿问题", "/xf/1.html", "未回复", "2024-01-05"),
                                       ("反映物业管理问题", "/xf/2.html", "已回复", "2024-05-05")])},
        {"/zxts/1.html": message("关于社保缴费基数的咨询", "2024-06-03", "2024-06-05"),
         "/zxts/2.html": message("新生入学需要哪些材料", "2024-06-27"),
         "/zxts/3.html": message("办理居住证需要什么手续", "2024-05-20", "2024-05-22"),
         "/xf/1.html": message("反映拆迁补偿问题", "2024-01-05"),
         "/xf/2.html": message("反映物业管理问题", "2024-05-05", "2024-05-08")}),
    # the list shows no reply: the message pages do (a date under the answer); one answered 10 working days later
    "detail": site({"区长信箱": "/qzxx/"}, {"/qzxx/": plain_board("区长信箱", [
        ("关于增设公共厕所的建议", "/qzxx/1.html", "2024-06-03"),
        ("关于夜间施工噪音的投诉", "/qzxx/2.html", "2024-05-27"),
        ("关于老旧小区加装电梯的咨询", "/qzxx/3.html", "2024-06-17")])},
        {"/qzxx/1.html": message("关于增设公共厕所的建议", "2024-06-03", "2024-06-18", labelled=False),
         "/qzxx/2.html": message("关于夜间施工噪音的投诉", "2024-05-27", "2024-05-29", labelled=False),
         "/qzxx/3.html": message("关于老旧小区加装电梯的咨询", "2024-06-17", "2024-06-19", labelled=False)}),
    # messages received in the last 3 months, none published with an answer
    "unpublished": site({"书记信箱": "/sjxx/"}, {"/sjxx/": status_board("书记信箱", [
        ("关于完善社区文体设施的建议", "/sjxx/1.html", "已办结", "2024-06-12"),
        ("关于规范早市摊点的建议", "/sjxx/2.html", "已办结", "2024-05-02")])}, {
        "/sjxx/1.html": page("信件详情", "<h1>关于完善社区文体设施的建议</h1><p>办理状态：已办结</p>"),
        "/sjxx/2.html": page("信件详情", "<h1>关于规范早市摊点的建议</h1><p>办理状态：已办结</p>")}),
    # only channels that do not count, and a 领导信箱 link that fails
    "nochannel": site({"网上信访": "/xf/", "在线访谈": "/ft/", "纪检举报": "/jb/", "领导信箱": "/gone/"}, {
        "/xf/": page("网上信访_示范区测试网", "<h2>网上信访</h2><p>请登录省网上信访信息系统提交信访事项。</p>"),
        "/ft/": page("在线访谈_示范区测试网", "<h2>在线访谈</h2><p>本期访谈嘉宾：示范区测试局负责人。</p>"),
        "/jb/": page("纪检举报_示范区测试网", "<h2>纪检举报</h2><p>举报电话：0531-12388。</p>")}, {}),
    # a department sending people to the government's shared 部门信箱
    "shared": site({"部门信箱": "http://www.table.gov.cn/hdjl/jzxx/"}, {}, {}),
}
HOSTS = {sid: f"www.{sid}.gov.cn" for sid in SITES}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    sites = {sid: {"url": f"http://{HOSTS[sid]}/"} for sid in SITES}
    files = {HOSTS[sid]: {p: c.replace("http://www.table.gov.cn/", "http://www.table.gov.cn:{port}/")
                          for p, c in pages.items()} for sid, pages in SITES.items()}
    return audit_sites(tmp_path_factory.mktemp("int"), sites, files)


def found(result, site: str) -> list[tuple[str, str]]:
    return sorted((f.rule, f.evidence.get("title", "")) for f in result.of(site) if f.rule.startswith("INT"))


def test_table_layout_unanswered_late_and_slow(result):
    assert found(result, "table") == [("INT-SLOW", "道路破损何时修复"), ("INT-UNANSWERED", "关于小区停车难的问题"),
                                      ("INT-UNANSWERED", "咨询学校招生政策")]
    by_title = {f.evidence["title"]: f for f in result.of("table") if f.rule.startswith("INT")}
    unanswered = by_title["咨询学校招生政策"]
    assert unanswered.level == "veto" and unanswered.evidence["answered"] == "未回复"
    assert unanswered.evidence["left"] == dt.date(2024, 2, 1)
    assert unanswered.url.endswith("/hdjl/1.html") and "未回复" in unanswered.message
    slow = by_title["道路破损何时修复"]
    assert slow.evidence["working_days"] == 6 and slow.points == 0.5
    assert slow.evidence["answered"] == dt.date(2024, 5, 13)


def test_status_layout_and_excluded_channels(result):
    assert found(result, "status") == []


def test_reply_read_on_the_message_page(result):
    assert found(result, "detail") == [("INT-SLOW", "关于增设公共厕所的建议")]
    [slow] = result.of("detail", "INT-SLOW")
    assert slow.evidence["answered"] == dt.date(2024, 6, 18) and slow.evidence["working_days"] == 10


def test_unpublished_answers(result):
    [warn] = [f for f in result.of("unpublished") if f.rule.startswith("INT")]
    assert (warn.rule, warn.level, warn.evidence["received"]) == ("INT-UNPUBLISHED", "warn", 2)


def test_no_counted_working_channel(result):
    [veto] = result.of("nochannel", "INT-NO-CHANNEL")
    seen = " ".join(veto.evidence["channels_seen"])
    assert "网上信访" in seen and "在线访谈" in seen and "纪检举报" in seen and "无法访问" in seen
    for sid in ("table", "status", "detail", "unpublished", "shared"):
        assert not result.of(sid, "INT-NO-CHANNEL"), sid


def test_message_rows_are_stored_in_the_snapshot(result):
    snapshot = result.snapshot()
    board = next(f for f in snapshot.pages("detail") if f.url.endswith("/qzxx/"))
    assert [m.title for m in board.page.messages][:1] == ["关于增设公共厕所的建议"]
    own = next(f for f in snapshot.pages("detail") if f.url.endswith("/qzxx/1.html"))
    assert (own.page.message.left, own.page.message.answered) == (dt.date(2024, 6, 3), dt.date(2024, 6, 18))


@pytest.fixture(scope="module")
def calendar():
    return WorkCalendar.from_config(yaml.safe_load((PROJECT_ROOT / "config/dictionaries/holidays.yaml").read_text()))


def test_working_days_across_a_holiday_and_a_working_saturday(calendar):
    d = dt.date
    assert calendar.working_days_after(d(2024, 6, 7), d(2024, 6, 17)) == 5      # 端午节 Monday 6-10 is off
    assert calendar.working_days_after(d(2024, 5, 6), d(2024, 5, 13)) == 6      # Saturday 5-11 is worked
    assert calendar.working_days_after(d(2024, 2, 8), d(2024, 2, 19)) == 3      # 春节 2-10..17, Sunday 2-18 worked
    assert calendar.working_days_after(d(2025, 1, 24), d(2025, 2, 5)) == 3      # Sunday 1-26 worked, 除夕 off
    assert not calendar.is_working(d(2023, 6, 23)) and calendar.is_working(d(2023, 6, 25))
    assert calendar.basis(d(2024, 5, 6), d(2024, 5, 13)).startswith("按国务院办公厅")
    assert "2026年" in calendar.basis(d(2025, 12, 29), d(2026, 1, 5))
