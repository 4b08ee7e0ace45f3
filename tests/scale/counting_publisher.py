"""A loopback publisher that records how many requests it serves at once.

Its article pages answer slowly (``page_seconds``) so that overlapping requests
from several worker processes would show up in ``peak``.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGE = (
    Path(__file__).resolve().parents[1] / "data" / "publisher" / "news" / "rail-workers-strike.html"
)


class CountingPublisher:
    def __init__(self, articles: int = 12, page_seconds: float = 0.3) -> None:
        self.articles = articles
        self.page_seconds = page_seconds
        self.lock = threading.Lock()
        self.in_flight = 0
        self.peak = 0
        self.pages = 0
        self.starts: list[float] = []
        publisher = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                # In flight: article pages only (the feed and robots.txt are other questions);
                # a page stops counting once its answer is ready, before it is written: a
                # client that has read the answer and handed its slot on must never
                # overlap it in the count while this thread waits to run again.
                page = self.path.startswith("/a/")
                with publisher.lock:
                    publisher.starts.append(time.monotonic())  # every request: the delay
                    if page:
                        publisher.in_flight += 1
                        publisher.peak = max(publisher.peak, publisher.in_flight)
                try:
                    body, ctype = publisher.answer(self.path)
                    if page:
                        time.sleep(publisher.page_seconds)
                finally:
                    if page:
                        with publisher.lock:
                            publisher.in_flight -= 1
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, path: str) -> tuple[bytes, str]:
        if path == "/feed.xml":
            items = "".join(
                f"<item><title>Harbour story number {i}</title><link>{self.base}/a/{i}.html</link>"
                f"<guid>story-{i}</guid></item>"
                for i in range(self.articles)
            )
            feed = (
                '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Counting Gazette</title><link>{self.base}/</link>{items}</channel></rss>"
            )
            return feed.encode(), "application/rss+xml"
        if path.startswith("/a/"):
            with self.lock:
                self.pages += 1
            number = path.rsplit("/", 1)[-1].split(".")[0]
            html = PAGE.read_text().replace("{{BASE}}", self.base)
            return html.replace(
                "</h1>", f" ({number})</h1>", 1
            ).encode(), "text/html; charset=utf-8"
        return b"", "text/plain"

    def __enter__(self) -> CountingPublisher:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
