"""An item as an adapter read it, before keys, caps and de-duplication are applied."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newsdesk.ingest.feeds.model import FeedItem, FeedLimits
from newsdesk.plaintext import one_line, scrub


@dataclass(frozen=True, slots=True)
class Draft:
    url: str | None  # already safe (links.safe_url) or None
    guid: str | None
    title: str
    author: str
    published_at: datetime | None  # already sane (dates.sane_date)
    updated_at: datetime | None
    summary_html: str = ""
    content_html: str = ""
    image: str | None = None
    tags: tuple[str, ...] = ()


def finish(draft: Draft, key: str, limits: FeedLimits) -> FeedItem:
    """The stored form: every text field scrubbed and capped."""
    return FeedItem(
        key=key,
        url=draft.url,
        guid=short_text(draft.guid, limits.url_chars) or None,
        title=short_text(draft.title, limits.title_chars),
        author=short_text(draft.author, limits.author_chars),
        published_at=draft.published_at,
        updated_at=draft.updated_at,
        summary_html=html_field(draft.summary_html, limits.html_chars),
        content_html=html_field(draft.content_html, limits.html_chars),
        image=draft.image,
        tags=tuple(t for t in (short_text(tag, 100) for tag in draft.tags[:50]) if t),
    )


def html_field(value: str | None, limit: int) -> str:
    """Scrubbed HTML cut to ``limit`` characters; nh3 later repairs any cut tag."""
    text = scrub(value[: limit * 2] if value else value)
    return text[:limit] if len(text) > limit else text


def short_text(value: object, limit: int) -> str:
    """A string field of unknown type and size as one capped, scrubbed line."""
    if not isinstance(value, str):
        return ""
    # Slice first: one_line normalizes the whole string, and a title may be 10 MB.
    return one_line(value[: limit * 4], limit)
