"""The task interface: every background job goes through django-tasks.

The default backend is the database queue (django-tasks-db), so one machine
needs no broker; another backend is one setting away. Tasks take ids, not
objects, and are idempotent: running one twice leaves the same state.
"""

from __future__ import annotations

from django_tasks import task

# Workers take higher priorities first: feeds reveal work, pages make articles
# readable, and the later stages (folding, tags, stories) fill in behind them.
SOURCE_PRIORITY = 10
ARTICLE_PRIORITY = 0
STAGE_PRIORITY = -10


@task(queue_name="sources", priority=SOURCE_PRIORITY)
def refresh_source_task(source_id: int) -> str:
    from newsdesk.worker.refresh import refresh_source

    return refresh_source(source_id).message


@task(queue_name="articles", priority=ARTICLE_PRIORITY)
def process_article_task(article_id: int) -> str:
    from newsdesk.worker.articles import process_article

    outcome = process_article(article_id)
    return f"{outcome.status}: {outcome.message}" if outcome.message else outcome.status


@task(queue_name="stages", priority=STAGE_PRIORITY)
def finish_article_task(article_id: int) -> str:
    from newsdesk.worker.articles import finish_article

    outcome = finish_article(article_id)
    return f"{outcome.status}: {outcome.message}" if outcome.message else outcome.status


@task(queue_name="articles")
def recheck_live_task(article_id: int) -> str:
    from newsdesk.worker.articles import recheck_live

    outcome = recheck_live(article_id)
    return f"{outcome.status}: {outcome.message}"
