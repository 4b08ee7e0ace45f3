"""What the feed parsers return: plain frozen values, no parser objects leak out.

Every string here is already scrubbed (``newsdesk.plaintext``) and capped, every URL
is absolute http(s), every datetime is aware UTC. HTML fields are NOT sanitized:
the caller must pass them through nh3 (``newsdesk.extract.sanitize_html``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from newsdesk.text.links import MAX_URL_CHARS

MIB = 1024 * 1024


class SourceKind(enum.Enum):
    FEED = "feed"  # RSS 0.9x/2.0, RSS 1.0 (RDF), Atom
    JSON_FEED = "json_feed"
    SITEMAP = "sitemap"  # <urlset>, including Google News sitemaps
    SITEMAP_INDEX = "sitemap_index"  # <sitemapindex>: children are sitemaps
    HTML = "html"
    PAGE_OF_LINKS = "links"  # a home or section page whose story links are the items (links.py)
    BINARY = "binary"  # image, archive, media: never parsed
    UNKNOWN = "unknown"


# Stable codes for ``FeedParseError.kind``; the operator sees the message, the
# scheduler and the UI group by the code.
ERROR_KINDS = frozenset(
    {"too_large", "too_slow", "binary", "not_a_feed", "malformed", "invalid_json_feed", "empty"}
)


class FeedParseError(Exception):
    """A body that cannot be read as the source it claims to be.

    ``kind`` is one of ``ERROR_KINDS``; ``message`` is a sentence for the operator.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message


@dataclass(frozen=True, slots=True)
class FeedLimits:
    """Caps that bound CPU, memory and storage for one parse (docs/threat-model.md, hostile feeds)."""

    max_bytes: int = 15 * MIB  # a larger body is refused before any parsing
    max_items: int = 1000  # newest items kept; ``ParsedFeed.truncated`` says more existed
    max_children: int = 1000  # child sitemaps kept from a sitemap index
    title_chars: int = 1000
    author_chars: int = 300
    html_chars: int = 1_000_000  # per HTML field (summary, content)
    url_chars: int = MAX_URL_CHARS  # longer URLs are dropped, not cut (a cut URL is wrong)
    # Text of author/e-mail/date elements is cut to this many characters *before*
    # feedparser sees it: its e-mail regex is quadratic (feedparser #562).
    short_field_chars: int = 1024
    # RSS/Atom/RDF parsing runs in a child process killed after ``parse_seconds``
    # with an address-space ceiling (isolation.py); ``isolate=False`` parses
    # in-process (only the guards then bound the cost).
    isolate: bool = True
    parse_seconds: float = 10.0
    memory_bytes: int = 2 * 1024 * MIB


@dataclass(frozen=True, slots=True)
class FeedItem:
    key: str  # sha256 hex, stable across fetches (see keys.py for the choice)
    url: str | None  # absolute http(s) or None
    guid: str | None
    title: str
    author: str
    published_at: datetime | None  # aware UTC, sane (see dates.py)
    updated_at: datetime | None
    summary_html: str  # raw publisher HTML, scrubbed and capped, NOT sanitized
    content_html: str  # raw publisher HTML, scrubbed and capped, NOT sanitized
    image: str | None  # absolute http(s) or None
    tags: tuple[str, ...] = ()

    @classmethod
    def link(cls, key: str, url: str, title: str = "") -> FeedItem:
        """An item known only by its address (and headline): a story a page of links
        points at, or a single page stored as its own item. Its page says the rest."""
        return cls(
            key=key,
            url=url,
            guid=None,
            title=title,
            author="",
            published_at=None,
            updated_at=None,
            summary_html="",
            content_html="",
            image=None,
        )


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    kind: SourceKind
    title: str
    site_url: str | None
    items: tuple[FeedItem, ...]
    ttl_seconds: int | None  # the publisher's own refresh hint (RSS <ttl>, sy:updatePeriod)
    truncated: bool  # items (or children) were dropped by a limit
    warnings: tuple[str, ...]  # operator-facing notes on a feed that still parsed
    children: tuple[str, ...] = ()  # SITEMAP_INDEX only: child sitemap URLs
    language: str | None = None


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed advertised by an HTML page with ``<link rel="alternate">``."""

    url: str
    title: str
    type: str
