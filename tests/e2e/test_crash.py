"""After any crash the next run finishes on its own, with nothing lost and nothing twice.

`newsdesk ingest` (two processes) is killed with SIGKILL while pages are fetched,
while a feed's items are stored and while the later stages run; then stopped with
SIGTERM. No process of a run may be left behind, a stopped pass exits promptly,
and a last pass returns with every item stored exactly once and none pending.
bench/crash.py runs the same at about 1,000 pages. On the scaled-out set-up the runs
use the Redis broker (the database stays each run's own SQLite file).
"""

from __future__ import annotations

import os
import signal

import pytest
import redis
from django.conf import settings
from rq import Queue

from bench.crash_harness import CrashRun
from tests.support.site import private_redis

pytestmark = pytest.mark.slow


@pytest.fixture
def run(tmp_path, monkeypatch):
    shared = os.environ.get("NEWSDESK_REDIS_URL")
    if shared:
        # A Redis database of its own: no task left by an earlier test reaches this run.
        monkeypatch.setenv("NEWSDESK_REDIS_URL", private_redis(shared, tmp_path))
        if os.environ.get("NEWSDESK_CACHE_URL"):
            monkeypatch.setenv("NEWSDESK_CACHE_URL", os.environ["NEWSDESK_REDIS_URL"])
    crash = CrashRun(tmp_path, feeds=3, items=30)
    yield crash
    crash.close()


def _broker_tasks_left() -> int:
    """Tasks queued or running on the broker (0 on the database queue: counted there)."""
    url = os.environ.get("NEWSDESK_REDIS_URL")
    if not url or "rq_backend" not in os.environ.get("NEWSDESK_TASK_BACKEND", ""):
        return 0
    connection = redis.Redis.from_url(url)
    queues = [Queue(name, connection=connection) for name in settings.TASK_QUEUES]
    return sum(q.count + q.started_job_registry.count for q in queues)


def _assert_whole(run: CrashRun) -> None:
    code, _ = run.finish(timeout=280)
    assert code == 0
    c = run.counts()
    assert c.articles == c.distinct_items == run.expected  # every item, each once
    assert c.pending == 0 and c.running_tasks == 0 and c.ready_tasks == 0
    assert _broker_tasks_left() == 0
    assert c.ready + c.failed == run.expected and c.ready >= run.expected - 2
    assert c.enriched == c.ready  # the later stages ran for every readable article


def test_sigkill_at_three_moments_loses_nothing(run):
    for moment in ("store", "fetch", "enrich"):
        stop = run.interrupt(moment, signal.SIGKILL)
        assert stop.leftovers == [], stop  # the child worker ends with its parent
    _assert_whole(run)


def test_sigterm_stops_promptly_and_loses_nothing(run):
    for moment in ("fetch", "enrich"):
        stop = run.interrupt(moment, signal.SIGTERM)
        assert stop.exit_code == 130, stop  # stopped early, and says so
        assert stop.leftovers == [] and stop.stopped_in < 40, stop
    _assert_whole(run)
