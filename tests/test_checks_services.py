"""SVC checks on crawled fixture sites: guides with all, some and few of the ten elements, the service platform
linked instead of guides, and a site without any service (inspection date 2024-06-30)."""
from __future__ import annotations

import pytest

from crawler.extract import extract_page
from crawler.interaction import GUIDE_ELEMENTS
from tests.sitekit import audit_sites, home, page

VALUES = {"事项名称": "{name}", "设定依据": "《中华人民共和国行政许可法》第十二条", "申请条件": "在本区登记注册的单位",
          "办理材料": "申请表一份；营业执照复印件一份", "办理地点": "示范区政务服务中心二楼12号窗口", "办理机构": "示范区测试局",
          "收费标准": "不收费", "办理时间": "工作日上午9:00—12:00，下午13:30—17:00", "联系电话": "0531-88990011",
          "办理流程": "申请—受理—审查—决定—送达"}


def guide(name: str, missing: tuple[str, ...] = ()) -> str:
    """A guide as a table of labelled rows, without the ``missing`` elements."""
    rows = "".join(f"<tr><th>{k}</th><td>{v.format(name=name)}</td></tr>"
                   for k, v in VALUES.items() if k not in missing)
    return page(f"{name}办事指南_示范区测试网", f'<h1>{name}办事指南</h1><table class="bszn">{rows}</table>')


def site(extra: str, pages: dict[str, str]) -> dict[str, str]:
    return {"/": home({"工作动态": [("示范区召开工作会议", "/art/1.html", "2024-06-28")]}, extra=extra),
            "/art/1.html": page("示范区召开工作会议", "<h1>示范区召开工作会议</h1><p>发布时间：2024-06-28</p>")} | pages


def guide_site(guides: dict[str, tuple[str, ...]]) -> dict[str, str]:
    links = "".join(f'<li><a href="/bsfw/{k}.html">{name}办事指南</a></li>' for k, name in enumerate(guides))
    pages = {f"/bsfw/{k}.html": guide(name, missing) for k, (name, missing) in enumerate(guides.items())}
    return site('<p><a href="/bsfw/">办事服务</a></p>',
                {"/bsfw/": page("办事服务_示范区测试网", f'<h2>办事服务</h2><ul class="bslist">{links}</ul>'), **pages})


SITES = {
    "complete": guide_site({"民办学校设立审批": (), "教师资格认定": (), "校外培训机构审批": ("收费标准", "办理时间")}),
    "poor": guide_site({"建筑工程施工许可": ("设定依据", "申请条件", "办理地点", "收费标准", "办理时间", "办理流程"),
                        "商品房预售许可": ("设定依据", "办理材料", "办理地点", "办理机构", "收费标准", "办理时间")}),
    "platform": site('<p><a href="http://zwfw.platform.gov.cn/bm/">示范区政务服务网</a></p>', {}),
    "none": site('<p><a href="/zwfw/gone/">网上办事</a></p>', {}),     # the only service link fails
}
HOSTS = {sid: f"www.{sid}.gov.cn" for sid in SITES}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    platform = "zwfw.platform.gov.cn"
    files = {HOSTS[sid]: {p: c.replace(f"{platform}/", f"{platform}:{{port}}/") for p, c in pages.items()}
             for sid, pages in SITES.items()}
    files[platform] = {"/bm/": page("示范区政务服务网", "<h2>部门办事</h2><p>请选择办理事项。</p>")}
    return audit_sites(tmp_path_factory.mktemp("svc"), {sid: {"url": f"http://{HOSTS[sid]}/"} for sid in SITES}, files)


def svc(result, site: str) -> list[tuple[str, str]]:
    return sorted((f.rule, f.level) for f in result.of(site) if f.rule.startswith("SVC"))


def test_complete_guides_and_one_lacking_two_elements(result):
    assert svc(result, "complete") == [("SVC-GUIDE", "deduct")]
    [lacking] = result.of("complete", "SVC-GUIDE")
    assert lacking.evidence["missing"] == ["收费标准", "办理时间"] and lacking.url.endswith("/bsfw/2.html")
    assert "校外培训机构审批办事指南" in lacking.message


def test_guides_missing_six_elements_on_average_are_a_veto(result):
    assert svc(result, "poor") == [("SVC-GUIDE", "deduct"), ("SVC-GUIDE", "deduct"), ("SVC-GUIDE-VETO", "veto")]
    [veto] = result.of("poor", "SVC-GUIDE-VETO")
    assert veto.evidence["average_missing"] == 6 and veto.evidence["guide_count"] == 2


def test_platform_link_is_a_service_and_a_failing_one_is_not(result):
    assert svc(result, "platform") == []
    assert svc(result, "none") == [("SVC-NONE", "veto")]


def test_guide_elements_under_other_labels_and_inline():
    html = page("设立登记指南", "<h1>个体工商户设立登记服务指南</h1><p>项目名称：个体工商户设立登记</p>"
                           "<p>法律依据：《促进个体工商户发展条例》　实施机构：示范区测试局</p><p>申请材料：</p>"
                           "<p>1.登记申请书</p><p>咨询电话：0531-88990011</p><p>收费标准：</p><p>办理时间：</p>")
    data = extract_page(html, "http://www.test.gov.cn/bsfw/9.html")
    assert data.guide and data.guide_elements == ["事项名称", "设定依据", "办理材料", "办理机构", "联系电话"]
    assert list(GUIDE_ELEMENTS) == list(VALUES)


def test_a_list_of_guides_is_no_guide():
    data = extract_page(SITES["complete"]["/bsfw/"], "http://www.complete.gov.cn/bsfw/")
    assert not data.guide and data.guide_elements == []
