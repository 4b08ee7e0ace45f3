"""Stop words: the per-language lists YAKE ships, and the list story matching was tuned on.

Two lists on purpose, for two jobs. ``stopwords(language)`` covers 34 languages (the
files YAKE ships, so hashtags, summaries and retrieval agree on what a function word is
without a second download). ``NEWS_STOPWORDS`` is the English list the story clusterer's
thresholds were chosen with (function words plus news boilerplate such as weekdays);
swapping it for YAKE's would move every clustering figure.
"""

from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path

import yake

_STOPWORD_DIR = Path(yake.__file__).resolve().parent / "core" / "StopwordsList"


def _words(text: str) -> frozenset[str]:
    """A word set written as one whitespace-separated string (readable long lists)."""
    return frozenset(text.split())


# YAKE's English list misses a few words that news prose is full of.
_EXTRA_EN = _words("""
    said says say told tells according also would could might may will one two new
    year years time mr mrs ms us
    """)

# English function words plus news boilerplate ("said", "told", weekdays) that never
# tells two stories apart.
NEWS_STOPWORDS = frozenset(
    line.strip()
    for line in (files("newsdesk.text") / "stopwords_news.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip() and not line.startswith("#")
)


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
