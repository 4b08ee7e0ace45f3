"""TF-IDF sentence vectors and LexRank centrality.

Small and dense on purpose: an article has tens of sentences and a story
briefing a few hundred, where numpy on a dense matrix is faster than building
a sparse one with scikit-learn (which the project does not depend on).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np


def inverse_document_frequency(docs: Sequence[Sequence[str]]) -> dict[str, float]:
    """Smoothed idf over ``docs``: ln((1 + N) / (1 + df)) + 1."""
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(set(doc))
    n = len(docs)
    return {term: math.log((1 + n) / (1 + count)) + 1.0 for term, count in df.items()}


def tfidf_matrix(
    docs: Sequence[Sequence[str]], idf: Mapping[str, float] | None = None
) -> np.ndarray:
    """Rows are L2-normalised tf-idf vectors of ``docs`` (all-zero rows stay zero)."""
    weights = idf if idf is not None else inverse_document_frequency(docs)
    vocab: dict[str, int] = {}
    for doc in docs:
        for term in doc:
            vocab.setdefault(term, len(vocab))
    matrix = np.zeros((len(docs), max(1, len(vocab))), dtype=np.float64)
    default = max(weights.values(), default=1.0)
    for row, doc in enumerate(docs):
        for term, count in Counter(doc).items():
            matrix[row, vocab[term]] = count * weights.get(term, default)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def lexrank(similarity: np.ndarray, *, damping: float = 0.85, iterations: int = 50) -> np.ndarray:
    """Continuous LexRank: stationary distribution of the similarity random walk."""
    n = similarity.shape[0]
    if n == 0:
        return np.zeros(0)
    sim = similarity.copy()
    np.fill_diagonal(sim, 0.0)
    rows = sim.sum(axis=1, keepdims=True)
    # A sentence similar to nothing jumps uniformly (keeps the chain stochastic).
    transition = np.where(rows > 0, sim / np.where(rows > 0, rows, 1.0), 1.0 / n)
    scores = np.full(n, 1.0 / n)
    for _ in range(iterations):
        updated = (1 - damping) / n + damping * transition.T @ scores
        if np.abs(updated - scores).sum() < 1e-8:
            scores = updated
            break
        scores = updated
    return np.asarray(scores * n)  # mean 1.0, so thresholds do not depend on n


@dataclass(frozen=True, slots=True)
class DocumentFrequencies:
    """Term document frequencies of a background collection (e.g. recent articles).

    Three articles of one story are too few to tell a rare word from a common one;
    a caller that has a corpus passes its counts in, built with ``count_documents``.
    """

    counts: Mapping[str, int]
    documents: int

    def idf(self) -> dict[str, float]:
        n = self.documents
        return {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in self.counts.items()}


def count_documents(docs: Sequence[Sequence[str]]) -> DocumentFrequencies:
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(set(doc))
    return DocumentFrequencies(counts=dict(df), documents=len(docs))
