"""Highlighted snippets, cut in Python so both databases show the same text.

The text is escaped before the only markup we add (``<mark>``) goes in, so an article
body can never inject HTML into a results page or an API consumer's page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

_WORD = re.compile(r"[^\W_]+")
WINDOW_WORDS = 30
MAX_SCAN_CHARS = 100_000  # the index covers this much of a body; so does the snippet


@dataclass(frozen=True, slots=True)
class Snippet:
    html: str  # escaped text with <mark> around matched words
    text: str  # the same excerpt as plain text


def make_snippet(text: str, words: tuple[str, ...], window: int = WINDOW_WORDS) -> Snippet:
    """The window of ``window`` words holding the most distinct query words, marked."""
    text = text[:MAX_SCAN_CHARS]
    spans = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
    if not spans:
        return Snippet("", "")
    wanted = set(words)
    start = _best_window(spans, wanted, window)
    chosen = spans[start : start + window]
    begin, end = chosen[0][0], chosen[-1][1]
    html: list[str] = ["… " if start > 0 else ""]
    cursor = begin
    for s, e, word in chosen:
        html.append(escape(text[cursor:s]))
        piece = escape(text[s:e])
        html.append(f"<mark>{piece}</mark>" if word in wanted else piece)
        cursor = e
    tail = " …" if start + window < len(spans) else ""
    html.append(tail)
    plain = ("… " if start > 0 else "") + " ".join(text[begin:end].split()) + tail
    return Snippet("".join(html), plain)


def _best_window(spans: list[tuple[int, int, str]], wanted: set[str], window: int) -> int:
    if not wanted:
        return 0
    best, best_score = 0, 0
    hits = [i for i, span in enumerate(spans) if span[2] in wanted]
    for first in hits:  # a window worth showing starts on a matched word
        seen = {spans[i][2] for i in range(first, min(first + window, len(spans)))} & wanted
        if len(seen) > best_score:
            best, best_score = first, len(seen)
            if best_score == len(wanted):
                break
    # Start a few words before the first match so the reader sees its context.
    return max(0, best - 5) if best_score else 0
