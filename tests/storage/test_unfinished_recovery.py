"""A crash between an article becoming readable and its stages task being queued.

The article is committed as ready, then its stages task (folding, tags, story) is
queued in a commit of its own. A SIGKILL between the two left a readable article
that was never folded, tagged or clustered (seen once in `tests/e2e/test_crash.py`:
90 ready, 89 enriched). Recovery must find it, and only it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from newsdesk.storage.models import Article, Source
from newsdesk.worker.articles import finish_article
from newsdesk.worker.tasks import finish_article_task, recover_work
from tests.support.ready_articles import ready_article

pytestmark = pytest.mark.django_db(transaction=True)


def _stage_tasks() -> list[int]:
    return [
        r.args_kwargs["args"][0]
        for r in DBTaskResult.objects.filter(task_path=finish_article_task.module_path)
    ]


def test_a_readable_article_without_its_stages_task_gets_one_and_only_it(database_queue):
    # The database queue's own bookkeeping: on the broker, recovery reads the broker's
    # registries instead (tests/scale).
    source = Source.objects.create(url="https://x.example/feed")
    lost = ready_article(source, "lost")  # the crash came between the commit and the queue
    ready_article(source, "done", enriched_at=timezone.now())
    waiting = ready_article(source, "waiting")
    finish_article_task.enqueue(waiting.pk)  # its task is still in the queue
    tried = ready_article(source, "tried")  # its stages ran and failed: not looped on
    row = finish_article_task.enqueue(tried.pk)
    DBTaskResult.objects.filter(pk=row.id).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now()
    )
    ready_article(source, "old", minutes_ago=60 * 24 * 30)  # older than finished tasks are kept
    ready_article(source, "fresh", minutes_ago=0)  # its task may be on its way

    recovery = recover_work(timedelta(minutes=1))

    assert recovery.stages_requeued == 1 and recovery.changed
    assert sorted(_stage_tasks()) == sorted([waiting.pk, tried.pk, lost.pk])
    assert recover_work(timedelta(minutes=1)).stages_requeued == 0  # nothing twice

    finish_article(lost.pk)  # what the queued task runs
    assert Article.objects.get(pk=lost.pk).enriched_at is not None
