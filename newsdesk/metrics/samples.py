"""The figures behind the dashboard and /metrics, read from the tables that hold them.

Articles, fetches and failures already carry their times, so their history is a
query. Only the queue has no history of its own: the scheduler stores a
``QueueSample`` every few minutes and keeps 31 days of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Count, Max
from django.db.models.functions import TruncDay, TruncHour
from django.utils import timezone

from newsdesk.metrics.models import QueueSample
from newsdesk.storage.models import Article, ArticleStatus, FetchLog, Source
from newsdesk.worker.broker import queue_depths

KEEP = timedelta(days=31)


@dataclass(frozen=True, slots=True)
class Window:
    """A chart's span and the width of one bar."""

    label: str
    span: timedelta
    step: timedelta

    def start(self, now: datetime) -> datetime:
        return self.bucket(now - self.span + self.step)

    def bucket(self, when: datetime) -> datetime:
        when = when.astimezone(UTC)
        if self.step >= timedelta(days=1):
            return when.replace(hour=0, minute=0, second=0, microsecond=0)
        return when.replace(minute=0, second=0, microsecond=0)

    def buckets(self, now: datetime) -> list[datetime]:
        first = self.start(now)
        count = int(self.span / self.step)
        return [first + i * self.step for i in range(count)]


DAY = Window("last 24 hours", timedelta(hours=24), timedelta(hours=1))
MONTH = Window("last 30 days", timedelta(days=30), timedelta(days=1))


@dataclass(frozen=True, slots=True)
class Point:
    at: datetime
    value: float


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float


def take_sample() -> QueueSample:
    depths = queue_depths()
    sample = QueueSample.objects.create(
        waiting=sum(d.waiting for d in depths),
        running=sum(d.running for d in depths),
        scheduled=sum(d.scheduled for d in depths),
        failed=sum(d.failed for d in depths),
        oldest_age=max((d.oldest_age for d in depths), default=0.0),
    )
    QueueSample.objects.filter(taken_at__lt=timezone.now() - KEEP).delete()
    return sample


def _trunc(window: Window, field: str):
    kind = TruncDay if window.step >= timedelta(days=1) else TruncHour
    return kind(field, tzinfo=UTC)


def _fill(window: Window, now: datetime, values: dict[datetime, float]) -> list[Point]:
    return [Point(at, float(values.get(at, 0))) for at in window.buckets(now)]


def ingest_rate(window: Window, now: datetime | None = None) -> list[Point]:
    """Articles stored per bucket."""
    now = now or timezone.now()
    rows = (
        Article.objects.filter(created_at__gte=window.start(now))
        .annotate(b=_trunc(window, "created_at"))
        .values("b")
        .annotate(n=Count("id"))
    )
    return _fill(window, now, {window.bucket(r["b"]): r["n"] for r in rows})


def queue_depth(window: Window, now: datetime | None = None) -> list[Point]:
    """The deepest the queue was in each bucket (from the samples)."""
    now = now or timezone.now()
    rows = (
        QueueSample.objects.filter(taken_at__gte=window.start(now))
        .annotate(b=_trunc(window, "taken_at"))
        .values("b")
        .annotate(n=Max("waiting"))
    )
    return _fill(window, now, {window.bucket(r["b"]): r["n"] for r in rows})


def errors_by_kind(window: Window, now: datetime | None = None) -> list[Bar]:
    """Feed fetch errors and article failures in the window, by kind."""
    now = now or timezone.now()
    since = window.start(now)
    counts: dict[str, int] = {}
    for r in (
        FetchLog.objects.filter(started_at__gte=since)
        .exclude(error_kind="")
        .values("error_kind")
        .annotate(n=Count("id"))
    ):
        counts[f"feed: {r['error_kind']}"] = r["n"]
    for r in (
        Article.objects.filter(status=ArticleStatus.FAILED, created_at__gte=since)
        .values("error_kind")
        .annotate(n=Count("id"))
    ):
        key = f"article: {r['error_kind'] or 'unknown'}"
        counts[key] = counts.get(key, 0) + r["n"]
    return sorted((Bar(k, v) for k, v in counts.items()), key=lambda b: -b.value)[:12]


def failing_sources(limit: int = 10) -> list[Bar]:
    """Sources failing right now, by consecutive failures."""
    rows = Source.objects.filter(error_count__gt=0).order_by("-error_count", "pk")[:limit]
    return [Bar(str(s), s.error_count) for s in rows]


def extraction_failures(window: Window, now: datetime | None = None, limit: int = 10) -> list[Bar]:
    """Articles whose page could not be made readable, by publisher (source)."""
    now = now or timezone.now()
    rows = (
        Article.objects.filter(status=ArticleStatus.FAILED, created_at__gte=window.start(now))
        .values("source__name", "source__url")
        .annotate(n=Count("id"))
        .order_by("-n")[:limit]
    )
    return [Bar(r["source__name"] or r["source__url"], r["n"]) for r in rows]
