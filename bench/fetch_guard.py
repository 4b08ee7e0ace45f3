"""Cost of the guarded fetch path versus a bare httpx2 client, on loopback.

    .venv/bin/python bench/fetch_guard.py [--requests 300]

Prints one table: sequential bare httpx2, sequential Fetcher (address guard,
deadline, byte cap, politeness gate with delay 0), threaded Fetcher over four
loopback hosts, and check_url throughput. Loopback only; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import http.server
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx2

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsdesk.ingest.addresses import AddressPolicy
from newsdesk.ingest.fetcher import FetchConfig, Fetcher, FetchRequest
from newsdesk.ingest.urls import check_url, no_dns

BODY = b"<rss><channel>" + b"<item><title>x</title></item>" * 2000 + b"</channel></rss>"


class FeedServer(http.server.ThreadingHTTPServer):
    """Serves ``BODY`` as a feed at every path, one request per connection, and counts
    the most requests it handled at once (the politeness gate should keep that at 1)."""

    daemon_threads = True

    def __init__(self, host: str) -> None:
        super().__init__((host, 0), _FeedHandler)
        self.host = host
        self.active = self.max_concurrent = 0
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.server_address[1]}{path}"

    def start(self) -> FeedServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _FeedHandler(http.server.BaseHTTPRequestHandler):
    server: FeedServer

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.active += 1
            self.server.max_concurrent = max(self.server.max_concurrent, self.server.active)
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(BODY)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(BODY)
        finally:
            with self.server.lock:
                self.server.active -= 1

    def log_message(self, format: str, *args: object) -> None:  # quiet, as a bench must be
        pass


def timed(calls: int, call: Callable[[], object]) -> tuple[float, list[float]]:
    latencies = []
    started = time.perf_counter()
    for _ in range(calls):
        t0 = time.perf_counter()
        call()
        latencies.append((time.perf_counter() - t0) * 1000)
    return time.perf_counter() - started, latencies


def row(name: str, count: int, seconds: float, latencies: list[float]) -> None:
    lat = sorted(latencies)
    p50 = statistics.median(lat) if lat else 0.0
    p95 = lat[int(len(lat) * 0.95) - 1] if lat else 0.0
    print(f"{name:<38} {count:>7} {seconds:>8.2f} {count / seconds:>10.0f} {p50:>8.2f} {p95:>8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    n = parser.parse_args().requests
    hosts = ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"]
    servers = [FeedServer(h).start() for h in hosts]
    policy = AddressPolicy.from_allowlist(",".join(hosts))
    url = servers[0].url("/feed")
    print(f"{'mode':<38} {'count':>7} {'seconds':>8} {'per sec':>10} {'p50 ms':>8} {'p95 ms':>8}")
    try:
        with httpx2.Client(trust_env=False) as bare:
            row("bare httpx2.Client, sequential", n, *timed(n, lambda: bare.get(url).content))
        config = FetchConfig(host_delay=0)
        with Fetcher(policy, config) as fetcher:
            row("Fetcher, sequential", n, *timed(n, lambda: fetcher.fetch(FetchRequest(url))))
            latencies: list[float] = []
            lock = threading.Lock()

            def worker(index: int) -> None:
                target = servers[index % len(servers)].url("/feed")
                for _ in range(n // 8):
                    t0 = time.perf_counter()
                    fetcher.fetch(FetchRequest(target))
                    with lock:
                        latencies.append((time.perf_counter() - t0) * 1000)

            threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            row(
                "Fetcher, 8 threads / 4 hosts (2 per host)",
                len(latencies),
                time.perf_counter() - started,
                latencies,
            )
        peak = max(s.max_concurrent for s in servers)
        print(f"{'max concurrent requests on one host':<38} {peak:>7}")
        urls = [f"https://news{i}.example.com/feed/{i}?page=2#top" for i in range(5000)]
        seconds, lat = timed(len(urls), lambda: check_url(urls.pop(), policy, resolve=no_dns))
        row("check_url (no DNS)", 5000, seconds, lat)
    finally:
        for server in servers:
            server.stop()


if __name__ == "__main__":
    main()
