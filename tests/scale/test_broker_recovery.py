"""Recovery on the broker: the leases of dead workers, readable articles never finished.

Source leases: the broker's workers keep no heartbeat rows in the database; their registration with
the broker says which are alive. Two real `newsdesk worker` processes register, one
is killed, and recovery (here, in the test's process, as the scheduler runs it) must
free the dead one's lease and leave the live one's alone: freed, a second worker
would refresh the same feed while the first is still storing it.

Stages: an article became readable and its stages task was lost before it reached
the broker (a crash between the two commits). The broker forgets finished jobs within
minutes, so recovery reads the article (its stages set ``enriched_at`` or left their
error on it) and the broker's queues and dead letters.
"""

from __future__ import annotations

import os
import signal
import subprocess
from datetime import timedelta

import django_rq
import pytest
from django.utils import timezone
from django_rq.workers import get_worker
from django_tasks_rq.backend import Job
from rq.worker import Worker

from newsdesk.storage.models import Article, Source
from newsdesk.worker.tasks import finish_article_task, recover_work
from tests.support.httpserver import wait_for
from tests.support.ready_articles import ready_article
from tests.support.site import NEWSDESK, Site

pytestmark = pytest.mark.slow

BROKER = "newsdesk.worker.rq_backend.RedisQueueBackend"


@pytest.fixture
def broker(settings, tmp_path, redis_server):
    """A site on the broker: its Redis database, seen by this process and by its workers."""
    site = Site(tmp_path, NEWSDESK_TASK_BACKEND=BROKER, NEWSDESK_REDIS_URL=redis_server.url)
    url = site.env["NEWSDESK_REDIS_URL"]
    settings.RQ_QUEUES = {name: {"URL": url} for name in settings.TASK_QUEUES}
    settings.TASKS = {"default": {**settings.TASKS["default"], "BACKEND": BROKER}}
    django_rq.get_connection("sources").flushdb()
    return site


def _registered(pid: int) -> str:
    """The owner a worker process's broker registration names ("" until it registers)."""
    for worker in Worker.all(connection=django_rq.get_connection("sources")):
        process = worker.name.partition("@")[0].split(".")
        if process[0] == str(pid) and len(process) == 3:
            return process[1]
    return ""


def _start_worker(site: Site) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [NEWSDESK, "worker", "--poll", "0.2"],
        env=site.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _lease(owner: str) -> Source:
    source = Source.objects.create(url=f"https://{owner}.example/feed")
    Source.objects.filter(pk=source.pk).update(
        lease_owner=f"{owner}:0a1b2c3d", lease_until=timezone.now() + timedelta(minutes=10)
    )
    return source


def test_recovery_frees_a_dead_workers_lease_and_keeps_a_live_ones(db, broker):
    # One after the other: the first prepares the site's database.
    live = _start_worker(broker)
    dead = None
    try:
        assert wait_for(lambda: _registered(live.pid), timeout=120)
        dead = _start_worker(broker)
        assert wait_for(lambda: _registered(dead.pid), timeout=120)
        kept, freed = _lease(_registered(live.pid)), _lease(_registered(dead.pid))
        os.killpg(dead.pid, signal.SIGKILL)  # its registration stays behind in Redis
        dead.wait(10)
        recovery = recover_work()
        assert recovery.sources_released == 1
        kept.refresh_from_db()
        freed.refresh_from_db()
        assert kept.lease_owner.startswith(_registered(live.pid)) and kept.lease_until
        assert freed.lease_owner == "" and freed.lease_until is None
        assert recover_work().sources_released == 0  # the live lease survives every pass
    finally:
        for process in (live, dead):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(60)


def _stage_jobs() -> list[int]:
    queue = django_rq.get_queue("stages", job_class=Job)
    return [job.args[0] for job in Job.fetch_many(queue.get_job_ids(), queue.connection) if job]


def test_a_readable_article_whose_stages_task_was_lost_gets_one_and_only_it(db, broker):
    source = Source.objects.create(url="https://x.example/feed")
    lost = ready_article(source, "lost")  # the crash came between the commit and the queue
    ready_article(source, "done", enriched_at=timezone.now())
    waiting = ready_article(source, "waiting")
    finish_article_task.enqueue(waiting.pk)  # its task is still on the broker
    # Its stages ran and one failed (the error is on the article): not looped on.
    ready_article(source, "tried", fetch_meta={"stage_errors": {"enrich": "RuntimeError()"}})
    ready_article(source, "old", minutes_ago=60 * 24 * 30)
    ready_article(source, "fresh", minutes_ago=0)  # its task may be on its way

    recovery = recover_work(timedelta(minutes=1))

    assert recovery.stages_requeued == 1
    assert sorted(_stage_jobs()) == sorted([waiting.pk, lost.pk])
    assert recover_work(timedelta(minutes=1)).stages_requeued == 0  # nothing twice
    # A worker in this thread without forking, so it sees the test's database.
    get_worker("stages", job_class=Job, worker_class="rq.worker.SimpleWorker").work(burst=True)
    assert Article.objects.get(pk=lost.pk).enriched_at is not None
    assert recover_work(timedelta(minutes=1)).stages_requeued == 0  # done now
