"""Word tokens: the two ways stages split text into words, side by side.

``words`` is the plain ``\\w+`` split that containment and copy detection compare
(lower-cased, punctuation gone); ``word_tokens`` keeps an inner apostrophe ("don't")
for the scoring functions that look words up in stop-word lists.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")


def words(text: str) -> list[str]:
    """``\\w+`` runs of ``text`` as written (lower-case it first when case must not count)."""
    return _WORD.findall(text)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def word_tokens(text: str) -> list[str]:
    """Lower-cased word tokens (letters/digits, with an inner apostrophe kept)."""
    return [t.lower().replace("\u2019", "'") for t in _TOKEN.findall(text)]
