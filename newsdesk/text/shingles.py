"""Word shingles: the overlapping n-word windows of a text, word order included.

One shape for every stage (a frozenset of word tuples): extraction compares 4-word
windows for containment, copy detection 3-word windows for Jaccard and MinHash.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsdesk.text.tokens import words

Shingle = tuple[str, ...]
# Extraction's window: long enough that a shared window means shared wording, short
# enough that a headline still has a few.
TEXT_SIZE = 4


def shingles(text: str, size: int = TEXT_SIZE) -> frozenset[Shingle]:
    """The ``size``-word windows of ``text``'s lower-cased ``\\w+`` words."""
    return word_shingles(words(text.lower()), size)


def word_shingles(word_list: Sequence[str], size: int) -> frozenset[Shingle]:
    """The set of ``size``-word windows of ``word_list`` (a shorter list is one window)."""
    if not word_list:
        return frozenset()
    if len(word_list) < size:
        return frozenset((tuple(word_list),))
    return frozenset(zip(*(word_list[i:] for i in range(size)), strict=False))


def contained(part: frozenset[Shingle], whole: frozenset[Shingle]) -> float:
    """Share of ``part``'s windows found in ``whole`` (0 for an empty part)."""
    return len(part & whole) / len(part) if part else 0.0


def jaccard(a: frozenset[Shingle], b: frozenset[Shingle]) -> float:
    """Shared windows over all windows; 0 when both are empty."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0
