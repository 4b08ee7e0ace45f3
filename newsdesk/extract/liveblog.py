"""Live blogs: find the timestamped entries of a live-coverage page.

Two shapes are recognised, the structured one first:

1. schema.org ``LiveBlogPosting`` in JSON-LD, with ``liveBlogUpdate`` (one BlogPosting
   or a list) carrying datePublished/dateModified, author, headline, articleBody.
2. Repeated entry blocks in the HTML: sibling ``<article>``/``<div>``/``<li>``/``<section>``
   elements that each hold exactly one ``<time datetime=...>`` and some text. Three or
   more such siblings under one parent make a live blog (fewer is a normal article
   with a date line).

Page furniture is never an entry: the page header (it holds the ``<h1>``, or is marked
as a header, byline or share bar), a "key events" digest whose items are links to the
entries, and share bars inside an entry. When two groups of dated blocks compete (the
entries and a digest of them), the one with more text wins.

Every entry gets a ``key`` that survives re-fetches: the entry's own id or URL when the
page gives one, else a hash of its posted time as written and title (not the body, so an
edited entry keeps its key and the caller updates it instead of adding a duplicate).

The reader works on the extraction cascade's own tree and JSON-LD documents (see
``pipeline.py``): the same decoding, size cap and depth cap as the article, one parse.
Entry times go through the shared date rule, so a 9999-12-31 entry is dropped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newsdesk.extract.blocks import Block
from newsdesk.plaintext import clip, one_line, paragraphs, scrub
from newsdesk.text import jsonld
from newsdesk.text.dates import sane_date

MAX_ENTRIES = 2_000
MAX_KEY_CHARS = 64  # the width of LiveEntry.key in storage
MAX_BODY_CHARS = 20_000
MIN_HTML_ENTRIES = 3
_ENTRY_TAGS = frozenset({"article", "div", "li", "section"})
_MAX_LIFT = 6  # how far up from a <time> an entry block may start
# Class or id words of page furniture around and inside entries (lower-cased match).
_FURNITURE_MARKS = (
    "header",
    "byline",
    "share",
    "social",
    "toolbar",
)
# Class words of an entry's byline (as written: matched without lower-casing).
_BYLINE_CLASSES = ("author", "byline")
_HEADINGS = ("h1", "h2", "h3")  # an entry's title: its text is not body text
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# A digest item is (nearly) all link text: "11:29 Operators table new offer".
_LINK_SHARE = 0.8
_SPACE = re.compile(r"\s+")
# Clock times and their labels, as digests and entry headers print them.
_CLOCK = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:GMT|BST|CET|CEST|UTC|[ECMP][SD]?T))?\b",
    re.IGNORECASE,
)


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

    @property
    def started_at(self) -> datetime | None:
        """When the coverage began: the first entry's time (the page's own time)."""
        return min((e.posted_at for e in self.entries), default=None)

    @property
    def latest_at(self) -> datetime | None:
        """The newest entry's time, or its edit when later (the page's "updated")."""
        return max((e.updated_at or e.posted_at for e in self.entries), default=None)


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
    seen: set[tuple[datetime, str, str]] = set()
    for entry in entries:
        # A pinned copy of an entry has an id of its own but the same time and text.
        content = (entry.posted_at, entry.title, entry.body)
        if entry.key in unique or content in seen:
            continue
        seen.add(content)
        unique[entry.key] = entry
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
        page_title = one_line(_text(obj.get("headline")), 500)
        entries = []
        for update in updates[:MAX_ENTRIES]:
            if not isinstance(update, dict):
                continue
            written = parse_time(update.get("datePublished"))
            posted = sane_date(written, now)
            if written is None or posted is None:
                continue
            title = one_line(_text(update.get("headline")), 500)
            body = clip(paragraphs(_text(update.get("articleBody"))), MAX_BODY_CHARS)
            if not body and (not title or title == page_title):
                continue  # the page's own header repeated as an update: no entry
            explicit = update.get("@id") or update.get("url")
            entries.append(
                LiveEntry(
                    key=_key(explicit if isinstance(explicit, str) else None, written, title),
                    posted_at=posted,
                    updated_at=sane_date(parse_time(update.get("dateModified")), now),
                    author=_author(update.get("author")),
                    title=title,
                    body=body,
                )
            )
        if entries:
            return LiveBlog(_newest_first(entries), title=page_title)
    return None


# -- repeated HTML blocks -----------------------------------------------------------
def _block_text(block: etree._Element) -> tuple[str, str, str]:
    """(title, author, body) of an entry block."""
    title = ""
    for heading in block.xpath(".//h1|.//h2|.//h3|.//h4"):
        title = one_line(heading.text_content(), 500)
        break
    author = ""
    for node in block.iterdescendants():
        if isinstance(node.tag, str) and (node.get("rel") == "author" or _byline_class(node)):
            author = one_line(node.text_content(), 300)
            break
    paras = [
        p.text_content()
        for p in block.xpath(".//p")
        if not any(_byline_class(n) or _furniture_class(n) for n in (p, *p.iterancestors()))
    ]
    if not paras:
        paras = _loose_text(block, {title, author})
    body = clip(paragraphs("\n\n".join(scrub(p) for p in paras)), MAX_BODY_CHARS)
    return title, author, body


def _loose_text(block: etree._Element, skip: set[str]) -> list[str]:
    """Text of an entry without ``<p>``: its own strings, less time, heading, byline and
    share bar, and less everything inside furniture or a heading (h1-h3). Whether an
    element is inside one is carried down the walk, not asked of each element's
    ancestors (an XPath per element was most of a live blog's reading time)."""
    if any(n.tag in _HEADINGS or _furniture_class(n) for n in block.iterancestors()):
        return []
    out = []
    stack: list[tuple[etree._Element, bool]] = [(block, False)]
    while stack:
        node, hidden = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        shown = (
            not hidden
            and tag
            and tag not in ("time", "script", "style", "button", "h1", "h2", "h3", "h4")
            and not _is_marked(node)
        )
        if shown:
            for text in (node.text, *(child.tail for child in node)):
                text = (text or "").strip()
                if text and text not in skip:
                    out.append(text)
        inside = hidden or tag in _HEADINGS or _furniture_class(node)
        stack.extend((child, inside) for child in reversed(node))
    return out


def _furniture_class(node: etree._Element) -> bool:
    """A furniture mark in the class, ASCII letters lower-cased (the one definition:
    the paragraphs' and the loose text's tests, and the walk, all ask this)."""
    classes = (node.get("class") or "").translate(_ASCII_LOWER)
    return any(mark in classes for mark in _FURNITURE_MARKS)


def _byline_class(node: etree._Element) -> bool:
    classes = node.get("class") or ""
    return any(word in classes for word in _BYLINE_CLASSES)


def _is_marked(node: etree._Element) -> bool:
    marks = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
    return any(m in marks for m in _FURNITURE_MARKS) or node.get("rel") == "author"


def _is_furniture(block: etree._Element) -> bool:
    """The page header, a byline or share bar, or a digest item linking to an entry."""
    if _is_marked(block) or block.xpath(".//h1"):
        return True
    text = _SPACE.sub(" ", block.text_content()).strip()
    linked = sum(len(_SPACE.sub(" ", a.text_content()).strip()) for a in block.iter("a"))
    return bool(text) and linked >= _LINK_SHARE * len(text)


def _text_length(blocks: list[etree._Element]) -> int:
    return sum(len(b.text_content()) for b in blocks)


def _entry_blocks(doc: HtmlElement) -> list[etree._Element]:
    """The sibling blocks that each hold exactly one ``<time>``: the largest such group
    once furniture is set aside, the one with more text when two are as large (the
    entries and a digest of them).

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
    siblings: dict[etree._Element, list[etree._Element]] = {}
    for block, count in times_in.items():
        parent = block.getparent()
        if count == 1 and parent is not None:
            siblings.setdefault(parent, []).append(block)
    # Furniture is told apart (by reading each block's text) only where enough siblings
    # could make a live blog: an article's few dated blocks cost nothing.
    groups = [
        [block for block in blocks if not _is_furniture(block)]
        for blocks in siblings.values()
        if len(blocks) >= MIN_HTML_ENTRIES
    ]
    best: list[etree._Element] = []
    for blocks in groups:
        if (len(blocks), _text_length(blocks)) > (len(best), _text_length(best)):
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


# -- the page body without the entries ----------------------------------------------
def without_entries(blocks: Sequence[Block], blog: LiveBlog) -> list[Block]:
    """The body blocks that are the page's own text (a standfirst, an introduction):
    blocks repeating an entry (its title, byline or text, or a digest line of its time
    and title) go, and so does a heading left with nothing under it ("Key events")."""
    known = _normal(" \u241e ".join(f"{e.title} {e.author} {e.body}" for e in blog.entries))
    kept: list[Block] = []
    dropped_after: set[int] = set()  # positions in ``kept`` followed by a dropped block
    for block in blocks:
        if block.lines and all(_is_entry_text(line, known) for line in block.lines):
            if kept:
                dropped_after.add(len(kept) - 1)
            continue
        kept.append(block)
    out = []
    for i, block in enumerate(kept):
        orphan = i in dropped_after and (i + 1 == len(kept) or kept[i + 1].kind == "heading")
        if block.kind == "heading" and orphan:
            continue
        out.append(block)
    return out


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def _is_entry_text(line: str, known: str) -> bool:
    rest = _normal(_CLOCK.sub(" ", line)).strip(" -\u2013\u2014|:\u00b7")
    return not rest or rest in known
