"""A deliberately small English suffix stripper, the one stemmer of every stage.

It only has to make "sanctions"/"sanctioned" and "votes"/"voted" meet for overlap
scores and story matching; a full Porter/Snowball implementation would be a new
dependency for a few points of recall.
"""

from __future__ import annotations


def stem(word: str) -> str:
    """Strip common English inflections; leave short words, numbers and mixed tokens alone.

    A final "e" is dropped after stripping so "vote", "votes", "voted", "voting" all
    become "vot". Two copies used to differ: the enrichment one kept a final "e" on
    four-letter stems ("vote" vs "vot" for "voted") and stemmed tokens with digits or
    apostrophes ("1990s" -> "1990", "company's" -> "company'"). The story-matching rule
    won: it merges every form of a short verb, and a token that is not all letters is no
    inflected English word.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 5:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    elif word.endswith("ing") and len(word) >= 6:
        word = word[:-3]
    elif word.endswith("ed") and len(word) >= 5:
        word = word[:-2]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word
