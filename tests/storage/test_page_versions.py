"""Page versions as a serving process reads them: an article's place (story, source) is
kept in the process until the article's counter moves, every set-based move of an
article to another story moves that counter, and the counters requests asked for are
read together."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from newsdesk.storage import versions
from newsdesk.storage.models import Article, StoryMember
from newsdesk.storage.story_store import DatabaseStoryStore

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(versions.time, "monotonic", lambda: now[0])
    versions.forget_seen()
    return now


def stray_move(article: Article, story_id: int) -> None:
    """A write that moves the row and nothing else (no counter): what the kept place
    would miss if a mover forgot to say so."""
    with connection.cursor() as cursor:
        cursor.execute(
            'UPDATE "storage_article" SET "story_id" = %s WHERE "id" = %s', [story_id, article.pk]
        )


def test_an_articles_place_is_kept_and_its_counters_read_in_one_statement(newsroom, clock):
    wire, museum = newsroom.wire, newsroom.museum
    names = versions.article_page(wire.pk)
    assert names == [
        versions.article(wire.pk),
        versions.source_row(wire.source_id),
        versions.story(wire.story_id),
    ]
    versions.current(names)
    clock[0] += versions.SEEN_SECONDS  # every value due again
    stray_move(wire, museum.story_id)
    with CaptureQueriesContext(connection) as queries:
        again = versions.article_page(wire.pk)
        versions.current(again)
    # The place as kept (the stray write moved no counter), and one statement read the
    # article's counter with the others this process was asked for.
    assert again == names
    assert len(queries) == 1, [q["sql"] for q in queries]
    sql = queries[0]["sql"]
    assert all(name in sql for name in names), sql


def test_a_moved_counter_reads_the_place_again(newsroom, clock):
    wire, museum = newsroom.wire, newsroom.museum
    versions.article_page(wire.pk)
    stray_move(wire, museum.story_id)
    # Another process moves the article and says so (its counter, no local forget).
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO "storage_pageversion" ("name", "value") VALUES (%s, 1) '
            'ON CONFLICT ("name") DO UPDATE SET "value" = "storage_pageversion"."value" + 1',
            [versions.article(wire.pk)],
        )
    assert versions.story(museum.story_id) not in versions.article_page(wire.pk)  # read lately
    clock[0] += versions.SEEN_SECONDS
    assert versions.story(museum.story_id) in versions.article_page(wire.pk)


def test_a_story_merge_moves_the_absorbed_articles_pages(newsroom, clock):
    wire, museum = newsroom.wire, newsroom.museum
    assert wire.story_id != museum.story_id
    before = versions.article_page(museum.pk)
    assert versions.story(museum.story_id) in before
    (museum_value,) = versions.current([versions.article(museum.pk)])
    with transaction.atomic(), DatabaseStoryStore() as store:
        kept = store.get_story(str(wire.story_id))
        assert kept is not None
        store.merge_stories(kept, str(museum.story_id))
    museum.refresh_from_db()
    assert museum.story_id == wire.story_id
    # No time passes: this process's own write is seen at once, and the kept place
    # follows the article's counter.
    after = versions.article_page(museum.pk)
    assert versions.story(wire.story_id) in after and versions.story(before[2]) not in after
    assert versions.current([versions.article(museum.pk)]) == (museum_value + 1,)


def test_a_member_moved_by_the_store_moves_its_articles_page(newsroom, clock):
    wire, museum = newsroom.wire, newsroom.museum
    versions.article_page(museum.pk)
    with transaction.atomic(), DatabaseStoryStore() as store:
        member = store.get_article(str(museum.pk))
        assert member is not None
        store.save_article(replace(member, story_id=str(wire.story_id)))
    assert StoryMember.objects.get(doc_id=str(museum.pk)).story_id == wire.story_id
    assert Article.objects.get(pk=museum.pk).story_id == wire.story_id
    assert versions.story(wire.story_id) in versions.article_page(museum.pk)


def test_a_member_saved_unmoved_moves_nothing(newsroom, clock):
    museum = newsroom.museum
    names = versions.article_page(museum.pk)
    values = versions.current(names)
    with transaction.atomic(), DatabaseStoryStore() as store:
        member = store.get_article(str(museum.pk))
        assert member is not None
        store.save_article(member)
    assert versions.current(names) == values


def test_the_counters_asked_lately_are_read_together(newsroom, clock):
    pages = [versions.story(newsroom.wire.story_id), versions.source(newsroom.wire.source_id)]
    versions.current(pages[:1])
    versions.current(pages[1:])
    clock[0] += versions.SEEN_SECONDS
    with CaptureQueriesContext(connection) as queries:
        versions.current(pages[:1])
        versions.current(pages[1:])  # read with the first
    assert len(queries) == 1
    # A counter nobody asked for in ASKED_SECONDS is no longer read.
    clock[0] += versions.ASKED_SECONDS + 1
    versions.current(pages[:1])
    clock[0] += versions.SEEN_SECONDS
    with CaptureQueriesContext(connection) as queries:
        versions.current(pages[:1])
    assert len(queries) == 1 and pages[0] in queries[0]["sql"]
    assert pages[1] not in queries[0]["sql"]


def test_new_members_saved_in_bulk_and_refused_when_stored(newsroom):
    with transaction.atomic(), DatabaseStoryStore() as store:
        member = store.get_article(str(newsroom.museum.pk))
        assert member is not None
        with pytest.raises(ValueError, match="not new"):
            store.save_new_articles([member])
        [story_id] = store.next_story_ids(1)
        fresh = [replace(member, doc_id=f"replay-{i}", story_id=story_id) for i in range(3)]
        store.save_new_articles(fresh)
        with pytest.raises(ValueError, match="not new"):
            store.save_new_articles(fresh[:1])
    assert StoryMember.objects.filter(story_id=int(story_id)).count() == 3
