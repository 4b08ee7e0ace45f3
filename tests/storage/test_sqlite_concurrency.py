"""Web reads while the worker writes, on SQLite: no "database is locked".

`newsdesk serve` ingests the publisher's feed (scheduler + worker threads) while four
reader threads fetch pages and API objects; every answer must be a 200 (or a 404 for an
article that is not ready yet), never a 500.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections import Counter

from tests.support.site import Site


def test_reads_during_ingest_never_fail(tmp_path, publisher):
    # About SQLite and the embedded default (worker threads in `serve`), on either CI set-up.
    site = Site(
        tmp_path,
        NEWSDESK_WORKER_THREADS="3",
        NEWSDESK_TASK_BACKEND="django_tasks_db.DatabaseBackend",
        NEWSDESK_REDIS_URL="",
        NEWSDESK_CACHE_URL="",
    )
    site.run("source", "add", publisher.url("/feed.xml"))
    site.run("source", "add", publisher.url("/atom.xml"))
    site.run("source", "add", publisher.url("/news/observatory-finds-comet.html"))
    base = site.serve()
    statuses: Counter[int] = Counter()
    stop = time.monotonic() + 8

    def read() -> None:
        paths = ["/", "/latest/", "/api/articles", "/sources/", "/articles/1/", "/api/articles/2"]
        n = 0
        while time.monotonic() < stop:
            try:
                with urllib.request.urlopen(base + paths[n % len(paths)], timeout=10) as response:
                    statuses[response.status] += 1
            except urllib.error.HTTPError as exc:
                statuses[exc.code] += 1
            n += 1

    try:
        readers = [threading.Thread(target=read) for _ in range(4)]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join()
        with urllib.request.urlopen(base + "/api/articles") as response:
            import json

            ready = json.load(response)["count"]
    finally:
        site.stop()
    assert statuses[200] > 50, statuses
    assert set(statuses) <= {200, 404}, statuses
    assert ready >= 3  # the writes happened meanwhile
