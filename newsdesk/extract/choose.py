"""Stage 5a: let the two extractors vote on where the article starts and ends.

trafilatura keeps more (recall 0.98) and readability cuts tighter around the main
text; where readability's whole output sits inside trafilatura's, they agree on the
article and what trafilatura adds *around* that shared core is page furniture it
swept in: headline, standfirst, share bars, "related" lists, author boxes. Blocks
trafilatura alone keeps *between* shared blocks are kept (readability often drops a
list or a quote inside an article). Thresholds are round numbers; F1 on the benchmark
moves by under 0.002 anywhere in 0.8-0.95 containment and 0.5-0.7 length ratio.

When the two share nothing, each found a different stretch of text. If both are
substantial, the article is most often split in two by an inline box (newsletter
sign-up, ad, gallery) and each extractor kept one side: both are kept, in page order.
Otherwise the longer one wins. (Union thresholds: F1 unchanged from 30 to 100 words.)
Outputs that share nothing are a disagreement: the pipeline asks trafilatura's whole
cascade for a third opinion (pipeline.py).

Two refinements, each for text one extractor drops that the other keeps:

- trafilatura keeps a long run of prose beyond readability's extent when readability
  stopped at an inline box and kept one side of it. An edge made mostly of real
  paragraphs (sentences, 20 words and more) and long enough to be more than a sign-up
  box or a caption is article, not furniture, and is not trimmed.
- trafilatura's fast mode drops lists and tables whose items are long ("how to" steps,
  lists of pros and cons, data tables) that readability keeps. When the two overlap in
  part, readability's blocks that trafilatura lacks and that sit between blocks both
  kept are put back in page order: lists, tables and paragraphs of sentences (and the
  headings that introduce them), never a gallery (a block holding pictures or captions
  is the page's photo strip), a credit line or a sign-up box.

The voted body then gets a third reading (``with_area``, called by pipeline.py): the
page's main area, the innermost element holding all of the body's paragraphs of prose
(pagesignals.main_area), holds text both extractors dropped: short lists of facts,
tables, paragraphs between them. Its blocks go through the same put-back as
readability's, less the boxes whose class or id says they are no article text (photo
captions, teasers for other stories, readers' comments) and lists that are mostly links
(related stories, tables of contents, menus). A run of prose past the body's last block
(as the prose edges above, with hardly any link text: a run of teasers has a headline
link per excerpt) is the article going on where trafilatura stopped. Web-pages articles
F1 0.9373 -> 0.9419 (tune 0.9349 -> 0.9400, check 0.9397 -> 0.9438; recall 0.9421 ->
0.9530 for precision 0.9326 -> 0.9310); AEB 0.9767 -> 0.9768, no half lower.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement, fragment_fromstring

from newsdesk.extract.blocks import Block, flatten, from_element
from newsdesk.text.shingles import contained, window_hashes
from newsdesk.text.tokens import words

# Readability's output counts as "inside" trafilatura's when this share of it is there.
INSIDE = 0.9
# ...and trimming is trusted only if readability kept at least this share of the words:
# a much shorter readability output means it found a fragment, not the article.
MIN_LENGTH_RATIO = 0.5
# Readability's output this much inside trafilatura's, with headings or lists of its
# own, still bounds the article: trafilatura's edges beyond it (an author box, a search
# box, the sidebar's recent posts) are trimmed before readability's own blocks are put
# back. Web-pages articles 0.9445 -> 0.9453 (tune 0.9416 -> 0.9423, check 0.9474 ->
# 0.9483), AEB unchanged, no page type changed; 0.4-0.8 all gain on both halves, 0.7
# most on tune.
TRIM_INSIDE = 0.7
# Outputs sharing less than this (both ways) picked different parts of the page.
DISJOINT = 0.2
# A block is "shared" when at least half of its windows are in the other output.
SHARED = 0.5
# Disjoint outputs are both kept when the shorter has this many words and this share
# of the longer one's length.
UNION_WORDS = 50
UNION_RATIO = 0.25
# A block found word for word in the other output is shared from this many words on.
EXACT_WORDS = 8
# How much of a block's start locates it in the page text.
_PROBE = 60
# An edge trafilatura alone kept is prose, and stays, when it holds this many words and
# at least this share of them sits in paragraphs of PROSE_BLOCK words ending a sentence
# (web-pages articles: F1 0.9254 -> 0.9274 on both halves; AEB check 0.9781 -> 0.9805).
PROSE_EDGE_WORDS = 200
PROSE_BLOCK_WORDS = 20
PROSE_SHARE = 0.5
# A block readability alone kept is put back when it has this many words (web-pages
# articles F1 0.9254 -> 0.9297; AEB unchanged with galleries left out, -0.0024 with;
# the headings that introduce them too: 0.9340 -> 0.9352, tune 0.9318 -> 0.9334, check
# 0.9362 -> 0.9370).
MISSING_WORDS = 20
_SENTENCE_END = re.compile(r"[.!?\"\u201d\u2019)]$")
_GALLERY = re.compile(r"<img\b|<figure\b|caption", re.I)
# A paragraph trafilatura dropped on purpose: a photo's credit line or a sign-up box
# (AEB P 0.9713 -> 0.9719 with it, web-pages unchanged or better on both halves).
_CAPTION_OR_CALL = re.compile(
    r"\([^)]*\b(?:photo|credit|getty|images)\b[^)]*\)|\b(?:photo|credit)\s*:"
    r"|\b(?:sign(?:ing)?\s+up|subscribe|newsletter)\b",
    re.I,
)
# Every text of a subtree, gathered by libxml2 (words are counted text by text: a
# ``text_content()`` joins "</p><p>" without a space).
_TEXTS = etree.XPath("descendant::text()", smart_strings=False)
# A box inside the article's area whose class or id says it holds no article text: a
# photo's caption, teasers for other stories, readers' comments. With the lists of
# links below, AEB 0.9752 with the area's blocks unfiltered -> 0.9768 (precision 0.969
# -> 0.972), web-pages 0.9374 -> 0.9387.
_BOX = re.compile(r"caption|related|promo|comment", re.I)
# A list this much of whose text is link text points elsewhere (related stories, a
# table of contents, a menu) and is not put back from the area.
LINK_LIST = 0.8
# ...and a list from the area has this many words: short lists of facts (a school's
# place, fees and intake) that no extractor keeps (web-pages 0.9404 -> 0.9407, tune
# 0.9379 -> 0.9383, check 0.9430 -> 0.9432; AEB unchanged).
AREA_LIST_WORDS = 10
# A run of prose past the body's last block in the area is article (trafilatura stopped
# early) unless more than this share of its text is links: teasers of other stories
# (an excerpt under each headline link).
RUN_LINKS = 0.1


@dataclass(frozen=True, slots=True)
class Vote:
    """The body blocks the vote kept; ``disagreed`` when the two outputs share nothing
    (or one is empty): then neither can vouch for the other."""

    blocks: list[Block]
    disagreed: bool


def windows(blocks: Sequence[Block]) -> frozenset[int]:
    """The 4-word windows (hashed) of the blocks' text end to end: what the vote, and
    the pipeline's third opinion, compare outputs by."""
    return window_hashes(words("\n".join(block.text for block in blocks).lower()))


