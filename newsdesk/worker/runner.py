"""Run django-tasks-db workers inside this process: threads for `serve`, a drain for `ingest`."""

from __future__ import annotations

import itertools
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import close_old_connections
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from newsdesk.worker import leases
from newsdesk.worker.outages import QueueWorker
from newsdesk.worker.tasks import enqueue_due_live_blogs, enqueue_due_sources, recover_work

log = logging.getLogger("newsdesk.worker")

RECOVER_EVERY = 15.0  # seconds between recovery scans while a pass or the scheduler runs
# Periodic scans spare articles stored this recently: another process may be queueing them.
RECOVER_GRACE = timedelta(minutes=1)
STOP_WAIT = 20.0  # seconds a stopping worker gives its current task before releasing it
_worker_numbers = itertools.count()


@dataclass(frozen=True, slots=True)
class QueueCounts:
    sources_total: int
    sources_done: int
    articles_total: int
    articles_done: int
    stages_total: int
    stages_done: int
    failed: int
    waiting: int
    model_total: int = 0
    model_done: int = 0

    @property
    def idle(self) -> bool:
        return self.waiting == 0


def make_worker(interval: float = 1.0) -> QueueWorker:
    # Named after this process's heartbeat: recovery knows whose tasks died with it.
    return QueueWorker(
        queue_names=["*"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"{leases.OWNER}-{next(_worker_numbers)}",
        excluded_queue_names=[],
    )


class WorkerPool:
    """N worker threads and the process heartbeat that leases their tasks.

    ``stop()`` lets each thread finish its current task for ``timeout`` seconds, then
    puts what is still unfinished back on the queue for the next worker.
    """

    def __init__(self, threads: int, interval: float = 1.0) -> None:
        self.heartbeat = leases.Heartbeat()
        self.workers = [make_worker(interval) for _ in range(max(1, threads))]
        self.threads = [
            threading.Thread(target=self._run, args=(w,), daemon=True, name=f"worker-{i}")
            for i, w in enumerate(self.workers)
        ]

    def _run(self, worker: QueueWorker) -> None:
        while worker.running:
            try:
                worker.run()
            except Exception:  # a broken task row must not end the thread
                log.exception("worker loop failed; restarting")
                time.sleep(1)
            finally:
                close_old_connections()

    def start(self) -> WorkerPool:
        self.heartbeat.start()
        for thread in self.threads:
            thread.start()
        return self

    def stop(self, timeout: float = STOP_WAIT) -> None:
        for worker in self.workers:
            worker.running = False
        deadline = time.monotonic() + timeout
        for thread in self.threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        busy = [
            w.worker_id for w, t in zip(self.workers, self.threads, strict=True) if t.is_alive()
        ]
        try:
            if busy:
                released = leases.release_own_tasks(busy)
                log.warning("stopped with %d task(s) unfinished; released them", released)
        finally:
            self.heartbeat.stop()


FETCH_TASK = "process_article_task"
FINISH_TASK = "finish_article_task"


def _article_id(args_kwargs: object) -> int | None:
    args = args_kwargs.get("args") if isinstance(args_kwargs, dict) else None
    return args[0] if isinstance(args, list) and args and isinstance(args[0], int) else None


def queue_counts(since: datetime) -> QueueCounts:
    """Counts by article, not by task, so the numbers agree with each other.

    An article is counted once whether its page was fetched by its own task or came
    with its source (a single-page source); "enriched" counts articles whose later
    stages ran, never more than the articles. Model work (summaries, answers,
    briefings) rides the stages queue but is counted apart.
    """
    rows = DBTaskResult.objects.filter(enqueued_at__gte=since).values_list(
        "queue_name", "status", "task_path", "args_kwargs"
    )
    finished = (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)
    sources = [0, 0]
    model = [0, 0]
    fetched: dict[int, bool] = {}  # article id -> its fetch task finished
    enriched: dict[int, bool] = {}  # article id -> its stages task finished
    failed = 0
    for queue, status, path, args in rows:
        done = status in finished
        failed += status == TaskResultStatus.FAILED
        article = _article_id(args)
        if path.endswith(FETCH_TASK) and article is not None:
            fetched[article] = fetched.get(article, False) or done
        elif path.endswith(FINISH_TASK) and article is not None:
            enriched[article] = enriched.get(article, False) or done
        elif queue == "sources":
            sources[0] += 1
            sources[1] += done
        elif queue == "stages":
            model[0] += 1
            model[1] += done
    # An article with stages queued but no fetch task was extracted with its source.
    articles = {a: fetched.get(a, True) for a in fetched.keys() | enriched.keys()}
    # Waiting counts every ready or running task, also those enqueued before this pass.
    waiting = DBTaskResult.objects.ready().count() + DBTaskResult.objects.running().count()
    return QueueCounts(
        sources[0],
        sources[1],
        len(articles),
        sum(articles.values()),
        len(enriched),
        sum(enriched.values()),
        failed,
        waiting,
        model_total=model[0],
        model_done=model[1],
    )


def spawn_workers(count: int, threads: int, poll: float) -> list[subprocess.Popen]:
    """Worker processes that end with this one (they watch for their parent's death)."""
    return [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "newsdesk.cli",
                "worker",
                "--threads",
                str(threads),
                "--poll",
                str(poll),
                "--parent",
                str(os.getpid()),
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(max(0, count))
    ]


def end_workers(children: list[subprocess.Popen]) -> None:
    for child in children:
        child.terminate()  # SIGTERM: the child finishes or releases its task, then exits
    for child in children:
        try:
            child.wait(STOP_WAIT + 10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def drain(
    threads: int = 2,
    progress: Callable[[QueueCounts], None] | None = None,
    poll: float = 0.25,
    processes: int = 1,
    stop: threading.Event | None = None,
) -> QueueCounts:
    """One ingest pass: enqueue every due source, run until nothing is ready or running.

    Extraction is CPU-bound and holds the GIL, so ``processes > 1`` adds worker
    processes (`newsdesk worker`) beside this one's threads to use every core.
    Retries scheduled for later (``run_after`` in the future) stay queued for the
    next pass or for `newsdesk serve`. Tasks left running by a worker that died are
    taken again (at the start, every ``RECOVER_EVERY`` seconds, and before the pass
    is called done), so a pass never waits on a task nobody runs. A source whose feed
    held more new items than one refresh stores is due again at once and refreshed
    again within the pass. ``stop`` (set by SIGTERM / SIGINT) ends the pass early.
    """
    stop = stop or threading.Event()
    since = timezone.now()
    recover_work()
    enqueue_due_sources()
    enqueue_due_live_blogs()
    children = spawn_workers(processes - 1, threads, poll)
    pool = WorkerPool(threads, interval=poll).start()
    try:
        idle_polls = 0
        last_recovery = time.monotonic()
        counts = queue_counts(since)
        while not stop.wait(poll):
            counts = queue_counts(since)
            if progress:
                progress(counts)
            if time.monotonic() - last_recovery > RECOVER_EVERY:
                recover_work(RECOVER_GRACE)
                last_recovery = time.monotonic()
            idle_polls = idle_polls + 1 if counts.idle else 0
            if idle_polls >= 2:  # twice in a row: no task was between enqueue and claim
                # Before calling the pass done: sources left due by a capped refresh, and
                # pending articles that lost their task, get their work now.
                more = enqueue_due_sources() or recover_work().changed
                if not more:
                    return counts
                idle_polls = 0
        return counts
    finally:
        pool.stop()
        end_workers(children)
        close_old_connections()
