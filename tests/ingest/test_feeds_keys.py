"""Dedup keys: duplicate, missing and changing GUIDs."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from newsdesk.ingest.feeds import FeedLimits, parse_source
from newsdesk.ingest.feeds.keys import hashed

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def feed(items: str) -> bytes:
    return f"<rss version='2.0'><channel><title>T</title>{items}</channel></rss>".encode()


def parse(body: bytes):
    return parse_source(body, url="https://feed.example/rss", content_type=None, now=NOW)


def test_keys_are_fixed_length_hex_even_for_huge_urls():
    link = "https://feed.example/" + "a" * 8000
    items = parse(feed(f"<item><title>A</title><link>{link}</link></item>")).items
    assert items[0].url == link
    assert len(items[0].key) == 64 and int(items[0].key, 16) >= 0


def test_guid_changing_on_every_fetch_gives_the_same_key():
    def fetch() -> str:
        return (
            parse(
                feed(
                    f"<item><title>A</title><link>https://feed.example/a</link>"
                    f"<guid isPermaLink='false'>{uuid.uuid4()}</guid></item>"
                )
            )
            .items[0]
            .key
        )

    assert fetch() == fetch() == hashed("url", "https://feed.example/a")


def test_duplicate_guids_and_links_collapse_first_wins():
    body = feed(
        "<item><title>first</title><link>https://feed.example/a</link><guid>g1</guid></item>"
        "<item><title>second</title><link>https://feed.example/a</link><guid>g1</guid></item>"
        "<item><title>third</title><link>https://feed.example/b</link><guid>g1</guid></item>"
    )
    parsed = parse(body)
    assert [i.title for i in parsed.items] == ["first", "third"]
    assert any("duplicate" in w for w in parsed.warnings)


def test_shared_link_with_distinct_guids_keeps_every_item():
    # A live blog: every update links to the same page.
    body = feed(
        "".join(
            f"<item><title>update {n}</title><link>https://feed.example/live</link><guid>u{n}</guid></item>"
            for n in range(3)
        )
    )
    items = parse(body).items
    assert [i.title for i in items] == ["update 0", "update 1", "update 2"]
    assert len({i.key for i in items}) == 3


def test_missing_guid_and_link_uses_title_and_date_deterministically():
    body = feed(
        "<item><title>No link</title><pubDate>Sat, 28 Nov 2026 10:00:00 GMT</pubDate></item>"
        "<item><title>No link</title><pubDate>Sat, 28 Nov 2026 11:00:00 GMT</pubDate></item>"
        "<item><description>only a body</description></item>"
        "<item></item>"
    )
    first, again = parse(body), parse(body)
    assert [i.key for i in first.items] == [i.key for i in again.items]
    assert len(first.items) == 3
    assert all(i.url is None for i in first.items)
    assert any("without link" in w for w in first.warnings)


def test_newest_items_survive_the_cap():
    body = feed(
        "".join(
            f"<item><title>{n}</title><link>https://feed.example/{n}</link>"
            f"<pubDate>Sat, {n + 1:02d} Nov 2026 10:00:00 GMT</pubDate></item>"
            for n in range(5)
        )
    )
    parsed = parse_source(
        body,
        url="https://feed.example/rss",
        content_type=None,
        now=NOW,
        limits=FeedLimits(max_items=3),
    )
    # the guard reads the first 3 items in document order
    assert [i.title for i in parsed.items] == ["0", "1", "2"] and parsed.truncated
    sitemap = (
        "<urlset>"
        + "".join(
            f"<url><loc>https://feed.example/{n}</loc><lastmod>2026-11-{n + 1:02d}</lastmod></url>"
            for n in range(5)
        )
        + "</urlset>"
    ).encode()
    parsed = parse_source(
        sitemap,
        url="https://feed.example/sitemap.xml",
        content_type=None,
        now=NOW,
        limits=FeedLimits(max_items=3),
    )
    # sitemaps have no order: the newest by lastmod are kept, in document order
    assert [i.url for i in parsed.items] == [f"https://feed.example/{n}" for n in (2, 3, 4)]
    assert parsed.truncated
