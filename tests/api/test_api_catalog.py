"""The API's lists: cursor pagination (`limit` + `cursor`), filters and ordering from an
allow-list, stories, trending hashtags and search; bad paging input is a 4xx, never a 500."""

from __future__ import annotations

import base64
import json

import pytest

from newsdesk.storage.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


def get(client, url: str, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def walk(client, url: str, **params) -> list[dict]:
    items, cursor, pages = [], None, 0
    while True:
        data = get(client, url, **params, **({"cursor": cursor} if cursor else {}))
        items += data["items"]
        pages += 1
        cursor = data["next_cursor"]
        if cursor is None:
            return items
        assert data["next"].startswith("http://testserver" + url) and "cursor=" in data["next"]
        assert pages < 50


def test_limit_is_honoured_and_cursors_walk_every_article_once(client, newsroom):
    total = Article.objects.listed().count()  # wire copies fold into their originals
    assert len(get(client, "/api/articles", limit=2)["items"]) == 2
    items = walk(client, "/api/articles", limit=2)
    assert len(items) == total and len({i["id"] for i in items}) == total
    times = [i["published_at"] for i in items]
    assert times == sorted(times, reverse=True)
    oldest = walk(client, "/api/articles", limit=3, ordering="oldest")
    assert [i["id"] for i in oldest] == [i["id"] for i in reversed(items)]


def test_filters(client, newsroom):
    by_source = get(client, "/api/articles", source=newsroom.gazette.source_id)["items"]
    assert [i["id"] for i in by_source] == [newsroom.gazette.pk]
    story = get(client, "/api/articles", story=newsroom.wire.story_id, limit=100)["items"]
    assert newsroom.museum.pk not in {i["id"] for i in story} and len(story) >= 3
    assert get(client, "/api/articles", language="EN")["items"]
    assert get(client, "/api/articles", language="fr")["items"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "1000000000"},
        {"limit": "0"},
        {"limit": "abc"},
        {"ordering": "password"},
        {"ordering": "-id"},
        {"ordering": "sort_at; DROP TABLE x"},
        {"source": "-1"},
        {"source": "99999999999999999999999"},
    ],
)
def test_out_of_range_and_unlisted_values_are_refused(client, newsroom, params):
    assert client.get("/api/articles", params).status_code == 422


def _cursor(data: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "%%%",
        _cursor({"t": "not a time", "i": 1}),
        _cursor({"t": "2026-01-01T00:00:00", "i": 1}),  # no time zone
        _cursor({"t": "2026-01-01T00:00:00+00:00", "i": -1}),
        _cursor({"t": "2026-01-01T00:00:00+00:00", "i": 2**70}),
        _cursor({"t": "2026-01-01T00:00:00+00:00", "i": "1"}),
        _cursor([1, 2]),
        _cursor({"o": -1}),
    ],
)
def test_tampered_cursors_are_400(client, newsroom, cursor):
    for url in ("/api/articles", "/api/stories", f"/api/hashtags/{_tag(newsroom)}"):
        assert client.get(url, {"cursor": cursor}).status_code == 400, (url, cursor)
    assert client.get("/api/search", {"q": "treaty", "cursor": cursor}).status_code == 400


def test_retired_and_unknown_parameters_fail_loudly(client, newsroom):
    for url in ("/api/articles", "/api/stories", "/api/hashtags", "/api/search?q=x"):
        response = client.get(url + ("&" if "?" in url else "?") + "page_size=100")
        assert response.status_code == 400, url
        assert "page_size" in response.json()["detail"]
    for params in ({"page": "abc"}, {"offset": "-1"}):
        assert client.get("/api/articles", params).status_code == 400


def _tag(newsroom) -> str:
    return newsroom.wire.tags.select_related("hashtag").first().hashtag.display


def test_stories_list_and_trending_hashtags(client, newsroom):
    stories = get(client, "/api/stories")["items"]
    assert stories[0]["id"] == newsroom.wire.story_id  # the most recent story first
    assert set(stories[0]["publishers"]) >= {"Meridian Press", "Vellaria Gazette"}
    covered = get(client, "/api/stories", min_publishers=2)["items"]
    assert [s["id"] for s in covered] == [newsroom.wire.story_id]
    assert len(walk(client, "/api/stories", limit=1)) == len(stories)
    trending = get(client, "/api/hashtags", limit=5)
    assert 1 <= len(trending) <= 5
    counts = [t["articles"] for t in trending]
    assert counts == sorted(counts, reverse=True)
    by_name = get(client, trending[0]["api_url"].removeprefix("http://testserver"))
    assert by_name["tag"] == trending[0]["tag"] and by_name["items"]


def test_search_api_pages_with_cursors(client, newsroom):
    first = get(client, "/api/search", q="treaty OR museum", limit=2)
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = walk(client, "/api/search", q="treaty OR museum", limit=2)
    ids = [i["id"] for i in rest]
    assert len(ids) == len(set(ids)) == 4  # three treaty originals and the museum
    hit = get(client, "/api/search", q='"maritime museum"')["items"][0]
    assert hit["id"] == newsroom.museum.pk and "<mark>" in hit["snippet_html"]
    assert client.get("/api/search").status_code == 422  # q is required
