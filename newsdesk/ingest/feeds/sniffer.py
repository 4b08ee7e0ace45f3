"""What a fetched body is, from its first bytes; the Content-Type only breaks ties.

Publishers serve feeds as ``text/html``, HTML as ``application/rss+xml`` and images
at feed URLs: the root element decides. Only a bounded head is
decoded, so sniffing a 15 MB body costs microseconds.
"""

from __future__ import annotations

import re

from newsdesk.ingest.feeds.decoding import decode
from newsdesk.ingest.feeds.model import SourceKind
from newsdesk.ingest.signatures import binary_format

HEAD_BYTES = 64 * 1024
# Comments, processing instructions, DOCTYPEs and whitespace before the root element.
_SKIP = re.compile(
    r"\s+|<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>|<!\[CDATA\[.*?\]\]>", re.S | re.I
)
_ELEMENT = re.compile(r"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_FEED_ROOTS = frozenset({"rss", "feed", "rdf", "channel"})
_HTML_TAGS = frozenset(
    {
        "html",
        "head",
        "body",
        "meta",
        "title",
        "link",
        "script",
        "style",
        "div",
        "p",
        "span",
        "a",
        "table",
        "img",
        "h1",
        "h2",
        "h3",
        "header",
        "nav",
        "main",
        "article",
        "section",
        "br",
        "center",
    }
)


def sniff(body: bytes, content_type: str | None = None) -> SourceKind:
    """The kind of source ``body`` is; never raises."""
    try:
        return _sniff(body, content_type)
    except Exception:  # a sniff must never take a worker down; parse_source will explain
        return SourceKind.UNKNOWN


def _sniff(body: bytes, content_type: str | None) -> SourceKind:
    head_bytes = body[:HEAD_BYTES]
    if binary_format(head_bytes[:16]) is not None:
        return SourceKind.BINARY
    # Cut on an even length so a UTF-16 head is not split inside a code unit.
    head = decode(head_bytes[: len(head_bytes) & ~3], content_type).text
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    position = 0
    while (skip := _SKIP.match(head, position)) is not None and skip.end() > position:
        position = skip.end()
    rest = head[position : position + 4096]
    if rest.startswith(("{", "[")):
        if "jsonfeed.org" in rest or "json" in mime or '"items"' in rest:
            return SourceKind.JSON_FEED
        return SourceKind.UNKNOWN
    if rest.lower().startswith("<!doctype html"):
        return SourceKind.HTML
    match = _ELEMENT.match(rest)
    if match is None:
        return (
            SourceKind.HTML
            if mime in ("text/html", "application/xhtml+xml") and rest
            else SourceKind.UNKNOWN
        )
    name = match.group(2).lower()
    if name in _FEED_ROOTS:
        return SourceKind.FEED
    if name == "urlset":
        return SourceKind.SITEMAP
    if name == "sitemapindex":
        return SourceKind.SITEMAP_INDEX
    if name in _HTML_TAGS or mime in ("text/html", "application/xhtml+xml"):
        return SourceKind.HTML
    return SourceKind.UNKNOWN
