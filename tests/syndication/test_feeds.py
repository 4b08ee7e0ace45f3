"""Outbound feeds: every list as RSS 2.0, Atom and JSON Feed 1.1, parsed by feedparser;
autodiscovery links on the pages; content sanitized; nothing private leaves."""

from __future__ import annotations

import json
import re

import feedparser
import pytest
from django.utils import timezone

from newsdesk.ingest.feeds.jsonfeed import parse_json_feed
from newsdesk.ingest.feeds.model import FeedLimits
from newsdesk.storage.models import Article, Source

pytestmark = pytest.mark.django_db(transaction=True)

FORMATS = {"rss": "rss20", "atom": "atom10", "json": "json1"}


def feed_urls(newsroom) -> dict[str, str]:
    tag = newsroom.wire.tags.select_related("hashtag").first().hashtag.display
    return {
        "front": "/feeds/front",
        "source": f"/feeds/sources/{newsroom.gazette.source_id}",
        "hashtag": f"/feeds/hashtags/{tag}",
        "story": f"/feeds/stories/{newsroom.wire.story_id}",
        "search": "/feeds/search",
    }


MIME = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}


def parse(body: bytes, fmt: str):
    """RSS and Atom through feedparser; JSON Feed (which feedparser 6 does not read)
    through newsdesk's own JSON Feed reader, mapped to feedparser's field names."""
    if fmt != "json":
        return feedparser.parse(body)
    parsed = parse_json_feed(
        body,
        url="http://testserver/feeds/front.json",
        content_type=MIME[fmt],
        limits=FeedLimits(isolate=False),
        now=timezone.now(),
    )
    assert not parsed.warnings, parsed.warnings
    data = json.loads(body)
    return feedparser.FeedParserDict(
        bozo=0,
        version="json1" if data["version"].endswith("/1.1") else "",
        feed=feedparser.FeedParserDict(title=parsed.title),
        entries=[
            feedparser.FeedParserDict(
                title=item.title,
                link=item.url,
                id=item.guid,
                published_parsed=item.published_at,
                summary=item.content_html or item.summary_html,
            )
            for item in parsed.items
        ],
    )


def fetch(client, path: str, fmt: str, **params) -> bytes:
    response = client.get(f"{path}.{fmt}", params)
    assert response.status_code == 200, (path, fmt, response.content[:300])
    assert response["Content-Type"].startswith(MIME[fmt])
    return response.content


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_every_list_parses_with_its_fields(client, newsroom, fmt):
    for kind, path in feed_urls(newsroom).items():
        params = {"q": "treaty"} if kind == "search" else {}
        body = fetch(client, path, fmt, **params)
        parsed = parse(body, fmt)
        assert not parsed.bozo, (kind, parsed.get("bozo_exception"))
        assert parsed.version == FORMATS[fmt], (kind, parsed.version)
        assert parsed.feed.title and "newsdesk" in parsed.feed.title
        assert parsed.entries, kind
        for entry in parsed.entries:
            assert entry.title and entry.link.startswith("http://testserver/articles/")
            assert entry.id == entry.link
            assert entry.get("published_parsed") or entry.get("updated_parsed")
            assert entry.get("summary")
        links = {e.link for e in parsed.entries}
        # A wire copy is never an item of its own: its original stands for it.
        assert f"http://testserver/articles/{newsroom.copy.pk}/" not in links
    story = parse(fetch(client, feed_urls(newsroom)["story"], fmt), fmt)
    assert {e.link for e in story.entries} == {
        f"http://testserver/articles/{a.pk}/"
        for a in (newsroom.wire, newsroom.gazette, newsroom.observer)
    }


def test_json_feed_follows_version_1_1(client, newsroom):
    data = json.loads(fetch(client, "/feeds/front", "json"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == "http://testserver/feeds/front.json"
    item = next(i for i in data["items"] if i["id"].endswith(f"/{newsroom.wire.pk}/"))
    assert item["external_url"] == newsroom.wire.url
    assert item["authors"][0]["name"] == "Meridian Press"
    assert "Vellaria" in item["tags"]
    assert item["date_published"].startswith(str(newsroom.wire.sort_at.date()))


def test_unknown_things_are_404_and_bad_queries_400(client, newsroom):
    assert client.get("/feeds/sources/999999.rss").status_code == 404
    assert client.get("/feeds/sources/99999999999999999999.rss").status_code == 404
    assert client.get("/feeds/hashtags/NoSuchTag.atom").status_code == 404
    assert client.get("/feeds/stories/0.json").status_code == 404
    assert client.get("/feeds/front.xml").status_code == 404
    assert client.get("/feeds/search.rss", {"q": "after:someday"}).status_code == 400


def test_pages_advertise_their_feeds(client, newsroom):
    urls = feed_urls(newsroom)
    pages = {
        "/": urls["front"],
        f"/sources/{newsroom.gazette.source_id}/": urls["source"],
        f"/stories/{newsroom.wire.story_id}/": urls["story"],
        "/search/?q=treaty": urls["search"],
    }
    tag_page = client.get(urls["hashtag"].replace("/feeds/hashtags/", "/hashtags/") + "/")
    assert f'href="{urls["hashtag"]}.rss"' in tag_page.content.decode()
    for page, feed in pages.items():
        html = client.get(page).content.decode()
        for fmt, mime in (
            ("rss", "application/rss+xml"),
            ("atom", "application/atom+xml"),
            ("json", "application/feed+json"),
        ):
            assert re.search(
                rf'<link rel="alternate" type="{re.escape(mime)}" title="[^"]*" href="{re.escape(feed)}\.{fmt}',
                html,
            ), (page, fmt)


def test_content_is_sanitized_and_nothing_private_leaves(client, newsroom):
    # Whatever the path an article took in (a feed's summary, an import, the admin),
    # its markup goes out through the same sanitizer as fetched pages.
    Article.objects.filter(pk=newsroom.museum.pk).update(
        summary="",
        feed_summary_html=(
            '<p onclick="steal()">Reopened <script>alert(1)</script>'
            '<a href="javascript:alert(2)">link</a><img src=x onerror=alert(3)>'
            "<iframe src='https://evil.example'></iframe></p>"
        ),
        fetch_meta={"secret": "fetch-meta-marker"},
        error="error-marker",
    )
    Source.objects.filter(pk=newsroom.museum.source_id).update(
        etag='"etag-marker"', last_error="source-error-marker", lease_owner="lease-marker"
    )
    for fmt in ("rss", "atom", "json"):
        body = fetch(client, f"/feeds/sources/{newsroom.museum.source_id}", fmt).decode()
        assert "Reopened" in body
        for bad in ("<script", "onclick", "javascript:", "onerror", "<iframe", "&lt;script"):
            assert bad not in body, (fmt, bad)
        for marker in ("fetch-meta-marker", "error-marker", "etag-marker", "lease-marker"):
            assert marker not in body, (fmt, marker)
