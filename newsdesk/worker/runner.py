"""Run django-tasks-db workers inside this process: threads for `serve`, a drain for `ingest`."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import close_old_connections
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from newsdesk.worker.tasks import enqueue_due_live_blogs, enqueue_due_sources

log = logging.getLogger("newsdesk.worker")


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


def make_worker(interval: float = 1.0) -> Worker:
    return Worker(
        queue_names=["*"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"newsdesk-{uuid.uuid4().hex[:12]}",
        excluded_queue_names=[],
    )


class WorkerPool:
    """N worker threads; ``stop()`` lets each finish its current task."""

    def __init__(self, threads: int, interval: float = 1.0) -> None:
        self.workers = [make_worker(interval) for _ in range(max(1, threads))]
        self.threads = [
            threading.Thread(target=self._run, args=(w,), daemon=True, name=f"worker-{i}")
            for i, w in enumerate(self.workers)
        ]

    def _run(self, worker: Worker) -> None:
        while worker.running:
            try:
                worker.run()
            except Exception:  # a broken task row must not end the thread
                log.exception("worker loop failed; restarting")
                time.sleep(1)
            finally:
                close_old_connections()

    def start(self) -> WorkerPool:
        for thread in self.threads:
            thread.start()
        return self

    def stop(self, timeout: float = 30) -> None:
        for worker in self.workers:
            worker.running = False
        for thread in self.threads:
            thread.join(timeout)


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


def drain(
    threads: int = 2,
    progress: Callable[[QueueCounts], None] | None = None,
    poll: float = 0.25,
    processes: int = 1,
) -> QueueCounts:
    """One ingest pass: enqueue every due source, run until nothing is ready or running.

    Extraction is CPU-bound and holds the GIL, so ``processes > 1`` adds worker
    processes (`newsdesk worker`) beside this one's threads to use every core.
    Retries scheduled for later (``run_after`` in the future) stay queued for the
    next pass or for `newsdesk serve`.
    """
    since = timezone.now()
    enqueue_due_sources()
    enqueue_due_live_blogs()
    children = [
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
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(max(0, processes - 1))
    ]
    pool = WorkerPool(threads, interval=poll).start()
    try:
        idle_polls = 0
        while True:
            time.sleep(poll)
            counts = queue_counts(since)
            if progress:
                progress(counts)
            idle_polls = idle_polls + 1 if counts.idle else 0
            if idle_polls >= 2:  # twice in a row: no task was between enqueue and claim
                return counts
    finally:
        for child in children:
            child.terminate()  # SIGTERM: the child finishes its current task, then exits
        pool.stop()
        for child in children:
            try:
                child.wait(60)
            except subprocess.TimeoutExpired:
                child.kill()
        close_old_connections()


class Scheduler(threading.Thread):
    """Enqueue due sources every ``interval`` seconds until stopped."""

    def __init__(self, interval: float) -> None:
        super().__init__(daemon=True, name="scheduler")
        self.interval = interval
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                enqueued = enqueue_due_sources() + enqueue_due_live_blogs()
                if enqueued:
                    log.info("scheduled %d refresh(es)", len(enqueued))
            except Exception:
                log.exception("scheduler pass failed")
            finally:
                close_old_connections()
            self.stopping.wait(self.interval)

    def stop(self) -> None:
        self.stopping.set()
