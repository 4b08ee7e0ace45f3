"""Kill `newsdesk ingest` at chosen moments and check what the next run finds.

A generated publisher on 127.0.0.1 serves ``feeds`` RSS feeds of ``items`` article
pages each (every page a distinct, extractable article; pages answer after a short
delay so a pass takes long enough to be interrupted). ``CrashRun`` starts
`newsdesk ingest` in a throwaway data dir, waits for a moment (during the fetch of
pages, right after a feed was served, i.e. while its items are stored, or while
the later stages run), sends a signal, checks that no process of the run is left,
and at the end runs a last pass to completion and counts what is in the database.
Used by bench/crash.py (about 1,000 pages) and tests/e2e/test_crash.py (small).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

NEWSDESK = str(Path(sys.executable).parent / "newsdesk")


class Site:
    """The `newsdesk` command in a throwaway data dir, allowed to fetch from loopback."""

    def __init__(self, data_dir: Path, **env: str) -> None:
        inherited = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
        }
        self.env = {
            **inherited,
            "NEWSDESK_DATA_DIR": str(data_dir),
            "NEWSDESK_FETCH_ALLOWLIST": "127.0.0.1",
            "NEWSDESK_HOST_DELAY": "0",
            **env,
        }

    def run(self, *args: str) -> None:
        subprocess.run(
            [NEWSDESK, *args], env=self.env, check=True, capture_output=True, timeout=300
        )


WORDS = [
    "harbour",
    "council",
    "ferry",
    "bridge",
    "budget",
    "school",
    "river",
    "storm",
    "farmers",
    "market",
    "museum",
    "library",
    "railway",
    "station",
    "hospital",
    "nurses",
    "teachers",
    "festival",
    "election",
    "mayor",
    "parliament",
    "minister",
    "court",
    "judge",
    "police",
    "fire",
    "rescue",
    "coast",
    "mountain",
    "valley",
    "orchard",
    "vineyard",
    "factory",
    "workers",
    "union",
    "contract",
    "wages",
    "housing",
    "rents",
    "tenants",
    "developers",
    "planning",
    "permission",
    "archive",
    "scientists",
    "telescope",
    "comet",
    "satellite",
    "engineers",
    "tunnel",
    "flood",
    "barrier",
    "drought",
    "reservoir",
    "energy",
    "solar",
    "turbines",
    "grid",
]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 22))]
    return " ".join(words).capitalize() + "."


def article_page(feed: int, item: int) -> bytes:
    rng = random.Random(feed * 100_003 + item)
    title = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} report {feed}-{item}"
    paras = "".join(f"<p>{' '.join(_sentence(rng) for _ in range(4))}</p>" for _ in range(6))
    return (
        f"<!doctype html><html lang='en'><head><title>{title}</title>"
        f"<meta property='og:site_name' content='Crash Gazette {feed}'></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>"
        f"<p class='byline'>By Staff Writer</p>{paras}</article>"
        f"<footer>Contact us</footer></body></html>"
    ).encode()


def feed_xml(base: str, feed: int, items: int) -> bytes:
    entries = "".join(
        f"<item><title>Report {feed}-{i}</title><link>{base}/a/{feed}/{i}.html</link>"
        f"<guid>crash-{feed}-{i}</guid>"
        f"<pubDate>Sat, 28 Nov 2026 {i % 24:02d}:{i % 60:02d}:00 GMT</pubDate></item>"
        for i in range(items)
    )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Crash Gazette {feed}</title>"
        f"<link>{base}/</link><description>generated</description>{entries}</channel></rss>"
    ).encode()


class CrashPublisher:
    def __init__(self, feeds: int, items: int, delay: float = 0.02) -> None:
        self.feeds, self.items, self.delay = feeds, items, delay
        self.on_feed: Callable[[int], None] | None = None
        self.page_hits = 0
        publisher = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = self.path.strip("/").split("/")
                if parts[0] == "feed" and len(parts) == 2:
                    body = feed_xml(publisher.base, int(parts[1].split(".")[0]), publisher.items)
                    self._send(200, "application/rss+xml", body)
                    if publisher.on_feed:
                        publisher.on_feed(int(parts[1].split(".")[0]))
                    return
                if parts[0] == "a" and len(parts) == 3:
                    time.sleep(publisher.delay)
                    publisher.page_hits += 1
                    page = article_page(int(parts[1]), int(parts[2].split(".")[0]))
                    return self._send(200, "text/html; charset=utf-8", page)
                self._send(404, "text/plain", b"not found")

            def _send(self, status: int, ctype: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass(frozen=True, slots=True)
class Counts:
    articles: int
    distinct_items: int
    ready: int
    pending: int
    failed: int
    enriched: int
    running_tasks: int
    ready_tasks: int


@dataclass
class Interruption:
    moment: str
    signal_name: str
    ready_before: int
    exit_code: int | None
    stopped_in: float  # seconds from the signal to the last process of the run gone
    leftovers: list[int] = field(default_factory=list)  # pids still alive afterwards


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


class CrashRun:
    def __init__(self, data_dir: Path, feeds: int, items: int, processes: int = 2) -> None:
        self.publisher = CrashPublisher(feeds, items)
        self.site = Site(data_dir, NEWSDESK_HOST_CONCURRENCY="8")
        self.db = data_dir / "newsdesk.sqlite3"
        self.processes = processes
        self.expected = feeds * items
        for feed in range(feeds):
            self.site.run("source", "add", f"{self.publisher.base}/feed/{feed}.xml")

    def counts(self) -> Counts:
        with sqlite3.connect(self.db, timeout=30) as con:
            one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
            return Counts(
                articles=one("SELECT COUNT(*) FROM storage_article"),
                distinct_items=one(
                    "SELECT COUNT(*) FROM (SELECT DISTINCT source_id, url FROM storage_article)"
                ),
                ready=one("SELECT COUNT(*) FROM storage_article WHERE status='ready'"),
                pending=one("SELECT COUNT(*) FROM storage_article WHERE status='pending'"),
                failed=one("SELECT COUNT(*) FROM storage_article WHERE status='failed'"),
                enriched=one("SELECT COUNT(*) FROM storage_article WHERE enriched_at IS NOT NULL"),
                running_tasks=one(
                    "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status='RUNNING'"
                ),
                ready_tasks=one(
                    "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status='READY'"
                ),
            )

    def _start(self) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [NEWSDESK, "ingest", "--processes", str(self.processes), "--threads", "2"],
            env=self.site.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )

    def interrupt(self, moment: str, sig: signal.Signals, timeout: float = 120) -> Interruption:
        """Start a pass, send ``sig`` at ``moment``, wait until every process of it is gone."""
        before = self.counts().ready
        fired = threading.Event()
        proc = self._start()
        if moment == "store":
            # Right after a feed is served the refresh parses it and stores its items.
            def on_feed(_feed: int) -> None:
                if not fired.is_set():
                    fired.set()
                    threading.Timer(
                        0.15, lambda: proc.poll() is None and proc.send_signal(sig)
                    ).start()

            self.publisher.on_feed = on_feed
        deadline = time.monotonic() + timeout
        family: set[int] = set()
        try:
            while time.monotonic() < deadline and proc.poll() is None and not fired.is_set():
                family.update(_children(proc.pid))
                ready = self.counts()
                if moment == "fetch" and self.publisher.page_hits >= 20 and ready.ready > before:
                    break
                if (
                    moment == "enrich"
                    and ready.enriched > before + 5
                    and ready.ready > ready.enriched
                ):
                    break
                time.sleep(0.05)
            family.update(_children(proc.pid))
            signalled = time.monotonic()
            if not fired.is_set() and proc.poll() is None:
                fired.set()
                proc.send_signal(sig)
            try:
                code = proc.wait(60)
            except subprocess.TimeoutExpired:
                code = None
            gone_by = time.monotonic() + 60
            while time.monotonic() < gone_by and any(_alive(p) for p in family):
                time.sleep(0.1)
            leftovers = [p for p in family if _alive(p)]
            return Interruption(
                moment,
                sig.name,
                before,
                code,
                round(time.monotonic() - signalled, 2),
                leftovers,
            )
        finally:
            self.publisher.on_feed = None
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            for pid in family:
                if _alive(pid):
                    os.kill(pid, signal.SIGKILL)

    def finish(self, timeout: float = 600) -> tuple[int, float]:
        """A last pass to the end: (exit code, seconds)."""
        started = time.monotonic()
        result = subprocess.run(
            [NEWSDESK, "ingest", "--processes", str(self.processes), "--threads", "2"],
            env=self.site.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        return result.returncode, round(time.monotonic() - started, 1)

    def close(self) -> None:
        self.publisher.close()
