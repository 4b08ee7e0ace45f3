"""Cold-start evaluation: what a freshly installed site with a few stories gets.

Used by bench/stories.py and the quality-floor test. From a labelled JSON-lines file
(AllSides roundups: ``doc_id``, ``story_id``, ``title``, ``text``, ``source``), take
random samples of a few whole stories, shuffle their articles, and replay each sample
into an empty store, text only (a young site's articles are often all from the same
hours, so time tells nothing), once in the shuffled order and once in another. Scores:
pairwise precision and recall against the labels, and the adjusted Rand index between
the two orders (1: the same stories whatever the arrival order).

Only doc_id, title, text and publisher reach the clusterer; the labels are read here.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bench import story_metrics as metrics
from newsdesk.stories.model import ClusterParams
from newsdesk.stories.replay import replay


@dataclass(frozen=True, slots=True)
class ColdStart:
    samples: int
    mean_precision: float
    worst_precision: float
    mean_recall: float
    mean_rand: float  # adjusted Rand between the two arrival orders
    worst_rand: float


def samples(rows: Sequence[dict], *, count: int, stories: int, seed: int) -> list[list[dict]]:
    """``count`` samples of ``stories`` whole stories each, articles shuffled."""
    rng = random.Random(seed)
    by_story: dict[str, list[dict]] = {}
    for row in rows:
        by_story.setdefault(row["story_id"], []).append(row)
    ids = sorted(by_story)
    out = []
    for _ in range(count):
        sample = [row for story in rng.sample(ids, stories) for row in by_story[story]]
        rng.shuffle(sample)
        out.append(sample)
    return out


def _stories(sample: Sequence[dict], params: ClusterParams, repair: bool) -> dict[str, str]:
    lines = [
        json.dumps(
            {
                "doc_id": r["doc_id"],
                "title": r["title"],
                "text": r["text"],
                "publisher": r["source"],
            }
        )
        for r in sample
    ]
    out = replay(lines, params=replace(params, window_days=None), related=0, repair=repair)
    return {str(o["doc_id"]): str(o["story_id"]) for o in out}


def evaluate(
    sample_list: Sequence[Sequence[dict]], params: ClusterParams, *, repair: bool = True
) -> ColdStart:
    """Score each sample in its order and reversed (the second order for the Rand)."""
    precision, recall, rand = [], [], []
    for sample in sample_list:
        first = _stories(sample, params, repair)
        second = _stories(list(reversed(sample)), params, repair)
        gold = {r["doc_id"]: r["story_id"] for r in sample}
        scores = metrics.pairwise(first, gold)
        precision.append(scores.precision)
        recall.append(scores.recall)
        rand.append(metrics.adjusted_rand(first, second))
    n = max(len(sample_list), 1)
    return ColdStart(
        samples=len(sample_list),
        mean_precision=sum(precision) / n,
        worst_precision=min(precision, default=0.0),
        mean_recall=sum(recall) / n,
        mean_rand=sum(rand) / n,
        worst_rand=min(rand, default=0.0),
    )
