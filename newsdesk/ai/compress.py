"""Sentence compression that only deletes: the kept text is the publisher's own words.

A briefing has a word budget; a sentence spends part of it on what a summary does not
need: a trailing attribution (", the Labor Department reported on Thursday."), a
parenthetical ("(R-Ga.)", "(CPI)"), a party-and-state tag (", D-Calif.,"), an aside
between dashes, or a label opening the sentence ("Why it matters: "). Each rule cuts one
such span; what is left is a sequence of verbatim spans of the sentence, so it is still
the publisher's sentence, only shorter, and ``spans`` proves it.

Attribution is kept unless asked for (``attribution=True`` cuts only a trailing one;
one at the start, "Officials said ...", always stays): without it a claim reads as fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A trailing ", X said." / ", according to X." / ", X told reporters on Monday." clause.
_TRAILING_ATTRIBUTION = re.compile(
    r",\s+(?:according\s+to\s+[^,;]{2,80}?"
    r"|(?:[^,;\"\u201c\u201d]{2,70}?\s)?(?:said|says|told\s[^,;]{2,40}?|reported|announced"
    r"|wrote|tweeted)(?:\s(?:on\s)?(?:\w+day|in\s+a\s+statement|late\s\w+|last\s\w+))?)"
    r"(?=[.!][\"\u201d']?\s*$)",
)
_PARENTHETICAL = re.compile(r"\s*\((?:[^()]{1,60})\)")
# ", D-Calif." and its closing comma when a verb follows (", I-Vt., has won"), not when
# an apposition does (", D-Ore., the committee's ranking Democrat,").
_PARTY_TAG = re.compile(
    r",\s+[DRI]-[A-Z][A-Za-z.]{1,6}(?:,(?=\s+(?!(?:the|a|an|his|her|their|who|which)\b)[a-z]))?"
    r"(?=[,\s])"
)
_DASH_ASIDE = re.compile(
    r"\s+(?:--|\u2014|\u2013)\s+[^-\u2014\u2013]{3,120}?\s+(?:--|\u2014|\u2013)(?=\s)"
)
# A dateline left by a cut agency credit: "WASHINGTON (AP) — " and "WASHINGTON — ".
_DATELINE = re.compile(
    r"^[A-Z][A-Z .,'-]{2,40}(?:\s\([A-Za-z]{2,12}\))?\s+(?:--|\u2014|\u2013|-)\s+(?=[A-Z])"
)
# Where a main clause may end: before a subordinate or added clause.
_CLAUSE_BREAK = re.compile(
    r",\s+(?=(?:which|who|whom|whose|as|while|after|but|and|including|according|amid|despite"
    r"|where|when|saying|adding|though|although|because|since|with|citing|even)\b)"
    r"|\s+(?:--|\u2014|\u2013)\s+|;\s+"
)
ELLIPSIS = "\u2026"
_LABEL = re.compile(r"^(?:[A-Z][a-z]+(?:\s[a-z]+){0,3}):\s+(?=[A-Z\"\u201c])")

_END = ".,;:!?\"'\u201d\u2019\u2026"
_MIN_KEPT_WORDS = 6  # a cut that leaves less than this is not made


@dataclass(frozen=True, slots=True)
class Compressed:
    text: str  # the kept spans joined; equal to the sentence when nothing was cut
    spans: tuple[tuple[int, int], ...]  # [start, end) offsets into the sentence


def compress(sentence: str, *, attribution: bool = False) -> Compressed:
    """``sentence`` without the spans a briefing does not need (see the module doc)."""
    cuts: list[tuple[int, int]] = []
    label = _LABEL.match(sentence) or _DATELINE.match(sentence)
    if label:
        cuts.append((0, label.end()))
    for pattern in (_PARENTHETICAL, _PARTY_TAG, _DASH_ASIDE):
        cuts.extend((m.start(), m.end()) for m in pattern.finditer(sentence))
    if attribution:
        m = _TRAILING_ATTRIBUTION.search(sentence)
        if m:
            cuts.append((m.start(), m.end()))
    spans = _keep(sentence, cuts)
    text = "".join(sentence[a:b] for a, b in spans)
    if len(text.split()) < _MIN_KEPT_WORDS or (label and not text[:1].isupper()):
        return Compressed(sentence, ((0, len(sentence)),))
    return Compressed(text, spans)


def main_clause(sentence: str, max_words: int, min_words: int = 8) -> str:
    """The longest verbatim start of ``sentence`` that ends where a clause ends and has
    ``min_words`` to ``max_words`` words, marked as cut with an ellipsis; "" if none."""
    best = ""
    for m in _CLAUSE_BREAK.finditer(sentence):
        head = sentence[: m.start()].rstrip(" ,;")
        words = len(head.split())
        if words > max_words:
            break
        if words >= min_words and head.count('"') % 2 == 0 and head.count("(") == head.count(")"):
            best = head + ELLIPSIS
    return best


def _keep(sentence: str, cuts: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """The complement of the (possibly overlapping) cuts, as [start, end) spans."""
    kept: list[tuple[int, int]] = []
    position = 0
    for start, end in sorted(cuts):
        if start > position:
            kept.append((position, start))
        position = max(position, end)
    if position < len(sentence):
        kept.append((position, len(sentence)))
    return tuple(kept)


def is_cut_from(text: str, sentence: str) -> bool:
    """True when ``text`` is ``sentence`` with some stretches deleted (its words, in order,
    each a verbatim word of the sentence): how a reader checks a compressed sentence."""
    words = iter(sentence.split())
    return all(
        any(x.startswith(w.rstrip(_END)) for x in words) and w.rstrip(_END) for w in text.split()
    )
