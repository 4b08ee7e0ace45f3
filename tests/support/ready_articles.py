"""Readable articles made directly, for the recovery tests of both queues: the state a
crash leaves between an article becoming readable and its stages task being queued."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from newsdesk.storage.models import Article, ArticleStatus, Source

BODY = (
    "Flood waters rose across the river valley on Tuesday as heavy rain fell for a third "
    "day, and officials in three towns ordered residents of low-lying streets to leave. "
) * 4


def ready_article(source: Source, key: str, *, minutes_ago: float = 5, **fields) -> Article:
    """A ready article fetched ``minutes_ago``; ``fields`` set anything else on it."""
    fetched = timezone.now() - timedelta(minutes=minutes_ago)
    return Article.objects.create(
        source=source,
        item_key=key,
        url=f"https://x.example/{key}",
        title=f"Floods close roads {key}",
        body_text=BODY,
        status=ArticleStatus.READY,
        fetched_at=fetched,
        **fields,
    )
