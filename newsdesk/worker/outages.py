"""Tell a lost database apart from a broken item, and give back a task it cut off.

The steps record what goes wrong with one item (a page that will not parse, a stage
that crashes) on the item itself, so one bad item never stops the rest. A lost
database connection (PostgreSQL restarted, the network between worker and database
cut) says nothing about the item: recorded as the item's failure it would lose a good
article for good. So the steps ask ``database_lost`` first and, when it answers yes,
let the exception end the task: the queue runs it again (the broker's retries; on
the database queue, ``QueueWorker``) once the database is back.
"""

from __future__ import annotations

import contextlib
import logging
import time

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from newsdesk.worker.leases import MAX_CLAIMS

log = logging.getLogger("newsdesk.worker")

# A task that ended on one of these never got its outcome: the connection went away.
CUT_OFF = {f"{kind.__module__}.{kind.__qualname__}" for kind in (OperationalError, InterfaceError)}
ASK_AGAIN = 2.0  # seconds between two attempts to reach a database that is away


def database_lost(exc: BaseException) -> bool:
    """True when ``exc`` came from a database connection that no longer works.

    The dead connection is closed, so the next query (the task's own clean-up, the
    next task in this process) opens a new one instead of failing on the old one.
    SQLite's errors ("database is locked", "disk is full") leave its connection
    usable: they are the item's outcome, reported as before.
    """
    if not isinstance(exc, OperationalError | InterfaceError):
        return False
    if connection.is_usable():
        return False
    connection.close()
    return True


class QueueWorker(Worker):
    """django-tasks-db's worker, for which a lost database is never a task's outcome.

    A task cut off by a lost connection either ends "failed" on a database error (the
    database was back in time to record it) or cannot be recorded at all and stays
    "running" under this live worker, where recovery never takes it back: its article
    would wait for ever or be failed for good. Both go back on the queue, once the
    database answers; a task cut off ``MAX_CLAIMS`` times stays failed.
    """

    def run_task(self, db_task_result: DBTaskResult) -> None:
        try:
            super().run_task(db_task_result)
        except DatabaseError as exc:  # its outcome could not be written: still away
            log.warning("task %s cut off by a lost database: %s", db_task_result.pk, exc)
            self._give_back(db_task_result)
            return
        cut_off = db_task_result.exception_class_path in CUT_OFF
        if db_task_result.status == TaskResultStatus.FAILED and cut_off:
            self._give_back(db_task_result)

    def _give_back(self, row: DBTaskResult) -> None:
        """Put the task back on the queue as soon as the database answers (or until
        this worker stops: then the recovery of its ended process does)."""
        while True:
            try:
                given = _requeue_cut_off(row)
            except DatabaseError:
                with contextlib.suppress(DatabaseError):
                    connection.close()  # a new connection on the next attempt
                if not self.running:
                    return
                time.sleep(ASK_AGAIN)
                continue
            if given:
                log.warning("task %s, cut off by a lost database, is queued again", row.pk)
            return


def _requeue_cut_off(row: DBTaskResult) -> bool:
    unfinished = DBTaskResult.objects.filter(
        pk=row.pk, status__in=[TaskResultStatus.RUNNING, TaskResultStatus.FAILED]
    )
    if len(row.worker_ids) >= MAX_CLAIMS:
        unfinished.filter(status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path="django.db.utils.OperationalError",
            traceback=f"Cut off by a lost database {len(row.worker_ids)} times.",
        )
        return False
    return bool(
        unfinished.update(
            status=TaskResultStatus.READY,
            started_at=None,
            finished_at=None,
            exception_class_path="",
            traceback="",
        )
    )
