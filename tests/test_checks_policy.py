"""POL checks on crawled fixture sites (inspection date 2024-06-30): policy documents in the gov.cn table layout,
their 解读 (working days across 端午节 2024-06-10), the office's policy register, a repeal announcement, and the
annual report of departments (due 31 January) and of the government (due 31 March)."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
import yaml
from openpyxl import Workbook

from config.policy_register import read_policy_register
from config.schema import PROJECT_ROOT, ConfigError
from tests.sitekit import article, audit_sites, column, home, page

SIX = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
       "五、存在的主要问题及改进情况", "六、其他需要报告的事项")


def doc_page(title: str, number: str, published: str, written: str | None = "", validity: str | None = "有效",
             period: str = "", index: str | None = "11370199/2024-00001", links: str = "") -> str:
    """A policy document with the gov.cn metadata table; None leaves a field out."""
    rows = [("索 引 号", index), ("发文机关", "示范区测试局"), ("成文日期", written if written != "" else published),
            ("标　　题", title), ("发文字号", number), ("发布日期", published), ("有 效 性", validity),
            ("有 效 期", period or None)]
    table = "".join(f"<tr><td><b>{k}：</b></td><td>{v}</td></tr>" for k, v in rows if v is not None)
    return page(f"{title}_示范区测试网", f'<table class="zw-table">{table}</table><h1>{title}</h1>'
                f'<div class="info">发布时间：{published} 09:00　来源：示范区测试局</div><div class="content">'
                f"<p>各有关单位：现将《{title}》印发给你们，请认真贯彻执行。</p>{links}</div>")


def interp_page(title: str, number: str, published: str, doc_url: str | None) -> str:
    link = f'<p>相关文件：<a href="{doc_url}">{title}</a></p>' if doc_url else ""
    return article(f"《{title}》政策解读", published,
                   f"<p>一、起草背景。区测试局制定了《{title}》（{number}）。</p><p>二、主要内容。明确了总体要求。</p>{link}")


def related(url: str, title: str) -> str:
    return f'<p>相关解读：<a href="{url}">《{title}》政策解读</a></p>'


def report(title: str, date: str, sections=SIX) -> str:
    return article(title, date, "".join(f"<p>{s}。本年度依法做好相关工作。</p>" for s in sections))


# (path, title, number, published, page): the documents of the 政策文件 column
DOCS = {
    "ok": ("/zc/1.html", "示范区测试物业管理办法", "示测规〔2024〕1号", "2024-06-06"),
    "late": ("/zc/2.html", "示范区测试养犬管理办法", "示测规〔2024〕2号", "2024-06-07"),
    "nointerp": ("/zc/3.html", "示范区测试噪声管理办法", "示测规〔2024〕3号", "2024-05-06"),
    "unlinked": ("/zc/4.html", "示范区测试排水管理办法", "示测规〔2023〕4号", "2023-10-09"),
    "meta": ("/zc/5.html", "示范区测试局关于做好汛期值班工作的通知", "示测发〔2024〕5号", "2024-06-03"),
    "expired": ("/zc/6.html", "示范区测试补贴办法", "示测发〔2019〕6号", "2019-01-02"),
    "trial": ("/zc/7.html", "示范区测试扶持暂行办法", "示测发〔2021〕7号", "2021-05-10"),
    "current": ("/zc/8.html", "示范区测试奖励办法", "示测发〔2021〕8号", "2021-05-10"),
    "repealed": ("/zc/9.html", "示范区测试管理规定", "示测发〔2020〕9号", "2020-03-02"),
    "marked": ("/zc/10.html", "示范区测试收费办法", "示测发〔2020〕10号", "2020-03-02"),
    "registered": ("/zc/11.html", "示范区测试档案管理办法", "示测发〔2015〕11号", "2015-08-03"),
    "announced": ("/zc/12.html", "示范区测试广告管理办法", "示测发〔2020〕12号", "2020-04-10"),
    "announcement": ("/zc/13.html", "示范区测试局关于废止和修改部分文件的决定", "示测发〔2024〕13号", "2024-05-27"),
    "amended": ("/zc/14.html", "示范区测试停车管理办法", "示测发〔2020〕14号", "2020-04-10"),
}
INTERPS = {"ok": ("/jd/1.html", "2024-06-11", True), "late": ("/jd/2.html", "2024-06-14", True),
           "unlinked": ("/jd/4.html", "2023-10-10", False)}


def _docs_site() -> dict[str, str]:
    files = {}
    for key, (path, title, number, published) in DOCS.items():
        kwargs: dict = {}
        if key in INTERPS:
            url, day, linked = INTERPS[key]
            files[url] = interp_page(title, number, day, path)
            kwargs["links"] = related(url, title) if linked else ""
        files[path] = doc_page(title, number, published, **kwargs, **{
            "meta": {"index": None, "validity": None},
            "expired": {"period": "2019年1月1日至2023年12月31日"},
            "ok": {"period": "2024年6月6日至2029年6月5日"},
            "marked": {"validity": "已废止"},
            "amended": {"validity": "有效（已修改）"},
        }.get(key, {}))
    announcement = DOCS["announcement"]
    files[announcement[0]] = doc_page(*announcement[1:], links=(
        "<p>一、决定废止的文件</p><p>1.《示范区测试广告管理办法》（示测发〔2020〕12号）</p>"
        "<p>二、决定修改的文件</p><p>1.《示范区测试停车管理办法》（示测发〔2020〕14号）</p>"))
    # a 政府信息公开 bulletin: 索引号, 发布机构 and 文号：无, no 有效性: not a policy document
    files["/gz/1.html"] = page("示范区测试局2024年上半年工作总结_示范区测试网",
                               "<p><strong>索引号</strong>：11370199/2024-00099</p><p><strong>发布机构</strong>：示范区测试局"
                               "</p><p><strong>文号</strong>：无</p><h1>示范区测试局2024年上半年工作总结</h1>"
                               "<p>发布时间：2024-06-20</p><p>上半年，测试局扎实推进各项工作。</p>")
    items = [(title, path, published) for path, title, _, published in DOCS.values()]
    interps = [(f"《{DOCS[k][1]}》政策解读", url, day) for k, (url, day, _) in INTERPS.items()]
    files["/col/zcwj/"] = column("政策文件", sorted(items, key=lambda i: i[2], reverse=True), "政策文件")
    files["/col/jd/"] = column("政策解读", interps, "政策解读")
    files["/col/gz/"] = column("工作动态", [("示范区测试局2024年上半年工作总结", "/gz/1.html", "2024-06-20")])
    files["/col/nb/"] = column("政府信息公开年报", [("示范区测试局2023年政府信息公开工作年度报告", "/nb/1.html", "2024-01-20")])
    files["/nb/1.html"] = report("示范区测试局2023年政府信息公开工作年度报告", "2024-01-20")
    files["/"] = home({"政策文件": items[:5]}, extra='<ul class="nav2"><li><a href="/col/zcwj/">政策文件</a></li>'
                      '<li><a href="/col/jd/">政策解读</a></li><li><a href="/col/gz/">工作动态</a></li>'
                      '<li><a href="/col/nb/">政府信息公开年报</a></li></ul>')
    return files


def _report_site(title: str | None, date: str = "", sections=SIX, extra: tuple[str, str] | None = None) -> dict:
    items = [(title, "/nb/1.html", date)] if title else []
    files = {"/nb/1.html": report(title, date, sections)} if title else {}
    if extra:
        items.append((extra[0], "/nb/0.html", extra[1]))
        files["/nb/0.html"] = report(*extra)
    return {"/": home({"工作动态": [("示范区召开工作会议", "/art/1.html", "2024-06-28")]},
                      extra='<ul class="nav2"><li><a href="/col/nb/">政府信息公开年报</a></li></ul>'),
            "/art/1.html": article("示范区召开工作会议", "2024-06-28"), "/col/nb/": column("政府信息公开年报", items),
            **files}


REGISTER = ("示范区测试局政策文件清理台账,,,,\n文号,标题,状态,有效期至,替代文件\n"
            "示测规〔2024〕1号,示范区测试物业管理办法,现行有效,2029-06-05,\n"
            "示测发〔2020〕9号,示范区测试管理规定,废止,,示测规〔2024〕1号\n"
            "示测发〔2020〕10号,示范区测试收费办法,已废止,,\n"
            "示测发〔2015〕11号,示范区测试档案管理办法,有效,长期,\n"
            "示测发〔2010〕1号,示范区测试旧办法,失效,2015-12-31,\n")
DEPARTMENTS = [{"id": "dep", "name": "示范区测试局"}, {"id": "lateu", "name": "示范区迟报局"},
               {"id": "noneu", "name": "示范区无报局"}, {"id": "shortu", "name": "示范区缺项局"},
               {"id": "gov", "name": "示范区人民政府办公室"}, {"id": "sharedu", "name": "示范区共享局"},
               {"id": "bareu", "name": "示范区开发区管委会"}]


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pol")
    register = tmp / "台账.csv"
    register.write_text(REGISTER, encoding="gb18030")       # as Excel saves a CSV on a Chinese Windows
    sites = {"docs": {"url": "http://www.docs.gov.cn/"},
             "late": {"url": "http://www.late.gov.cn/", "department": "lateu"},
             "none": {"url": "http://www.none.gov.cn/", "department": "noneu"},
             "short": {"url": "http://www.short.gov.cn/", "department": "shortu"},
             "gov": {"url": "http://www.gov.gov.cn/", "department": "gov", "kind": "portal"},
             "shared": {"url": "http://www.shared.gov.cn/", "department": "sharedu"},
             "bare": {"url": "http://www.bare.gov.cn/", "department": "bareu", "kind": "portal"}}
    files = {"www.docs.gov.cn": _docs_site(),
             "www.late.gov.cn": _report_site("2023年度政府信息公开工作报告", "2024-02-05"),
             "www.none.gov.cn": _report_site(None, extra=("示范区无报局2022年政府信息公开工作年度报告", "2023-01-16")),
             "www.short.gov.cn": _report_site("示范区缺项局2023年政府信息公开工作年度报告", "2024-01-25", SIX[:5]),
             # the government's portal lists the 共享局's report too: it counts for the 共享局, not for the portal
             "www.gov.gov.cn": _report_site("示范区2023年政府信息公开工作年度报告", "2024-03-20",
                                            extra=("示范区共享局2023年政府信息公开工作年度报告", "2024-01-18")),
             "www.shared.gov.cn": _report_site(None),
             # a portal listing only another unit's report has none of its own
             "www.bare.gov.cn": _report_site(None, extra=("示范区共享局2023年政府信息公开工作年度报告", "2024-01-18"))}
    return audit_sites(tmp, sites, files, config={"departments": DEPARTMENTS, "policy_register": str(register)})


def pol(result, site: str, rule: str | None = None):
    return [f for f in result.of(site, rule) if f.rule.startswith("POL")]


def by_number(result, rule: str) -> dict:
    return {f.evidence["doc_number"]: f for f in pol(result, "docs", rule)}


def test_each_document_problem_is_found_once(result):
    got = sorted((f.rule, f.evidence["doc_number"]) for f in pol(result, "docs"))
    assert got == [("POL-EXPIRED-VALID", "示测发〔2019〕6号"), ("POL-EXPIRED-VALID", "示测发〔2021〕7号"),
                   ("POL-INTERP-LATE", "示测规〔2024〕2号"), ("POL-INTERP-UNLINKED", "示测规〔2023〕4号"),
                   ("POL-META", "示测发〔2024〕5号"), ("POL-NO-INTERP", "示测规〔2024〕3号"),
                   ("POL-REPEALED-UNMARKED", "示测发〔2020〕12号"), ("POL-REPEALED-UNMARKED", "示测发〔2020〕9号")]
    assert all(f.level == "deduct" and f.evidence["title"] for f in pol(result, "docs"))


def test_meta_names_the_missing_fields(result):
    meta = by_number(result, "POL-META")["示测发〔2024〕5号"]
    assert meta.evidence["missing_fields"] == ["索引号", "有效性"] and meta.url.endswith("/zc/5.html")
    assert "索引号、有效性" in meta.message and meta.points == 0.5


def test_expired_by_stated_period_and_by_default_period(result):
    found = by_number(result, "POL-EXPIRED-VALID")
    stated = found["示测发〔2019〕6号"]
    assert stated.evidence["valid_until"] == "2023-12-31" and "页面有效期" in stated.evidence["basis"]
    trial = found["示测发〔2021〕7号"]     # 暂行: 2 years from 成文 2021-05-10
    assert trial.evidence["valid_until"] == "2023-05-10" and "2年" in trial.evidence["basis"]
    # 示测发〔2021〕8号 (5 years → 2026) and 示测发〔2015〕11号 (the register: 有效, 长期) are not expired


def test_repealed_by_register_and_by_announcement(result):
    found = by_number(result, "POL-REPEALED-UNMARKED")
    [row] = found["示测发〔2020〕9号"].evidence["basis"]
    assert row["row"] == 4 and row["register_status"] == "废止" and row["replaced_by"] == "示测规〔2024〕1号"
    [announced] = found["示测发〔2020〕12号"].evidence["basis"]
    assert announced["url"].endswith("/zc/13.html") and announced["action"] == "废止"
    assert "已废止" in found["示测发〔2020〕12号"].message
    # 示测发〔2020〕10号 shows 已废止; 示测发〔2020〕14号 (修改) shows 有效（已修改）: both marked


def test_interpretations(result):
    late = by_number(result, "POL-INTERP-LATE")["示测规〔2024〕2号"]
    # 2024-06-07 (Fri) → 2024-06-14 (Fri): 11, 12, 13, 14 June; 端午节 (10 June) is off
    assert late.evidence["delay_working_days"] == 4 and late.evidence["interpretation"].endswith("/jd/2.html")
    unlinked = by_number(result, "POL-INTERP-UNLINKED")["示测规〔2023〕4号"]
    assert unlinked.evidence["missing"] == ["文件页面未链接解读"]
    assert by_number(result, "POL-NO-INTERP").keys() == {"示测规〔2024〕3号"}   # not the 示测发 documents


def test_annual_reports(result):
    assert pol(result, "docs", "POL-ANNUAL-REPORT") == []
    [late] = pol(result, "late")
    assert "晚于2024年01月31日的期限" in late.message and late.evidence["published"] == "2024-02-05"
    [missing] = pol(result, "none")
    assert missing.url == result.urls["none"] and "未发现2023年" in missing.message
    [short] = pol(result, "short")
    assert short.evidence["missing_sections"] == ["其他需要报告的事项"] and short.url.endswith("/nb/1.html")
    assert pol(result, "gov") == []      # the government's report is due by 31 March
    assert pol(result, "shared") == []   # its report is on the government's portal, under its name
    [bare] = pol(result, "bare")         # a report naming another unit is not the portal's own
    assert "未发现2023年" in bare.message and bare.evidence["deadline"] == "2024-03-31"


def test_register_errors_name_row_and_column(tmp_path):
    path = tmp_path / "台账.csv"
    path.write_text("文号,标题,状态\n示测发〔2020〕9号,示范区测试管理规定,暂停\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"台账.csv: row 2, column 状态: unknown status '暂停'"):
        read_policy_register(path)
    path.write_text("文号,标题,状态,有效期至\n示测发〔2020〕9号,示范区测试管理规定,有效,明年\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"row 2, column 有效期至: not a date"):
        read_policy_register(path)


def test_register_from_xlsx(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["示范区政策文件台账"])
    sheet.append(["发文字号", "文件名称", "效力状态", "有效期", "替代文件"])
    sheet.append(["示测发〔2020〕9号", "示范区测试管理规定", "已失效", dt.datetime(2023, 12, 31), ""])
    book.save(tmp_path / "台账.xlsx")
    [entry] = read_policy_register(tmp_path / "台账.xlsx")
    assert (entry.row, entry.number, entry.status, entry.valid_until) == (3, "示测发〔2020〕9号", "失效",
                                                                          dt.date(2023, 12, 31))


def test_cli_stops_on_a_bad_register_before_crawling(tmp_path):
    (tmp_path / "台账.csv").write_text("文号,标题,状态\n示测发〔2020〕9号,示范区测试管理规定,暂停\n", encoding="utf-8")
    config = {"district": "测试区", "departments": [{"id": "dep", "name": "示范区测试局"}],
              "sites": [{"id": "s", "department": "dep", "name": "s", "url": "http://127.0.0.1:9/"}],
              "policy_register": "台账.csv", "store": str(tmp_path / "audit.sqlite")}
    path = tmp_path / "district.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(PROJECT_ROOT / "audit.py"), "run", "--config", str(path),
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"audit.py: {tmp_path / '台账.csv'}: row 2, column 状态: unknown status '暂停' "
                                   "(有效, 废止, 失效, 修改)")
    assert not (tmp_path / "audit.sqlite").exists()
