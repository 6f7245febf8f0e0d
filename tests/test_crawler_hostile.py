"""A hostile site is crawled without crash or hang, with a clear record for each trap."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml

from config.schema import load_district
from crawler.run import crawl_sites
from crawler.snapshot import ROLE_CHECK, ROLE_PAGE, Store

GBK_TEXT = "示范区人民政府关于做好防汛工作的通知"
STOP = threading.Event()


class Hostile(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", **headers):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k.replace("_", "-"), v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path
        if path == "/":
            links = ["/loop", "/gbk.html", "/hang", "/huge.html", "http://10.0.0.1/secret", "/trap/1/",
                     "/slow-429", "/teapot"]
            body = "".join(f'<li><a href="{u}">链接{i}</a></li>' for i, u in enumerate(links))
            self._send(200, f"<html><head><title>首页</title></head><body><ul>{body}</ul></body></html>".encode())
        elif path in ("/loop", "/loop2"):
            self._send(302, b"", Location="/loop2" if path == "/loop" else "/loop")
        elif path == "/gbk.html":
            html = f"<html><head><title>{GBK_TEXT}</title></head><body><p>{GBK_TEXT}</p></body></html>"
            self._send(200, html.encode("gbk"), ctype="text/html")
        elif path == "/hang":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"<html><body>")
            STOP.wait(60)
        elif path == "/huge.html":
            self._send(200, b"<html><body>" + b"x" * (30 * 1024 * 1024) + b"</body></html>")
        elif path.startswith("/trap/"):
            n = int(path.split("/")[2])
            self._send(200, f'<html><body><a href="/trap/{n + 1}/">下一页</a></body></html>'.encode())
        elif path == "/slow-429":
            self._send(429, b"busy", Retry_After="1")
        else:
            self._send(418, b"no")


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    config = {"district": "测试区", "departments": [{"id": "d", "name": "测试局"}],
              "sites": [{"id": "bad", "department": "d", "name": "恶意站", "render": "never",
                         "url": f"http://127.0.0.1:{server.server_address[1]}/", "max_pages": 20}],
              "crawl": {"timeout": 2, "max_page_bytes": 5 * 1024 * 1024, "retry_after_max": 2, "max_depth": 100}}
    path = tmp / "district.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    store = Store(tmp / "audit.sqlite")
    crawl = store.begin_crawl()
    try:
        crawl_sites(load_district(path), tmp / "audit.sqlite", crawl)
    finally:
        STOP.set()
        server.shutdown()
    store.finish_crawl(crawl)
    snap = store.snapshot(crawl)
    yield {f.url.split(str(server.server_address[1]), 1)[-1]: f for f in snap.fetches()}, snap
    store.close()


def test_redirect_loop_is_recorded(snapshot):
    fetches, _ = snapshot
    assert fetches["/loop"].error == "redirect-loop"


def test_gbk_without_charset_is_decoded(snapshot):
    fetches, _ = snapshot
    page = fetches["/gbk.html"].page
    assert page.title == GBK_TEXT and GBK_TEXT in page.text


def test_never_finishing_response_times_out(snapshot):
    fetches, _ = snapshot
    assert fetches["/hang"].error == "timeout"


def test_huge_page_is_cut_off(snapshot):
    fetches, _ = snapshot
    assert fetches["/huge.html"].error == "too-large"


def test_private_address_is_not_fetched(snapshot):
    fetches, _ = snapshot
    record = fetches["http://10.0.0.1/secret"]
    assert record.error == "blocked-private" and record.role == ROLE_CHECK and record.status is None


def test_spider_trap_stops_at_the_page_cap(snapshot):
    fetches, snap = snapshot
    pages = [f for f in fetches.values() if f.role == ROLE_PAGE]
    assert len(pages) <= 20
    assert snap.sites()["bad"].capped


def test_retry_after_is_honoured_then_given_up(snapshot):
    fetches, _ = snapshot
    assert fetches["/slow-429"].status == 429 and fetches["/slow-429"].error_detail == "retry-after"
