"""Content terms and a stop-word language guess for the scoring functions.

Tokens, stop words and the stemmer are the shared ones of ``newsdesk.text``, so that
hashtags, summaries, retrieval and story matching agree on what a word is.
"""

from __future__ import annotations

import functools
from collections import Counter

from newsdesk.text.stemming import stem
from newsdesk.text.stopwords import stopwords
from newsdesk.text.tokens import word_tokens


def content_terms(text: str, language: str | None = None) -> list[str]:
    """Stemmed tokens with stop words and pure numbers removed, in text order."""
    stop = stopwords(language)
    english = (language or "en")[:2].lower() == "en"
    out = []
    for tok in word_tokens(text):
        if tok in stop or tok.isdigit():
            continue
        out.append(stem(tok) if english else tok)
    return out


# Languages tried when the caller does not know: the stop-word lists YAKE ships
# for the languages a European/US news site sees most.
_GUESSABLE = (
    "en",
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "nl",
    "ru",
    "pl",
    "sv",
    "da",
    "no",
    "fi",
    "tr",
    "uk",
    "cz",
)


def guess_language(text: str) -> str:
    """Two-letter code of the stop-word list that covers most of ``text``'s words.

    Good enough to pick stop words for YAKE; not a language identifier.
    """
    counts = Counter(word_tokens(text[:5000]))
    if not counts:
        return "en"
    hits = dict.fromkeys(_GUESSABLE, 0)
    languages = _languages_of()
    for token, n in counts.items():
        for code in languages.get(token, ()):
            hits[code] += n
    # Ties go to the earlier language in _GUESSABLE, as a scan in that order would.
    best = max(_GUESSABLE, key=lambda code: (hits[code], -_GUESSABLE.index(code)))
    return best if hits[best] > 0 else "en"


@functools.cache
def _languages_of() -> dict[str, tuple[str, ...]]:
    """Stop word -> the guessable languages listing it: one look-up per token, not 16."""
    out: dict[str, list[str]] = {}
    for code in _GUESSABLE:
        for word in stopwords(code):
            out.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in out.items()}
