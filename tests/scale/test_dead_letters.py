"""Dead letters on both queues: a task that fails for good is listed and retried from the admin."""

from __future__ import annotations

import django_rq
import pytest
from django.contrib.auth.models import User
from django_rq.workers import get_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_rq.backend import Job

from newsdesk.worker.broker import dead_letters, queue_depths, retry_dead_letter, uses_broker
from newsdesk.worker.tasks import process_article_task
from tests.web.newsroom import run_queued_tasks


@pytest.fixture
def staff_client(client, db):
    user = User.objects.create_user("op", "op@example.org", "pw-for-tests-only", is_staff=True)
    client.force_login(user)
    return client


def test_database_queue_dead_letters_are_listed_and_retried(staff_client, database_queue):
    assert not uses_broker()
    process_article_task.enqueue("not-a-number")  # fails: an article id must be a number
    assert run_queued_tasks() == 1
    letters = dead_letters()
    assert [(d.task_path.rsplit(".", 1)[-1], d.args) for d in letters] == [
        ("process_article_task", ["not-a-number"])
    ]
    assert "ValueError" in letters[0].error or "number" in letters[0].error
    page = staff_client.get("/admin/dead-letters/").content.decode()
    assert "process_article_task" in page and "not-a-number" in page
    response = staff_client.post("/admin/dead-letters/retry/", {"id": [letters[0].id]})
    assert response.status_code == 302
    assert dead_letters() == []
    assert (
        DBTaskResult.objects.ready().filter(task_path__endswith="process_article_task").count() == 1
    )


def test_dead_letters_page_is_staff_only(client, db):
    response = client.get("/admin/dead-letters/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.post("/admin/dead-letters/retry/", {"id": ["x"]}).status_code == 302


def test_broker_dead_letters_are_listed_and_retried(
    staff_client, settings, monkeypatch, redis_server
):
    settings.RQ_QUEUES = {name: {"URL": redis_server.url} for name in settings.TASK_QUEUES}
    settings.TASKS = {
        "default": {
            **settings.TASKS["default"],
            "BACKEND": "newsdesk.worker.rq_backend.RedisQueueBackend",
        }
    }
    monkeypatch.setenv("NEWSDESK_TASK_RETRIES", "0")
    django_rq.get_connection("articles").flushdb()
    assert uses_broker()
    process_article_task.enqueue("not-a-number")
    assert {d.queue: d.waiting for d in queue_depths()}["articles"] == 1
    # A worker in this thread without forking, so it sees the test's database.
    worker = get_worker("articles", job_class=Job, worker_class="rq.worker.SimpleWorker")
    worker.work(burst=True)
    letters = dead_letters()
    assert [(d.task_path.rsplit(".", 1)[-1], d.args) for d in letters] == [
        ("process_article_task", ["not-a-number"])
    ]
    page = staff_client.get("/admin/dead-letters/").content.decode()
    assert "Redis broker" in page and "not-a-number" in page
    staff_client.post("/admin/dead-letters/retry/", {"id": [letters[0].id]})
    assert dead_letters() == []
    assert {d.queue: d.waiting for d in queue_depths()}["articles"] == 1
    assert retry_dead_letter("no-such-id") is False
