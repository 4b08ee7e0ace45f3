"""Sentence splitting with character offsets.

Written here rather than taken from NLTK/pysbd because the question-answering
feature quotes sentences verbatim and highlights them in the page: it needs the
exact span of every sentence in the stored body, and it must never raise on
hostile text. The rules follow the usual news conventions: a sentence ends at
``.``, ``!``, ``?`` or ``…`` (plus closing quotes/brackets) when whitespace and
then an upper-case letter, a digit or an opening quote follow; never after a
known abbreviation ("Mr.", "Sen.", "Jan."), a single-letter initial ("J.") or a
dotted acronym ("U.S.") unless the next word is an obvious sentence opener
("The", "He", ...). Line breaks always end a sentence: in extracted bodies they
separate paragraphs, headings and list items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str  # exactly ``source[start:end]``
    start: int
    end: int


def _words(text: str) -> frozenset[str]:
    """A word set written as one whitespace-separated string (readable long lists)."""
    return frozenset(text.split())


# Lower-cased, without the final dot. Titles, months, US states and a few
# corporate/legal abbreviations that are usually followed by a capitalised word.
ABBREVIATIONS = _words("""
    mr mrs ms dr prof sen rep gov gen lt col maj capt cpl sgt adm cmdr sr jr st rev hon pres
    supt insp det atty messrs mme mlle
    jan feb mar apr jun jul aug sep sept oct nov dec
    ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo
    mont neb nev okla ore pa tenn tex va vt wash wis wyo
    approx ft mt vs etc al cf ca
    """)

# Abbreviations only before a number ("No. 5", "Vol. 2"): "said no." ends a sentence.
NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "vol", "fig", "figs", "art", "pp", "p"})

# Capitalised words that, after a dotted acronym such as "U.S.", almost always open
# a new sentence rather than continue a name ("U.S. The ..." vs "U.S. Army").
OPENERS = _words("""
    the a an he she it they we i you his her its their our this that these those there
    but and or so yet if when while after before as in on at for from by with
    however meanwhile still also then now some many most both all no not
    """)

_BOUNDARY = re.compile(r"[.!?…]+[\"'\u201d\u2019\u00bb)\]]*(?=\s)")
_NEXT_WORD = re.compile(r"\s+([\"'\u201c\u2018\u00ab(\[]?)(\w+)")
_PREV_WORD = re.compile(r"([\w.]+)\.$")
_LINE = re.compile(r"[^\n]+")
_LOOKBACK = 64


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split ``text`` into sentences; each carries its offsets into ``text``."""
    out: list[Sentence] = []
    for line in _LINE.finditer(text):
        _split_line(text, line.start(), line.end(), out)
    return tuple(out)


def _split_line(text: str, start: int, end: int, out: list[Sentence]) -> None:
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        stop = match.end()
        if _is_boundary(text, cursor, match.start(), stop, end):
            _emit(text, cursor, stop, out)
            cursor = stop
    _emit(text, cursor, end, out)


def _is_boundary(text: str, cursor: int, mark: int, stop: int, end: int) -> bool:
    nxt = _NEXT_WORD.match(text, stop, end)
    if nxt is None:
        return False
    opener, word = nxt.group(1), nxt.group(2)
    first = word[0]
    if not (first.isupper() or first.isdigit() or opener):
        return False
    if text[mark] != ".":
        return True  # "!" "?" "…" are not used in abbreviations
    if text[mark:stop].rstrip("\"'\u201d\u2019\u00bb)]") != ".":
        return True  # "..." or ".)" style endings
    # Look back one token only (bounded window): scanning from the sentence start
    # made a long run of "U.S. U.S. ..." quadratic.
    prev = _PREV_WORD.search(text, max(cursor, mark - _LOOKBACK), mark + 1)
    if prev is None:
        return True
    token = prev.group(1)
    bare = token.lower().strip(".")
    if "." in token.strip("."):
        # Dotted acronym ("U.S.", "D.C."): split only before an obvious opener.
        return word.lower() in OPENERS
    if len(bare) == 1 and bare.isalpha():
        return False  # an initial: "George W. Bush"
    if bare in ABBREVIATIONS:
        return False  # "Jan. 6" / "Sen. Smith"
    # "No. 5" is not a boundary; "said no. It" is.
    return not (bare in NUMBER_ABBREVIATIONS and first.isdigit())


def _emit(text: str, start: int, end: int, out: list[Sentence]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    begin = start + lead
    out.append(Sentence(text=stripped, start=begin, end=begin + len(stripped)))