def choose(
    primary: Sequence[Block], secondary: Sequence[Block], page_text: Callable[[], str]
) -> Vote:
    """The vote; ``page_text`` gives the page's text, only to order blocks from both."""
    if not primary or not secondary:
        return Vote(list(primary or secondary), disagreed=True)
    # Each block's words are split once: the whole outputs' windows are those of the
    # blocks' words end to end (as of their texts joined by line breaks), and the trim
    # below reuses them block by block.
    primary_words = [words(block.text.lower()) for block in primary]
    first = window_hashes([word for found in primary_words for word in found])
    second = windows(secondary)
    first_in_second, second_in_first = contained(first, second), contained(second, first)
    first_words = sum(block.words for block in primary)
    second_words = sum(block.words for block in secondary)
    if first_in_second < DISJOINT and second_in_first < DISJOINT:
        shorter, longer = sorted((first_words, second_words))
        if shorter >= UNION_WORDS and shorter >= UNION_RATIO * longer:
            return Vote(_in_page_order(primary, secondary, page_text()), disagreed=True)
        # A tiny output is a teaser or a caption: the longer one is the article;
        # trafilatura wins ties.
        longer_one = primary if first_words >= second_words else secondary
        return Vote(list(longer_one), disagreed=True)
    if second_in_first >= INSIDE:
        if second_words >= MIN_LENGTH_RATIO * first_words:
            return Vote(_trim_edges(primary, primary_words, second), disagreed=False)
        return Vote(list(primary), disagreed=False)
    if second_in_first >= TRIM_INSIDE and second_words >= MIN_LENGTH_RATIO * first_words:
        # Mostly inside, with headings or lists of its own: trafilatura's edges beyond
        # readability's are trimmed as above before those are put back.
        trimmed = _trim_edges(primary, primary_words, second)
        if len(trimmed) < len(primary):
            primary, first = trimmed, windows(trimmed)
    return Vote(_with_missing(primary, secondary, first, page_text), disagreed=False)


