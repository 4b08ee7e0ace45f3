"""The task module: the one place that puts work on the queue.

Every background job goes through django-tasks. The default backend is the database
queue (django-tasks-db), so one machine needs no broker; another backend is one
setting away. Tasks take ids, not objects, and are idempotent: running one twice
leaves the same state. The steps (``refresh``, ``articles``, ``model_work``) never
enqueue: they return outcomes that name their follow-up work, and the tasks here
turn those into tasks.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db.backend import DatabaseBackend

from newsdesk.following.tasks import send_digests_task
from newsdesk.worker import leases
from newsdesk.worker.articles import (
    ArticleOutcome,
    finish_article,
    process_article,
    recheck_live,
)
from newsdesk.worker.model_work import compute_answer, compute_briefing, compute_summary
from newsdesk.worker.refresh import RefreshOutcome, refresh_source
from newsdesk.worker.scheduler import claim_due_live_blogs, claim_due_sources

# Workers take higher priorities first: feeds reveal work, pages make articles
# readable, and the later stages (folding, tags, stories) fill in behind them.
SOURCE_PRIORITY = 10
ARTICLE_PRIORITY = 0
STAGE_PRIORITY = -10
# Model work waits behind the pipeline; it rides the "stages" queue so progress counts it.
MODEL_PRIORITY = -20


def _label(outcome: ArticleOutcome) -> str:
    return f"{outcome.status}: {outcome.message}" if outcome.message else outcome.status


def follow_article(outcome: ArticleOutcome) -> None:
    """Queue what an article's outcome asks for, once its transaction is committed."""
    if outcome.stages_due:
        transaction.on_commit(lambda: finish_article_task.enqueue(outcome.article_id))
    if outcome.retry_in is not None:
        run_after = timezone.now() + timedelta(seconds=outcome.retry_in)
        process_article_task.using(run_after=run_after).enqueue(outcome.article_id)


def queue_article(article_id: int) -> None:
    """Queue an article's page, as part of the caller's transaction where the queue allows.

    With the database queue the task row commits or rolls back with the article row:
    a crash between the two cannot leave an article without its task. A queue outside
    the database gets the task once the article is committed (a crash in that instant
    is what ``recover_work`` finds).
    """
    if isinstance(process_article_task.get_backend(), DatabaseBackend):
        process_article_task.enqueue(article_id)
    else:
        transaction.on_commit(lambda: process_article_task.enqueue(article_id))


def follow_refresh(outcome: RefreshOutcome) -> None:
    if not outcome.queued:
        for pk in outcome.new_articles:
            transaction.on_commit(lambda pk=pk: process_article_task.enqueue(pk))
    for extracted in outcome.extracted:
        follow_article(extracted)


@task(queue_name="sources", priority=SOURCE_PRIORITY)
def refresh_source_task(source_id: int) -> str:
    outcome = refresh_source(source_id, send=queue_article)
    follow_refresh(outcome)
    return outcome.message


@task(queue_name="articles", priority=ARTICLE_PRIORITY)
def process_article_task(article_id: int) -> str:
    outcome = process_article(article_id)
    follow_article(outcome)
    return _label(outcome)


@task(queue_name="stages", priority=STAGE_PRIORITY)
def finish_article_task(article_id: int) -> str:
    return _label(finish_article(article_id))


@task(queue_name="articles")
def recheck_live_task(article_id: int) -> str:
    outcome = recheck_live(article_id)
    return f"{outcome.status}: {outcome.message}"


@task(queue_name="stages", priority=MODEL_PRIORITY)
def summarize_article_task(article_id: int) -> str:
    return compute_summary(article_id)


@task(queue_name="stages", priority=MODEL_PRIORITY)
def answer_question_task(article_id: int, question: str) -> str:
    return compute_answer(article_id, question)


@task(queue_name="stages", priority=MODEL_PRIORITY)
def brief_story_task(story_id: int) -> str:
    return compute_briefing(story_id)


class ModelTasks:
    """The read side's ``ModelQueue``: model work asked for by a reader, as tasks."""

    def summarize(self, article_id: int) -> None:
        summarize_article_task.enqueue(article_id)

    def answer(self, article_id: int, question: str) -> None:
        answer_question_task.enqueue(article_id, question)

    def brief(self, story_id: int) -> None:
        brief_story_task.enqueue(story_id)


def enqueue_due_sources(
    now: datetime | None = None, *, only: Iterable[int] | None = None
) -> list[int]:
    """One refresh task per due source (the scheduler's claim keeps it to one)."""
    return claim_due_sources(refresh_source_task.enqueue, now, only=only)


def enqueue_due_live_blogs(now: datetime | None = None) -> list[int]:
    return claim_due_live_blogs(recheck_live_task.enqueue, now)


def recover_work(grace: timedelta = timedelta(0)) -> leases.Recovery:
    """Hand out again the tasks of dead workers, then queue pending articles nobody runs
    and the later stages of readable articles they never reached.

    Runs when a worker, `serve` or `ingest` starts, periodically beside the scheduler
    and before `ingest` calls a pass done. ``grace`` spares articles stored a moment
    ago (their task may still be on its way from another process).
    """
    tasks = leases.recover_tasks()
    pending = leases.recover_pending(queue_article, process_article_task.module_path, grace=grace)
    stages = leases.recover_unfinished(
        finish_article_task.enqueue, finish_article_task.module_path, grace=grace
    )
    return leases.Recovery(
        tasks_released=tasks.tasks_released,
        tasks_failed=tasks.tasks_failed,
        sources_released=tasks.sources_released,
        articles_requeued=pending.articles_requeued,
        articles_failed=pending.articles_failed,
        stages_requeued=stages,
    )


def enqueue_digests() -> None:
    """The readers' digest run (idempotent per reader and period; the scheduler calls hourly)."""
    send_digests_task.enqueue()
