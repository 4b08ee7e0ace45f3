"""The result of extracting one article page: what the rest of newsdesk stores and shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newsdesk.extract.liveblog import LiveBlog


@dataclass(frozen=True, slots=True)
class Extraction:
    """A clean article with its metadata.

    ``body_text`` holds the article body only (no headline, byline or page furniture),
    paragraphs separated by one blank line; ``body_html`` is the same body, already
    sanitized with nh3 and safe to render. Times are timezone-aware or ``None``.
    ``live_blog`` holds the timestamped entries when the page is live coverage. Then
    ``body_html`` is only the page's own text around them (it may be empty: the page
    shows the entries, once, with their times), ``body_text`` still the whole text (for
    search, summaries and stories), and the times are the first and newest entry's.
    ``page_type`` says what the page is (pagetype.py): ``article``, ``liveblog``,
    ``listing`` (a page of links to other pages) or ``other``; a page that yields
    nothing (empty, script-only, unparseable) is ``other``. ``page_reason`` says why,
    in a line an operator reads (the share of link text, headlines, prose).
    """

    title: str = ""
    byline: str = ""
    published_at: datetime | None = None
    updated_at: datetime | None = None
    site_name: str = ""
    canonical_url: str | None = None
    language: str | None = None
    image: str | None = None
    robots: str = ""  # display-relevant robots directives of the page ("nosnippet")
    icon: str | None = None  # the site's own icon, as the page names it
    body_text: str = ""
    body_html: str = ""
    live_blog: LiveBlog | None = None
    page_type: str = "other"
    page_reason: str = "no readable text"

    def to_json(self) -> dict[str, Any]:
        """The JSON object printed by ``newsdesk extract`` (keys fixed, ISO 8601 times)."""
        return {
            "title": self.title,
            "byline": self.byline,
            "published_at": _iso(self.published_at),
            "updated_at": _iso(self.updated_at),
            "site_name": self.site_name,
            "canonical_url": self.canonical_url,
            "language": self.language,
            "image": self.image,
            "body_text": self.body_text,
            "body_html": self.body_html,
            "page_type": self.page_type,
            "page_reason": self.page_reason,
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
