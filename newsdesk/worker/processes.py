"""Worker processes: `--concurrency N` children, the Redis broker's worker, its drain.

The database queue runs workers as threads (``runner.WorkerPool``); RQ runs one
task at a time per process in a forked child, so with the broker a process is the
unit of concurrency and more processes are the way to use more cores.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable

import django_rq
import redis
from django.db import close_old_connections, connections
from django_tasks_rq.backend import Job
from rq.queue import Queue
from rq.worker import SimpleWorker, Worker

from newsdesk.worker.broker import (
    BrokerClock,
    queue_depths,
    queue_names,
    recover_lost,
    worker_name,
)
from newsdesk.worker.leases import OWNER
from newsdesk.worker.runner import RECOVER_EVERY, RECOVER_GRACE, QueueCounts
from newsdesk.worker.tasks import enqueue_due_live_blogs, enqueue_due_sources, recover_work

log = logging.getLogger("newsdesk.worker")

# Seconds between heartbeats of a running job: a job whose worker died is found
# about a minute after its last heartbeat (RQ adds 60 s) and run again.
JOB_MONITORING_INTERVAL = 10


def spawn(count: int, args: list[str]) -> list[subprocess.Popen[bytes]]:
    """``count`` child `newsdesk worker` processes with ``args``; each ends with this
    process, even when this one is killed (``--parent``)."""
    return [
        subprocess.Popen(
            [sys.executable, "-m", "newsdesk.cli", "worker", *args, "--parent", str(os.getpid())],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(max(0, count))
    ]


def end_with_parent(parent: int) -> None:
    """Stop this process the way SIGTERM does (the current task finishes first) once
    ``parent`` is gone: a worker started by `ingest` or a supervisor never outlives it."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        log.warning("parent process %d is gone; stopping", parent)
        # To the main thread itself: its blocking wait on Redis is what must be interrupted.
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGTERM)

    if parent:
        threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def stop_children(children: list[subprocess.Popen[bytes]], timeout: float = 60) -> None:
    """SIGTERM: each child finishes its current task, then exits."""
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(timeout)
        except subprocess.TimeoutExpired:
            child.kill()


def supervise(args: list[str], done: threading.Event) -> None:
    """One `newsdesk worker` child with ``args`` until ``done``; a child that ends by
    itself (killed, out of memory) is replaced, and the operator is told."""
    child = spawn(1, args)[0]
    try:
        while not done.wait(1):
            if child.poll() is not None:
                log.warning(
                    "worker process %d ended (exit %s); starting another",
                    child.pid,
                    child.returncode,
                )
                child = spawn(1, args)[0]
    finally:
        stop_children([child])


class ForkingWorker(Worker):
    """RQ's worker, which runs each task in a forked child (the "horse").

    The horse must open database connections of its own: a connection carried across
    fork() is one socket (PostgreSQL) or one set of file locks (SQLite) shared by two
    processes, and corrupts both. So the worker lets go of its connections before it
    forks. (SQLite's lock table survives fork() even for other threads' connections,
    which is why ``cmd_worker`` keeps the scheduler thread out of this process.)
    """

    _worker_pid = 0  # the process that forks the horses (this worker)
    # Redis away: RQ waits 1, 2, 4 ... s between attempts, up to a minute by default;
    # five at most, so work resumes within seconds of Redis coming back.
    max_connection_wait_time = 5.0

    def fork_work_horse(self, job: Job, queue: Queue) -> None:
        connections.close_all()
        self._worker_pid = os.getpid()
        super().fork_work_horse(job, queue)

    def main_work_horse(self, job: Job, queue: Queue) -> None:
        # The horse dies with its worker: a worker killed (SIGKILL, out of memory) has
        # its job run again by the next one, and a horse left running would run the
        # task twice at once, fetching a publisher's pages twice.
        die_with_parent(self._worker_pid)
        super().main_work_horse(job, queue)


PR_SET_PDEATHSIG = 1  # prctl(2) option: the signal this process gets when its parent ends


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when ``parent`` (the one that forked it) ends.

    Linux has prctl(PR_SET_PDEATHSIG); elsewhere a thread watches for the parent's
    end. A parent that ended before either was in place is seen at once.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            log.warning("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())
    else:

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1)
            os.kill(os.getpid(), signal.SIGKILL)

        threading.Thread(target=watch, daemon=True, name="parent-watch").start()
    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)


class PassWorker(SimpleWorker):
    """RQ's non-forking worker for `newsdesk ingest`, which owns SIGTERM and Ctrl+C:
    RQ would install its own handlers on every batch and the pass's stop (a clean
    exit, code 130) would never be asked for."""

    def _install_signal_handlers(self) -> None:
        pass


