"""A source's health after a pass: its fields, its schedule and a bounded fetch log."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from newsdesk.ingest import schedule
from newsdesk.ingest.feeds import FeedItem, FeedParseError
from newsdesk.ingest.fetcher import FetchError, FetchResult
from newsdesk.storage.models import FetchLog, Source
from newsdesk.worker.articles import ArticleOutcome

log = logging.getLogger("newsdesk.refresh")

FETCH_LOG_KEEP = 50


@dataclass(frozen=True, slots=True)
class RefreshOutcome:
    """What happened, and the follow-up work it asks for (``newsdesk.worker.tasks`` queues it)."""

    source_id: int
    ok: bool
    new_articles: tuple[int, ...] = ()  # stored now, their pages still to fetch
    message: str = ""
    # Articles completed from a page already in hand: only the later stages are due.
    extracted: tuple[ArticleOutcome, ...] = ()
    # True when ``send`` already queued the new articles, in the transaction that stored them.
    queued: bool = False


def record_success(
    source: Source,
    result: FetchResult,
    now: datetime,
    started: datetime,
    *,
    new: tuple[int, ...],
    interval: timedelta | None = None,
    items: list[FeedItem] | None = None,
    note: str = "",
    due_now: bool = False,
) -> RefreshOutcome:
    source.last_fetch_at = now
    source.last_success_at = now
    source.error_count = 0
    source.last_error = ""
    source.last_error_kind = ""
    source.etag = result.etag or ""
    source.last_modified = result.last_modified or ""
    if items is not None:
        source.last_item_count = len(items)
        source.items_per_day = _items_per_day(items, now)
    if interval is not None:
        source.fetch_interval = interval
    source.next_fetch_at = now if due_now else now + source.fetch_interval
    source.save()
    log_fetch(
        source,
        result.url,
        started,
        status=result.status,
        size=len(result.body),
        headers=result.headers,
        new=len(new),
        error=note,
    )
    return RefreshOutcome(source.pk, ok=True, new_articles=new, message=note or f"{len(new)} new")


def _items_per_day(items: list[FeedItem], now: datetime) -> float:
    recent = [
        i.published_at for i in items if i.published_at and i.published_at > now - timedelta(days=7)
    ]
    return round(len(recent) / 7, 2)


def record_failure(
    source: Source,
    exc: FetchError | FeedParseError,
    now: datetime,
    started: datetime,
    result: FetchResult | None = None,
) -> RefreshOutcome:
    status = getattr(exc, "status", None) or (result.status if result else None)
    decision = schedule.decide_after_error(
        kind=exc.kind,
        failures=source.error_count + 1,
        now=now,
        message=str(exc.message),
        retry_after=getattr(exc, "retry_after", None),
        status=status,
    )
    source.last_fetch_at = now
    source.last_status = status
    source.last_error_kind = exc.kind
    source.last_error = str(exc.message)[:2000]
    source.error_count += 1
    source.next_fetch_at = decision.next_fetch_at
    if decision.disable:
        source.enabled = False
        source.disabled_reason = decision.reason
    source.save()
    log_fetch(
        source,
        source.url,
        started,
        status=status,
        size=len(result.body) if result else 0,
        headers=result.headers if result else {},
        error_kind=exc.kind,
        error=str(exc.message),
    )
    log.warning("source %s (%s): %s", source.pk, source.url, exc.message)
    return RefreshOutcome(source.pk, ok=False, message=str(exc.message))


def log_fetch(
    source: Source,
    url: str,
    started: datetime,
    *,
    status: int | None = None,
    size: int = 0,
    headers: dict | None = None,
    new: int = 0,
    error_kind: str = "",
    error: str = "",
) -> None:
    elapsed = int((timezone.now() - started).total_seconds() * 1000)
    FetchLog.objects.create(
        source=source,
        url=url,
        purpose="feed",
        started_at=started,
        status=status,
        elapsed_ms=elapsed,
        size=size,
        headers=dict(headers or {}),
        new_items=new,
        error_kind=error_kind,
        error=error[:2000],
    )
    stale = FetchLog.objects.filter(source=source).values_list("pk", flat=True)[FETCH_LOG_KEEP:]
    FetchLog.objects.filter(pk__in=list(stale)).delete()
