"""Property tests: no bytes make the parsers raise anything but FeedParseError,
and every URL they return is absolute http(s)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.ingest.feeds import (
    FeedLimits,
    FeedParseError,
    ParsedFeed,
    SourceKind,
    discover_feeds,
    parse_source,
    sniff,
)
from newsdesk.ingest.feeds.guard import strip_doctypes
from newsdesk.text.dates import sane_date
from newsdesk.text.links import safe_url

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
# In-process: the property is about our code's exceptions, not the worker pipe.
LIMITS = FeedLimits(isolate=False)

FRAGMENTS = [
    "<?xml version='1.0'?>",
    "<!DOCTYPE rss [<!ENTITY x 'y'>]>",
    "<rss version='2.0'>",
    "</rss>",
    "<channel>",
    "</channel>",
    "<item>",
    "</item>",
    "<title>",
    "</title>",
    "<link>",
    "</link>",
    "<guid>",
    "</guid>",
    "<author>",
    "</author>",
    "<pubDate>",
    "</pubDate>",
    "<![CDATA[",
    "]]>",
    "<feed xmlns='http://www.w3.org/2005/Atom' xml:base='javascript:alert(1)//'>",
    "</feed>",
    "<entry>",
    "</entry>",
    "<link href='/x'/>",
    "<link href='javascript:x'/>",
    "&#xD800;",
    "&#x110000;",
    "&#99999999999999999999;",
    "&amp;",
    "&x;",
    "\x00",
    "\ufffe",
    "<urlset>",
    "</urlset>",
    "<url><loc>",
    "</loc></url>",
    "<sitemapindex>",
    "<sitemap><loc>",
    "</loc></sitemap>",
    "{",
    "}",
    '"version": "https://jsonfeed.org/version/1.1"',
    '"items": [',
    "]",
    '"url": "//x"',
    "http://a.example/",
    "x@a.a.a",
    "2026-11-28T10:00:00Z",
    "0001-01-01",
    "<html>",
    "<!--",
    "-->",
]
documents = st.one_of(
    st.binary(max_size=2000),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=20), max_size=40).map(
        lambda parts: "".join(parts).encode("utf-8", "surrogatepass")
    ),
)


def urls_of(feed: ParsedFeed) -> list[str]:
    found = [feed.site_url, *feed.children]
    for entry in feed.items:
        found += [entry.url, entry.image]
    return [u for u in found if u is not None]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=documents,
    content_type=st.sampled_from([None, "application/rss+xml", "text/html", "application/json"]),
)
def test_parse_source_raises_only_feed_parse_error(body, content_type):
    kind = sniff(body, content_type)
    assert isinstance(kind, SourceKind)
    try:
        feed = parse_source(
            body, url="https://feed.example/rss", content_type=content_type, limits=LIMITS, now=NOW
        )
    except FeedParseError as exc:
        assert exc.kind and exc.message
        return
    for url in urls_of(feed):
        assert url.startswith(("http://", "https://")), url
    for entry in feed.items:
        assert len(entry.key) == 64
        assert "\x00" not in entry.title + entry.author + entry.summary_html + entry.content_html
        for when in (entry.published_at, entry.updated_at):
            assert when is None or when <= NOW


@settings(max_examples=40, deadline=None)
@given(body=documents)
def test_isolated_parse_raises_only_feed_parse_error(body):
    # The default path: the parser process and its pipe protocol.
    try:
        feed = parse_source(body, url="https://feed.example/rss", content_type=None, now=NOW)
    except FeedParseError as exc:
        assert exc.kind and exc.message
        return
    assert all(url.startswith(("http://", "https://")) for url in urls_of(feed))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=1500))
def test_discovery_never_raises_and_returns_http_only(body):
    for link in discover_feeds(b"<html><head>" + body, "https://site.example/"):
        assert link.url.startswith(("http://", "https://"))


@given(
    st.text(max_size=200),
    st.sampled_from(["https://b.example/x/", "javascript:alert(1)//", "", "data:,x"]),
)
def test_safe_url_is_http_or_none(value, base):
    result = safe_url(value, base or None)
    assert result is None or result.split(":", 1)[0].lower() in ("http", "https")


@given(st.datetimes(timezones=st.just(UTC)))
def test_sane_date_never_in_the_future(value):
    result = sane_date(value, NOW)
    assert result is None or (result <= NOW and result.tzinfo is not None)
    if result is not None and value <= NOW:
        assert result == value
    if value > NOW + timedelta(days=1):
        assert result is None


@given(st.text(max_size=300))
def test_strip_doctypes_leaves_no_doctype(text):
    stripped, _ = strip_doctypes("<?xml version='1.0'?><!DOCTYPE " + text)
    assert "<!doctype" not in stripped.lower()
