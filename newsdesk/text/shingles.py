"""Word shingles: the overlapping n-word windows of a text, word order included.

One shape for every stage (a frozenset of word tuples): extraction compares 4-word
windows for containment, copy detection 3-word windows for Jaccard and MinHash.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence
from typing import TypeVar

from newsdesk.text.tokens import words

Shingle = tuple[str, ...]
_Window = TypeVar("_Window", bound=Hashable)
# Extraction's window: long enough that a shared window means shared wording, short
# enough that a headline still has a few.
TEXT_SIZE = 4


def shingles(text: str, size: int = TEXT_SIZE) -> frozenset[Shingle]:
    """The ``size``-word windows of ``text``'s lower-cased ``\\w+`` words."""
    return word_shingles(words(text.lower()), size)


def word_shingles(word_list: Sequence[str], size: int) -> frozenset[Shingle]:
    """The set of ``size``-word windows of ``word_list`` (a shorter list is one window)."""
    return frozenset(_windows(word_list, size))


def window_hashes(word_list: Sequence[str], size: int = TEXT_SIZE) -> frozenset[int]:
    """``word_shingles`` kept as the windows' hashes, for a hot comparison of whole
    pages: each window tuple is freed as soon as it is hashed instead of living on
    (tens of thousands a page, walked by the garbage collector). Compare only with
    other hashes; a collision is as likely as two random 64-bit values meeting."""
    return frozenset(map(hash, _windows(word_list, size)))


def _windows(word_list: Sequence[str], size: int) -> Iterator[Shingle]:
    if not word_list:
        return iter(())
    if len(word_list) < size:
        return iter((tuple(word_list),))
    return zip(*(word_list[i:] for i in range(size)), strict=False)


def contained(part: frozenset[_Window], whole: frozenset[_Window]) -> float:
    """Share of ``part``'s windows found in ``whole`` (0 for an empty part)."""
    return len(part & whole) / len(part) if part else 0.0


def jaccard(a: frozenset[Shingle], b: frozenset[Shingle]) -> float:
    """Shared windows over all windows; 0 when both are empty."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0
