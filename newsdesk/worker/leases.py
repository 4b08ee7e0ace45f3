"""Tasks survive the death of the process that ran them.

django-tasks-db marks a claimed task "running" and nothing else: if the worker
process dies (``kill -9``, the machine loses power, a container is stopped) the row
stays running for good, its article stays pending, and a pass that waits for the
queue to drain waits forever. So every worker process keeps a heartbeat row
(``WorkerBeat``) and names its worker threads after it; ``recover`` hands a running
task out again when its claimer's heartbeat has expired, is missing, or names a
process that no longer exists on this machine (found at once after a restart,
without waiting for the expiry).

A task that has killed its worker ``MAX_CLAIMS`` times is failed instead of
retried, so one poison task cannot crash-loop a fleet.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db import close_old_connections, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from newsdesk.storage.models import Article, ArticleStatus, Source, WorkerBeat
from newsdesk.worker.broker import (
    article_tasks,
    db_article_ids,
    live_worker_owners,
    uses_broker,
)

log = logging.getLogger("newsdesk.worker")

BEAT_EVERY = 5.0  # seconds between heartbeats
EXPIRY = timedelta(seconds=60)  # a claimer silent this long is taken for dead
MAX_CLAIMS = 5  # a task claimed this often without finishing is failed, not retried
PENDING_SCAN = 5000  # pending articles looked at per recovery (oldest first)

HOST = socket.gethostname()[:255]
# One owner per process; worker threads are "<owner>-<n>", source leases "<owner>:<n>".
OWNER = f"nd-{os.getpid()}-{uuid.uuid4().hex[:12]}"


@dataclass(frozen=True, slots=True)
class Recovery:
    tasks_released: int = 0
    tasks_failed: int = 0
    sources_released: int = 0
    articles_requeued: int = 0
    articles_failed: int = 0
    stages_requeued: int = 0

    @property
    def changed(self) -> bool:
        return any(
            (
                self.tasks_released,
                self.tasks_failed,
                self.sources_released,
                self.articles_requeued,
                self.articles_failed,
                self.stages_requeued,
            )
        )


def owner_of(worker_id: str) -> str:
    """The process owner behind a worker thread id or a source lease."""
    if not worker_id.startswith("nd-"):
        return ""
    if ":" in worker_id:
        return worker_id.split(":", 1)[0]
    return worker_id.rsplit("-", 1)[0]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, belongs to someone else
    return True


@dataclass(frozen=True, slots=True)
class Beats:
    """Who was alive when the heartbeats were read, and the rows of those who were not."""

    alive: set[str]
    dead: list[WorkerBeat]


def read_beats() -> Beats:
    """Alive: owners whose heartbeat is fresh and, on this machine, whose process exists.

    The broker's workers keep no heartbeat rows: their registration in Redis is
    their heartbeat, and it names the owner their source leases carry.
    """
    cutoff = timezone.now() - EXPIRY
    alive = {OWNER}  # this process, whether or not its heartbeat row exists
    if uses_broker():
        alive |= live_worker_owners()
    dead = []
    for beat in WorkerBeat.objects.all():
        if beat.owner in alive:
            continue
        if beat.beat_at >= cutoff and (beat.host != HOST or _pid_alive(beat.pid)):
            alive.add(beat.owner)
        else:
            dead.append(beat)
    return Beats(alive, dead)


class Heartbeat(threading.Thread):
    """Keeps this process's ``WorkerBeat`` fresh; ``stop()`` removes it (a clean exit)."""

    def __init__(self) -> None:
        super().__init__(daemon=True, name="heartbeat")
        self.stopping = threading.Event()
        # Now, before the pool's threads claim anything: a recovery reads the claims
        # first, then the heartbeats, and must find the beat of every claimer it saw.
        self.beat()

    def beat(self) -> None:
        WorkerBeat.objects.update_or_create(
            owner=OWNER,
            defaults={"host": HOST, "pid": os.getpid(), "beat_at": timezone.now()},
        )

    def run(self) -> None:
        while not self.stopping.wait(BEAT_EVERY):
            try:
                self.beat()
            except Exception:  # a locked database now and then must not end the heartbeat
                log.exception("heartbeat failed")
            finally:
                close_old_connections()

    def stop(self) -> None:
        self.stopping.set()
        WorkerBeat.objects.filter(owner=OWNER).delete()
        close_old_connections()


def release_own_tasks(worker_ids: Iterable[str]) -> int:
    """Put this process's unfinished tasks back on the queue (a stop that could not wait)."""
    released = 0
    for row in DBTaskResult.objects.running().only("id", "worker_ids"):
        if row.worker_ids and row.worker_ids[-1] in set(worker_ids):
            released += _requeue(row.pk)
    return released


def _requeue(task_id: object) -> int:
    return DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY, started_at=None
    )


