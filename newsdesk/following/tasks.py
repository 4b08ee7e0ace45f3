"""The digest run as a background task (the scheduler enqueues it, e.g. hourly)."""

from __future__ import annotations

from django_tasks import task

from newsdesk.following.digest import send_due


@task(queue_name="default")
def send_digests_task() -> str:
    return f"{send_due()} digest(s) sent"
