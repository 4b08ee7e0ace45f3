"""Feed and source parsing: fetched bytes in, frozen values out (the "parse" step of docs/design.md).

One adapter per format (Miniflux style): ``syndication`` (RSS/Atom/RDF through a
guarded feedparser), ``jsonfeed``, ``sitemap`` (lxml, no entities, no network),
``discovery`` for HTML pages, ``links`` for the stories a home page links to. ``sniff`` decides which, from the bytes.

Every failure is a ``FeedParseError(kind, message)``: nothing else escapes
``parse_source``, whatever the bytes (a property test holds it to that).
"""

from __future__ import annotations

from datetime import UTC, datetime

from newsdesk.ingest.feeds.discovery import discover_feeds
from newsdesk.ingest.feeds.jsonfeed import parse_json_feed
from newsdesk.ingest.feeds.links import page_links
from newsdesk.ingest.feeds.model import (
    ERROR_KINDS,
    FeedItem,
    FeedLimits,
    FeedLink,
    FeedParseError,
    ParsedFeed,
    SourceKind,
)
from newsdesk.ingest.feeds.sitemap import parse_sitemap
from newsdesk.ingest.feeds.sniffer import sniff
from newsdesk.ingest.feeds.syndication import parse_feed
from newsdesk.ingest.signatures import binary_format
from newsdesk.text.dates import sane_date
from newsdesk.text.links import safe_url

__all__ = [
    "ERROR_KINDS",
    "FeedItem",
    "FeedLimits",
    "FeedLink",
    "FeedParseError",
    "ParsedFeed",
    "SourceKind",
    "discover_feeds",
    "page_links",
    "parse_source",
    "safe_url",
    "sane_date",
    "sniff",
]

_DEFAULT_LIMITS = FeedLimits()


def parse_source(
    body: bytes,
    *,
    url: str,
    content_type: str | None,
    limits: FeedLimits = _DEFAULT_LIMITS,
    now: datetime | None = None,
) -> ParsedFeed:
    """Parse a fetched feed, JSON Feed or sitemap; raise FeedParseError on anything bad.

    ``url`` is the final URL of the fetch (base for relative links); ``now`` is only
    for tests (dates beyond now + 1 day are dropped, see dates.py).
    """
    if not isinstance(body, bytes | bytearray | memoryview):
        raise FeedParseError("malformed", "The body is not bytes.")
    body = bytes(body)
    if len(body) > limits.max_bytes:
        raise FeedParseError(
            "too_large",
            f"The document is {len(body) / 1048576:.1f} MiB; the limit is {limits.max_bytes / 1048576:.1f} MiB.",
        )
    if not body.strip():
        raise FeedParseError("empty", "The document is empty.")
    moment = now or datetime.now(UTC)
    kind = sniff(body, content_type)
    try:
        if kind == SourceKind.BINARY:
            what = binary_format(body[:16]) or "binary data"
            raise FeedParseError("binary", f"The address returned {what}, not a feed.")
        if kind == SourceKind.HTML:
            raise FeedParseError(
                "not_a_feed",
                "The address returned an HTML page, not a feed; run feed discovery on it.",
            )
        if kind == SourceKind.JSON_FEED:
            return parse_json_feed(
                body, url=url, content_type=content_type, limits=limits, now=moment
            )
        if kind in (SourceKind.SITEMAP, SourceKind.SITEMAP_INDEX):
            return parse_sitemap(
                body, url=url, content_type=content_type, limits=limits, now=moment
            )
        if kind == SourceKind.FEED:
            return parse_feed(body, url=url, content_type=content_type, limits=limits, now=moment)
        raise FeedParseError("not_a_feed", "The document is not a feed, JSON Feed or sitemap.")
    except FeedParseError:
        raise
    except Exception as exc:  # the last wall: one hostile document must not kill a worker
        raise FeedParseError(
            "malformed", f"The document could not be parsed ({type(exc).__name__})."
        ) from None
