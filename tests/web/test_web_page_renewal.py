"""A kept page past ``PAGE_SECONDS`` whose counters have not moved is served as kept
while a thread of its own renders it again: the reader does not wait for the renewal.
(A transactional test: the renewal runs on its own database connection.)"""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from newsdesk.reading import page_cache
from newsdesk.reading.page_cache import HIT_HEADER, KeptPage, page_key

pytestmark = pytest.mark.django_db(transaction=True)


def kept(path: str) -> KeptPage:
    page = cache.get(page_key(RequestFactory().get(path), (-1,)))
    assert isinstance(page, KeptPage)
    return page


def test_an_old_kept_page_is_served_at_once_and_renewed_behind(client, newsroom, monkeypatch):
    path = f"/stories/{newsroom.wire.story_id}/"
    first = client.get(path)
    assert first[HIT_HEADER] == "miss"
    made = kept(path).made
    later = made + page_cache.PAGE_SECONDS + 1
    real = time.time
    monkeypatch.setattr(page_cache.time, "time", lambda: real() - made + later)
    rendered = []
    view_renew = page_cache._renew

    def counted(environ):
        rendered.append(environ["PATH_INFO"])
        view_renew(environ)

    monkeypatch.setattr(page_cache, "_renew", counted)
    stale = client.get(path)
    assert stale[HIT_HEADER] == "hit" and stale.content == first.content
    deadline = real() + 20
    while kept(path).made < later and real() < deadline:
        time.sleep(0.05)
    assert rendered == [path]
    assert kept(path).made >= later  # rendered again, by the renewal
    assert client.get(path)[HIT_HEADER] == "hit"
    assert rendered == [path]  # the renewed page is young: nothing more to do
