"""Quality floors on the AllSides 2021 roundups (see bench/stories.py for the full table).

Runs the replay (with its repair pass) with the default ClusterParams (the ones
bench/stories.py reports) and scores the second half of the stream; the cold-start
floors replay samples of 10 stories into an empty store, text only, in two orders.
Floors sit just under the measured figures: raise them when the clusterer improves,
never lower them.
"""

from __future__ import annotations

import json

import pytest

from bench import story_coldstart as coldstart
from bench import story_metrics as metrics
from newsdesk.stories.model import ClusterParams
from newsdesk.stories.replay import replay
from tests.conftest import need_shared_bench

# window_days -> (pair F1, BCubed F1, R@2, MRR), second half of the stream.
FLOORS = {
    3.0: (0.85, 0.905, 0.855, 0.92),  # measured 0.857 / 0.915 / 0.865 / 0.929
    None: (0.765, 0.855, 0.80, 0.89),  # measured 0.774 / 0.865 / 0.810 / 0.899
}


@pytest.fixture(scope="module")
def lines() -> list[str]:
    path = need_shared_bench("stories", "allsides_roundups_2021.jsonl")
    return path.read_text(encoding="utf-8").splitlines()


# Mean pair precision, worst pair precision, mean recall, mean adjusted Rand between
# two arrival orders: 20 samples of 10 stories from the whole file (bench/stories.py
# prints the same per half).
COLD_FLOORS = (0.99, 0.90, 0.92, 0.99)  # measured 0.995 / 0.909 / 0.929 / 1.000


@pytest.mark.slow
def test_cold_start_floor(lines: list[str]) -> None:
    rows = [json.loads(line) for line in lines]
    picked = coldstart.samples(rows, count=20, stories=10, seed=2021)
    c = coldstart.evaluate(picked, ClusterParams())
    print(
        f"cold start: P {c.mean_precision:.3f} worst {c.worst_precision:.3f} "
        f"R {c.mean_recall:.3f} ARI {c.mean_rand:.3f}"
    )
    assert c.mean_precision >= COLD_FLOORS[0] and c.worst_precision >= COLD_FLOORS[1]
    assert c.mean_recall >= COLD_FLOORS[2] and c.mean_rand >= COLD_FLOORS[3]


@pytest.mark.slow
@pytest.mark.parametrize("window", [3.0, None], ids=["3-day-window", "text-only"])
def test_quality_floor(lines: list[str], window: float | None) -> None:
    gold = {json.loads(line)["doc_id"]: json.loads(line)["story_id"] for line in lines}
    second = {json.loads(line)["doc_id"] for line in lines[len(lines) // 2 :]}
    out = list(replay(lines, window_days=window, text_only=window is None))
    pred = {str(o["doc_id"]): str(o["story_id"]) for o in out if o["doc_id"] in second}
    rel = {str(o["doc_id"]): list(o["related"]) for o in out if o["doc_id"] in second}  # type: ignore[call-overload]
    g = {d: s for d, s in gold.items() if d in second}
    pair, b3, rank = metrics.pairwise(pred, g), metrics.bcubed(pred, g), metrics.ranking(rel, gold)
    print(
        f"window={window}: pairF1 {pair.f1:.3f} B3 {b3.f1:.3f} R@2 {rank.recall_at_k:.3f} MRR {rank.mrr:.3f}"
    )
    floor = FLOORS[window]
    assert pair.f1 >= floor[0] and b3.f1 >= floor[1]
    assert rank.recall_at_k >= floor[2] and rank.mrr >= floor[3]


def test_metrics_definitions() -> None:
    gold = {"a": "1", "b": "1", "c": "1", "d": "2"}
    pred = {"a": "x", "b": "x", "c": "y", "d": "y"}
    pair = metrics.pairwise(pred, gold)
    assert (pair.precision, pair.recall) == (0.5, 1 / 3)
    b3 = metrics.bcubed(pred, gold)
    assert b3.precision == pytest.approx((1 + 1 + 0.5 + 0.5) / 4)
    assert b3.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    rank = metrics.ranking({"a": ["d", "b", "c"], "d": ["a"]}, gold, k=2)
    assert rank.queries == 1 and rank.recall_at_k == 0.5 and rank.mrr == 0.5


def test_adjusted_rand() -> None:
    a = {"a": "1", "b": "1", "c": "2", "d": "2"}
    assert metrics.adjusted_rand(a, {"a": "x", "b": "x", "c": "y", "d": "y"}) == 1.0
    assert metrics.adjusted_rand(a, {"a": "x", "b": "y", "c": "x", "d": "y"}) < 0
