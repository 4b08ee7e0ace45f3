"""Sparse vectors as dicts: TF-IDF weighting, unit length, cosine, sums, truncation.

Dicts beat scipy sparse rows here: one article has a few dozen terms and each is
compared with a few dozen candidates, so the per-call overhead of scipy dominates.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from newsdesk.stories.model import Vector


def idf(df: int, n_docs: int) -> float:
    """Smoothed inverse document frequency; never below 1 so early streams still work."""
    return math.log((n_docs + 1) / (df + 1)) + 1.0


def tfidf(counts: Mapping[str, float], df: Mapping[str, int], n_docs: int) -> Vector:
    """Sublinear term frequency times IDF, scaled to unit length."""
    vec = {t: (1.0 + math.log(c)) * idf(df.get(t, 0), n_docs) for t, c in counts.items() if c > 0}
    return unit(vec)


def unit(vec: Mapping[str, float]) -> Vector:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    if norm == 0.0:
        return {}
    return {t: v / norm for t, v in vec.items()}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    if na == 0.0 or nb == 0.0:
        return 0.0
    return dot(a, b) / (na * nb)


def add(vectors: Iterable[Mapping[str, float]]) -> Vector:
    total: Vector = {}
    for vec in vectors:
        for t, v in vec.items():
            total[t] = total.get(t, 0.0) + v
    return total


def top(vec: Mapping[str, float], k: int) -> tuple[str, ...]:
    """The k strongest terms, ties broken by the term so results are deterministic."""
    return tuple(t for t, _ in sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:k])


def blend(a: Mapping[str, float], b: Mapping[str, float], share_b: float) -> Vector:
    """One unit vector whose dot product is ``(1-share_b)*a.a' + share_b*b.b'``.

    ``a`` and ``b`` are unit vectors over disjoint keys; scaling them by the square
    roots of their shares keeps one dict, one dot product and one centroid per article.
    """
    if not a or share_b <= 0.0:
        return dict(a) if a else unit(b)
    if not b:
        return dict(a)
    wa, wb = math.sqrt(1.0 - share_b), math.sqrt(share_b)
    out = {t: wa * v for t, v in a.items()}
    out.update((t, wb * v) for t, v in b.items())
    return out


def top_excluding(vec: Mapping[str, float], k: int, mark: str) -> tuple[str, ...]:
    """Like ``top`` over the terms that do not start with ``mark``."""
    return top({t: v for t, v in vec.items() if not t.startswith(mark)}, k)


def truncate(vec: Mapping[str, float], k: int) -> Vector:
    return {t: vec[t] for t in top(vec, k)}
