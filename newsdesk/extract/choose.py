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
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from newsdesk.extract.blocks import Block
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


def choose(
    primary: Sequence[Block], secondary: Sequence[Block], page_text: Callable[[], str]
) -> list[Block]:
    """The body blocks; ``page_text`` gives the page's text, only to order a union."""
    if not primary or not secondary:
        return list(primary or secondary)
    # Each block's words are split once: the whole outputs' windows are those of the
    # blocks' words end to end (as of their texts joined by line breaks), and the trim
    # below reuses them block by block.
    primary_words = [words(block.text.lower()) for block in primary]
    first = window_hashes([word for found in primary_words for word in found])
    second = window_hashes(words("\n".join(block.text for block in secondary).lower()))
    first_in_second, second_in_first = contained(first, second), contained(second, first)
    first_words = sum(block.words for block in primary)
    second_words = sum(block.words for block in secondary)
    if first_in_second < DISJOINT and second_in_first < DISJOINT:
        shorter, longer = sorted((first_words, second_words))
        if shorter >= UNION_WORDS and shorter >= UNION_RATIO * longer:
            return _in_page_order(primary, secondary, page_text())
        # A tiny output is a teaser or a caption: the longer one is the article;
        # trafilatura wins ties.
        return list(primary if first_words >= second_words else secondary)
    if second_in_first >= INSIDE and second_words >= MIN_LENGTH_RATIO * first_words:
        return _trim_edges(primary, primary_words, second)
    return list(primary)


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
    return list(blocks[start:end])


def _in_page_order(first: Sequence[Block], second: Sequence[Block], text: str) -> list[Block]:
    def position(blocks: Sequence[Block]) -> int:
        found = text.find(blocks[0].text[:_PROBE])
        return found if found >= 0 else len(text)

    if position(second) < position(first):
        first, second = second, first
    return [*first, *second]
