"""The probe job against real local servers: every failure kind, redirects, the address policy, and a round that a
hanging site cannot hold up beyond the limit."""
from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml

from config.demo.server import serve
from config.schema import PROJECT_ROOT, load_district
from crawler.probe import Prober
from crawler.run import USER_AGENT
from crawler.snapshot import Store

LIMIT = 2.0          # seconds: the test profile's AVL-UNREACHABLE timeout_seconds (room for one SYN retry)
HOSTS = ["ok", "err", "moved", "loop", "private"]
MANIFEST = {"hosts": {"err.test.gov.cn": {"status": 500}},
            "paths": {"moved.test.gov.cn": {"/": {"status": 301, "headers": {"Location": "/new/"}}},
                      "loop.test.gov.cn": {"/": {"status": 302, "headers": {"Location": "/"}}},
                      "private.test.gov.cn": {"/": {"status": 302, "headers": {"Location": "http://10.0.0.1/"}}}}}


class _Tiny(BaseHTTPRequestHandler):
    """Answers /hang never (until the test ends); anything else with a small page, noting the User-Agent."""
    release = threading.Event()
    agents: list[str] = []

    def do_GET(self):
        if self.path == "/hang":
            self.release.wait(30)
            return
        self.agents.append(self.headers.get("User-Agent", ""))
        body = "<html><body>首页</body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _TinyServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64     # hanging probes arrive together


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    root = tmp_path_factory.mktemp("www")
    for host in HOSTS:
        (root / f"{host}.test.gov.cn" / "new").mkdir(parents=True)
        (root / f"{host}.test.gov.cn" / "index.html").write_text("<html><body>首页</body></html>", encoding="utf-8")
        (root / f"{host}.test.gov.cn" / "new" / "index.html").write_text("<html>新首页</html>", encoding="utf-8")
    tiny = _TinyServer(("127.0.0.1", 0), _Tiny)
    threading.Thread(target=tiny.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    with serve(root, MANIFEST) as demo:
        yield demo.port, tiny.server_address[1]
    _Tiny.release.set()
    tiny.shutdown()
    tiny.server_close()


def _config(tmp_path, servers, sites: dict[str, str], **extra) -> Path:
    demo, tiny = servers
    profile = yaml.safe_load((PROJECT_ROOT / "config" / "rules" / "national.yaml").read_text(encoding="utf-8"))
    profile["rules"]["AVL-UNREACHABLE"]["thresholds"]["timeout_seconds"] = LIMIT
    (tmp_path / "rules.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    config = {"district": "测试区", "inspection": {"rules": str(tmp_path / "rules.yaml")},
              "departments": [{"id": "dep", "name": "测试局"}],
              "sites": [{"id": sid, "department": "dep", "name": sid,
                         "url": url.format(demo=demo, tiny=tiny)} for sid, url in sites.items()],
              "crawl": {"hosts": {f"{h}.test.gov.cn": "127.0.0.1" for h in HOSTS}}, **extra}
    for site in config["sites"]:
        if site["id"].startswith("closed"):
            site["status"] = "closed"
    path = tmp_path / "district.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


SITES = {
    "ok": "http://ok.test.gov.cn:{demo}/", "err": "http://err.test.gov.cn:{demo}/",
    "moved": "http://moved.test.gov.cn:{demo}/", "loop": "http://loop.test.gov.cn:{demo}/",
    "private": "http://private.test.gov.cn:{demo}/", "tls": "https://ok.test.gov.cn:{demo}/",
    "refused": "http://127.0.0.1:9/", "dns": "http://nohost.invalid/", "hang": "http://127.0.0.1:{tiny}/hang",
    "tiny": "http://127.0.0.1:{tiny}/", "closed-one": "http://ok.test.gov.cn:{demo}/",
}


@pytest.fixture(scope="module")
def probed(servers, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("probe")
    config = _config(tmp_path, servers, SITES)
    store = tmp_path / "audit.sqlite"
    proc = subprocess.run([sys.executable, str(PROJECT_ROOT / "audit.py"), "probe", "--config", str(config),
                           "--store", str(store)], capture_output=True, text=True, timeout=60)
    return proc, {p.site: p for p in Store(store).probes()}


def test_one_summary_line_and_exit_0_though_sites_are_down(probed):
    proc, records = probed
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1 and "10个站点" in lines[0] and "正常3个" in lines[0] and "失败7个" in lines[0]
    assert "HTTP 500错误1次" in lines[0] and "超时1次" in lines[0]


def test_every_failure_kind(probed):
    _, records = probed
    got = {site: (p.ok, p.status, p.error) for site, p in records.items()}
    assert got == {
        "ok": (True, 200, None), "moved": (True, 200, None), "tiny": (True, 200, None),
        "err": (False, 500, "http"), "loop": (False, None, "redirect-loop"),
        "private": (False, None, "blocked-private"), "tls": (False, None, "tls"),
        "refused": (False, None, "refused"), "dns": (False, None, "dns"), "hang": (False, None, "timeout"),
    }                                                    # the closed site is not probed
    assert LIMIT <= records["hang"].elapsed < LIMIT + 0.5
    assert records["ok"].elapsed < LIMIT and records["ok"].at.tzinfo is not None


def test_crawler_user_agent(probed):
    assert _Tiny.agents and set(_Tiny.agents) == {USER_AGENT}


def test_hanging_sites_do_not_hold_up_the_round(servers, tmp_path):
    district = load_district(_config(tmp_path, servers, {f"hang{i}": "http://127.0.0.1:{tiny}/hang"
                                                         for i in range(12)} | {"ok": SITES["ok"]}))
    started = time.monotonic()
    records = Prober.for_district(district, LIMIT).round([(s.id, s.url) for s in district.sites], workers=64)
    assert time.monotonic() - started < LIMIT + 1.5
    assert [p.error for p in records] == ["timeout"] * 12 + [None]


def test_bad_config_exits_2_with_one_line(tmp_path):
    path = tmp_path / "district.yaml"
    path.write_text("district: 测试区\ndepartments: [{id: d, name: 测试局}]\nsites: [{id: a, department: d, "
                    "name: a, url: 'ftp://x'}]\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(PROJECT_ROOT / "audit.py"), "probe", "--config", str(path),
                           "--store", str(tmp_path / "s.sqlite")], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip() == f"audit.py: {path}: sites[0].url: not a URL"


def test_unusable_store_exits_2_with_one_line(servers, tmp_path):
    config = _config(tmp_path, servers, {"ok": SITES["ok"]})
    proc = subprocess.run([sys.executable, str(PROJECT_ROOT / "audit.py"), "probe", "--config", str(config),
                           "--store", "/proc/no-store/audit.sqlite"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert proc.stderr.startswith("audit.py: /proc/no-store/audit.sqlite: cannot open the store")
