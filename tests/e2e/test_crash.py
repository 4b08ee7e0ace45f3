"""After any crash the next run finishes on its own, with nothing lost and nothing twice.

`newsdesk ingest` (two processes) is killed with SIGKILL while pages are fetched,
while a feed's items are stored and while the later stages run; then stopped with
SIGTERM. No process of a run may be left behind, a stopped pass exits promptly,
and a last pass returns with every item stored exactly once and none pending.
bench/crash.py runs the same at about 1,000 pages.
"""

from __future__ import annotations

import signal

import pytest

from bench.crash_harness import CrashRun

pytestmark = pytest.mark.slow


@pytest.fixture
def run(tmp_path):
    crash = CrashRun(tmp_path, feeds=3, items=30)
    yield crash
    crash.close()


def _assert_whole(run: CrashRun) -> None:
    code, _ = run.finish(timeout=280)
    assert code == 0
    c = run.counts()
    assert c.articles == c.distinct_items == run.expected  # every item, each once
    assert c.pending == 0 and c.running_tasks == 0 and c.ready_tasks == 0
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
