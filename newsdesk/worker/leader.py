"""The scheduler, exactly once however many processes run it.

Every process started with a scheduler (`newsdesk serve`, `newsdesk worker
--scheduler`) runs this loop, but only the holder of the database lease
"scheduler" scans: the others wait and take over when the holder stops renewing
(crashed or stopped) for three intervals. The scans themselves stay safe if two
ever overlap: a source is claimed by a conditional UPDATE and the hourly digest
run by a period mark, so nothing is sent twice.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from datetime import timedelta

from django.db import close_old_connections

from newsdesk.fleet.lease import claim_period, hold, release
from newsdesk.metrics.samples import take_sample
from newsdesk.worker import leases
from newsdesk.worker.broker import BrokerClock, recover_lost
from newsdesk.worker.runner import RECOVER_EVERY, RECOVER_GRACE
from newsdesk.worker.tasks import (
    enqueue_digests,
    enqueue_due_live_blogs,
    enqueue_due_sources,
    enqueue_idle_repair,
    recover_work,
)

log = logging.getLogger("newsdesk.worker")

LEASE = "scheduler"
DIGEST_EVERY = timedelta(hours=1)
SAMPLE_EVERY = timedelta(minutes=5)


def holder_id() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class LeadScheduler(threading.Thread):
    """Scan for due work every ``interval`` seconds while this process leads."""

    def __init__(self, interval: float) -> None:
        super().__init__(daemon=True, name="scheduler")
        self.interval = interval
        self.me = holder_id()
        self.stopping = threading.Event()
        self.leading = False
        self.clock = BrokerClock()
        self.last_recovery = 0.0
        # The clusterer's article count at the last idle repair this process queued (a
        # new leader repairs once more at its first idle pass: harmless, it converges).
        self.repaired_at = 0
        # Passes failed in a row: an outage is told once with its traceback, then one
        # line a pass (a traceback every second filled the operator's log and any pipe
        # it went to), and its end is told too.
        self.failures = 0

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                self.tick()
            except Exception as exc:  # the database away: report, and try again next pass
                self.failures += 1
                if self.failures == 1:
                    log.exception("scheduler pass failed")
                else:
                    log.warning("scheduler pass failed again (%d in a row): %r", self.failures, exc)
                self.leading = False
            else:
                if self.failures:
                    log.warning("scheduler passes work again after %d failed", self.failures)
                self.failures = 0
            finally:
                close_old_connections()
            self.stopping.wait(self.interval)
        try:
            release(LEASE, self.me)
        except Exception:
            log.warning("could not hand the scheduler lease back; it expires by itself")
        finally:
            close_old_connections()

    def tick(self) -> None:
        leading = hold(LEASE, self.me, timedelta(seconds=max(3 * self.interval, 10)))
        if leading != self.leading:
            log.info("scheduler: %s", "leading" if leading else "standing by")
        self.leading = leading
        if not leading:
            return
        if time.monotonic() - self.last_recovery > RECOVER_EVERY:
            # The first pass (at start-up) takes back every dead worker's task at once;
            # later ones spare articles stored a moment ago (their task may be on its way).
            recover_work(RECOVER_GRACE if self.last_recovery else timedelta(0))
            leases.prune_finished()
            self.last_recovery = time.monotonic()
        enqueued = enqueue_due_sources() + enqueue_due_live_blogs()
        if enqueued:
            log.info("scheduled %d refresh(es)", len(enqueued))
        self.repaired_at = enqueue_idle_repair(self.repaired_at)
        if claim_period("digests", DIGEST_EVERY):
            enqueue_digests()
        if claim_period("metrics-sample", SAMPLE_EVERY):
            take_sample()
        recover_lost()
        self.clock.tick()

    def stop(self) -> None:
        self.stopping.set()
