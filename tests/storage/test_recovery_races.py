"""Recovery of dead workers' tasks, with other processes acting while it reads and writes.

Every worker process runs the recovery when it starts, and the scheduler's leader
every few seconds, so on a fleet one process's recovery runs while another starts:
writes its heartbeat, claims tasks. Recovery must never take for dead a worker that
began after it looked, nor hand out again a task another recovery has already handed
to a live worker: either way a task runs twice at once and a publisher's page is
fetched twice (seen as 18 page fetches of 16 by four worker processes on a loaded
machine, in ``tests/scale/test_fleet_politeness.py``).

Each case runs the recovery once for every point between its statements at which the
other process can act, run there through the connection's execute hook on the real
database: deterministic, whatever the machine's load.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from newsdesk.storage.models import Article, Source, WorkerBeat
from newsdesk.worker import leases
from newsdesk.worker.tasks import process_article_task

pytestmark = pytest.mark.django_db(transaction=True)

POINTS = range(1, 12)  # more than the statements a recovery of these few rows sends


def _recover_with(happen: Callable[[], None], before: int) -> tuple[leases.Recovery, bool]:
    """``recover_tasks``, with ``happen`` (another process's work) done just before its
    ``before``-th statement; says whether the recovery sent that many."""
    sent = 0
    done = False

    def hook(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal sent, done
        if not done:
            sent += 1
            if sent == before:
                done = True  # first: ``happen`` sends statements of its own
                happen()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(hook):
        recovery = leases.recover_tasks()
    return recovery, done


def _a_process() -> str:
    """An owner name for a worker process that is alive (this test's own pid)."""
    return f"nd-{os.getpid()}-{uuid.uuid4().hex[:12]}"


def _task(source: Source, key: str) -> DBTaskResult:
    article = Article.objects.create(source=source, item_key=key, url=f"https://x.example/{key}")
    return DBTaskResult.objects.get(pk=process_article_task.enqueue(article.pk).id)


def _starts(owner: str, task: DBTaskResult) -> Callable[[], None]:
    """What a worker process does as it starts: its heartbeat, then a claim."""

    def start() -> None:
        WorkerBeat.objects.create(owner=owner, host=leases.HOST, pid=os.getpid())
        task.claim(f"{owner}-0")  # django-tasks-db's own claim

    return start


def test_a_worker_starting_during_a_recovery_keeps_its_task_and_its_heartbeat(database_queue):
    source = Source.objects.create(url="https://x.example/feed")
    for before in POINTS:
        owner = _a_process()
        task = _task(source, f"t{before}")
        recovery, happened = _recover_with(_starts(owner, task), before)
        if not happened:
            break  # every point between the recovery's statements is covered
        # And the next recovery (the next process to start, the scheduler's pass).
        later = leases.recover_tasks()
        row = DBTaskResult.objects.get(pk=task.pk)
        assert (row.status, row.worker_ids) == (TaskResultStatus.RUNNING, [f"{owner}-0"]), before
        assert recovery.tasks_released == later.tasks_released == 0, before
        assert WorkerBeat.objects.filter(owner=owner).exists(), before
    assert not happened, "the recovery sent more statements than POINTS covers"


def test_a_task_another_recovery_handed_on_stays_with_its_new_worker(database_queue):
    source = Source.objects.create(url="https://x.example/feed")
    live = _a_process()
    WorkerBeat.objects.create(owner=live, host=leases.HOST, pid=os.getpid())
    for before in POINTS:
        # A worker process that died holding a task (no process has its pid).
        dead = f"nd-999999-{uuid.uuid4().hex[:12]}"
        WorkerBeat.objects.create(owner=dead, host=leases.HOST, pid=999_999)
        task = _task(source, f"t{before}")
        task.claim(f"{dead}-0")

        def another_recovery_and_a_claim(task: DBTaskResult = task) -> None:
            DBTaskResult.objects.filter(pk=task.pk).update(
                status=TaskResultStatus.READY, started_at=None
            )
            task.refresh_from_db()
            task.claim(f"{live}-1")

        _, happened = _recover_with(another_recovery_and_a_claim, before)
        if not happened:
            break
        row = DBTaskResult.objects.get(pk=task.pk)
        # Still the live worker's alone: handed out again, a second worker would run it too.
        assert row.status == TaskResultStatus.RUNNING, before
        assert row.worker_ids == [f"{dead}-0", f"{live}-1"], before
        assert row.started_at == task.started_at, before
        assert not WorkerBeat.objects.filter(owner=dead).exists(), before
    assert not happened, "the recovery sent more statements than POINTS covers"


def test_a_dead_workers_task_is_still_taken_again_at_every_point(database_queue):
    """The guards above must not stop the recovery itself: whatever a starting process
    does meanwhile, the dead worker's task goes back on the queue, once."""
    source = Source.objects.create(url="https://x.example/feed")
    for before in POINTS:
        dead = f"nd-999999-{uuid.uuid4().hex[:12]}"
        WorkerBeat.objects.create(owner=dead, host=leases.HOST, pid=999_999)
        lost = _task(source, f"lost{before}")
        lost.claim(f"{dead}-0")
        starting = _task(source, f"new{before}")
        recovery, happened = _recover_with(_starts(_a_process(), starting), before)
        if not happened:
            break
        assert DBTaskResult.objects.get(pk=lost.pk).status == TaskResultStatus.READY, before
        assert DBTaskResult.objects.get(pk=starting.pk).status == TaskResultStatus.RUNNING, before
        assert recovery.tasks_released == 1, before
        assert leases.recover_tasks().tasks_released == 0, before  # nothing twice
    assert not happened, "the recovery sent more statements than POINTS covers"
