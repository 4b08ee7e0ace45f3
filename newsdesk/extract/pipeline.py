"""The extraction cascade: fetched bytes in, clean article out. Never raises."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache, partial

from lxml.html import HtmlElement

from newsdesk.extract.article import Extraction
from newsdesk.extract.blocks import Block, flatten
from newsdesk.extract.body import candidates, readability_blocks, trafilatura_blocks
from newsdesk.extract.choose import choose, is_prose, windows, with_area
from newsdesk.extract.cleanup import clean, without_copy
from newsdesk.extract.decode import decode, looks_like_text
from newsdesk.extract.document import parse, prune
from newsdesk.extract.figures import Picture, pictures_of, with_pictures
from newsdesk.extract.liveblog import LiveBlog, read_live_blog, without_entries
from newsdesk.extract.metadata import Metadata, extract_metadata
from newsdesk.extract.mojibake import mend
from newsdesk.extract.pagesignals import body_area
from newsdesk.extract.pagetype import OTHER, PageSignals, classify, describe, page_signals
from newsdesk.extract.sanitize import sanitize_html
from newsdesk.extract.several import first_article
from newsdesk.plaintext import paragraphs
from newsdesk.text import jsonld
from newsdesk.text.links import safe_url
from newsdesk.text.shingles import contained

LOGGER = logging.getLogger(__name__)
# A body shorter than this is a login box, an error page or a teaser, not an article.
MIN_BODY_WORDS = 12
# Pages beyond this many bytes are cut before decoding (see document.MAX_CHARS): every
# article measured fits in far less, and extraction time grows with page size.
MAX_BYTES = 5_000_000
# A body shorter than this is re-read by trafilatura's whole cascade, which is kept when
# it finds this many times more words: on pages where both voters stop at a teaser or
# an inline box, its fallbacks find the text (web-pages articles: F1 0.918 -> 0.924 on
# the tune half, 0.923 -> 0.929 on the other; AEB unchanged). Longer limits take
# related-story lists on AEB.
RESCUE_WORDS = 100
RESCUE_RATIO = 2
# When the two voters found different text (choose.py: "disagreed"), trafilatura's whole
# cascade is the third opinion: its body is taken when it is RESCUE_RATIO times longer
# and holds this share of what the vote kept, i.e. it found the same article and more
# of it (web-pages articles F1 0.9297 -> 0.9339, tune 0.9318 / check 0.9359; AEB
# unchanged; the voters disagree on 9 % of web-pages articles, 4 % of AEB's pages).
RESCUE_HOLDS = 0.6
# A body under this share of the page's words, which the two voters agreed on, is often
# a part both took for the whole (an introduction above a long guide, one section of a
# report): trafilatura's whole cascade is asked too, and its body is taken on the same
# terms if it is also prose and twice the distinct text (without the first, a shop's
# banner lines, one per country, replaced the right body of one article; without the
# second, a filler paragraph repeated a thousand times would). Web-pages articles F1
# 0.9359 -> 0.9373 (tune 0.9341 -> 0.9349, check 0.9377 -> 0.9397), AEB unchanged, one
# more run of the cascade in 244 pages. 0.15-0.2 gain 0.0005-0.0009 more but made 4-7
# service, product and forum pages "articles"; 0.3 lost an AEB article.
RESCUE_PAGE_SHARE = 0.1
# A live blog's first entry stands for its publication date up to this long before
# the date the page declares (a day of coverage and the night before).
COVERAGE_LEAD = timedelta(days=2)


def extract(
    html: bytes,
    *,
    url: str | None = None,
    content_type: str | None = None,
    now: datetime | None = None,
) -> Extraction:
    """Extract the article from a fetched page (``now`` anchors the date sanity check)."""
    try:
        return _extract(html, url=url, content_type=content_type, now=now or datetime.now(UTC))
    except Exception:
        # Third-party parsers and extractors fail in ways no test anticipates; a page
        # must never take a worker down. Logged at ERROR so that such bugs are seen.
        LOGGER.exception("extraction failed for %s", url)
        return Extraction(canonical_url=safe_url(url))


def extract_live_blog(
    html: bytes,
    *,
    url: str | None = None,
    content_type: str | None = None,
    now: datetime | None = None,
) -> LiveBlog | None:
    """Only the live-blog entries of a fetched page (a re-check of a known live blog):
    the same decoding, caps and reader as ``extract``, without the body cascade."""
    try:
        tree = _tree(html, content_type)
        if tree is None:
            return None
        return read_live_blog(tree, jsonld.documents(tree), url=url, now=now or datetime.now(UTC))
    except Exception:
        LOGGER.exception("live-blog extraction failed for %s", url)
        return None


def _tree(html: bytes, content_type: str | None) -> HtmlElement | None:
    # 1. decode bytes: BOM, valid UTF-8, declared charset, guess (decode.py)
    text = decode(bytes(html[:MAX_BYTES]), content_type).text
    if not looks_like_text(text):
        return None
    # 1b. text encoded to UTF-8 twice ("doesnâ€™t") decoded once more (mojibake.py)
    text = mend(text)
    # 2. parse once, size-capped and depth-safe (document.py)
    return parse(text)


def _extract(
    html: bytes, *, url: str | None, content_type: str | None, now: datetime
) -> Extraction:
    tree = _tree(html, content_type)
    if tree is None:
        return Extraction(canonical_url=safe_url(url))
    meta, live_blog, blocks, pictures, signals = _read(tree, url, now)
    page_type, page_reason = classify(signals), describe(signals)
    if sum(block.words for block in blocks) < MIN_BODY_WORDS:
        blocks = []
        page_type, page_reason = OTHER, f"no body text; {page_reason}"
    # 7. plain text and sanitized display HTML (sanitize.py). A live blog's display body
    #    is its own text without the entries, which are shown once, with their times;
    #    its time is when the coverage began, "updated" the newest entry (liveblog.py).
    base = meta.canonical_url or safe_url(url)
    shown = without_entries(blocks, live_blog) if live_blog and live_blog.entries else blocks
    shown = with_pictures(shown, pictures) if shown else shown
    published_at, updated_at = meta.published_at, meta.updated_at
    if live_blog and live_blog.entries:
        # Coverage cannot begin after the page says it was published: an "entry" dated
        # later is a comment, a reply or a related item, and the declared date stands
        # (web-pages dates 0.804 -> 0.820 measured). An earlier first entry is when the
        # coverage began (pages stamp their last update as "published") unless it is
        # days older: then the "entries" are older stories listed beside the article
        # (11 web-pages articles, all wrong that way; dates 0.822 -> 0.836).
        started = live_blog.started_at
        if started is not None and (
            published_at is None or published_at - COVERAGE_LEAD <= started < published_at
        ):
            published_at = started
        updated_at = live_blog.latest_at
    return Extraction(
        title=meta.title,
        byline=meta.byline,
        published_at=published_at,
        updated_at=updated_at,
        site_name=meta.site_name,
        canonical_url=meta.canonical_url,
        language=meta.language,
        image=meta.image,
        robots=meta.robots,
        icon=meta.icon,
        body_text=_text(blocks),
        body_html=sanitize_html("\n".join(block.html for block in shown), safe_url(url) or base),
        live_blog=live_blog,
        page_type=page_type,
        page_reason=page_reason,
    )


def page_type_signals(
    html: bytes, *, url: str | None = None, now: datetime | None = None
) -> PageSignals | None:
    """What ``extract`` decides the page type from (bench/page_types.py fits its weights
    on these), or None for a page with no text."""
    tree = _tree(html, None)
    return None if tree is None else _read(tree, url, now or datetime.now(UTC))[4]


def _read(
    tree: HtmlElement, url: str | None, now: datetime
) -> tuple[Metadata, LiveBlog | None, list[Block], list[Picture], PageSignals]:
    # 3. metadata and live-blog entries: JSON-LD, OpenGraph/meta, DOM, htmldate, read
    #    before pruning drops the <script> blocks (metadata.py, liveblog.py)
    documents = jsonld.documents(tree)
    meta = extract_metadata(tree, url, now, documents)
    live_blog = read_live_blog(tree, documents, url=url, now=now)
    # 4. body candidates: trafilatura and readability on the same tree, pruned of what is
    #    never text (document.py, body.py)
    found = candidates(prune(tree))
    pictures = pictures_of(tree)  # the extractors copy the tree: it is intact (figures.py)
    # 5. vote on the article's extent, then drop furniture (choose.py, cleanup.py); a
    #    near-empty result, the voters' disagreement, or a body that is a small part of
    #    the page, is re-read by trafilatura's whole cascade (then, if still nothing, by a
    #    lenient readability)
    page_text = cache(partial(_page_text, tree))
    vote = choose(found.primary, found.secondary, page_text)
    blocks = _rescued(tree, clean(vote.blocks, meta.title), meta.title, vote.disagreed, page_text)
    # 5c. a page carrying several whole articles (endless scrolling) keeps its first
    blocks = first_article(tree, blocks)
    # 6. what kind of page this is (pagetype.py), from the body as voted and the page's
    #    main area: the innermost element holding its paragraphs of prose
    area = body_area(tree, blocks)
    signals = page_signals(
        tree, blocks, meta.schema_types, meta.og_type, url, bylined=bool(meta.byline), main=area
    )
    # 6b. lists, tables and paragraphs the area holds between the body's blocks that
    #    both voters dropped (choose.py); a copy of the text the page shows twice, once
    blocks = without_copy(with_area(blocks, area, page_text))
    return meta, live_blog, blocks, pictures, signals


def _rescued(
    tree: HtmlElement,
    blocks: list[Block],
    title: str,
    disagreed: bool,
    page_text: Callable[[], str],
) -> list[Block]:
    words = sum(block.words for block in blocks)
    small = not disagreed and words < RESCUE_PAGE_SHARE * len(page_text().split())
    if words >= RESCUE_WORDS and not disagreed and not small:
        return blocks
    again = clean(trafilatura_blocks(tree, fast=False), title)  # furniture, as any body
    if words < MIN_BODY_WORDS and sum(block.words for block in again) < MIN_BODY_WORDS:
        # Nothing found by anyone: readability once more without its first pass, which
        # drops elements classed "popup", "header"... (where some themes leave the
        # article), taken only if it reads as prose (web-pages: 1 article found, F1 0 ->
        # 0.99; no other page of either set changes).
        lenient = clean(readability_blocks(tree, lenient=True), title)
        return lenient if is_prose(lenient) else blocks
    if sum(block.words for block in again) <= RESCUE_RATIO * max(1, words):
        return blocks
    if small and not _more_prose(again, blocks):
        return blocks
    if words < RESCUE_WORDS:
        return again
    return again if contained(windows(blocks), windows(again)) >= RESCUE_HOLDS else blocks


def _more_prose(again: list[Block], blocks: list[Block]) -> bool:
    """``again`` is prose, and more of it by its distinct text too: a paragraph repeated
    down a page is longer, not more (``windows`` are sets)."""
    return is_prose(again) and len(windows(again)) > RESCUE_RATIO * len(windows(blocks))


def _page_text(tree: HtmlElement) -> str:
    return flatten(" ".join(tree.itertext()))


def _text(blocks: list[Block]) -> str:
    # One paragraph per block line (a list item is a paragraph of its own); paragraphs()
    # joins lines inside a paragraph, so the blank lines must be in place first.
    return paragraphs("\n\n".join(line for block in blocks for line in block.lines))
