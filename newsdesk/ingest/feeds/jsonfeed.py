"""JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1), validated by hand.

Hand validation instead of a pydantic model: the spec is small, and the rules differ
by field — a wrong top-level ``title`` or ``items`` means "this is not a JSON Feed"
(an error for the operator), while one bad field in one item is the
publisher's typo (skip the field, keep the item, note a warning).
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from newsdesk.ingest.feeds.collection import collect
from newsdesk.ingest.feeds.dates import from_text
from newsdesk.ingest.feeds.decoding import decode
from newsdesk.ingest.feeds.draft import Draft, short_text
from newsdesk.ingest.feeds.model import FeedLimits, FeedParseError, ParsedFeed, SourceKind
from newsdesk.text.links import safe_base, safe_url


def parse_json_feed(
    body: bytes, *, url: str, content_type: str | None, limits: FeedLimits, now: datetime
) -> ParsedFeed:
    document = _load(body, content_type)
    if not isinstance(document, dict):
        raise FeedParseError(
            "invalid_json_feed", f"A JSON Feed must be a JSON object, not {_type(document)}."
        )
    version = document.get("version")
    warnings: list[str] = []
    if not isinstance(version, str) or "jsonfeed.org/version/" not in version:
        if "items" not in document:
            raise FeedParseError(
                "not_a_feed", 'The JSON document is not a JSON Feed (no "version" and no "items").'
            )
        warnings.append('The JSON Feed has no valid "version"; read as 1.1.')
    title = document.get("title", "")
    if not isinstance(title, str):
        raise FeedParseError(
            "invalid_json_feed", f'JSON Feed "title" must be a string, not {_type(title)}.'
        )
    items = document.get("items", [])
    if not isinstance(items, list):
        raise FeedParseError(
            "invalid_json_feed", f'JSON Feed "items" must be an array, not {_type(items)}.'
        )
    site_url = safe_url(document.get("home_page_url"), url, limits.url_chars)
    base = safe_base(document.get("feed_url"), url) or url
    truncated = len(items) > limits.max_items
    if truncated:
        # Document order (newest first by convention), as for XML feeds: building a
        # draft costs ~20 us, 100k of them would cost seconds.
        warnings.append(f"{len(items)} items; only the first {limits.max_items} were read.")
        items = items[: limits.max_items]
    drafts: list[Draft] = []
    skipped = 0
    for item in items:
        if isinstance(item, dict):
            drafts.append(_draft(item, base, limits, now))
        else:
            skipped += 1
    if skipped:
        warnings.append(f"{skipped} item(s) that are not JSON objects ignored.")
    collected = collect(drafts, limits)
    return ParsedFeed(
        kind=SourceKind.JSON_FEED,
        title=short_text(title, limits.title_chars),
        site_url=site_url,
        items=collected.items,
        ttl_seconds=None,
        truncated=truncated or collected.truncated,
        warnings=tuple(warnings) + collected.warnings,
        language=short_text(document.get("language"), 35) or None,
    )


def _load(body: bytes, content_type: str | None) -> Any:
    text = decode(body, content_type).text
    try:
        return json.loads(text)
    except RecursionError:  # 10k nested arrays: the C decoder recurses
        raise FeedParseError(
            "invalid_json_feed", "The JSON document is nested too deeply."
        ) from None
    except ValueError as exc:
        raise FeedParseError(
            "invalid_json_feed",
            f"The JSON document is not valid JSON ({short_text(str(exc), 200)}).",
        ) from None


def _draft(item: Mapping[str, Any], base: str, limits: FeedLimits, now: datetime) -> Draft:
    ident = item.get("id")
    guid = str(ident) if isinstance(ident, str | int) and not isinstance(ident, bool) else None
    url = safe_url(item.get("url"), base, limits.url_chars) or safe_url(
        item.get("external_url"), base, limits.url_chars
    )
    published = from_text(item.get("date_published"), now)
    updated = from_text(item.get("date_modified"), now)
    content_html = _string(item.get("content_html"))
    if not content_html and _string(item.get("content_text")):
        content_html = _text_to_html(_string(item.get("content_text"))[: limits.html_chars])
    summary = _string(item.get("summary"))
    tags = item.get("tags")
    return Draft(
        url=url,
        guid=(guid.strip() or None) if guid else None,
        title=_string(item.get("title")),
        author=_author(item),
        published_at=published or updated,
        updated_at=updated,
        summary_html=html.escape(
            summary[: limits.html_chars]
        ),  # "summary" is plain text in the spec
        content_html=content_html,
        image=safe_url(item.get("image"), base, limits.url_chars)
        or safe_url(item.get("banner_image"), base, limits.url_chars),
        tags=tuple(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else (),
    )


def _author(item: Mapping[str, Any]) -> str:
    authors = item.get("authors")
    candidates = list(authors) if isinstance(authors, list) else []
    candidates.append(item.get("author"))  # JSON Feed 1.0
    names = [short_text(a.get("name"), 300) for a in candidates[:20] if isinstance(a, Mapping)]
    return ", ".join(name for name in names if name)


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""


def _text_to_html(text: str) -> str:
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def _type(value: object) -> str:
    return {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)
