"""Word tokens, stop words and a light stemmer shared by the scoring functions.

Stop-word lists come from the files YAKE ships (34 languages), so hashtags,
summaries and retrieval agree on what a function word is without a second
download. The stemmer is a deliberately small English suffix stripper: it only
has to make "sanctions"/"sanctioned" meet for overlap scores, and a full
Porter/Snowball implementation would be a new dependency for a few points of
recall.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path

import yake

_TOKEN = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")
_STOPWORD_DIR = Path(yake.__file__).resolve().parent / "core" / "StopwordsList"


def _words(text: str) -> frozenset[str]:
    """A word set written as one whitespace-separated string (readable long lists)."""
    return frozenset(text.split())


# YAKE's English list misses a few words that news prose is full of.
_EXTRA_EN = _words("""
    said says say told tells according also would could might may will one two new
    year years time mr mrs ms us
    """)


def word_tokens(text: str) -> list[str]:
    """Lower-cased word tokens (letters/digits, with an inner apostrophe kept)."""
    return [t.lower().replace("\u2019", "'") for t in _TOKEN.findall(text)]


@functools.cache
def stopwords(language: str | None = None) -> frozenset[str]:
    """Stop words for a two-letter language code; English when unknown or None."""
    code = (language or "en")[:2].lower()
    path = _STOPWORD_DIR / f"stopwords_{code}.txt"
    if not code.isalpha() or not path.is_file():
        path = _STOPWORD_DIR / "stopwords_en.txt"
        code = "en"
    try:
        words = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        words = path.read_text(encoding="ISO-8859-1")
    found = frozenset(w.strip().lower() for w in words.splitlines() if w.strip())
    return found | _EXTRA_EN if code == "en" else found


def stem(token: str) -> str:
    """Strip common English inflections ("sanctions" -> "sanction", "talked" -> "talk")."""
    if len(token) <= 3 or not token.isascii():
        return token
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", "e")):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            token = token[: -len(suffix)] + repl
            break
    else:
        if token.endswith("s") and not token.endswith(("ss", "us", "is")):
            token = token[:-1]
    # "arrive"/"arrived"/"arriving" all end as "arriv".
    if len(token) > 4 and token.endswith("e"):
        token = token[:-1]
    return token


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
