"""Full-text search over the test newsroom: operators, filters, folding, snippets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection

from newsdesk.search import sqlite_index
from newsdesk.search.engine import search
from newsdesk.search.query import parse
from newsdesk.storage.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


def ids(raw: str) -> set[int]:
    return {hit.article.pk for hit in search(parse(raw), limit=100).hits}


def test_words_must_all_match_and_copies_fold_into_their_original(newsroom):
    found = ids("treaty Ostra")
    assert newsroom.wire.pk in found
    assert newsroom.copy.pk not in found  # a wire copy is found through its original
    assert newsroom.museum.pk not in found
    assert ids("museum restoration") == {newsroom.museum.pk}
    assert ids("museum treaty") == set()


def test_phrase_exclude_and_or(newsroom):
    assert ids('"maritime museum"') == {newsroom.museum.pk}
    assert ids('"museum maritime"') == set()
    assert newsroom.museum.pk in ids("museum OR nonexistentword")
    assert ids("treaty -museum") == ids("treaty")
    everything = ids("treaty OR museum")
    assert newsroom.museum.pk in everything and newsroom.wire.pk in everything
    assert newsroom.wire.pk not in ids("treaty -Ostra")


def test_source_lang_and_date_filters(newsroom):
    assert ids("treaty source:gazette") == {newsroom.gazette.pk}
    assert ids('source:"Harbour Ledger"') == {newsroom.museum.pk}
    assert ids("treaty source:nosuchpublisher") == set()
    assert ids("museum lang:en") == {newsroom.museum.pk}
    assert ids("museum lang:fr") == set()
    today = newsroom.now.date()
    assert ids(f"museum after:{today - timedelta(days=1)}") == {newsroom.museum.pk}
    assert ids(f"museum before:{today - timedelta(days=1)}") == set()
    assert newsroom.museum.pk in ids(f"before:{today + timedelta(days=2)}")


def test_tag_filter_uses_the_articles_hashtags(newsroom):
    tag = newsroom.museum.tags.select_related("hashtag").first().hashtag.display
    assert newsroom.museum.pk in ids(f"tag:{tag}")
    assert newsroom.museum.pk in ids(f"tag:{tag.lower()} museum")
    assert ids("tag:NoSuchTagAnywhere") == set()


def test_title_matches_rank_first_and_snippets_mark_the_words(newsroom):
    hits = search(parse("museum"), limit=10).hits
    assert hits[0].article.pk == newsroom.museum.pk
    assert "<mark>museum</mark>" in hits[0].snippet.html.lower()


def test_snippets_escape_the_article_text(newsroom):
    Article.objects.filter(pk=newsroom.museum.pk).update(
        body_text="The museum <script>alert(1)</script> & gallery reopened."
    )
    hit = search(parse("museum gallery"), limit=5).hits[0]
    assert "<script>" not in hit.snippet.html
    assert "&lt;script&gt;" in hit.snippet.html


def test_the_index_follows_updates_and_deletes(newsroom):
    Article.objects.filter(pk=newsroom.museum.pk).update(title="Lighthouse keepers honoured")
    assert ids("lighthouse") == {newsroom.museum.pk}
    newsroom.museum.delete()
    assert ids("lighthouse") == set()
    assert ids("museum") == set()


def test_pages_do_not_overlap(newsroom):
    first = search(parse("treaty OR museum"), limit=2)
    second = search(parse("treaty OR museum"), limit=2, offset=2)
    assert first.more
    assert not {h.article.pk for h in first.hits} & {h.article.pk for h in second.hits}


def test_a_rebuilt_article_table_gets_its_index_triggers_back(newsroom):
    # SQLite rebuilds a table when a migration alters it, and the rebuilt table has lost
    # its triggers: the check that runs after every migrate restores them and the index.
    if connection.vendor != "sqlite":
        # PostgreSQL indexes an expression of the table itself: nothing to restore.
        assert sqlite_index.ensure_triggers(connection) is False
        return
    with connection.cursor() as cursor:
        for name in sqlite_index.TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
        cursor.execute(f"DELETE FROM {sqlite_index.FTS_TABLE}")
    assert newsroom.wire.pk not in ids("treaty")
    assert sqlite_index.ensure_triggers(connection) is True
    assert sqlite_index.ensure_triggers(connection) is False
    assert newsroom.wire.pk in ids("treaty")
