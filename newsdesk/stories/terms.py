"""Turn a headline and body into weighted terms: words, and names of people/places/orgs.

Names are found by capitalisation: a run of capitalised words that does not start a
sentence ("Joe Biden", "Supreme Court", "Department of Justice"). That is crude next
to a tagger but needs no model download, costs microseconds, and on news text most of
what it finds are the people, places and organisations that tell two events apart.

Stop words and the stemmer are the shared ones of ``newsdesk.text``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from newsdesk.plaintext import scrub
from newsdesk.text.stemming import stem
from newsdesk.text.stopwords import NEWS_STOPWORDS as STOPWORDS

# Hyphens split words: "DeSantis-Biden" and "COVID-19" must share terms with
# "DeSantis" and "COVID" (keeping the compound as one token lost those matches).
_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?|[^\W\d_](?:[^\W_]|['\u2019.](?=[^\W_]))*")
# Key prefix of word-prefix terms (see ``prefix_terms``); never starts a word or a name.
PREFIX_MARK = "~"
_SENTENCE_END = re.compile(r"[.!?:;\"\u201c\u201d()\[\]\u2014\u2013]|\n")
# Longer inputs add nothing to a story match and would cost time (docs/threat-model.md: bounded work).
MAX_CHARS = 20_000

# Capitalised words that are not names when they start a title-case run.
_NOT_NAMES = STOPWORDS | {"breaking", "exclusive", "opinion", "analysis", "watch", "live", "update"}


@dataclass(frozen=True, slots=True)
class TermWeights:
    """How much one occurrence counts, by where it occurs and what it is."""

    title: float = 3.0
    entity: float = 1.2


def normalize_word(word: str) -> str:
    """Lowercase, fold accents and typographic apostrophes, strip possessives."""
    word = unicodedata.normalize("NFKD", word).lower()
    word = "".join(ch for ch in word if not unicodedata.combining(ch))
    word = word.replace("\u2019", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return word.replace("'", "").replace(".", "")


def _tokens(text: str) -> Iterator[tuple[str, bool]]:
    """Yield (raw token, starts_sentence) in order."""
    at_start = True
    pos = 0
    for match in _TOKEN.finditer(text):
        if _SENTENCE_END.search(text, pos, match.start()):
            at_start = True
        yield match.group(), at_start
        at_start = False
        pos = match.end()


def _is_capitalised(token: str) -> bool:
    return (token[:1].isupper() and not token.isupper()) or (token.isupper() and len(token) >= 2)


def _mostly_title_case(title: str) -> bool:
    """Headlines in Title Case capitalise every word: capitals there say nothing."""
    words = [w for w in _TOKEN.findall(title) if w[:1].isalpha() and w.lower() not in STOPWORDS]
    if len(words) < 3:
        return False
    return sum(1 for w in words if w[:1].isupper()) >= 0.8 * len(words)


def names(text: str) -> list[str]:
    """Capitalised multiword (or single) names, normalised.

    A single capitalised word at a sentence start is just grammar and is skipped; a
    run of two or more there ("Joe Biden said ...") is kept, minus a leading "The".
    """
    found: list[str] = []
    run: list[str] = []
    run_at_start = False
    pending_of = False

    def flush() -> None:
        if run and (not run_at_start or len(run) >= 2):
            words = [normalize_word(w) for w in run]
            if words and words[0] in _NOT_NAMES:
                words = words[1:]
            if words:
                found.append(" ".join(words))

    for token, at_start in _tokens(text):
        if token[:1].isalpha() and _is_capitalised(token):
            if not run:
                run_at_start = at_start
            elif at_start:
                if pending_of:
                    run.pop()
                flush()
                run = []
                run_at_start = True
            run.append(token)
            pending_of = False
        elif run and token.lower() in ("of", "de", "al") and not pending_of:
            # "Department of Justice": a lowercase joiner between capitals.
            run.append(token)
            pending_of = True
        else:
            if pending_of:
                run.pop()
            flush()
            run = []
            pending_of = False
    if pending_of and run:
        run.pop()
    flush()
    return [n for n in found if n and n not in STOPWORDS]


def _plain_words(text: str) -> list[str]:
    """Normalised words without stopwords or one-letter tokens (not stemmed)."""
    out = []
    for token, _ in _tokens(text):
        word = normalize_word(token)
        if len(word) >= 2 and word not in STOPWORDS:
            out.append(word)
    return out


def content_words(text: str) -> list[str]:
    """Normalised, stemmed words without stopwords or one-letter tokens."""
    return [stem(word) for word in _plain_words(text)]


def extract_terms(
    title: str, text: str, weights: TermWeights | None = None, prefix_length: int = 0
) -> dict[str, float]:
    """Raw term counts weighted by position (headline) and kind (name).

    Terms are stemmed words, plus ``"@name"`` terms for whole multiword names so that
    "John Roberts" and "Roberts Wesleyan" stay different, plus (when ``prefix_length``
    is above 0) ``"~prefix"`` terms: see ``prefix_terms``.
    """
    w = weights or TermWeights()
    title = scrub(title)[:1000]
    text = scrub(text)[:MAX_CHARS]
    counts: dict[str, float] = {}
    body_names = names(text)
    title_names = [] if _mostly_title_case(title) else names(title)
    name_words: set[str] = set()
    for name in body_names + title_names:
        for part in name.split():
            if part not in STOPWORDS and part not in ("of", "de", "al"):
                name_words.add(stem(part))

    def add(words: list[str], factor: float) -> None:
        for plain in words:
            word = stem(plain)
            boost = w.entity if word in name_words else 1.0
            counts[word] = counts.get(word, 0.0) + factor * boost
            if prefix_length > 0:
                key = prefix_key(plain, prefix_length)
                counts[key] = counts.get(key, 0.0) + factor

    # One tokenisation per field serves words and prefixes (it is most of the cost).
    add(_plain_words(title), w.title)
    add(_plain_words(text), 1.0)
    for name, factor in [(n, w.title) for n in title_names] + [(n, 1.0) for n in body_names]:
        if " " in name:
            key = "@" + name
            counts[key] = counts.get(key, 0.0) + factor * w.entity
    return counts


def prefix_key(word: str, length: int) -> str:
    """The prefix term of a normalised word; numbers stay whole ("2030", "52%")."""
    return PREFIX_MARK + (word[:length] if word.isalpha() else word)


def prefix_terms(counts: dict[str, float]) -> dict[str, float]:
    """The ``"~prefix"`` terms of ``extract_terms(..., prefix_length=N)`` output.

    A prefix term counts the first N letters of each content word. Truncation is a
    crude but robust "subword" match: "vaccine", "vaccinated" and "vaccination" share
    "~vacc" where the suffix stripper keeps them apart, and it needs no word list.
    Blended with the word terms (see ``ClusterParams.subword_weight``) it lifted
    related-article R@2 on the first half of the AllSides stream from 0.906 to 0.914
    (brute-force ranking, 3-day window); on its own it was no better than the words.
    """
    return {t: c for t, c in counts.items() if t.startswith(PREFIX_MARK)}


def word_terms(counts: dict[str, float]) -> dict[str, float]:
    """Everything of ``extract_terms`` output but the prefix terms."""
    return {t: c for t, c in counts.items() if not t.startswith(PREFIX_MARK)}
