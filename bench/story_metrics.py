"""Clustering and ranking scores used by bench/stories.py and the quality-floor test.

Benchmark code, not part of the package. Definitions follow the README of the AllSides
bench data (``../shared/bench/stories/README.md``): pairwise F1 as in Miranda et
al. 2018 (eval_lib.py of Priberam/news-clustering), BCubed averaged over articles,
related-article R@k and MRR against the gold story mates.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def pairwise(predicted: Mapping[str, str], gold: Mapping[str, str]) -> Scores:
    """Pair counting over the articles present in both mappings."""
    ids = [d for d in gold if d in predicted]
    joint = Counter((predicted[d], gold[d]) for d in ids)
    pred_sizes = Counter(predicted[d] for d in ids)
    gold_sizes = Counter(gold[d] for d in ids)

    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    tp = sum(pairs(n) for n in joint.values())
    pred_pairs = sum(pairs(n) for n in pred_sizes.values())
    gold_pairs = sum(pairs(n) for n in gold_sizes.values())
    p = tp / pred_pairs if pred_pairs else 1.0
    r = tp / gold_pairs if gold_pairs else 1.0
    return Scores(p, r, _f1(p, r))


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> Scores:
    ids = [d for d in gold if d in predicted]
    joint = Counter((predicted[d], gold[d]) for d in ids)
    pred_sizes = Counter(predicted[d] for d in ids)
    gold_sizes = Counter(gold[d] for d in ids)
    if not ids:
        return Scores(0.0, 0.0, 0.0)
    p = sum(joint[predicted[d], gold[d]] / pred_sizes[predicted[d]] for d in ids) / len(ids)
    r = sum(joint[predicted[d], gold[d]] / gold_sizes[gold[d]] for d in ids) / len(ids)
    return Scores(p, r, _f1(p, r))


@dataclass(frozen=True, slots=True)
class RankScores:
    recall_at_k: float
    mrr: float
    queries: int


def ranking(
    rankings: Mapping[str, Sequence[str]], gold: Mapping[str, str], k: int = 2
) -> RankScores:
    """R@k: share of an article's gold mates in its top k (averaged over articles);
    MRR: reciprocal rank of the first gold mate. Articles without mates are skipped."""
    members: dict[str, set[str]] = defaultdict(set)
    for doc, story in gold.items():
        members[story].add(doc)
    recalls, rrs = [], []
    for doc, ranked in rankings.items():
        if doc not in gold:
            continue
        mates = members[gold[doc]] - {doc}
        if not mates:
            continue
        recalls.append(len(mates & set(ranked[:k])) / len(mates))
        rr = 0.0
        for i, other in enumerate(ranked, 1):
            if other in mates:
                rr = 1.0 / i
                break
        rrs.append(rr)
    n = len(recalls)
    return RankScores(sum(recalls) / n if n else 0.0, sum(rrs) / n if n else 0.0, n)
