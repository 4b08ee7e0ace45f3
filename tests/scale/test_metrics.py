"""/metrics in Prometheus format (staff or token) and the staff dashboard's SVG charts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from newsdesk.metrics.charts import bar_chart
from newsdesk.metrics.models import QueueSample
from newsdesk.metrics.samples import DAY, MONTH, Bar, ingest_rate, queue_depth, take_sample
from newsdesk.storage.models import Article, FetchLog, Source
from newsdesk.worker.tasks import finish_article_task


@pytest.fixture
def site_data(db, database_queue):
    source = Source.objects.create(url="http://127.0.0.1:9/f.xml", url_key="f", name="Ledger <b>")
    now = timezone.now()
    FetchLog.objects.create(source=source, url=source.url, status=200)
    FetchLog.objects.create(source=source, url=source.url, error_kind="timeout", error="slow")
    Source.objects.filter(pk=source.pk).update(error_count=3)
    for i, status in enumerate(["ready", "ready", "failed"]):
        Article.objects.create(
            source=source,
            item_key=f"k{i}",
            url=f"http://127.0.0.1:9/{i}",
            status=status,
            error_kind="http" if status == "failed" else "",
            created_at=now - timedelta(hours=i * 30),
        )
    finish_article_task.enqueue(1)
    return source


def _families(text: str) -> dict:
    return {f.name: f for f in text_string_to_metric_families(text)}


def test_metrics_need_staff_or_the_token(client, site_data, monkeypatch):
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer guess").status_code == 401
    monkeypatch.setenv("NEWSDESK_METRICS_TOKEN", "s3cret-token")
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    families = _families(response.content.decode())
    fetches = {
        s.labels["outcome"]: s.value for s in families["newsdesk_feed_fetches_last_hour"].samples
    }
    assert fetches == {"ok": 1, "timeout": 1}
    articles = {s.labels["stage"]: s.value for s in families["newsdesk_articles"].samples}
    assert articles["ready"] == 2 and articles["failed"] == 1
    queue = {
        (s.labels["queue"], s.labels["state"]): s.value
        for s in families["newsdesk_queue_tasks"].samples
    }
    assert queue[("stages", "waiting")] == 1
    assert "newsdesk_queue_oldest_seconds" in families
    assert "newsdesk_page_seconds" in families  # the earlier requests were timed
    assert families["newsdesk_sources_failing"].samples[0].value == 1


def test_staff_read_metrics_and_the_dashboard(client, site_data):
    user = User.objects.create_user("op", "op@example.org", "pw-for-tests-only", is_staff=True)
    client.force_login(user)
    assert client.get("/metrics").status_code == 200
    take_sample()
    page = client.get("/admin/dashboard/").content.decode()
    assert page.count("<svg") >= 9  # failing sources + four charts for each window
    assert "Ledger &lt;b&gt;" in page and "Ledger <b>" not in page  # names escaped
    assert "http://" not in page.split("<svg", 1)[1].replace("http://www.w3.org/2000/svg", "")
    assert "<script" not in page.split("<svg", 1)[1]


def test_dashboard_is_staff_only(client, db):
    reader = User.objects.create_user("reader", "r@example.org", "pw-for-tests-only")
    client.force_login(reader)
    assert client.get("/admin/dashboard/").status_code == 302


def test_series_fill_every_bucket(site_data):
    day = ingest_rate(DAY)
    month = ingest_rate(MONTH)
    assert len(day) == 24 and len(month) == 30
    assert sum(p.value for p in day) == 1  # only the newest article is within 24 hours
    assert sum(p.value for p in month) == 3
    QueueSample.objects.create(waiting=7)
    QueueSample.objects.create(waiting=3)
    assert max(p.value for p in queue_depth(DAY)) == 7


def test_bar_chart_escapes_labels():
    svg = bar_chart([Bar("<script>alert(1)</script>", 2)], "t")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
