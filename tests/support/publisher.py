"""A fictional publisher on 127.0.0.1: serves tests/data/publisher with {{BASE}} filled in.

Counts requests per path so tests can assert what was (not) fetched.
"""

from __future__ import annotations

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"

TYPES = {
    ".xml": "application/rss+xml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/feed+json",
}


class Publisher:
    def __init__(self, root: Path = DATA / "publisher", host: str = "127.0.0.1") -> None:
        self.root = root
        self.hits: Counter[str] = Counter()
        self.overrides: dict[str, tuple[int, dict[str, str], bytes]] = {}
        publisher = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                publisher.hits[path] += 1
                if path in publisher.overrides:
                    status, headers, body = publisher.overrides[path]
                    return self._send(status, headers, body)
                file = (publisher.root / path.lstrip("/")).resolve()
                if path.endswith("/"):
                    file = file / "index.html"
                if not file.is_relative_to(publisher.root.resolve()) or not file.is_file():
                    return self._send(404, {"Content-Type": "text/plain"}, b"not found")
                body = file.read_bytes().replace(b"{{BASE}}", publisher.base.encode())
                ctype = TYPES.get(file.suffix, "application/octet-stream")
                if file.name == "atom.xml":
                    ctype = "application/atom+xml; charset=utf-8"
                return self._send(200, {"Content-Type": ctype}, body)

            def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.base = f"http://{host}:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> Publisher:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
