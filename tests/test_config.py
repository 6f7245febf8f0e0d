"""Configuration is validated on load; errors name the file, the key path and what was expected."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from config.schema import PROJECT_ROOT, ConfigError, load_district, load_profile

RULES_MD = PROJECT_ROOT.parent / "shared" / "spec" / "rules.md"
GOOD = {
    "district": "示范区",
    "inspection": {"as_of": "2024-06-30", "rules": "config/rules/national.yaml"},
    "departments": [{"id": "office", "name": "示范区人民政府办公室"}],
    "sites": [{"id": "portal", "department": "office", "name": "示范区人民政府", "url": "http://127.0.0.1:8101/",
               "registry": {"idcode": "3701990001", "icp": "鲁ICP备05012345号-1"}, "status": "active",
               "render": "auto", "columns": [{"url": "/col/news/", "type": "news"}]}],
    "accounts": [{"id": "edu-weibo", "department": "office", "platform": "weibo", "name": "示范区教育发布",
                  "adapter": "rss", "url": "http://127.0.0.1:8101/feeds/edu.xml", "status": "active"}],
    "policy_register": "config/policy_register.csv",
}


def write(tmp_path: Path, data) -> Path:
    path = tmp_path / "district.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_interface_example_loads(tmp_path):
    district = load_district(write(tmp_path, GOOD))
    assert district.sites[0].columns[0].type == "news"
    assert str(district.inspection.as_of) == "2024-06-30"


@pytest.mark.parametrize("change, message", [
    (lambda d: d["sites"][0].update(url="not-a-url"), "sites[0].url: not a URL"),
    (lambda d: d["sites"][0].update(department="nobody"), "sites[0].department: unknown department 'nobody'"),
    (lambda d: d["sites"][0].update(render="sometimes"), "sites[0].render: Input should be"),
    (lambda d: d["sites"][0]["columns"][0].update(type="weekly"), "sites[0].columns[0].type:"),
    (lambda d: d.pop("departments"), "departments: required key is missing"),
    (lambda d: (d.pop("sites"), d.pop("accounts")), "nothing to inspect"),
    (lambda d: d["inspection"].update(as_of="30/06/2024"), "inspection.as_of:"),
    (lambda d: d.update(crawl={"allow_private": ["10.0.0.0/33"]}), "crawl.allow_private: not a network"),
])
def test_bad_config_names_file_key_and_expectation(tmp_path, change, message):
    data = yaml.safe_load(yaml.safe_dump(GOOD, allow_unicode=True))
    change(data)
    path = write(tmp_path, data)
    with pytest.raises(ConfigError) as err:
        load_district(path)
    assert str(err.value).startswith(f"{path}: ")
    assert message in str(err.value)


def test_broken_yaml_and_missing_file(tmp_path):
    path = tmp_path / "district.yaml"
    path.write_text("district: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"not valid YAML \(line"):
        load_district(path)
    with pytest.raises(ConfigError, match="file not found"):
        load_district(tmp_path / "absent.yaml")


def test_cli_exits_2_with_one_line_reason(tmp_path):
    data = yaml.safe_load(yaml.safe_dump(GOOD, allow_unicode=True))
    data["sites"][2:] = []
    data["sites"][0]["url"] = "ftp://x"
    path = write(tmp_path, data)
    proc = subprocess.run([sys.executable, str(PROJECT_ROOT / "audit.py"), "run", "--config", str(path),
                           "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"audit.py: {path}: sites[0].url: not a URL"
    assert not (tmp_path / "out").exists()      # nothing ran


def test_profile_has_every_rule_of_the_catalogue():
    profile = load_profile(PROJECT_ROOT / "config" / "rules" / "national.yaml")
    if RULES_MD.exists():
        codes = set(re.findall(r"\b(?:AVL|FRS|LNK|FIL|POL|REV|NMA|INT|SVC|CAT)-[A-Z0-9-]*[A-Z0-9]\b",
                               RULES_MD.read_text(encoding="utf-8")))
        assert codes <= set(profile.rules)
    for code, rule in profile.rules.items():
        assert rule.family == code.split("-")[0]
        assert rule.level != "deduct" or rule.points > 0, code
        assert rule.name and rule.requirement, code


def test_every_check_code_is_in_the_profile():
    from checks import check_modules
    profile = load_profile(PROJECT_ROOT / "config" / "rules" / "national.yaml")
    for mod in check_modules():
        assert set(mod.CODES) <= set(profile.rules), mod.__name__
