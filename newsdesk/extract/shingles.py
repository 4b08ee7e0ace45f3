"""Word 4-gram shingles: how much of one text another one contains, word order included."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
SIZE = 4


def shingles(text: str) -> frozenset[tuple[str, ...]]:
    """The set of 4-word windows of ``text`` (a shorter text is one window)."""
    words = _WORD.findall(text.lower())
    if not words:
        return frozenset()
    return frozenset(tuple(words[i : i + SIZE]) for i in range(max(1, len(words) - SIZE + 1)))


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def contained(part: frozenset[tuple[str, ...]], whole: frozenset[tuple[str, ...]]) -> float:
    """Share of ``part``'s windows found in ``whole`` (0 for an empty part)."""
    return len(part & whole) / len(part) if part else 0.0
