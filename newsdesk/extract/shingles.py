"""Word 4-gram shingles: how much of one text another one contains, word order included."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
SIZE = 4


def shingles(text: str) -> frozenset[tuple[str, ...]]:
    """The set of 4-word windows of ``text`` (a shorter text is one window)."""
    words = _WORD.findall(text.lower())
    if len(words) < SIZE:
        return frozenset((tuple(words),)) if words else frozenset()
    return frozenset(zip(*(words[i:] for i in range(SIZE)), strict=False))


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def contained(part: frozenset[tuple[str, ...]], whole: frozenset[tuple[str, ...]]) -> float:
    """Share of ``part``'s windows found in ``whole`` (0 for an empty part)."""
    return len(part & whole) / len(part) if part else 0.0
