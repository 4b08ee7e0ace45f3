"""Four worker processes fetch one publisher no harder than one process would.

The publisher counts the requests it serves at once and when each starts. Each
process alone would allow ``NEWSDESK_HOST_CONCURRENCY``, so without a shared ledger
four processes reach four times that; with it, never more, through the database
ledger (SQLite) and through Redis, and ``NEWSDESK_HOST_DELAY`` holds between any two
request starts.
"""

from __future__ import annotations

import itertools
import subprocess
import threading
import time

import pytest
import redis
from django.db import connections

from newsdesk.fleet.ledger import DatabaseLedger, RedisLedger
from newsdesk.ingest.politeness import HostGate
from tests.scale.counting_publisher import CountingPublisher
from tests.support.httpserver import wait_for
from tests.support.site import NEWSDESK, Site

pytestmark = pytest.mark.slow


def _ingest_with_four_processes(site: Site, publisher: CountingPublisher) -> None:
    """Four `newsdesk worker` processes (one of them scheduling) until every page is in."""
    site.run("source", "add", f"{publisher.base}/feed.xml")
    workers = subprocess.Popen(
        [
            NEWSDESK,
            "worker",
            "--concurrency",
            "4",
            "--threads",
            "2",
            "--scheduler",
            "--poll",
            "0.2",
        ],
        env=site.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: publisher.pages >= publisher.articles, timeout=180)
        time.sleep(1)  # a duplicate fetch would show now
    finally:
        workers.terminate()
        workers.wait(90)


def test_four_worker_processes_share_the_database_ledger(tmp_path):
    with CountingPublisher(articles=16, page_seconds=0.5) as publisher:
        site = Site(
            tmp_path,
            NEWSDESK_HOST_CONCURRENCY="1",
            NEWSDESK_HOST_DELAY="0",
            NEWSDESK_REDIS_URL="",
            NEWSDESK_TASK_BACKEND="django_tasks_db.DatabaseBackend",
        )
        _ingest_with_four_processes(site, publisher)
    assert publisher.pages == 16  # every page fetched, once
    assert publisher.peak == 1


def test_four_worker_processes_share_the_redis_ledger(tmp_path, redis_server):
    """Both limits in one run: pages held 1 s and starts 0.3 s apart would let four in
    flight; the shared concurrency of two must cap that, and the delay must hold
    whichever process sends (checked at the publisher, between request starts)."""
    with CountingPublisher(articles=12, page_seconds=1.0) as publisher:
        site = Site(
            tmp_path,
            NEWSDESK_HOST_CONCURRENCY="2",
            NEWSDESK_HOST_DELAY="0.3",
            NEWSDESK_REDIS_URL=redis_server.url,
        )
        _ingest_with_four_processes(site, publisher)
    assert publisher.pages == 12
    assert publisher.peak <= 2  # never more than two at once
    starts = sorted(publisher.starts)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert len(starts) >= 13  # the feed, robots.txt and twelve pages
    assert min(gaps) >= 0.25, gaps  # 0.3 s apart whichever process sent them


def _late(seconds: float) -> None:
    """A process on a loaded machine: every sleep runs 0.3 s long."""
    time.sleep(seconds + 0.3)


def _sends_with_a_late_process(make_ledger) -> list[float]:
    """Three processes, one host, 0.4 s apart: the first sends; the second asks just
    after, waits its turn and wakes 0.3 s late; the third, on time, asks meanwhile."""
    sends: list[float] = []

    def send(sleep) -> None:
        try:
            with HostGate(4, 0.4, ledger=make_ledger(sleep), sleep=sleep).slot("paper.example"):
                sends.append(time.monotonic())
        finally:
            connections.close_all()  # this thread's own, for the database ledger

    send(time.sleep)
    late = threading.Thread(target=send, args=(_late,))
    late.start()
    time.sleep(0.1)
    on_time = threading.Thread(target=send, args=(time.sleep,))
    on_time.start()
    late.join(10)
    on_time.join(10)
    return sorted(sends)


def _assert_spaced(sends: list[float], caplog) -> None:
    gaps = [b - a for a, b in itertools.pairwise(sends)]
    assert "unreachable" not in caplog.text  # the shared ledger decided, not a fallback
    assert len(sends) == 3
    assert min(gaps) >= 0.39, gaps  # each start is granted when it is sent


def test_a_late_sender_never_brings_the_next_start_closer_in_redis(redis_server, caplog):
    redis.Redis.from_url(redis_server.url).flushdb()
    sends = _sends_with_a_late_process(lambda sleep: RedisLedger(redis_server.url, sleep=sleep))
    _assert_spaced(sends, caplog)


def test_a_late_sender_never_brings_the_next_start_closer_in_the_database(transactional_db, caplog):
    sends = _sends_with_a_late_process(lambda sleep: DatabaseLedger(sleep=sleep))
    _assert_spaced(sends, caplog)
