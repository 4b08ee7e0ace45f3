"""Subject keyphrases ("political prisoners", "Ukraine war") from YAKE.

YAKE is unsupervised and ships stop words for 34 languages, so it works on any
article without a model download. Its raw output mixes in name fragments
("President Alexander") and verb phrases ("Lukashenko hosts"); ``find_subjects``
keeps only phrases that name a subject and recur in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yake

from newsdesk.enrich import furniture
from newsdesk.enrich.words import stopwords, word_tokens


@dataclass(frozen=True, slots=True)
class Keyphrase:
    text: str  # as it appears in the text, e.g. "political prisoners"
    count: int  # case-insensitive occurrences in title + body
    rank: int  # 0 = YAKE's best


# YAKE costs ~15 ms per 1,000 characters; it only proposes phrases (a news
# article states its subject in the lead) and their recurrence is then counted
# over the whole text, so it reads the first 2,000 characters (bench/enrich.py).
_MAX_CHARS = 2_000
_VERBISH = re.compile(r"(?:ed|ing)$")


def find_subjects(
    title: str, body: str, *, language: str, cased_script: bool = True, top: int = 30
) -> list[Keyphrase]:
    """Multi-word subjects (or single words in scripts without capitals), best first."""
    full = f"{title}\n{body}"
    text = full[:_MAX_CHARS]
    if not text.strip():
        return []
    extractor = yake.KeywordExtractor(lan=language, n=2, top=top, dedup_lim=0.8)
    try:
        raw = extractor.extract_keywords(text)
    except Exception:  # YAKE raises assorted errors on odd input; tags are optional
        return []
    stop = stopwords(language)
    low_text = " ".join(word_tokens(full))
    out: list[Keyphrase] = []
    for rank, (phrase, _score) in enumerate(raw):
        tokens = word_tokens(phrase)
        if not tokens or not _acceptable(phrase, tokens, stop, cased_script):
            continue
        count = _count(low_text, " ".join(tokens))
        out.append(Keyphrase(phrase, count, rank))
    return out


def _acceptable(phrase: str, tokens: list[str], stop: frozenset[str], cased_script: bool) -> bool:
    if any(t in stop or t.isdigit() or len(t) < 2 for t in tokens):
        return False
    junk = furniture.FURNITURE_WORDS | furniture.DATELINE_WORDS | furniture.AGENCIES
    if any(t in junk for t in tokens):
        return False
    if any(t in furniture.HEAD_TITLES or t in furniture.TITLE_MODIFIERS for t in tokens):
        return False
    if not cased_script:
        return len(phrase) >= 2
    if len(tokens) < 2:
        return False  # a single common word is not a subject; single names come from names.py
    words = phrase.split()
    if all(w[:1].isupper() for w in words):
        return False  # a name fragment: names.py handles names
    last = tokens[-1]
    return not (_VERBISH.search(last) and len(last) <= 7)  # "talks held", "ties ended"


def _count(haystack: str, needle: str) -> int:
    return len(re.findall(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack))
