"""BM25 over the sentences of one article, for "Ask about this article".

Sentences are short documents, so BM25's length normalisation matters; the
standard k1/b values work well for sentence retrieval and need no tuning.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_K1 = 1.2
_B = 0.75


@dataclass(frozen=True, slots=True)
class Match:
    index: int  # sentence index
    score: float  # BM25
    coverage: float  # share of the query's idf mass found in the sentence, 0..1


def bm25_rank(
    query: Sequence[str], sentences: Sequence[Sequence[str]], *, heavy: frozenset[str] = frozenset()
) -> list[Match]:
    """Score every sentence against ``query``; best first (ties keep text order).

    Terms in ``heavy`` (names in the question) count double in the coverage: a
    question about "the Chinese ministry" is not answered by a sentence about the
    Ukrainian one.
    """
    n = len(sentences)
    if n == 0 or not query:
        return []
    df: Counter[str] = Counter()
    for terms in sentences:
        df.update(set(terms))
    avg_len = sum(len(t) for t in sentences) / n or 1.0
    unique_query = list(dict.fromkeys(query))
    # A query word the article never uses still counts in the coverage denominator
    # (with the idf of a term seen once) - that is what makes "not in the article" detectable.
    idf = {t: math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in unique_query}
    unseen = math.log(1 + (n - 1 + 0.5) / 1.5)
    weight = {t: (2.0 if t in heavy else 1.0) * (idf[t] if df[t] else unseen) for t in unique_query}
    mass = sum(weight.values()) or 1.0
    out = []
    for index, terms in enumerate(sentences):
        tf = Counter(terms)
        norm = _K1 * (1 - _B + _B * len(terms) / avg_len)
        score = 0.0
        found = 0.0
        for term in unique_query:
            f = tf.get(term, 0)
            if f:
                score += idf[term] * f * (_K1 + 1) / (f + norm)
                found += weight[term]
        out.append(Match(index, score, found / mass))
    out.sort(key=lambda m: (-m.score, m.index))
    return out
