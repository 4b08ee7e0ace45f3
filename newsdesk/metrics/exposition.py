"""/metrics in Prometheus's text format.

Database-backed figures (articles, fetches, queue, task times) are read at scrape
time by one collector, so every web process reports the same site-wide numbers.
Page latencies are this web process's own histogram (Prometheus scrapes each web
process; sum them in the query).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone
from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from newsdesk.storage.models import Article, FetchLog, Source
from newsdesk.worker.broker import dead_letters, queue_depths, task_durations

WINDOW = timedelta(hours=1)

PAGE_SECONDS = Histogram(
    "newsdesk_page_seconds",
    "Time to answer one page or API request, by route.",
    ["route", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=None,
)


class SiteCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        now = timezone.now()
        fetches = GaugeMetricFamily(
            "newsdesk_feed_fetches_last_hour",
            "Feed fetches in the last hour, by outcome (ok or the error kind).",
            labels=["outcome"],
        )
        for r in (
            FetchLog.objects.filter(started_at__gte=now - WINDOW)
            .values("error_kind")
            .annotate(n=Count("id"))
        ):
            fetches.add_metric([r["error_kind"] or "ok"], r["n"])
        yield fetches

        articles = GaugeMetricFamily(
            "newsdesk_articles", "Stored articles by stage.", labels=["stage"]
        )
        for r in Article.objects.values("status").annotate(n=Count("id")):
            articles.add_metric([r["status"]], r["n"])
        articles.add_metric(["enriched"], Article.objects.filter(enriched_at__isnull=False).count())
        yield articles

        errors = GaugeMetricFamily(
            "newsdesk_article_errors", "Failed articles by error kind.", labels=["kind"]
        )
        for r in (
            Article.objects.filter(status="failed").values("error_kind").annotate(n=Count("id"))
        ):
            errors.add_metric([r["error_kind"] or "unknown"], r["n"])
        yield errors

        failing = GaugeMetricFamily("newsdesk_sources_failing", "Sources whose last fetch failed.")
        failing.add_metric([], Source.objects.filter(error_count__gt=0).count())
        yield failing

        depth = GaugeMetricFamily(
            "newsdesk_queue_tasks", "Tasks by queue and state.", labels=["queue", "state"]
        )
        age = GaugeMetricFamily(
            "newsdesk_queue_oldest_seconds",
            "Age of the oldest task waiting in each queue.",
            labels=["queue"],
        )
        for d in queue_depths():
            for state in ("waiting", "running", "scheduled", "failed"):
                depth.add_metric([d.queue, state], getattr(d, state))
            age.add_metric([d.queue], d.oldest_age)
        yield depth
        yield age

        dead = GaugeMetricFamily("newsdesk_dead_letters", "Tasks that failed for good.")
        dead.add_metric([], len(dead_letters(limit=10_000)))
        yield dead

        count = GaugeMetricFamily(
            "newsdesk_task_runs_last_hour", "Tasks finished in the last hour.", labels=["task"]
        )
        total = GaugeMetricFamily(
            "newsdesk_task_seconds_last_hour",
            "Seconds spent in tasks finished in the last hour.",
            labels=["task"],
        )
        longest = GaugeMetricFamily(
            "newsdesk_task_longest_seconds_last_hour",
            "Longest task run in the last hour.",
            labels=["task"],
        )
        for t in task_durations(now - WINDOW):
            count.add_metric([t.task], t.count)
            total.add_metric([t.task], t.total)
            longest.add_metric([t.task], t.longest)
        yield count
        yield total
        yield longest


def render() -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(SiteCollector())
    registry.register(PAGE_SECONDS)
    return generate_latest(registry)
