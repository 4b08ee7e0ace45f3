"""The queue as the operator sees it, on either backend: depth, age, dead letters.

The database queue (django-tasks-db) and the Redis broker (RQ) keep their tasks in
different places; this module answers the same questions of both, so the console,
the metrics and the command line never ask which one runs.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import django_rq
from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus, task_backends
from django_tasks_db.models import DBTaskResult
from django_tasks_rq.backend import Job, RQBackend
from rq.scheduler import RQScheduler
from rq.worker import Worker

log = logging.getLogger("newsdesk.worker")


@dataclass(frozen=True, slots=True)
class QueueDepth:
    queue: str
    waiting: int  # ready to run now
    running: int
    scheduled: int  # waiting for a later time (retries)
    oldest_age: float  # seconds the oldest waiting task has waited (0 when none)
    failed: int


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """A task that failed for good: what it was, why, and when."""

    id: str
    queue: str
    task_path: str
    args: list
    error: str
    failed_at: datetime | None


def uses_broker() -> bool:
    """True when the default task backend is the Redis broker."""
    return isinstance(task_backends["default"], RQBackend)


def queue_names() -> list[str]:
    return list(settings.TASK_QUEUES)


# --- depth -----------------------------------------------------------------------


def queue_depths() -> list[QueueDepth]:
    return _rq_depths() if uses_broker() else _db_depths()


def _db_depths() -> list[QueueDepth]:
    now = timezone.now()
    rows = {
        (r["queue_name"], r["status"]): r
        for r in DBTaskResult.objects.values("queue_name", "status").annotate(
            n=Count("id"), oldest=Min("enqueued_at")
        )
    }
    ready = {
        r["queue_name"]: r
        for r in DBTaskResult.objects.ready()
        .values("queue_name")
        .annotate(n=Count("id"), oldest=Min("enqueued_at"))
    }
    depths = []
    for name in queue_names():
        waiting = ready.get(name, {}).get("n", 0)
        all_ready = rows.get((name, TaskResultStatus.READY), {}).get("n", 0)
        oldest = ready.get(name, {}).get("oldest")
        depths.append(
            QueueDepth(
                queue=name,
                waiting=waiting,
                running=rows.get((name, TaskResultStatus.RUNNING), {}).get("n", 0),
                scheduled=all_ready - waiting,
                oldest_age=(now - oldest).total_seconds() if oldest else 0.0,
                failed=rows.get((name, TaskResultStatus.FAILED), {}).get("n", 0),
            )
        )
    return depths


def _rq_depths() -> list[QueueDepth]:
    depths = []
    for name in queue_names():
        queue = django_rq.get_queue(name)
        oldest = 0.0
        first = queue.get_job_ids(0, 1)
        if first:
            job = queue.fetch_job(first[0])
            if job is not None and job.enqueued_at is not None:
                enqueued = job.enqueued_at
                if enqueued.tzinfo is None:
                    enqueued = enqueued.replace(tzinfo=UTC)
                oldest = max(0.0, (timezone.now() - enqueued).total_seconds())
        depths.append(
            QueueDepth(
                queue=name,
                waiting=queue.count,
                running=queue.started_job_registry.count,
                scheduled=queue.scheduled_job_registry.count,
                oldest_age=oldest,
                failed=queue.failed_job_registry.count,
            )
        )
    return depths


# --- dead letters ----------------------------------------------------------------


def dead_letters(limit: int = 200) -> list[DeadLetter]:
    return _rq_dead(limit) if uses_broker() else _db_dead(limit)


def retry_dead_letter(letter_id: str) -> bool:
    """Run a dead task again (every task is idempotent); False when it is gone."""
    return _rq_retry(letter_id) if uses_broker() else _db_retry(letter_id)


def _db_dead(limit: int) -> list[DeadLetter]:
    rows = DBTaskResult.objects.failed().order_by("-finished_at")[:limit]
    return [
        DeadLetter(
            id=str(row.id),
            queue=row.queue_name,
            task_path=row.task_path,
            args=list(row.args_kwargs.get("args", [])),
            error=(row.traceback or row.exception_class_path).strip().splitlines()[-1:][0]
            if (row.traceback or row.exception_class_path)
            else "",
            failed_at=row.finished_at,
        )
        for row in rows
    ]


def _db_retry(letter_id: str) -> bool:
    row = DBTaskResult.objects.failed().filter(pk=letter_id).first()
    if row is None:
        return False
    task = import_string(row.task_path)
    task.using(queue_name=row.queue_name, priority=row.priority).enqueue(
        *row.args_kwargs.get("args", []), **row.args_kwargs.get("kwargs", {})
    )
    row.delete()
    return True


def _rq_dead(limit: int) -> list[DeadLetter]:
    letters: list[DeadLetter] = []
    for name in queue_names():
        queue = django_rq.get_queue(name)
        registry = queue.failed_job_registry
        for job_id in registry.get_job_ids(0, limit - 1):
            job = queue.fetch_job(job_id)
            if job is None:
                continue
            result = job.latest_result()
            error = (result.exc_string or "") if result is not None else ""
            letters.append(
                DeadLetter(
                    id=job.id,
                    queue=name,
                    task_path=job.func_name,
                    args=list(job.args),
                    error=(error.strip().splitlines() or ["worker lost"])[-1],
                    failed_at=job.ended_at,
                )
            )
    letters.sort(key=lambda d: d.failed_at or timezone.now(), reverse=True)
    return letters[:limit]


def _rq_retry(letter_id: str) -> bool:
    for name in queue_names():
        registry = django_rq.get_queue(name).failed_job_registry
        if letter_id in registry.get_job_ids():
            registry.requeue(letter_id)
            return True
    return False


# --- recovery --------------------------------------------------------------------


HOST = socket.gethostname()[:100]


def worker_name(owner: str) -> str:
    """A name for an RQ worker of this process: "<pid>.<owner>.<random>@<host>".

    The pid and host let recovery on this machine tell at once that the process
    behind a running job is gone; ``owner`` (``leases.OWNER``, which also names the
    source leases this process and its forked task runners take) lets recovery tell
    whose leases belong to a worker that is still alive.
    """
    return f"{os.getpid()}.{owner}.{uuid.uuid4().hex[:8]}@{HOST}"


def live_worker_owners() -> set[str]:
    """The owners named by the broker's registered workers whose process still lives.

    A worker's registration in Redis lapses a few minutes after its last heartbeat
    (another machine's worker that died); one of this machine whose process is gone
    is dead at once.
    """
    owners = set()
    connection = django_rq.get_connection(queue_names()[0])
    for worker in Worker.all(connection=connection):
        process = worker.name.partition("@")[0].split(".")
        if len(process) == 3 and process[1].startswith("nd-") and not _gone_here(worker.name):
            owners.add(process[1])
    return owners


def _gone_here(worker: str | None) -> bool:
    """True when ``worker`` names a process of this machine that no longer exists."""
    process, at, host = (worker or "").partition("@")
    pid = process.split(".", 1)[0]
    if not at or host != HOST or not pid.isdigit():
        return False  # another machine's worker: its heartbeat tells
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # exists, belongs to someone else
    return False


def recover_lost() -> int:
    """Put back the jobs whose worker vanished; the count found.

    A job stays in RQ's "started" registry until its heartbeat lapses (a minute and
    more; four for a worker that runs jobs in its own process); RQ's clean-up then
    runs it again, after a retry's wait, while it has retries left, or moves it to
    the dead letters. A job whose worker was a process of this machine that no longer
    exists is lost now: it goes back on its queue at once. RQ workers sweep their
    registries only every few minutes; the scheduler and `ingest` call this on every
    pass.
    """
    if not uses_broker():
        return 0
    found = 0
    for name in queue_names():
        registry = django_rq.get_queue(name).started_job_registry
        entries = [e.decode() for e in registry.connection.zrange(registry.key, 0, -1)]
        jobs = Job.fetch_many([registry.parse_job_id(e) for e in entries], registry.connection)
        for entry, job in zip(entries, jobs, strict=True):
            if job is None or not _gone_here(job.worker_name):
                continue
            if job.retries_left and registry.connection.zrem(registry.key, entry):
                # Not the job's failure: back on its queue now, not after a retry's wait
                # (a pass of `ingest` would end first). It still uses up one attempt, so
                # a job that kills every worker ends in the dead letters.
                job.retries_left -= 1
                django_rq.get_queue(name, job_class=Job).enqueue_job(job)
                found += 1
            else:
                registry.connection.zadd(registry.key, {entry: 0}, xx=True)  # expired now
        found += len(registry.get_expired_job_ids())
        registry.cleanup()
    if found:
        log.warning("%d task(s) lost with their worker were put back on the queue", found)
    return found


@dataclass(frozen=True, slots=True)
class ArticleTasks:
    """Articles by the state of their tasks of one kind (``article_tasks``)."""

    waiting: frozenset[int]  # a task will still run: queued, running or scheduled
    failed: frozenset[int]  # the task failed for good and none waits


def article_tasks(task_path: str) -> ArticleTasks:
    """Which articles a task of ``task_path`` (its first argument) waits or failed for.

    Recovery asks before it queues an article's work again: an article whose task
    waits (a retry later, say) must not get a second one, and one whose task failed
    for good must not be retried in a loop.
    """
    if uses_broker():
        return _rq_article_tasks(task_path)
    waiting = db_article_ids(
        task_path, Q(status=TaskResultStatus.READY) | Q(status=TaskResultStatus.RUNNING)
    )
    failed = db_article_ids(task_path, Q(status=TaskResultStatus.FAILED))
    return ArticleTasks(frozenset(waiting), frozenset(failed - waiting))


def _first_int(args: object) -> int | None:
    return args[0] if isinstance(args, list | tuple) and args and isinstance(args[0], int) else None


def db_article_ids(task_path: str, status: Q) -> set[int]:
    """Articles (a task's first argument) with a database-queue task of ``task_path``
    matching ``status``."""
    ids = set()
    for args_kwargs in DBTaskResult.objects.filter(status, task_path=task_path).values_list(
        "args_kwargs", flat=True
    ):
        pk = _first_int((args_kwargs or {}).get("args"))
        if pk is not None:
            ids.add(pk)
    return ids


def _rq_article_tasks(task_path: str) -> ArticleTasks:
    waiting: set[int] = set()
    failed: set[int] = set()
    for name in queue_names():
        queue = django_rq.get_queue(name)
        live = (
            queue.get_job_ids()
            + queue.started_job_registry.get_job_ids(cleanup=False)
            + queue.scheduled_job_registry.get_job_ids()
        )
        waiting |= _rq_article_ids(live, task_path)
        failed |= _rq_article_ids(queue.failed_job_registry.get_job_ids(), task_path)
    return ArticleTasks(frozenset(waiting), frozenset(failed - waiting))


def _rq_article_ids(job_ids: list[str], task_path: str) -> set[int]:
    ids = set()
    for job in Job.fetch_many(job_ids, django_rq.get_connection()):
        if job is not None and job.func_name == task_path:
            pk = _first_int(list(job.args))
            if pk is not None:
                ids.add(pk)
    return ids


class BrokerClock:
    """RQ's scheduling step, run by newsdesk's one scheduler (the lease holder).

    It moves retries and delayed tasks whose time has come onto their queues. Broker
    workers run without RQ's own scheduler, so there is exactly one, and when its
    process dies the next lease holder takes RQ's locks over as soon as they lapse.
    """

    def __init__(self) -> None:
        self.scheduler: RQScheduler | None = None

    def tick(self) -> None:
        if not uses_broker():
            return
        if self.scheduler is None:
            names = queue_names()
            self.scheduler = RQScheduler(names, connection=django_rq.get_connection(names[0]))
        if self.scheduler.acquired_locks != set(queue_names()):
            self.scheduler.acquire_locks()
        else:
            self.scheduler.heartbeat()
        self.scheduler.enqueue_scheduled_jobs()

    def release(self) -> None:
        """Hand RQ's scheduling locks back (a pass of `ingest` that ends)."""
        if self.scheduler is not None:
            self.scheduler.release_locks()


# --- durations -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TaskTimes:
    task: str
    count: int
    total: float  # seconds
    longest: float


def task_durations(since: datetime) -> list[TaskTimes]:
    """How long the tasks finished since ``since`` ran, per task."""
    spans: dict[str, list[float]] = {}
    if uses_broker():
        for name in queue_names():
            queue = django_rq.get_queue(name)
            registry = queue.finished_job_registry
            for job_id in registry.get_job_ids(0, 999):
                job = queue.fetch_job(job_id)
                if job is None or job.started_at is None or job.ended_at is None:
                    continue
                if job.ended_at.replace(tzinfo=UTC) < since:
                    continue
                spans.setdefault(job.func_name, []).append(
                    (job.ended_at - job.started_at).total_seconds()
                )
    else:
        rows = DBTaskResult.objects.filter(
            finished_at__gte=since, started_at__isnull=False
        ).values_list("task_path", "started_at", "finished_at")
        for path, started, finished in rows:
            spans.setdefault(path, []).append((finished - started).total_seconds())
    return [
        TaskTimes(task=path, count=len(v), total=sum(v), longest=max(v))
        for path, v in sorted(spans.items())
    ]
