"""Sentences that lean on the one before them.

"He said the deal was done." means nothing once it stands alone: the reader of a
list of agreed points or publisher additions never saw the sentence that named
"he". Such a sentence is shown only where its antecedent is shown right before it.
"""

from __future__ import annotations

import re

# Personal and possessive pronouns that need an antecedent when they open a sentence.
_PERSONAL = frozenset(
    ("he", "she", "it", "they", "his", "her", "its", "their", "him", "them")
).union(("he's", "she's", "it's", "they're", "they've", "he'd", "she'd", "they'd"))
# "This"/"These" need an antecedent when a verb follows ("This was the first..."),
# not when a noun does ("This week the Senate...").
_DEMONSTRATIVE = frozenset(["this", "that", "these", "those"])
_VERBS = frozenset(
    [
        "is",
        "was",
        "are",
        "were",
        "has",
        "had",
        "have",
        "will",
        "would",
        "could",
        "can",
        "may",
        "might",
        "comes",
        "came",
        "means",
        "meant",
        "marks",
        "marked",
        "follows",
        "followed",
        "includes",
        "included",
        "remains",
        "remained",
    ]
)
_WORDS = re.compile(r"[A-Za-z\u2019']+")


def leans_on_previous(sentence: str) -> bool:
    """True when ``sentence`` opens with a pronoun whose antecedent is elsewhere."""
    words = [w.lower().replace("\u2019", "'") for w in _WORDS.findall(sentence[:60])[:2]]
    if not words:
        return False
    first = words[0]
    if first in _PERSONAL:
        return True
    return first in _DEMONSTRATIVE and len(words) > 1 and words[1] in _VERBS
