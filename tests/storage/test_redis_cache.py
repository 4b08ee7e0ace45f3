"""Scale-out: two web processes share one Redis, so the question rate limit is global.

With the default per-process memory cache each process would allow 30 questions a
minute on its own; with NEWSDESK_CACHE_URL the 31st question to either process is refused.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from tests.support.redis import RedisServer
from tests.support.site import Site


@pytest.fixture(scope="module")
def redis_server():
    server = RedisServer()
    yield server
    server.stop()


def _ask(base: str, article_id: int) -> int:
    body = json.dumps({"question": "Who voted for the barrier?"}).encode()
    request = urllib.request.Request(
        f"{base}/api/articles/{article_id}/ask",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_two_processes_share_the_question_limit(tmp_path, publisher, redis_server):
    site_a = Site(tmp_path, NEWSDESK_CACHE_URL=redis_server.url)
    site_a.run("source", "add", publisher.url("/news/council-approves-flood-barrier.html"))
    site_a.run("ingest")
    site_b = Site(tmp_path, NEWSDESK_CACHE_URL=redis_server.url)
    base_a, base_b = site_a.serve(), site_b.serve()
    try:
        with urllib.request.urlopen(base_a + "/api/articles") as response:
            article_id = json.load(response)["items"][0]["id"]
        codes = [_ask(base_a if n % 2 else base_b, article_id) for n in range(31)]
    finally:
        site_a.stop()
        site_b.stop()
    assert codes[:30] == [200] * 30, codes
    assert codes[30] == 429
