"""Find the sources and live blogs that are due and claim each for one refresh.

The conditional UPDATE is the claim: two schedulers scanning at once send a source
once, because only one of them moves its ``next_fetch_at``. ``send`` (from the task
module) runs inside the claim's transaction, so a claim never outlives a failed send.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from newsdesk.storage.models import Article, Source

HOLD = timedelta(minutes=15)  # until the refresh sets the real next time


def claim_due_sources(
    send: Callable[[int], object],
    now: datetime | None = None,
    *,
    only: Iterable[int] | None = None,
) -> list[int]:
    now = now or timezone.now()
    due = Source.objects.filter(enabled=True, next_fetch_at__lte=now)
    if only is not None:
        due = due.filter(pk__in=list(only))
    enqueued: list[int] = []
    for pk in due.order_by("next_fetch_at").values_list("pk", flat=True)[:1000]:
        with transaction.atomic():
            claimed = Source.objects.filter(pk=pk, next_fetch_at__lte=now).update(
                next_fetch_at=now + HOLD
            )
            if claimed:
                send(pk)
                enqueued.append(pk)
    return enqueued


def claim_due_live_blogs(send: Callable[[int], object], now: datetime | None = None) -> list[int]:
    """Live blogs whose next look is due, each sent once (same claim as sources)."""
    now = now or timezone.now()
    enqueued: list[int] = []
    due = Article.objects.filter(is_live=True, recheck_at__lte=now).values_list("pk", flat=True)[
        :200
    ]
    for pk in due:
        with transaction.atomic():
            if Article.objects.filter(pk=pk, recheck_at__lte=now).update(recheck_at=now + HOLD):
                send(pk)
                enqueued.append(pk)
    return enqueued
