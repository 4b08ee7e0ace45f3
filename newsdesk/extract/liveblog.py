"""Live blogs: find the timestamped entries of a live-coverage page.

Two shapes are recognised, the structured one first:

1. schema.org ``LiveBlogPosting`` in JSON-LD, with ``liveBlogUpdate`` (one BlogPosting
   or a list) carrying datePublished/dateModified, author, headline, articleBody.
2. Repeated entry blocks in the HTML: sibling ``<article>``/``<div>``/``<li>``/``<section>``
   elements that each hold exactly one ``<time datetime=...>`` and some text. Three or
   more such siblings under one parent make a live blog (fewer is a normal article
   with a date line).

Every entry gets a ``key`` that survives re-fetches: the entry's own id or URL when the
page gives one, else a hash of its posted time as written and title (not the body, so an
edited entry keeps its key and the caller updates it instead of adding a duplicate).

The reader works on the extraction cascade's own tree and JSON-LD documents (see
``pipeline.py``): the same decoding, size cap and depth cap as the article, one parse.
Entry times go through the shared date rule, so a 9999-12-31 entry is dropped.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newsdesk.plaintext import clip, one_line, paragraphs, scrub
from newsdesk.text import jsonld
from newsdesk.text.dates import sane_date

MAX_ENTRIES = 2_000
MAX_KEY_CHARS = 64  # the width of LiveEntry.key in storage
MAX_BODY_CHARS = 20_000
MIN_HTML_ENTRIES = 3
_ENTRY_TAGS = frozenset({"article", "div", "li", "section"})
_MAX_LIFT = 6  # how far up from a <time> an entry block may start


@dataclass(frozen=True, slots=True)
class LiveEntry:
    key: str
    posted_at: datetime  # timezone-aware
    updated_at: datetime | None
    author: str
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class LiveBlog:
    entries: tuple[LiveEntry, ...]  # newest first
    title: str = ""
    url: str | None = None


def parse_time(value: object) -> datetime | None:
    """ISO 8601 to an aware datetime; naive times are taken as UTC; junk gives None."""
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _key(explicit: str | None, written: datetime, title: str) -> str:
    # The time as the page writes it, not as the date rule clamps it: a clamped time
    # moves with ``now`` and would give the same entry a new key on every fetch.
    if explicit:
        explicit = one_line(explicit, 2000)
        if explicit:
            # Ids and URLs can be long: hash the ones that would not fit the stored key
            # (64 characters; a 65-200 character key used to reach the database as is,
            # which PostgreSQL refuses).
            if len(explicit) <= MAX_KEY_CHARS:
                return explicit
            return "h:" + hashlib.sha256(explicit.encode("utf-8")).hexdigest()[:32]
    seed = f"{written.astimezone(UTC).isoformat()}|{title}"
    return "h:" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:32]


def _author(value: object) -> str:
    if isinstance(value, list):
        names = [_author(v) for v in value[:10]]
        return one_line(", ".join(n for n in names if n), 300)
    if isinstance(value, dict):
        return one_line(value.get("name") if isinstance(value.get("name"), str) else "", 300)
    return one_line(value, 300) if isinstance(value, str) else ""


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _newest_first(entries: list[LiveEntry]) -> tuple[LiveEntry, ...]:
    unique: dict[str, LiveEntry] = {}
    for entry in entries:
        unique.setdefault(entry.key, entry)
    return tuple(sorted(unique.values(), key=lambda e: (-e.posted_at.timestamp(), e.key)))


# -- JSON-LD -------------------------------------------------------------------
def _from_json_ld(documents: tuple[Any, ...], now: datetime) -> LiveBlog | None:
    for obj in jsonld.objects(documents, nested=True):
        if "LiveBlogPosting" not in jsonld.types(obj):
            continue
        updates = obj.get("liveBlogUpdate")
        if isinstance(updates, dict):
            updates = [updates]
        if not isinstance(updates, list):
            continue
        entries = []
        for update in updates[:MAX_ENTRIES]:
            if not isinstance(update, dict):
                continue
            written = parse_time(update.get("datePublished"))
            posted = sane_date(written, now)
            if written is None or posted is None:
                continue
            title = one_line(_text(update.get("headline")), 500)
            explicit = update.get("@id") or update.get("url")
            entries.append(
                LiveEntry(
                    key=_key(explicit if isinstance(explicit, str) else None, written, title),
                    posted_at=posted,
                    updated_at=sane_date(parse_time(update.get("dateModified")), now),
                    author=_author(update.get("author")),
                    title=title,
                    body=clip(paragraphs(_text(update.get("articleBody"))), MAX_BODY_CHARS),
                )
            )
        if entries:
            return LiveBlog(_newest_first(entries), title=one_line(_text(obj.get("headline")), 500))
    return None


# -- repeated HTML blocks -----------------------------------------------------------
def _block_text(block: etree._Element) -> tuple[str, str, str]:
    """(title, author, body) of an entry block."""
    title = ""
    for heading in block.xpath(".//h1|.//h2|.//h3|.//h4"):
        title = one_line(heading.text_content(), 500)
        break
    author = ""
    for node in block.xpath(
        './/*[@rel="author" or contains(@class, "author") or contains(@class, "byline")]'
    ):
        author = one_line(node.text_content(), 300)
        break
    paras = [
        p.text_content()
        for p in block.xpath(".//p")
        if not p.xpath(
            'ancestor-or-self::*[contains(@class, "author") or contains(@class, "byline")]'
        )
    ]
    if not paras:
        skip = {title, author}
        paras = [t for t in (s.strip() for s in block.itertext()) if t and t not in skip]
    body = clip(paragraphs("\n\n".join(scrub(p) for p in paras)), MAX_BODY_CHARS)
    return title, author, body


def _entry_blocks(doc: HtmlElement) -> list[etree._Element]:
    """The largest group of sibling blocks that each hold exactly one ``<time>``.

    Walks up from each ``<time datetime>`` a few levels instead of testing every
    element's subtree, so the cost stays linear on deeply nested pages.
    """
    times_in: dict[etree._Element, int] = {}
    for time_el in doc.iter("time"):
        if time_el.get("datetime") is None:
            continue
        node = time_el.getparent()
        for _ in range(_MAX_LIFT):
            if node is None:
                break
            if node.tag in _ENTRY_TAGS:
                times_in[node] = times_in.get(node, 0) + 1
            node = node.getparent()
        if len(times_in) > MAX_ENTRIES * _MAX_LIFT:
            break
    groups: dict[etree._Element, list[etree._Element]] = {}
    for block, count in times_in.items():
        parent = block.getparent()
        if count == 1 and parent is not None:
            groups.setdefault(parent, []).append(block)
    best: list[etree._Element] = []
    for blocks in groups.values():
        if len(blocks) > len(best):
            best = blocks
    return best


def _from_blocks(doc: HtmlElement, now: datetime) -> LiveBlog | None:
    best = _entry_blocks(doc)
    if len(best) < MIN_HTML_ENTRIES:
        return None
    entries = []
    for block in best[:MAX_ENTRIES]:
        time_el = block.xpath(".//time[@datetime]")[0]
        written = parse_time(time_el.get("datetime"))
        posted = sane_date(written, now)
        if written is None or posted is None:
            continue
        title, author, body = _block_text(block)
        if not body and not title:
            continue
        modified = block.xpath(
            './/*[@itemprop="dateModified"]/@datetime|.//*[@itemprop="dateModified"]/@content'
        )
        explicit = block.get("id") or block.get("data-entry-id")
        if not explicit:
            links = block.xpath('.//a[@rel="bookmark"]/@href')
            explicit = links[0] if links else None
        entries.append(
            LiveEntry(
                key=_key(explicit, written, title),
                posted_at=posted,
                updated_at=sane_date(parse_time(modified[0]), now) if modified else None,
                author=author,
                title=title,
                body=body,
            )
        )
    if len(entries) < MIN_HTML_ENTRIES:
        return None
    page_title = ""
    for h1 in doc.xpath("//h1"):
        page_title = one_line(h1.text_content(), 500)
        break
    return LiveBlog(_newest_first(entries), title=page_title)


def read_live_blog(
    tree: HtmlElement, documents: tuple[Any, ...], *, url: str | None, now: datetime
) -> LiveBlog | None:
    """The page's live-blog entries (newest first), or None when it is no live blog.

    ``tree`` is the parsed page before pruning and ``documents`` its JSON-LD scripts;
    ``now`` anchors the date rule.
    """
    blog = _from_json_ld(documents, now) or _from_blocks(tree, now)
    if blog is None:
        return None
    return LiveBlog(blog.entries, title=blog.title, url=url)