def _trim_edges(
    blocks: Sequence[Block], block_words: list[list[str]], core: frozenset[int]
) -> list[Block]:
    # Only the edges are read: from each end up to the first shared block (on most
    # pages the first and last blocks already are), not every block in between.
    def shared(index: int) -> bool:
        return contained(window_hashes(block_words[index]), core) >= SHARED

    start = next((i for i in range(len(blocks)) if shared(i)), None)
    if start is None:
        return list(blocks)
    end = next(i for i in range(len(blocks) - 1, start - 1, -1) if i == start or shared(i)) + 1
    start = 0 if is_prose(blocks[:start]) else start
    end = len(blocks) if is_prose(blocks[end:]) else end
    return list(blocks[start:end])


def is_prose(blocks: Sequence[Block]) -> bool:
    """Long enough to be more than a box, and mostly paragraphs of sentences: article
    text, not a list of links, products or captions."""
    total = sum(block.words for block in blocks)
    if total < PROSE_EDGE_WORDS:
        return False
    prose = sum(block.words for block in blocks if _is_sentences(block, PROSE_BLOCK_WORDS))
    return prose >= PROSE_SHARE * total


def _is_sentences(block: Block, least: int) -> bool:
    return block.kind == "p" and block.words >= least and bool(_SENTENCE_END.search(block.text))


def with_area(
    blocks: Sequence[Block], area: HtmlElement | None, page_text: Callable[[], str]
) -> list[Block]:
    """The body with the blocks of the page's main area it lacks put back (module doc)."""
    if area is None or not blocks:
        return list(blocks)
    # An area with fewer words than the body and the shortest block put back has nothing
    # to put back (a quarter of the pages): its blocks are not read.
    body_words = sum(len(block.text.split()) for block in blocks)
    if sum(len(text.split()) for text in _TEXTS(area)) < body_words + AREA_LIST_WORDS:
        return list(blocks)
    found = from_element(area, _is_box)
    return _with_missing(blocks, found, windows(blocks), page_text, area=True)


def _is_box(element: HtmlElement) -> bool:
    return bool(_BOX.search(f"{element.get('class', '')} {element.get('id', '')}"))


