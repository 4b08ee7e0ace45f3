"""Storage under faults: racing workers, capped passes, dead workers, a full disk."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from newsdesk.storage.models import Article, ArticleStatus, Source, WorkerBeat
from newsdesk.worker import leases
from newsdesk.worker.items import MAX_NEW_PER_PASS
from newsdesk.worker.refresh import refresh_source
from newsdesk.worker.tasks import process_article_task, queue_article, recover_work
from tests.support.httpserver import loopback_server  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db(transaction=True)


def _feed(base: str, count: int, prefix: str = "n") -> bytes:
    items = "".join(
        f"<item><title>Item {i}</title><link>{base}/{prefix}/{i}.html</link><guid>{prefix}-{i}</guid>"
        f"<pubDate>Sat, 28 Nov 2026 {i % 24:02d}:{i % 60:02d}:00 GMT</pubDate></item>"
        for i in range(count)
    )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Big</title>"
        f"<link>{base}/</link>{items}</channel></rss>"
    ).encode()


def _run_on_sqlite(test: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{__file__}::{test}"],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=280,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout


RSS = {"Content-Type": "application/rss+xml", "ETag": '"same"'}


def test_a_feed_longer_than_one_pass_is_stored_whole_over_passes(loopback_server, allow_loopback):  # noqa: F811
    loopback_server.route("/feed.xml", body=_feed(loopback_server.origin, 300), headers=RSS)
    source = Source.objects.create(url=loopback_server.url("/feed.xml"))
    queued: list[int] = []
    first = refresh_source(source.pk, send=queued.append)
    assert len(first.new_articles) == MAX_NEW_PER_PASS == len(queued)
    source.refresh_from_db()
    # Not recorded as seen: no validators, no body hash, due again at once.
    assert source.etag == "" and source.content_hash == ""
    assert source.next_fetch_at <= timezone.now()
    second = refresh_source(source.pk, send=queued.append)
    assert len(second.new_articles) == 100
    assert Article.objects.filter(source=source).count() == 300 == len(set(queued))
    source.refresh_from_db()
    assert source.etag == '"same"' and source.content_hash  # whole: now it is "seen"
    third = refresh_source(source.pk, send=queued.append)
    assert third.new_articles == () and len(queued) == 300


def test_a_sitemap_index_resumes_where_the_last_pass_stopped(loopback_server, allow_loopback):  # noqa: F811
    base = loopback_server.origin
    children = "".join(f"<sitemap><loc>{base}/s{i}.xml</loc></sitemap>" for i in range(8))
    loopback_server.route(
        "/index.xml",
        body=(
            "<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            f"{children}</sitemapindex>"
        ).encode(),
        headers={"Content-Type": "application/xml"},
    )
    for i in range(8):
        urls = "".join(f"<url><loc>{base}/s{i}/{j}.html</loc></url>" for j in range(3))
        loopback_server.route(
            f"/s{i}.xml",
            body=(
                "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                f"{urls}</urlset>"
            ).encode(),
            headers={"Content-Type": "application/xml"},
        )
    source = Source.objects.create(url=loopback_server.url("/index.xml"))
    refresh_source(source.pk, send=lambda pk: None)
    assert Article.objects.filter(source=source).count() == 15  # five children
    refresh_source(source.pk, send=lambda pk: None)
    assert Article.objects.filter(source=source).count() == 24  # the other three
    source.refresh_from_db()
    assert source.sitemap_cursor == 0


def test_two_workers_refreshing_one_feed_store_it_once(loopback_server, allow_loopback):  # noqa: F811
    loopback_server.route(
        "/feed.xml", body=_feed(loopback_server.origin, 50), headers=RSS, delay=0.3
    )
    source = Source.objects.create(url=loopback_server.url("/feed.xml"))
    outcomes = []

    def work() -> None:
        outcomes.append(refresh_source(source.pk, send=lambda pk: None))
        connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Article.objects.filter(source=source).count() == 50
    assert sorted(len(o.new_articles) for o in outcomes) == [0, 50]
    assert any("lease" in o.message for o in outcomes)


def _article(source: Source, key: str) -> Article:
    return Article.objects.create(source=source, item_key=key, url=f"https://x.example/{key}")


# The next three are about the database queue's own bookkeeping (task rows, their
# claimers, a task row committed with its article), so they select it for themselves on
# either CI set-up; the broker's recovery is tested in tests/scale/test_faults.py.


def test_tasks_of_a_dead_worker_are_taken_again_and_lost_articles_requeued(database_queue):
    source = Source.objects.create(url="https://x.example/feed")
    running = _article(source, "running")
    orphan = _article(source, "orphan")  # stored, its task lost
    # A worker process that died: its heartbeat names a pid that does not exist.
    WorkerBeat.objects.create(owner="nd-999999-dead", host=leases.HOST, pid=999_999)
    result = process_article_task.enqueue(running.pk)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now(),
        worker_ids=["nd-999999-dead-0"],
    )
    Source.objects.filter(pk=source.pk).update(
        lease_owner="nd-999999-dead:ab", lease_until=timezone.now() + timedelta(minutes=10)
    )
    recovery = recover_work()
    assert recovery.tasks_released == 1 and recovery.sources_released == 1
    assert recovery.articles_requeued == 1  # the orphan; the released task covers the other
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.READY
    queued = [r.args_kwargs["args"][0] for r in DBTaskResult.objects.ready()]
    assert sorted(queued) == sorted([running.pk, orphan.pk])
    assert not WorkerBeat.objects.filter(owner="nd-999999-dead").exists()
    assert recover_work().changed is False  # nothing twice


def test_a_live_worker_keeps_its_task_and_a_task_that_kills_workers_is_failed(database_queue):
    source = Source.objects.create(url="https://x.example/feed")
    mine = process_article_task.enqueue(_article(source, "mine").pk)
    poison = process_article_task.enqueue(_article(source, "poison").pk)
    DBTaskResult.objects.filter(pk=mine.id).update(
        status=TaskResultStatus.RUNNING, worker_ids=[f"{leases.OWNER}-0"]
    )
    DBTaskResult.objects.filter(pk=poison.id).update(
        status=TaskResultStatus.RUNNING,
        worker_ids=[f"nd-1-gone{i}-0" for i in range(leases.MAX_CLAIMS)],
    )
    recovery = recover_work()
    assert DBTaskResult.objects.get(pk=mine.id).status == TaskResultStatus.RUNNING
    assert DBTaskResult.objects.get(pk=poison.id).status == TaskResultStatus.FAILED
    assert recovery.tasks_failed == 1
    # Its article is not left pending for ever: marked failed with the reason.
    assert recovery.articles_failed == 1
    assert Article.objects.get(item_key="poison").status == ArticleStatus.FAILED


def test_items_and_their_tasks_commit_together(loopback_server, allow_loopback, database_queue):  # noqa: F811
    loopback_server.route("/feed.xml", body=_feed(loopback_server.origin, 20), headers=RSS)
    source = Source.objects.create(url=loopback_server.url("/feed.xml"))

    def crash(pk: int) -> None:
        queue_article(pk)
        if DBTaskResult.objects.count() == 10:
            raise SystemExit("killed in the middle of storing the feed")

    with pytest.raises(SystemExit):
        refresh_source(source.pk, send=crash)
    # Rolled back whole: no article without its task, no task without its article.
    assert Article.objects.count() == 0 and DBTaskResult.objects.count() == 0
    refresh_source(source.pk, send=queue_article)
    assert Article.objects.count() == 20 == DBTaskResult.objects.count()


def test_a_full_disk_is_reported_and_reads_keep_working(
    loopback_server,  # noqa: F811
    allow_loopback,
    database_queue,
):
    if connection.vendor != "sqlite":
        # The full disk is SQLite's own (its file may not grow past PRAGMA max_page_count);
        # PostgreSQL has no such cap short of a real small filesystem. So on the
        # PostgreSQL set-up this test runs itself on the embedded default, in a pytest of
        # its own without DATABASE_URL, and passes only if that run passes.
        _run_on_sqlite("test_a_full_disk_is_reported_and_reads_keep_working")
        return
    loopback_server.route("/feed.xml", body=_feed(loopback_server.origin, 200), headers=RSS)
    source = Source.objects.create(url=loopback_server.url("/feed.xml"))
    with connection.cursor() as cursor:
        # Use up the free pages, then forbid growth: the disk is now full.
        free = cursor.execute("PRAGMA freelist_count").fetchone()[0]
        size = cursor.execute("PRAGMA page_size").fetchone()[0]
        cursor.execute("CREATE TABLE filler (b BLOB)")
        cursor.execute("INSERT INTO filler VALUES (zeroblob(?))", [max(1, free) * size])
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
    try:
        outcome = refresh_source(source.pk, send=queue_article)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA max_page_count = 1073741823")
            cursor.execute("DROP TABLE filler")
    assert not outcome.ok and "full" in outcome.message  # surfaced, not swallowed
    assert Article.objects.count() == 0  # nothing half-stored
    assert Source.objects.get(pk=source.pk).url == source.url  # reads work
    path = connection.settings_dict["NAME"]
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert refresh_source(source.pk, send=queue_article).ok  # space again: it completes
    assert Article.objects.count() == 200
