"""Long lists' counts come from the cache; past their minute one reader recounts while
the others are answered with the count kept, so no page waits on a count it had."""

from __future__ import annotations

import hashlib

import pytest
from django.core.cache import cache

from newsdesk.reading import memo
from newsdesk.storage.models import Article
from tests.web.newsroom import publish, source

pytestmark = pytest.mark.django_db


def _key(rows) -> str:
    sql, params = rows.query.sql_with_params()
    return "memo:count:" + hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()[:40]


def test_a_kept_count_answers_while_one_reader_recounts(newsroom, monkeypatch):
    monkeypatch.setattr(memo, "EXACT_BELOW", 1)  # every count here is a "long" one
    cache.clear()
    rows = Article.objects.listed()
    first = rows.count()
    assert memo.counted(rows) == first
    publish(
        source("Lantern Daily"), "liveblog.txt", at=newsroom.now, title="Lantern opens", slug="c1"
    )
    assert rows.count() == first + 1
    assert memo.counted(rows) == first  # within its minute: the kept count
    # The minute is up, and another reader is recounting: the kept count answers.
    kept = cache.get(_key(rows))
    cache.set(_key(rows), memo.KeptCount(kept.value, kept.at - memo.COUNT_SECONDS - 1), 600)
    cache.set(_key(rows) + ":lock", True, 60)
    assert memo.counted(rows) == first
    # Nobody is: this reader recounts, and the new count is kept for the others.
    cache.delete(_key(rows) + ":lock")
    assert memo.counted(rows) == first + 1
    assert cache.get(_key(rows)).value == first + 1 and cache.get(_key(rows) + ":lock") is None


def test_a_short_list_is_counted_exactly_every_time(newsroom):
    cache.clear()
    rows = Article.objects.listed()
    before = memo.counted(rows)
    publish(
        source("Lantern Daily"), "liveblog.txt", at=newsroom.now, title="Lantern opens", slug="c2"
    )
    assert memo.counted(rows) == before + 1
