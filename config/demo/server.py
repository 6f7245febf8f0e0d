"""A quiet static web server with virtual hosts, for the demo district and for test fixture sites.

Files live under ``root/<host>/``; the request's Host header (port dropped) picks the folder, a directory path
serves its ``index.html``. A manifest (a dict, or ``root/_manifest.json`` when none is given) makes chosen
answers misbehave the way real government sites do::

    {"defaults": RULE,                       # every answer of every known host
     "hosts": {"<host>": RULE},              # every answer of one host
     "paths": {"<host>": {"/path": RULE}}}   # one path (query ignored; "/d/" and "/d/index.html" are alike),
                                             # or "/path?query": that exact query only (an API's answers)

    RULE = {"status": 403,                   # answer with this status (body: the file if any, else a short page)
            "headers": {"Location": "/x/"},  # extra headers; they replace defaults of the same name (even Date)
            "charset": "gbk" | None,         # Content-Type charset; None = none. Default: utf-8 if the bytes are
                                             # UTF-8, else none (so a GBK file is served with no charset at all)
            "soft404": True,                 # missing paths answer 200 with a 页面不存在 page (host or defaults)
            "file": "/other/path.json"}      # answer with this file of the host instead

Rules merge defaults < host < path. In text answers the placeholder ``{port}`` becomes the server's port, so a
generated site can link to its sibling hosts before the port is known. A missing path answers 404 with the host's
``404.html`` if it has one, else a short page; an unknown host answers 404.
"""
from __future__ import annotations

import email.utils
import http.client
import json
import re
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

_HOST = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)*")
_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".shtml": "text/html", ".css": "text/css", ".txt": "text/plain",
    ".js": "application/javascript", ".json": "application/json", ".xml": "application/xml",
    ".rss": "application/rss+xml", ".atom": "application/atom+xml", ".csv": "text/csv",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".svg": "image/svg+xml",
    ".ico": "image/x-icon", ".pdf": "application/pdf", ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".zip": "application/zip",
}
_TEXT_APPS = {"application/javascript", "application/json", "application/xml", "application/rss+xml",
              "application/atom+xml", "image/svg+xml"}
_MESSAGES = {403: "禁止访问", 404: "您访问的页面不存在", 429: "访问过于频繁，请稍后再试"}


@dataclass(frozen=True)
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def _short_page(status: int, title: str = "", text: str = "") -> bytes:
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
    title = title or f"{status} {phrase}"
    text = text or _MESSAGES.get(status, phrase)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><h1>{title}</h1><p>{text}</p></body></html>").encode("utf-8")


