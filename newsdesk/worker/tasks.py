"""The task interface: every background job goes through django-tasks.

The default backend is the database queue (django-tasks-db), so one machine
needs no broker; another backend is one setting away. Tasks take ids, not
objects, and are idempotent: running one twice leaves the same state.
"""

from __future__ import annotations

from django_tasks import task


@task(queue_name="sources")
def refresh_source_task(source_id: int) -> str:
    from newsdesk.worker.refresh import refresh_source

    return refresh_source(source_id).message


@task(queue_name="articles")
def process_article_task(article_id: int) -> str:
    from newsdesk.worker.articles import process_article

    outcome = process_article(article_id)
    return f"{outcome.status}: {outcome.message}" if outcome.message else outcome.status


@task(queue_name="stages")
def finish_article_task(article_id: int) -> str:
    from newsdesk.worker.articles import finish_article

    outcome = finish_article(article_id)
    return f"{outcome.status}: {outcome.message}" if outcome.message else outcome.status


@task(queue_name="articles")
def recheck_live_task(article_id: int) -> str:
    from newsdesk.worker.articles import recheck_live

    outcome = recheck_live(article_id)
    return f"{outcome.status}: {outcome.message}"
