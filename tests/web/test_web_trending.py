"""Trending tags read only the window's tag uses (the ``tagged_at`` index), never the
archive, and count exactly what a plain join over every row counts."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from newsdesk.reading.listings import TRENDING_WINDOW, tags_between, trending_hashtags
from newsdesk.storage.models import Article, ArticleStatus, ArticleTag
from newsdesk.storage.models.articles import listed_rule, ready_rule

pytestmark = pytest.mark.django_db


def test_trending_counts_ready_articles_inside_the_window_only(newsroom):
    now = timezone.now()
    uses = list(ArticleTag.objects.select_related("article", "hashtag"))
    assert uses
    # One article falls out of the window, another is no longer ready: neither counts.
    old, withdrawn = newsroom.wire, newsroom.museum
    ArticleTag.objects.filter(article=old).update(tagged_at=now - TRENDING_WINDOW * 2)
    Article.objects.filter(pk=withdrawn.pk).update(status=ArticleStatus.FAILED)
    expected = Counter(
        u.hashtag.display
        for u in uses
        if u.article_id not in (old.pk, withdrawn.pk) and u.tagged_at <= now
    )
    got = {h.display: n for h, n in trending_hashtags(50, now)}
    assert got == dict(expected) and got
    # Ordered by count, then name; the limit cuts that order.
    order = [h.display for h, _ in trending_hashtags(3, now)]
    assert order == sorted(expected, key=lambda d: (-expected[d], d))[:3]


def _plan(sql: str, params: tuple) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        # A small test table is cheapest to read whole; forbid that to see which index
        # the query can use at volume.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("rule", [ready_rule(), listed_rule()], ids=["api", "front"])
def test_trending_reads_the_window_from_the_tagged_at_index(newsroom, rule):
    now = timezone.now()
    query = tags_between(rule, now - timedelta(hours=48), now).values("hashtag_id")
    sql, params = query.query.sql_with_params()
    plan = _plan(sql, params)
    assert "tagged_at" in plan, plan  # a range on the index, not a walk of every use
    if connection.vendor == "sqlite":
        # Articles are looked up by primary key per use, never scanned.
        assert "SCAN storage_article" not in plan and "SCAN storage_hashtag" not in plan, plan
        assert "SCAN storage_articletag" not in plan, plan
