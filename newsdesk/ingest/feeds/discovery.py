"""Feeds an HTML page advertises with ``<link rel="alternate" type="...">``.

Only http(s) results, resolved against the page's ``<base href>`` (when itself
http(s)) or its URL. The caller must still validate every URL against the SSRF
policy before fetching it (SSRF): a page can point anywhere.

Ranking: the site's main feeds before its comment feeds, RSS/Atom before JSON Feed
(feedparser reads more of them, more leniently), then document order.
"""

from __future__ import annotations

from lxml import etree

from newsdesk.ingest.feeds.draft import short_text
from newsdesk.ingest.feeds.model import FeedLink
from newsdesk.text.links import safe_url

# Feed MIME types by preference (lower first).
_TYPES = {
    "application/rss+xml": 0,
    "application/atom+xml": 0,
    "application/rdf+xml": 1,
    "application/feed+json": 2,
    "application/json": 3,
}
# A page is read up to here: <link> elements live in <head>.
MAX_HTML_BYTES = 2 * 1024 * 1024
MAX_LINKS = 20


def discover_feeds(html: bytes, base_url: str) -> tuple[FeedLink, ...]:
    """The feeds ``html`` links to, best first; never raises."""
    try:
        root = etree.fromstring(
            html[:MAX_HTML_BYTES],
            etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True),
        )
    except (etree.LxmlError, ValueError):
        return ()
    if root is None:
        return ()
    base = base_url
    for node in root.iter("base"):
        base = safe_url(node.get("href"), base_url) or base_url
        break
    found: list[tuple[tuple[int, int, int], FeedLink]] = []
    seen: set[str] = set()
    for position, node in enumerate(root.iter("link")):
        rel = (node.get("rel") or "").lower().split()
        kind = (node.get("type") or "").split(";", 1)[0].strip().lower()
        if "alternate" not in rel or kind not in _TYPES:
            continue
        url = safe_url(node.get("href"), base)
        if url is None or url in seen:
            continue
        if kind == "application/json" and "/wp-json/" in url:
            continue  # WordPress advertises its REST API as rel=alternate JSON
        seen.add(url)
        title = short_text(node.get("title"), 300)
        comments = "comment" in title.lower() or "/comments" in url.lower()
        found.append(
            ((int(comments), _TYPES[kind], position), FeedLink(url=url, title=title, type=kind))
        )
        if len(found) >= MAX_LINKS:
            break
    return tuple(link for _, link in sorted(found, key=lambda pair: pair[0]))
