"""The ingest progress line counts articles, so its numbers agree with each other."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from newsdesk.worker.progress import ProgressLine
from newsdesk.worker.runner import queue_counts
from newsdesk.worker.tasks import (
    finish_article_task,
    process_article_task,
    refresh_source_task,
    summarize_article_task,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_article_that_came_with_its_source_is_counted_once(database_queue):
    # ``queue_counts`` reads the database queue's task rows (the broker's progress line
    # reads RQ's registries), so this test selects the database queue on either set-up.
    since = timezone.now() - timedelta(seconds=1)
    refresh_source_task.enqueue(1)
    for article in (10, 11):
        process_article_task.enqueue(article)
        finish_article_task.enqueue(article)
    finish_article_task.enqueue(12)  # a single page: extracted during its source's refresh
    summarize_article_task.enqueue(10)  # model work rides the stages queue
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)
    counts = queue_counts(since)
    assert (counts.articles_done, counts.articles_total) == (3, 3)
    assert (counts.stages_done, counts.stages_total) == (3, 3)
    assert (counts.model_done, counts.model_total) == (1, 1)
    line = ProgressLine.render(counts)
    assert "articles 3/3 · enriched 3/3 · model work 1/1" in line
