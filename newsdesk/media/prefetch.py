"""Fetch an article's pictures before its first reader asks for them.

When an article becomes readable the worker queues this (``newsdesk.worker.tasks``):
its lead picture, in the two shapes pages show it (the lead above the body and the
card on lists), and its publisher's icon go through the proxy's own code, so they are
fetched with the same guarded fetcher, checked, encoded and cached exactly as a
reader's request would, and a refusal is remembered the same way. Nothing here can
hold the article back: it is already readable, and a picture that fails is one the
page leaves out or asks for again later.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from newsdesk.media.decode import Refusal
from newsdesk.media.proxy import cache_shapes
from newsdesk.media.signing import MAX_SOURCE_URL, SHAPES
from newsdesk.storage.models import Article, Source

log = logging.getLogger("newsdesk.media")

# The shapes an article's lead picture is shown in (article page, cards).
LEAD_SHAPES = ("lead", "card")


@dataclass(frozen=True, slots=True)
class Prefetched:
    """What one prefetch did: picture shapes newly cached, and refusals by code."""

    cached: int
    refused: tuple[str, ...]

    @property
    def message(self) -> str:
        refused = f", refused: {', '.join(self.refused)}" if self.refused else ""
        return f"{self.cached} picture shape(s) cached{refused}"


def icon_address(source: Source) -> str:
    """The icon the site names for itself, else the conventional ``/favicon.ico``."""
    if source.icon_url:
        return source.icon_url
    parts = urlsplit(source.site_url or source.url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}/favicon.ico"


def prefetch_article(article_id: int) -> Prefetched:
    """Cache the pictures of one article (idempotent: a cached or refused one is not
    fetched again)."""
    article = Article.objects.select_related("source").filter(pk=article_id).first()
    if article is None:
        return Prefetched(0, ())
    wanted = [(article.image, LEAD_SHAPES)]
    if article.source is not None:
        wanted.append((icon_address(article.source), ("icon",)))
    cached, refused = 0, []
    for url, shapes in wanted:
        made, code = prefetch(url, shapes)
        cached += made
        if code:
            refused.append(code)
    return Prefetched(cached, tuple(refused))


def prefetch(url: str, shape_names: tuple[str, ...]) -> tuple[int, str]:
    """The shapes newly cached, and a refusal's code ("" when none)."""
    url = (url or "").strip()
    if not url.startswith(("https://", "http://")) or len(url) > MAX_SOURCE_URL:
        return 0, ""
    try:
        return cache_shapes(url, [SHAPES[name] for name in shape_names]), ""
    except Refusal as refusal:
        return 0, refusal.code
    except Exception:
        # A bug in a decoder must not fail the task again and again: the reader's own
        # request will meet the same picture and answer for it.
        log.exception("prefetching %s failed", url)
        return 0, "internal"
