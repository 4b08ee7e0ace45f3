"""GET /api/articles/{id}: the fields stories, copies, live blogs, hashtags and summaries add."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from newsdesk.storage.models import LiveEntry

pytestmark = pytest.mark.django_db


def get(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def test_article_object_has_every_field_with_its_type(client, newsroom):
    data = get(client, f"/api/articles/{newsroom.wire.pk}")
    assert data["story_id"] == newsroom.wire.story_id and isinstance(data["story_id"], int)
    assert data["copy_of"] is None
    related = data["related"]
    assert related and all(
        set(r) >= {"id", "url", "title", "publisher", "published_at"} for r in related
    )
    for r in related:
        assert isinstance(r["id"], int) and isinstance(r["title"], str)
        datetime.fromisoformat(r["published_at"].replace("Z", "+00:00"))
    assert {r["id"] for r in related} >= {newsroom.gazette.pk, newsroom.observer.pk}
    assert newsroom.copy.pk not in {r["id"] for r in related}
    assert data["also_published_by"] == [{"url": newsroom.copy.url, "publisher": "Kessel Courier"}]
    assert data["live_entries"] == []
    tags = data["hashtags"]
    assert 5 <= len(tags) <= 10 and all(
        isinstance(t, str) and t and not t.startswith("#") for t in tags
    )
    assert "Vellaria" in tags and "TomasVarga" in tags
    assert isinstance(data["summary"], str) and data["summary"]
    assert data["summary"] in data["body_text"]
    assert 2 <= len(data["key_points"]) <= 5
    assert all(p in data["body_text"] for p in data["key_points"])
    # The foundation's fields are still there.
    for field in (
        "id",
        "url",
        "page_url",
        "title",
        "publisher",
        "byline",
        "published_at",
        "updated_at",
        "language",
        "body_text",
        "body_html",
    ):
        assert field in data


def test_copy_object_points_at_its_original(client, newsroom):
    data = get(client, f"/api/articles/{newsroom.copy.pk}")
    assert data["copy_of"] == newsroom.wire.pk
    assert data["also_published_by"] == [{"url": newsroom.wire.url, "publisher": "Meridian Press"}]
    assert newsroom.copy.pk not in {r["id"] for r in data["related"]}
    assert newsroom.wire.pk not in {r["id"] for r in data["related"]}


def test_article_list_folds_wire_copies_like_the_pages(client, newsroom):
    folded = get(client, "/api/articles?limit=100")
    ids = [item["id"] for item in folded["items"]]
    assert newsroom.wire.pk in ids and newsroom.copy.pk not in ids
    assert folded["count"] == len(ids)
    wire = next(item for item in folded["items"] if item["id"] == newsroom.wire.pk)
    assert wire["also_published_by"] == [{"url": newsroom.copy.url, "publisher": "Kessel Courier"}]
    every = get(client, "/api/articles?limit=100&include_copies=true")
    assert every["count"] == folded["count"] + 1
    copy = next(item for item in every["items"] if item["id"] == newsroom.copy.pk)
    assert copy["copy_of"] == newsroom.wire.pk
    assert copy["also_published_by"] == [{"url": newsroom.wire.url, "publisher": "Meridian Press"}]
    # The copy's own page address still leads to the original.
    assert (
        client.get(copy["page_url"].removeprefix("http://testserver"))["Location"]
        == newsroom.wire.get_absolute_url()
    )


def test_live_entries_newest_first(client, newsroom):
    now = newsroom.now
    for key, minutes in (("one", 50), ("two", 5), ("three", 20)):
        LiveEntry.objects.create(
            article=newsroom.observer,
            key=key,
            posted_at=now - timedelta(minutes=minutes),
            author=f"Author {key}",
            title=f"Entry {key}",
            body=f"Body of entry {key}.",
        )
    entries = get(client, f"/api/articles/{newsroom.observer.pk}")["live_entries"]
    assert [e["title"] for e in entries] == ["Entry two", "Entry three", "Entry one"]
    assert set(entries[0]) == {"posted_at", "author", "title", "body"}
    assert entries[0]["author"] == "Author two" and entries[0]["body"] == "Body of entry two."


def test_unknown_articles_are_404(client, db):
    assert client.get("/api/articles/424242").status_code == 404
    assert client.get("/api/articles/99999999999999999999").status_code in (404, 422)


def test_openapi_lists_the_new_paths(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/articles/{article_id}/ask",
        "/api/stories/{story_id}",
        "/api/stories/{story_id}/briefing",
        "/api/hashtags/{tag}",
    ):
        assert path in paths, path
