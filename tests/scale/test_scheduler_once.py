"""However many processes run a scheduler, one leads; the hourly digest run is sent once."""

from __future__ import annotations

from datetime import timedelta

from django_tasks_db.models import DBTaskResult

from newsdesk.fleet.lease import claim_period, hold, holder_of
from newsdesk.storage.models import Source
from newsdesk.worker.leader import LeadScheduler


def test_one_lease_holder_at_a_time(db):
    assert hold("scheduler", "a", timedelta(seconds=30))
    assert not hold("scheduler", "b", timedelta(seconds=30))
    assert hold("scheduler", "a", timedelta(seconds=30))  # renewing
    assert holder_of("scheduler") == "a"
    # "a" vanished: once its lease ran out, "b" takes over.
    assert hold("scheduler", "a", timedelta(seconds=-1))
    assert hold("scheduler", "b", timedelta(seconds=30))
    assert holder_of("scheduler") == "b"


def test_a_period_is_claimed_once(db):
    claims = [claim_period("digests", timedelta(hours=1)) for _ in range(5)]
    assert claims == [True, False, False, False, False]


def test_three_schedulers_enqueue_each_source_and_the_digests_once(db, database_queue):
    Source.objects.create(url="http://127.0.0.1:9/a.xml", url_key="a")
    Source.objects.create(url="http://127.0.0.1:9/b.xml", url_key="b")
    schedulers = [LeadScheduler(interval=30) for _ in range(3)]
    for _ in range(3):
        for scheduler in schedulers:
            scheduler.tick()
    assert [s.leading for s in schedulers] == [True, False, False]
    tasks = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert sorted(t.rsplit(".", 1)[-1] for t in tasks) == [
        "refresh_source_task",
        "refresh_source_task",
        "send_digests_task",
    ]
