"""Quality floors on the AllSides 2021 roundups (see bench/stories.py for the full table).

Runs the replay with the default ClusterParams (the ones bench/stories.py reports) and
scores the second half of the stream. Floors sit just under the measured figures: raise
them when the clusterer improves, never lower them.
"""

from __future__ import annotations

import json

import pytest

from bench import story_metrics as metrics
from newsdesk.stories.replay import replay
from tests.conftest import need_shared_bench

# window_days -> (pair F1, BCubed F1, R@2, MRR), second half of the stream.
FLOORS = {
    3.0: (0.83, 0.895, 0.845, 0.915),  # measured 0.837 / 0.900 / 0.852 / 0.920
    None: (0.68, 0.805, 0.67, 0.80),  # measured 0.690 / 0.813 / 0.681 / 0.808
}


@pytest.fixture(scope="module")
def lines() -> list[str]:
    path = need_shared_bench("stories", "allsides_roundups_2021.jsonl")
    return path.read_text(encoding="utf-8").splitlines()


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