def recover_tasks() -> Recovery:
    """Hand out again every running task whose claimer is gone; free its source leases.

    Other processes start, claim and recover meanwhile, so the order matters. What is
    claimed and leased is read before the heartbeats: a worker beats before it claims,
    so every claimer seen has its beat in the later read (read the other way round, a
    process starting in between was taken for dead and its first tasks were run by a
    second worker while it ran them: a page fetched twice). A task goes back only as
    it was seen (the same claim): another recovery may have handed it to a live
    worker since. And a heartbeat row goes only as it was read: one written or
    renewed since belongs to a process that is alive.
    """
    running = list(DBTaskResult.objects.running().values_list("id", "worker_ids", "started_at"))
    leased = list(Source.objects.filter(lease_until__isnull=False).values_list("pk", "lease_owner"))
    beats = read_beats()
    released = failed = 0
    for pk, worker_ids, started_at in running:
        claimer = owner_of(worker_ids[-1]) if worker_ids else ""
        if claimer in beats.alive:
            continue
        if not claimer and started_at and started_at > timezone.now() - EXPIRY:
            continue  # a worker outside newsdesk's pool: trust it until the expiry
        as_seen = DBTaskResult.objects.filter(
            pk=pk, status=TaskResultStatus.RUNNING, started_at=started_at
        )
        if len(worker_ids) >= MAX_CLAIMS:
            failed += as_seen.update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path="newsdesk.worker.leases.WorkerDied",
                traceback=f"The worker running this task died {len(worker_ids)} times.",
            )
        else:
            released += as_seen.update(status=TaskResultStatus.READY, started_at=None)
    sources = 0
    for pk, lease_owner in leased:
        if owner_of(lease_owner) and owner_of(lease_owner) not in beats.alive:
            sources += Source.objects.filter(pk=pk, lease_owner=lease_owner).update(
                lease_until=None, lease_owner=""
            )
    for beat in beats.dead:
        WorkerBeat.objects.filter(pk=beat.pk, beat_at=beat.beat_at).delete()
    if released or failed or sources:
        log.warning(
            "recovered %d task(s) and %d source lease(s) of dead workers; failed %d",
            released,
            sources,
            failed,
        )
    return Recovery(tasks_released=released, tasks_failed=failed, sources_released=sources)


def recover_pending(
    send: Callable[[int], object], task_path: str, *, grace: timedelta = timedelta(0)
) -> Recovery:
    """Queue work for every pending article nobody will process.

    An article is pending until its page task runs. If that task never reached the
    queue (a crash between storing and queueing, an older version, a lost broker
    message) the article would wait for ever. ``grace`` leaves alone articles stored a
    moment ago, whose task may be on its way; one whose task failed outright is marked
    failed rather than retried in a loop.
    """
    cutoff = timezone.now() - grace
    pending = list(
        Article.objects.filter(status=ArticleStatus.PENDING, created_at__lte=cutoff)
        .order_by("id")
        .values_list("pk", flat=True)[:PENDING_SCAN]
    )
    if not pending:
        return Recovery()
    tasks = article_tasks(task_path)  # from the task backend in use
    queued, broken = tasks.waiting, tasks.failed
    requeued = failed = 0
    for pk in pending:
        if pk in queued:
            continue
        if pk in broken:
            failed += Article.objects.filter(pk=pk, status=ArticleStatus.PENDING).update(
                status=ArticleStatus.FAILED,
                error_kind="internal",
                error="Processing this article failed; see the task log.",
            )
            continue
        with transaction.atomic():
            send(pk)
        requeued += 1
    if requeued or failed:
        log.warning("requeued %d pending article(s) without work; failed %d", requeued, failed)
    return Recovery(articles_requeued=requeued, articles_failed=failed)


def recover_unfinished(
    send: Callable[[int], object], task_path: str, *, grace: timedelta = timedelta(0)
) -> int:
    """Queue the later stages for every readable article they never reached; the count.

    An article becomes readable in one commit and its stages task (folding, tags,
    story) is queued just after: a crash between the two would leave it readable but
    never folded, tagged or clustered. Only the last days are looked at, and an
    article whose stages ran, whatever their outcome, is left alone, so nothing loops:
    the database queue keeps every task a week and says which articles had one; the
    broker forgets finished jobs within minutes, so there the article itself tells (a
    stage that ran either set ``enriched_at`` or left its error on the article) and the
    broker's queues, registries and dead letters say which still wait or failed.
    """
    now = timezone.now()
    candidates = Article.objects.ready().filter(
        enriched_at__isnull=True,
        fetched_at__lte=now - grace,
        fetched_at__gte=now - UNFINISHED_WINDOW,
    )
    if uses_broker():
        candidates = candidates.exclude(fetch_meta__has_key="stage_errors")
    unfinished = dict(
        candidates.order_by("fetched_at").values_list("pk", "fetched_at")[:PENDING_SCAN]
    )
    if not unfinished:
        return 0
    if uses_broker():
        tasks = article_tasks(task_path)
        had_task = set(tasks.waiting | tasks.failed)
    else:
        # A stages task is queued after its article became readable: older rows cannot match.
        had_task = db_article_ids(task_path, Q(enqueued_at__gte=min(unfinished.values())))
    missing = [pk for pk in unfinished if pk not in had_task]
    for pk in missing:
        send(pk)
    if missing:
        log.warning("queued the later stages of %d readable article(s) left without", len(missing))
    return len(missing)


UNFINISHED_WINDOW = timedelta(days=6)  # finished tasks are kept 7 days (``prune_finished``)


def prune_finished(keep: timedelta = timedelta(days=7)) -> int:
    """Forget finished tasks after a week: the queue table stays the size of the work."""
    cutoff = timezone.now() - keep
    stale = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=cutoff,
    ).values_list("pk", flat=True)[:10000]
    deleted, _ = DBTaskResult.objects.filter(pk__in=list(stale)).delete()
    return deleted
