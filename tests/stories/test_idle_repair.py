"""The scheduler repairs stories when the queue goes idle, on the database queue and
the Redis broker, so a quiet spell's last articles do not wait for 50 more."""

from __future__ import annotations

from dataclasses import replace

import django_rq
import pytest
from django_rq.workers import get_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_rq.backend import Job

from newsdesk.storage.keys import text_key
from newsdesk.storage.models import Article, ArticleStatus, Source
from newsdesk.stories.model import ClusterParams
from newsdesk.worker import clustering
from newsdesk.worker.broker import queue_depths, uses_broker
from newsdesk.worker.clustering import assign_story
from newsdesk.worker.leader import LeadScheduler
from newsdesk.worker.tasks import process_article_task
from tests.stories.story_fixtures import coverage
from tests.support.redis import RedisServer
from tests.web.newsroom import run_queued_tasks

# A store past its young phase (three articles, so the five below are "old enough" that
# streaming repairs only every 50th): the live defaults otherwise.
LIVE = replace(ClusterParams(), repair_limit=3, repair_every=50)
# Streaming that lumps everything into one story and never repairs: what the repair
# must undo (on the live site, a placement that the arrival order got wrong).
LUMPING = replace(LIVE, floor=-1.0, join_threshold=-10.0, repair_every=0)


def _place_coverage(monkeypatch) -> dict[str, Article]:
    """The strike (three publishers) and the central bank (two) as articles, placed
    one at a time by the lumping streaming clusterer; then the live parameters."""
    source = Source.objects.create(url="https://wire.example/feed.xml", name="Wire")
    monkeypatch.setattr(clustering, "PARAMS", LUMPING)
    articles = {}
    for doc in coverage():
        url = f"https://wire.example/{doc.doc_id}"
        article = Article.objects.create(
            source=source,
            item_key=text_key(url),
            url=url,
            url_key=text_key(url),
            title=doc.title,
            publisher=doc.publisher,
            language="en",
            published_at=doc.published_at,
            sort_at=doc.published_at,
            body_text=doc.text,
            content_hash=text_key(doc.text),
            status=ArticleStatus.READY,
        )
        assign_story(article)
        articles[doc.doc_id] = article
    monkeypatch.setattr(clustering, "PARAMS", LIVE)
    return articles


def _stories(articles: dict[str, Article]) -> dict[str, int]:
    return {name: Article.objects.get(pk=a.pk).story_id for name, a in articles.items()}


def _repair_tasks() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="repair_stories_task").count()


def test_an_idle_database_queue_gets_one_repair_that_splits_the_lumped_story(
    db, database_queue, monkeypatch
):
    articles = _place_coverage(monkeypatch)
    lumped = _stories(articles)
    assert len(set(lumped.values())) == 1
    leader, standby = LeadScheduler(interval=30), LeadScheduler(interval=30)
    # Work still waiting on the articles queue: no repair yet (it would run too early).
    process_article_task.enqueue(articles["bank-2"].pk)
    leader.tick()
    standby.tick()
    assert _repair_tasks() == 0
    DBTaskResult.objects.all().delete()
    leader.tick()
    standby.tick()  # not the lease holder: never queues one
    leader.tick()  # already queued: the waiting repair keeps the queue busy
    assert _repair_tasks() == 1
    assert run_queued_tasks() == 1
    after = _stories(articles)
    assert after["strike-reuters"] == after["strike-herald"] == after["strike-tribune"]
    assert after["bank-1"] == after["bank-2"] != after["strike-reuters"]
    assert after["strike-reuters"] == lumped["strike-reuters"]  # the id stays
    # Nothing arrived since: later idle passes queue nothing more.
    leader.tick()
    assert _repair_tasks() == 1


def test_a_count_streaming_repaired_itself_needs_no_idle_repair(db, database_queue, monkeypatch):
    _place_coverage(monkeypatch)
    # Five articles: with a repair every fifth, the fifth article's own pass repaired.
    monkeypatch.setattr(clustering, "PARAMS", replace(LIVE, repair_every=5))
    LeadScheduler(interval=30).tick()
    assert _repair_tasks() == 0


@pytest.fixture
def redis_broker(settings):
    server = RedisServer()
    settings.RQ_QUEUES = {name: {"URL": server.url} for name in settings.TASK_QUEUES}
    settings.TASKS = {
        "default": {
            **settings.TASKS["default"],
            "BACKEND": "newsdesk.worker.rq_backend.RedisQueueBackend",
        }
    }
    yield server
    server.stop()


def test_the_redis_broker_gets_the_idle_repair_too(db, redis_broker, monkeypatch):
    articles = _place_coverage(monkeypatch)
    assert uses_broker()
    leader = LeadScheduler(interval=30)
    leader.tick()
    leader.tick()
    depths = {d.queue: d.waiting for d in queue_depths()}
    assert depths["stages"] == 1 and depths["articles"] == 0
    [job] = django_rq.get_queue("stages").jobs
    assert job.func_name.endswith(".repair_stories_task")
    # A worker in this thread without forking, so it sees the test's database.
    get_worker("stages", job_class=Job, worker_class="rq.worker.SimpleWorker").work(burst=True)
    after = _stories(articles)
    assert after["bank-1"] == after["bank-2"] != after["strike-reuters"]
    leader.tick()
    assert {d.queue: d.waiting for d in queue_depths()}["stages"] == 0
