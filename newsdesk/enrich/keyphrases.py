"""Subject keyphrases ("political prisoners", "Ukraine war") from YAKE.

YAKE is unsupervised and ships stop words for 34 languages, so it works on any
article without a model download. Its raw output mixes in name fragments
("President Alexander") and verb phrases ("Lukashenko hosts"); ``find_subjects``
keeps only phrases that name a subject and recur in the text.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

import yake

from newsdesk.enrich import furniture
from newsdesk.text.stopwords import stopwords
from newsdesk.text.tokens import word_tokens


@dataclass(frozen=True, slots=True)
class Keyphrase:
    text: str  # as it appears in the text, e.g. "political prisoners"
    count: int  # case-insensitive occurrences in title + body
    rank: int  # 0 = YAKE's best


# YAKE costs ~7 ms per 1,000 characters and was most of the time of a tag run; it
# only proposes phrases (a news article states its subject in its title and lead)
# and their recurrence is then counted over the whole text, so it reads the title
# and the lead up to 1,500 characters, cut at a sentence end (bench/enrich.py:
# with 2,000 characters and per-phrase regex counts tags + summary took a median
# 22 ms/article, now 18; name recall unchanged).
_MAX_CHARS = 1_500
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s")
_VERBISH = re.compile(r"(?:ed|ing)$")


def find_subjects(
    title: str, body: str, *, language: str, cased_script: bool = True, top: int = 30
) -> list[Keyphrase]:
    """Multi-word subjects (or single words in scripts without capitals), best first."""
    full = f"{title}\n{body}"
    text = _lead(full)
    if not text.strip():
        return []
    try:
        raw = _extractor(language, top).extract_keywords(text)
    except Exception:  # YAKE raises assorted errors on odd input; tags are optional
        return []
    stop = stopwords(language)
    tokens_of = [(phrase, word_tokens(phrase)) for phrase, _score in raw]
    counts = _ngram_counts(word_tokens(full), {len(t) for _, t in tokens_of})
    out: list[Keyphrase] = []
    for rank, (phrase, tokens) in enumerate(tokens_of):
        if not tokens or not _acceptable(phrase, tokens, stop, cased_script):
            continue
        out.append(Keyphrase(phrase, counts[tuple(tokens)], rank))
    return out


def _lead(text: str) -> str:
    """The first ``_MAX_CHARS`` characters, ending at a sentence end when there is one.

    A cut word ("Lukash") would be proposed as a phrase of its own.
    """
    if len(text) <= _MAX_CHARS:
        return text
    head = text[:_MAX_CHARS]
    ends = [m.end() for m in _SENTENCE_END.finditer(head)]
    cut = max([e for e in ends if e > _MAX_CHARS // 2], default=_MAX_CHARS)
    return head[:cut]


@functools.lru_cache(maxsize=64)
def _extractor(language: str, top: int) -> yake.KeywordExtractor:
    # Building one reads the stop-word file. Its only state between texts is a memo
    # of its (pure) phrase-similarity function, so sharing it changes no result.
    return yake.KeywordExtractor(lan=language, n=2, top=top, dedup_lim=0.8)


def _ngram_counts(tokens: list[str], sizes: set[int]) -> Counter[tuple[str, ...]]:
    """Occurrences of every token n-gram of the wanted sizes, in one pass.

    A whole-word search of the phrase in the token stream, for all phrases at once
    instead of one regex scan of the text per phrase (overlapping repeats count each).
    """
    counts: Counter[tuple[str, ...]] = Counter()
    for size in sizes:
        if size > 0:
            counts.update(zip(*(tokens[i:] for i in range(size)), strict=False))
    return counts


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