def run_broker_worker(burst: bool = False, parent: int = 0) -> None:
    """One RQ worker in this process's main thread (RQ handles SIGTERM itself).

    Redis going away ends RQ's loop, either with a connection error or quietly (RQ
    logs "unhandled exception, quitting" when Redis fails outside its dequeue, and
    returns): say so, wait, and start a new worker, so a Redis restart needs no one
    to restart the workers. Only a requested stop (SIGTERM, Ctrl+C, the end of
    ``parent``) or the end of a burst ends this loop.
    """
    end_with_parent(parent)
    while True:
        try:
            connections.close_all()  # every job runs in a forked child: never share one
            worker = django_rq.get_worker(
                *queue_names(),
                job_class=Job,
                worker_class=ForkingWorker,
                job_monitoring_interval=JOB_MONITORING_INTERVAL,
                name=worker_name(OWNER),  # recovery finds its jobs and leases
            )
            # No RQ scheduler here: the lease holder runs it (``broker.BrokerClock``), once.
            worker.work(burst=burst, with_scheduler=False, logging_level="WARNING")
            if burst or worker._shutdown_requested_date is not None:  # SIGTERM / Ctrl+C
                return
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            log.warning(
                "the RQ worker loop ended on its own; starting it again in %d s", REDIS_RETRY
            )
            time.sleep(REDIS_RETRY)
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
            # RQ's stop handlers outlive its loop: put the defaults back so SIGTERM or
            # Ctrl+C still end the process while it waits for Redis.
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            log.warning("Redis unreachable (%s); trying again in %d s", exc, REDIS_RETRY)
            time.sleep(REDIS_RETRY)


REDIS_RETRY = 2  # seconds between two attempts to reach Redis again


def _finished() -> dict[str, int]:
    out = {}
    for name in queue_names():
        queue = django_rq.get_queue(name)
        out[name] = queue.finished_job_registry.count + queue.failed_job_registry.count
    return out


def _failed() -> int:
    return sum(django_rq.get_queue(n).failed_job_registry.count for n in queue_names())


def broker_drain(
    threads: int = 2,
    progress: Callable[[QueueCounts], None] | None = None,
    poll: float = 0.25,
    processes: int = 1,
    stop: threading.Event | None = None,
) -> QueueCounts:
    """`newsdesk ingest` on the broker: enqueue due sources, run tasks until idle (or
    until ``stop`` is set: SIGTERM / Ctrl+C; what is left stays queued).

    This process runs tasks itself (RQ's non-forking worker, in batches so the
    progress line moves); ``processes > 1`` adds `newsdesk worker` children.
    Retries due after the pass ends stay queued for the long-running workers. Jobs
    and articles a killed pass left behind are taken again at the start, every
    ``RECOVER_EVERY`` seconds and before the pass is called done.
    """
    enqueue_due_sources()
    enqueue_due_live_blogs()
    base_done = _finished()
    base_failed = _failed()
    children = spawn(max(0, processes - 1), ["--poll", str(poll)])
    worker = django_rq.get_worker(
        *queue_names(), job_class=Job, worker_class=PassWorker, name=worker_name(OWNER)
    )
    # Retries whose time comes during the pass run in it (when no long-running
    # scheduler holds RQ's scheduling locks, this pass moves them onto their queues).
    clock = BrokerClock()
    try:
        # A pass killed earlier left its jobs "started" and maybe articles without
        # their task (stored, then killed before the task was sent): both run now.
        recover_lost()
        recover_work()
        last_recovery = time.monotonic()
        idle_polls = 0
        while True:
            clock.tick()
            worker.work(burst=True, max_jobs=BATCH, logging_level="WARNING")
            counts = _counts(base_done, base_failed)
            if progress:
                progress(counts)
            if stop is not None and stop.is_set():
                return counts
            if time.monotonic() - last_recovery > RECOVER_EVERY:
                recover_lost()
                recover_work(RECOVER_GRACE)
                last_recovery = time.monotonic()
            idle_polls = idle_polls + 1 if counts.idle else 0
            if idle_polls >= 2:
                # Before calling the pass done: sources left due by a capped refresh and
                # pending articles that lost their task get their work now.
                more = enqueue_due_sources() or recover_lost() or recover_work().changed
                if not more:
                    return counts
                idle_polls = 0
            if counts.idle:
                time.sleep(poll)
    finally:
        clock.release()
        stop_children(children)
        close_old_connections()


BATCH = 5  # tasks between two progress updates


def _counts(base_done: dict[str, int], base_failed: int) -> QueueCounts:
    depths = {d.queue: d for d in queue_depths()}
    done = _finished()
    per = {}
    for name in ("sources", "articles", "stages"):
        d = depths[name]
        finished = max(0, done[name] - base_done[name])
        per[name] = (finished + d.waiting + d.running, finished)
    return QueueCounts(
        *per["sources"],
        *per["articles"],
        *per["stages"],
        failed=max(0, _failed() - base_failed),
        waiting=sum(d.waiting + d.running for d in depths.values()),
    )
