"""Pair signals for story clustering: does a signal tell events apart beyond word overlap?

    .venv/bin/python bench/stories.py --evidence

Over the AllSides pairs within 3 days of each other (cosine >= 0.05), each signal's
AUC (same-story pairs ranked above the rest) on both halves of the stream; a logistic
combination with the density-corrected cosine (what the clusterer uses) is fitted on
the first half and checked on the second. Signals:

- cosine / corrected: the clusterer's TF-IDF cosine, and 2*cos - density(a) - density(b);
- names, places, numbers, quotes: event-level evidence that agrees (rare shared names
  weighted by idf; shared places, numbers, word pairs inside quotation marks);
- title corrected: the headline-only cosine, density-corrected the same way;
- rare pairs: idf-weighted word bigrams the two share (a phrase, not a subject word);
- local-idf corrected: the cosine re-weighted by each term's document frequency among
  the 100 articles around it in the stream (subject words of the week count less),
  density-corrected.

Rows are only printed here; the clusterer uses what the table supports.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from newsdesk.enrich.places import canonical_place
from newsdesk.stories import vectors
from newsdesk.stories.clusterer import StoryClusterer
from newsdesk.stories.memory import MemoryStoryStore
from newsdesk.stories.model import ArticleState, ClusterParams, Vector
from newsdesk.stories.terms import content_words, names

_NUMBER = re.compile(r"\d[\d,.]*%?")
_QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d]{8,300})[\"\u201d]")
_LOCAL = 50  # articles either side in the stream for the local document frequency
_RARE_PAIR = 20  # a word pair in more articles than this is a subject, not an event


@dataclass(frozen=True, slots=True)
class Evidence:
    names: frozenset[str]
    places: frozenset[str]
    numbers: frozenset[str]
    quotes: frozenset[str]  # word bigrams inside quotation marks
    pairs: frozenset[str]  # word bigrams of headline and text


def evidence(title: str, text: str) -> Evidence:
    both = f"{title}\n{text}"
    found = names(text) + names(title)
    places = {p for n in found + both.split() if (p := canonical_place(n.strip(".,;:")))}
    quotes = set()
    for quoted in _QUOTED.findall(both):
        words = content_words(quoted)
        quotes |= {f"{a} {b}" for a, b in itertools.pairwise(words)}
    words = content_words(f"{title} . {text}")
    return Evidence(
        frozenset(n for n in found if canonical_place(n) is None),
        frozenset(places),
        frozenset(m.rstrip(".,") for m in _NUMBER.findall(both) if len(m.rstrip(".,")) >= 2),
        frozenset(quotes),
        frozenset(f"{a} {b}" for a, b in itertools.pairwise(words)),
    )


SIGNALS = [
    "cosine",
    "corrected",
    "names",
    "places",
    "numbers",
    "quotes",
    "title corrected",
    "rare pairs",
    "local-idf corrected",
]


def _vectors(clusterer: StoryClusterer, rows: list[dict], headline_only: bool) -> list[Vector]:
    counts = [clusterer.term_counts(r["title"], "" if headline_only else r["text"]) for r in rows]
    states = [
        ArticleState(r["doc_id"], "", {}, None, "", "", counts=c)
        for r, c in zip(rows, counts, strict=True)
    ]
    found = clusterer.current_vectors(states)
    return [found[r["doc_id"]] for r in rows]


def _local_idf(vecs: list[Vector]) -> list[Vector]:
    terms = [set(v) for v in vecs]
    out = []
    for i, vec in enumerate(vecs):
        around = terms[max(0, i - _LOCAL) : i + _LOCAL + 1]
        n = len(around)
        out.append(
            vectors.unit(
                {
                    t: w * (math.log((n + 1) / (sum(t in s for s in around) + 1)) + 1)
                    for t, w in vec.items()
                }
            )
        )
    return out


def _corrected(pairs: list[tuple[int, int]], vecs: list[Vector], n: int) -> dict:
    cos = {(i, j): vectors.dot(vecs[i], vecs[j]) for i, j in pairs}
    near: list[list[float]] = [[] for _ in range(n)]
    for (i, j), c in cos.items():
        near[i].append(c)
        near[j].append(c)
    density = [sum(sorted(x, reverse=True)[:3]) / 3 for x in near]
    return {(i, j): 2 * c - density[i] - density[j] for (i, j), c in cos.items()}


def print_evidence(lines: Sequence[str], gold: dict[str, str]) -> None:
    rows = [json.loads(line) for line in lines]
    clusterer = StoryClusterer(MemoryStoryStore(), ClusterParams())
    for r in rows:
        clusterer.store.count_document(clusterer.term_counts(r["title"], r["text"]))
    vecs = _vectors(clusterer, rows, headline_only=False)
    ev = [evidence(r["title"], r["text"]) for r in rows]
    times = [datetime.fromisoformat(r["story_time"]) for r in rows]
    n, mid = len(rows), len(rows) // 2
    window = timedelta(days=3)
    near_pairs = [
        (i, j) for i in range(n) for j in range(i + 1, n) if abs(times[i] - times[j]) <= window
    ]
    cos = {(i, j): vectors.dot(vecs[i], vecs[j]) for i, j in near_pairs}
    corrected = _corrected(near_pairs, vecs, n)
    title = _corrected(near_pairs, _vectors(clusterer, rows, headline_only=True), n)
    local = _corrected(near_pairs, _local_idf(vecs), n)
    df = Counter(x for e in ev for x in e.names)
    pair_df = Counter(x for e in ev for x in e.pairs)

    def features(i: int, j: int) -> list[float]:
        a, b = ev[i], ev[j]
        rare = sum(math.log(n / df[x]) for x in a.names & b.names)
        rare_pairs = sum(
            math.log(n / pair_df[x]) for x in a.pairs & b.pairs if pair_df[x] <= _RARE_PAIR
        )
        return [
            cos[i, j],
            corrected[i, j],
            rare,
            float(len(a.places & b.places)),
            float(len(a.numbers & b.numbers)),
            float(len(a.quotes & b.quotes)),
            title[i, j],
            rare_pairs,
            local[i, j],
        ]

    halves_xy = []
    for lo, hi in ((0, mid), (mid, n)):
        pairs = [(i, j) for (i, j), c in cos.items() if lo <= i < hi and lo <= j < hi and c >= 0.05]
        x = np.array([features(i, j) for i, j in pairs])
        y = np.array([gold[rows[i]["doc_id"]] == gold[rows[j]["doc_id"]] for i, j in pairs], float)
        halves_xy.append((x, y))
    (x1, y1), (x2, y2) = halves_xy
    mean, std = x1.mean(0), x1.std(0) + 1e-9
    z1, z2 = (x1 - mean) / std, (x2 - mean) / std
    print(f"{'pair signal (AUC, within 3 days)':<44} {'1st':>6} {'2nd':>6}")
    print("-" * 58)
    for k, name in enumerate(SIGNALS):
        print(f"{name:<44} {_auc(x1[:, k], y1):6.3f} {_auc(x2[:, k], y2):6.3f}")
    for label, cols in (
        ("corrected + evidence (fit on 1st)", [1, 2, 3, 4, 5]),
        ("corrected + title corrected (fit on 1st)", [1, 6]),
        ("corrected + rare pairs (fit on 1st)", [1, 7]),
        ("corrected + local-idf corrected (fit on 1st)", [1, 8]),
        ("all (fit on 1st)", list(range(len(SIGNALS)))),
    ):
        w = _fit(z1[:, cols], y1)
        print(f"{label:<44} {_auc(z1[:, cols] @ w, y1):6.3f} {_auc(z2[:, cols] @ w, y2):6.3f}")


def _fit(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Plain logistic regression by gradient descent (weights only: AUC ignores the bias)."""
    w, b = np.zeros(z.shape[1]), 0.0
    for _ in range(2000):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        w -= 0.5 * z.T @ (p - y) / len(y)
        b -= 0.5 * float((p - y).mean())
    return w


def _auc(score: np.ndarray, y: np.ndarray) -> float:
    order = np.argsort(score, kind="stable")
    ranks = np.empty(len(score))
    ranks[order] = np.arange(1, len(score) + 1)
    pos = y == 1
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
