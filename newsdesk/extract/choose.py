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
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsdesk.extract.blocks import Block, flatten
from newsdesk.text.shingles import contained, window_hashes
from newsdesk.text.tokens import words

# Readability's output counts as "inside" trafilatura's when this share of it is there.
INSIDE = 0.9
# ...and trimming is trusted only if readability kept at least this share of the words:
# a much shorter readability output means it found a fragment, not the article.
MIN_LENGTH_RATIO = 0.5
# Outputs sharing less than this (both ways) picked different parts of the page.
DISJOINT = 0.2
# A block is "shared" when at least half of its windows are in the other output.
SHARED = 0.5
# Disjoint outputs are both kept when the shorter has this many words and this share
# of the longer one's length.
UNION_WORDS = 50
UNION_RATIO = 0.25
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


def _with_missing(
    primary: Sequence[Block],
    secondary: Sequence[Block],
    first: frozenset[int],
    page_text: Callable[[], str],
) -> list[Block]:
    """trafilatura's blocks, with readability's that it lacks put back (module doc)."""
    shared = [contained(windows([block]), first) >= SHARED for block in secondary]
    inside = [i for i, is_shared in enumerate(shared) if is_shared]
    if not inside:
        return list(primary)
    start, end = inside[0], inside[-1]
    wanted = [not shared[i] and start < i < end and _is_text(b) for i, b in enumerate(secondary)]
    for i in range(start + 1, end):
        # A heading comes back with what it introduces: a block put back or one both kept.
        if secondary[i].kind == "heading" and not shared[i] and (wanted[i + 1] or shared[i + 1]):
            wanted[i] = True
    # Short texts (CJK words, headings) can differ by a space between the two outputs and
    # so not count as shared: a block whose text trafilatura already has stays out.
    have = " ".join(flatten(block.text) for block in primary)
    missing = [
        block for i, block in enumerate(secondary) if wanted[i] and flatten(block.text) not in have
    ]
    if not missing:
        return list(primary)
    text = page_text()
    positions: list[int] = []
    for block in primary:
        found = _offset(block, text)
        # Unfound (its text differs in the page): it stays after the block before it.
        positions.append(found if found >= 0 else max(positions, default=-1))
    found_missing = [(block, _offset(block, text)) for block in missing]
    kept = [block for block, found in found_missing if found >= 0]
    positions += [found for _, found in found_missing if found >= 0]
    blocks = [*primary, *kept]
    # trafilatura's block first where both start at the same place.
    order = sorted(range(len(blocks)), key=lambda i: (positions[i], i >= len(primary)))
    return [blocks[i] for i in order]


def _offset(block: Block, text: str) -> int:
    """Where the block starts in the page's text (by its first characters), or -1."""
    return text.find(block.text[:_PROBE])


def _is_text(block: Block) -> bool:
    if block.words < MISSING_WORDS or _GALLERY.search(block.html):
        return False
    if block.kind in ("list", "table"):
        return True
    return _is_sentences(block, MISSING_WORDS) and not _CAPTION_OR_CALL.search(block.text)


def _in_page_order(first: Sequence[Block], second: Sequence[Block], text: str) -> list[Block]:
    def position(blocks: Sequence[Block]) -> int:
        found = _offset(blocks[0], text)
        return found if found >= 0 else len(text)

    if position(second) < position(first):
        first, second = second, first
    return [*first, *second]
