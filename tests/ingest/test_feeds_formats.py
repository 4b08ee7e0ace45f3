"""One test per source format, on the fixtures in tests/data/feeds (see its README)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.ingest.feeds import (
    FeedParseError,
    SourceKind,
    discover_feeds,
    parse_source,
    sniff,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "feeds"
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def load(name: str) -> bytes:
    return (DATA / name).read_bytes()


def parse(name: str, url: str, content_type: str | None = None):
    return parse_source(load(name), url=url, content_type=content_type, now=NOW)


def test_rss2_items_fields_and_ttl():
    feed = parse("rss2.xml", "https://valley-courier.example/feed/", "application/rss+xml")
    assert feed.kind is SourceKind.FEED
    assert feed.title == "The Valley Courier — Top stories"
    assert feed.site_url == "https://valley-courier.example/"
    assert feed.ttl_seconds == 30 * 60
    assert feed.language == "en-gb"
    assert not feed.truncated and feed.warnings == ()
    first, second, third = feed.items
    assert first.url == "https://valley-courier.example/2026/11/28/bridge-reopens/"
    assert first.title == "Bridge reopens to traffic after “six long months”"
    assert first.author == "Priya Natarajan"
    assert first.published_at == datetime(2026, 11, 28, 17, 45, tzinfo=UTC)
    assert first.updated_at is None
    assert first.image == "https://cdn.valley-courier.example/img/bridge-480.jpg"
    assert first.tags == ("Transport", "Millbrook")
    assert first.summary_html == "<p>The Millbrook crossing carries 14,000 vehicles a day.</p>"
    assert first.content_html.startswith("<p>The Millbrook crossing reopened")
    assert first.guid == "https://valley-courier.example/?p=48213"
    # relative <link> resolved against the feed URL; image enclosure taken as image
    assert second.url == "https://valley-courier.example/2026/11/28/council-budget/"
    assert second.image == "https://cdn.valley-courier.example/img/budget.jpg"
    assert "£12" in second.summary_html
    # +0100 converted to UTC
    assert third.published_at == datetime(2026, 11, 27, 19, 0, tzinfo=UTC)
    assert len({item.key for item in feed.items}) == 3
    assert all(len(item.key) == 64 for item in feed.items)


def test_atom_xml_base_html_title_and_dates():
    feed = parse("atom.xml", "https://nordblick.example/atom.xml", "application/atom+xml")
    assert feed.kind is SourceKind.FEED
    assert feed.title == "Nordblick \u2013 Nachrichten"
    assert feed.site_url == "https://nordblick.example/"
    assert feed.language == "de"
    first, second = feed.items
    assert first.url == "https://nordblick.example/artikel/hafenausbau"
    assert first.title == "Hafenausbau beginnt im Frühjahr"  # type="html": tags removed
    assert first.author == "Jana Kowalczyk"
    assert first.published_at == datetime(2026, 11, 28, 14, 0, tzinfo=UTC)
    assert first.updated_at == datetime(2026, 11, 28, 15, 10, tzinfo=UTC)
    assert (
        first.summary_html
        == "Die Stadt vergibt den Auftrag für die neue Kaimauer &amp; zwei Liegeplätze."
    )
    assert first.content_html.startswith("<p>Die Arbeiten sollen im März beginnen.</p>")
    # entry-level xml:base overrides the feed's
    assert second.url == "https://nordblick.example/sport/derby-ausverkauft"
    # only <updated>: it also serves as the publication time
    assert second.published_at == second.updated_at == datetime(2026, 11, 27, 19, 30, tzinfo=UTC)


def test_rdf_latin1_and_sy_update_period():
    feed = parse("rdf.xml", "https://gazette-des-collines.example/rss")
    assert feed.kind is SourceKind.FEED
    assert feed.title == "La Gazette des Collines"
    assert feed.ttl_seconds == 1800  # hourly, twice
    first, second = feed.items
    assert first.title == "Le marché de Noël ouvre vendredi"
    assert first.author == "Élodie Marchand"
    assert first.summary_html == "Quarante chalets sur la place de l'église."
    assert first.published_at == datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
    assert second.url == "https://gazette-des-collines.example/2026/11/route-fermee"


def test_json_feed():
    feed = parse(
        "jsonfeed.json", "https://harbourside-radio.example/feed.json", "application/feed+json"
    )
    assert feed.kind is SourceKind.JSON_FEED
    assert feed.title == "Harbourside Radio — Newsroom"
    assert feed.site_url == "https://harbourside-radio.example/"
    first, second = feed.items
    assert first.guid == "hr-2026-11-28-ferry"
    assert first.author == "Sam Okafor"
    assert first.image == "https://harbourside-radio.example/img/ferry.jpg"
    assert first.published_at == datetime(2026, 11, 28, 14, 0, tzinfo=UTC)
    assert first.updated_at == datetime(2026, 11, 28, 15, 30, tzinfo=UTC)
    assert first.summary_html == "Four crossings a day &lt;until&gt; March"  # plain text, escaped
    assert first.tags == ("ferries", "transport")
    assert second.guid == "48812"  # an integer id is tolerated
    assert second.url == "https://harbourside-radio.example/news/lifeboat-callout"
    assert second.author == "Newsdesk"  # JSON Feed 1.0 "author"
    assert second.content_html == (
        "<p>The volunteer crew launched at 01:10 and again at 04:45.</p><p>Both casualties are safe.</p>"
    )


def test_sitemap_lastmod_image_and_bad_loc():
    feed = parse("sitemap.xml", "https://marsh-times.example/sitemap.xml", "application/xml")
    assert feed.kind is SourceKind.SITEMAP
    urls = [item.url for item in feed.items]
    assert urls == [
        "https://marsh-times.example/local/school-roof-repairs",
        "https://marsh-times.example/local/library-hours",
        "https://marsh-times.example/about",
    ]
    assert feed.items[0].updated_at == datetime(2026, 11, 28, 10, 12, tzinfo=UTC)
    assert feed.items[0].published_at is None
    assert feed.items[0].image == "https://marsh-times.example/img/school.jpg"
    assert feed.items[1].updated_at == datetime(2026, 11, 26, tzinfo=UTC)
    assert any("ignored" in w for w in feed.warnings)  # the javascript: loc


def test_news_sitemap_title_and_publication_date():
    feed = parse("news-sitemap.xml", "https://marsh-times.example/news.xml", "text/xml")
    assert feed.kind is SourceKind.SITEMAP
    first, second = feed.items
    assert first.title == "Councillors back & fund new flood defences"
    assert first.published_at == datetime(2026, 11, 28, 12, 40, tzinfo=UTC)
    assert first.updated_at == datetime(2026, 11, 28, 13, 5, tzinfo=UTC)
    assert first.author == "The Marsh Times"
    assert first.tags == ("flooding", "council", "Marshfield")
    assert second.published_at == datetime(2026, 11, 27, tzinfo=UTC)


def test_sitemap_index_children_resolved_deduplicated_and_safe():
    feed = parse("sitemap-index.xml", "https://marsh-times.example/sitemap_index.xml")
    assert feed.kind is SourceKind.SITEMAP_INDEX
    assert feed.items == ()
    assert feed.children == (
        "https://marsh-times.example/sitemaps/news.xml",
        "https://marsh-times.example/sitemaps/pages-2026-11.xml",
    )


def test_discovery_ranks_main_feeds_first_and_keeps_only_http():
    links = discover_feeds(load("page-with-feeds.html"), "https://valley-courier.example/home")
    assert [(link.url, link.type) for link in links] == [
        ("https://valley-courier.example/feed/", "application/rss+xml"),
        ("https://valley-courier.example/feed/atom/", "application/atom+xml"),
        ("https://valley-courier.example/feed.json", "application/feed+json"),
        ("https://valley-courier.example/comments/feed/", "application/rss+xml"),
    ]
    assert links[0].title == "The Valley Courier » Feed"


def test_discovery_on_plain_article_and_garbage():
    assert discover_feeds(load("article.html"), "https://valley-courier.example/a") == ()
    assert discover_feeds(b"", "https://x.example/") == ()
    assert discover_feeds(b"\x89PNG\r\n\x1a\n\x00\x00", "https://x.example/") == ()


def test_discovery_base_href_javascript_is_ignored():
    page = b"""<html><head><base href="javascript:alert(1)//">
    <link rel="alternate" type="application/atom+xml" href="/atom.xml"></head></html>"""
    links = discover_feeds(page, "https://site.example/blog/")
    assert [link.url for link in links] == ["https://site.example/atom.xml"]


@pytest.mark.parametrize(
    ("name", "content_type", "kind"),
    [
        ("rss2.xml", "text/html", SourceKind.FEED),  # mislabelled: the bytes decide
        ("atom.xml", None, SourceKind.FEED),
        ("rdf.xml", "application/rdf+xml", SourceKind.FEED),
        ("jsonfeed.json", "application/json", SourceKind.JSON_FEED),
        ("jsonfeed.json", None, SourceKind.JSON_FEED),
        ("sitemap.xml", "application/xml", SourceKind.SITEMAP),
        ("news-sitemap.xml", None, SourceKind.SITEMAP),
        ("sitemap-index.xml", None, SourceKind.SITEMAP_INDEX),
        ("page-with-feeds.html", "application/rss+xml", SourceKind.HTML),
        ("article.html", None, SourceKind.HTML),
    ],
)
def test_sniff_fixtures(name, content_type, kind):
    assert sniff(load(name), content_type) is kind


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, SourceKind.BINARY),
        (b"PK\x03\x04" + b"\x00" * 64, SourceKind.BINARY),
        (b"GIF89a" + b"\x00" * 64, SourceKind.BINARY),
        (b"%PDF-1.7\n", SourceKind.BINARY),
        (b"", SourceKind.UNKNOWN),
        (b"just some text", SourceKind.UNKNOWN),
        (
            b"<!-- generator -->\n<?xml-stylesheet href='x.xsl'?>\n<rss version='2.0'/>",
            SourceKind.FEED,
        ),
        (b"\xef\xbb\xbf  <feed xmlns='http://www.w3.org/2005/Atom'/>", SourceKind.FEED),
        ("<?xml version='1.0' encoding='utf-16'?><rss/>".encode("utf-16-le"), SourceKind.FEED),
        (b"<div>fragment</div>", SourceKind.HTML),
        (b"<catalog/>", SourceKind.UNKNOWN),
        (b'{"version": "https://jsonfeed.org/version/1", "items": []}', SourceKind.JSON_FEED),
        (b'{"hello": 1}', SourceKind.UNKNOWN),
    ],
)
def test_sniff_by_content(body, kind):
    assert sniff(body, None) is kind


def test_parse_source_refuses_html_binary_and_unknown_with_clear_errors():
    with pytest.raises(FeedParseError) as html:
        parse("article.html", "https://valley-courier.example/a")
    assert html.value.kind == "not_a_feed" and "HTML page" in html.value.message
    with pytest.raises(FeedParseError) as png:
        parse_source(
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
            url="https://x.example/f",
            content_type="application/rss+xml",
        )
    assert png.value.kind == "binary" and "PNG" in png.value.message
    with pytest.raises(FeedParseError) as empty:
        parse_source(b"  \n", url="https://x.example/f", content_type=None)
    assert empty.value.kind == "empty"
    with pytest.raises(FeedParseError) as other:
        parse_source(
            b"<catalog><book/></catalog>", url="https://x.example/f", content_type="text/xml"
        )
    assert other.value.kind == "not_a_feed"


def test_empty_but_valid_feed_is_not_an_error():
    feed = parse_source(
        b"<rss version='2.0'><channel><title>Quiet</title></channel></rss>",
        url="https://x.example/f",
        content_type=None,
    )
    assert feed.title == "Quiet" and feed.items == ()