def _with_missing(
    primary: Sequence[Block],
    secondary: Sequence[Block],
    first: frozenset[int],
    page_text: Callable[[], str],
    *,
    area: bool = False,
) -> list[Block]:
    """trafilatura's blocks, with readability's (or the main area's: ``area``) that it
    lacks put back (module doc)."""
    have = " ".join(flatten(block.text) for block in primary)
    shared = [_is_shared(block, have, first) for block in secondary]
    inside = [i for i, is_shared in enumerate(shared) if is_shared]
    if not inside:
        return list(primary)
    start, end = inside[0], inside[-1]
    after = secondary[end + 1 :]
    if area and is_prose(after) and _link_share(after) <= RUN_LINKS:
        end = len(secondary)
    is_text = _is_area_text if area else _is_text
    wanted = [not shared[i] and start < i < end and is_text(b) for i, b in enumerate(secondary)]
    for i in range(start + 1, min(end, len(secondary) - 1)):
        # A heading comes back with what it introduces: a block put back or one both kept.
        if secondary[i].kind == "heading" and not shared[i] and (wanted[i + 1] or shared[i + 1]):
            wanted[i] = True
    # Short texts (CJK words, headings) can differ by a space between the two outputs and
    # so not count as shared: a block whose text trafilatura already has stays out.
    missing = [
        block for i, block in enumerate(secondary) if wanted[i] and flatten(block.text) not in have
    ]
    if not missing:
        return list(primary)
    text = page_text()
    positions: list[int] = []
    for block in primary:
        # trafilatura's blocks keep their order: one unfound (its text differs in the
        # page) or found earlier (its opening is also in a summary or a table of contents
        # above) stays after the block before it (web-pages 0.9398 -> 0.9404, both halves).
        positions.append(max(_offset(block, text), max(positions, default=-1)))
    found_missing = [(block, _offset(block, text)) for block in missing]
    kept = [block for block, found in found_missing if found >= 0]
    if not kept:
        return list(primary)
    positions += [found for _, found in found_missing if found >= 0]
    blocks = [*primary, *kept]
    # trafilatura's block first where both start at the same place.
    order = sorted(range(len(blocks)), key=lambda i: (positions[i], i >= len(primary)))
    return [blocks[i] for i in order]


def _is_shared(block: Block, have: str, first: frozenset[int]) -> bool:
    # Most blocks shared are there word for word: found in the text, their windows need
    # not be made. Only the two edge words can be cut in the text found, so from
    # EXACT_WORDS words on at least half of the windows are the other output's.
    if block.words >= EXACT_WORDS and flatten(block.text) in have:
        return True
    return contained(windows([block]), first) >= SHARED


def _offset(block: Block, text: str) -> int:
    """Where the block starts in the page's text (by its first characters), or -1."""
    return text.find(block.text[:_PROBE])


def _is_text(block: Block) -> bool:
    if block.words < MISSING_WORDS or _GALLERY.search(block.html):
        return False
    if block.kind in ("list", "table"):
        return True
    return _is_sentences(block, MISSING_WORDS) and not _CAPTION_OR_CALL.search(block.text)


def _is_area_text(block: Block) -> bool:
    if block.kind == "list":
        return (
            block.words >= AREA_LIST_WORDS
            and not _GALLERY.search(block.html)
            and _link_share([block]) < LINK_LIST
        )
    return _is_text(block)


def _link_share(blocks: Sequence[Block]) -> float:
    """How much of the blocks' text (in characters, spaces left out) is link text."""
    total = linked = 0
    for block in blocks:
        root = fragment_fromstring(block.html, create_parent="div")
        total += len("".join(root.text_content().split()))
        linked += sum(len("".join(link.text_content().split())) for link in root.iter("a"))
    return linked / max(1, total)


def _in_page_order(first: Sequence[Block], second: Sequence[Block], text: str) -> list[Block]:
    def position(blocks: Sequence[Block]) -> int:
        found = _offset(blocks[0], text)
        return found if found >= 0 else len(text)

    if position(second) < position(first):
        first, second = second, first
    return [*first, *second]