def _merge(*rules: dict[str, Any]) -> dict[str, Any]:
    """Later rules win key by key; their headers are added to the earlier ones, not put in their place."""
    merged: dict[str, Any] = {}
    for rule in rules:
        headers = {**merged.get("headers", {}), **rule.get("headers", {})}
        merged.update(rule)
        merged["headers"] = headers
    return merged


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class _Responder:
    """Maps (Host, path) to (status, headers, body): all of the server's behaviour, without sockets."""

    def __init__(self, root: Path, manifest: dict[str, Any]):
        self.root = root
        self.defaults = manifest.get("defaults", {})
        self.hosts = manifest.get("hosts", {})
        self.paths = manifest.get("paths", {})
        self.port = 0

    def respond(self, host_header: str, target: str) -> tuple[int, dict[str, str], bytes]:
        host = host_header.strip().lower()
        host = host.rsplit(":", 1)[0] if not host.startswith("[") else host
        parts = urlsplit(target)
        path = parts.path or "/"
        host_dir = self.root / host
        if not _HOST.fullmatch(host) or not host_dir.is_dir():
            return self._finish(404, "x.html", _short_page(404), self.defaults)
        rule = _merge(self.defaults, self.hosts.get(host, {}), self._path_rule(host, path, parts.query))
        found = self._file(host_dir, rule.get("file", path))
        if found == "slash":
            moved = {**rule, "headers": {**rule.get("headers", {}), "Location": path + "/"}}
            return self._finish(301, "x.html", _short_page(301), moved)
        if rule.get("status"):
            data = found.read_bytes() if found else _short_page(rule["status"])
            return self._finish(rule["status"], found.name if found else "x.html", data, rule)
        if found:
            return self._finish(200, found.name, found.read_bytes(), rule)
        custom = host_dir / "404.html"
        if rule.get("soft404"):
            data = custom.read_bytes() if custom.is_file() else _short_page(200, "页面不存在", "您访问的页面不存在或已被删除")
            return self._finish(200, "404.html", data, rule)
        return self._finish(404, "404.html", custom.read_bytes() if custom.is_file() else _short_page(404), rule)

    def _path_rule(self, host: str, path: str, query: str = "") -> dict[str, Any]:
        rules = self.paths.get(host, {})
        if query and f"{path}?{query}" in rules:
            return rules[f"{path}?{query}"]
        for key in (path, path + "index.html" if path.endswith("/") else path.removesuffix("index.html")):
            if key in rules:
                return rules[key]
        return {}

    @staticmethod
    def _file(host_dir: Path, path: str) -> Path | str | None:
        target = (host_dir / unquote(path).lstrip("/")).resolve()
        if not target.is_relative_to(host_dir.resolve()):
            return None
        if target.is_dir():
            if not path.endswith("/"):
                return "slash"
            target = target / "index.html"
        return target if target.is_file() else None

    def _finish(self, status: int, name: str, data: bytes, rule: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
        ctype = _TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
        if ctype.startswith("text/") or ctype in _TEXT_APPS:
            data = data.replace(b"{port}", str(self.port).encode())
            charset = rule["charset"] if "charset" in rule else ("utf-8" if _is_utf8(data) else None)
            if charset:
                ctype += f"; charset={charset}"
        headers = {"Date": email.utils.formatdate(usegmt=True), "Content-Type": ctype,
                   "Content-Length": str(len(data))}
        for key, value in rule.get("headers", {}).items():
            headers = {k: v for k, v in headers.items() if k.lower() != key.lower()}
            headers[key] = str(value)
        return status, headers, data


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"       # keep-alive: a crawl reuses its connections
    timeout = 30                        # idle keep-alive connections are closed after this
    disable_nagle_algorithm = True      # headers and body are separate writes: do not wait for an ACK between

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        status, headers, data = self.server.responder.respond(self.headers.get("Host", ""), self.path)
        self.send_response_only(status)
        self.send_header("Server", "DemoServer")
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a crawl makes hundreds of requests, the test output should not show them."""


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128      # a crawl or a probe round opens many connections at once

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up are normal during a crawl; anything else is a bug worth printing."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class DemoServer:
    """A running server on 127.0.0.1 (a free port); use as a context manager or call ``close()``."""

    def __init__(self, root: Path, manifest: dict[str, Any] | None = None):
        root = Path(root).resolve()
        if manifest is None:
            file = root / "_manifest.json"
            manifest = json.loads(file.read_text(encoding="utf-8")) if file.is_file() else {}
        self._httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        self.port: int = self._httpd.server_address[1]
        self._httpd.responder = _Responder(root, manifest)
        self._httpd.responder.port = self.port
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"demo-server-{self.port}", daemon=True)
        self._thread.start()

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"

    def request(self, host: str, path: str = "/", method: str = "GET") -> Reply:
        """One request to a virtual host, without any name resolution (for tests)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, path, headers={"Host": f"{host}:{self.port}"})
            resp = conn.getresponse()
            return Reply(resp.status, resp.headers, resp.read())
        finally:
            conn.close()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def __enter__(self) -> "DemoServer":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def serve(root: Path, manifest: dict[str, Any] | None = None) -> DemoServer:
    """Start serving ``root`` (see the module docstring); the manifest defaults to ``root/_manifest.json``."""
    return DemoServer(root, manifest)
