"""Story clustering and related-article quality on the AllSides 2021 roundups.

    .venv/bin/python bench/stories.py [--data PATH] [--quick]

Protocol (see ../shared/bench/stories/README.md): the whole file is streamed in file
order; thresholds are picked on the first half of the stream (best pairwise F1 over a
grid) and every figure is reported on the second half. Only doc_id, title, text and
story_time reach the clusterer (through ``newsdesk.stories.replay``); story_id is read
here only to score. "text-only" ignores time; "3-day window" lets a story take articles
up to 3 days after its last one. The same-day window (0 days) is a known label leak
(every article of a roundup shares story_time) and is printed only as such.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import story_metrics as metrics  # noqa: E402
from newsdesk.stories.model import ClusterParams  # noqa: E402
from newsdesk.stories.replay import replay  # noqa: E402

DATA = ROOT / ".." / "shared" / "bench" / "stories" / "allsides_roundups_2021.jsonl"
# Tuned on the first half: join threshold x density neighbourhood x "sure" cosine,
# then the merge threshold (None: never merge) for the best of those.
JOIN_GRID = [-0.05, 0.0, 0.025, 0.05, 0.10]
K_GRID = [2, 3, 5]
SURE_GRID = [0.35, 0.40, 0.50]
MERGE_GRID: list[float | None] = [None, 0.0, 0.05, 0.1, 0.2]


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    join: float
    merge: float
    pair: metrics.Scores
    b3: metrics.Scores
    rank: metrics.RankScores
    seconds: float


def load(path: Path) -> tuple[list[str], dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    gold = {json.loads(line)["doc_id"]: json.loads(line)["story_id"] for line in lines}
    return lines, gold


def halves(lines: Sequence[str]) -> tuple[set[str], set[str]]:
    ids = [json.loads(line)["doc_id"] for line in lines]
    mid = len(ids) // 2
    return set(ids[:mid]), set(ids[mid:])


def run_newsdesk(
    lines: Sequence[str], params: ClusterParams, related: int = 10
) -> tuple[dict[str, str], dict[str, list[str]], float]:
    start = time.perf_counter()
    out = list(replay(lines, params=params, related=related))
    elapsed = time.perf_counter() - start
    pred = {str(o["doc_id"]): str(o["story_id"]) for o in out}
    rel = {str(o["doc_id"]): [str(x) for x in o["related"]] for o in out}  # type: ignore[attr-defined]
    return pred, rel, elapsed


# -- baseline: plain TF-IDF streaming clusterer (brute force, no names/headline weights) --
_WORD = re.compile(r"\w+")


def run_baseline(
    lines: Sequence[str], threshold: float, window: float | None
) -> tuple[dict[str, str], list[dict[str, float]], float]:
    start = time.perf_counter()
    docs = [json.loads(line) for line in lines]
    df: Counter[str] = Counter()
    vecs: list[dict[str, float]] = []
    times: list[datetime] = []
    centroids: list[dict[str, float]] = []
    last: list[datetime] = []
    pred: dict[str, str] = {}
    for i, d in enumerate(docs):
        tf = Counter(_WORD.findall((d["title"] + " " + d["text"]).lower()))
        df.update(tf.keys())
        n = i + 1
        v = {t: (1 + math.log(c)) * (math.log((n + 1) / (df[t] + 1)) + 1) for t, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        v = {t: x / norm for t, x in v.items()}
        at = datetime.fromisoformat(d["story_time"])
        vecs.append(v)
        times.append(at)
        best, best_sim = -1, 0.0
        for c, cen in enumerate(centroids):
            if window is not None and at - last[c] > timedelta(days=window):
                continue
            cn = math.sqrt(sum(x * x for x in cen.values())) or 1.0
            sim = sum(x * cen.get(t, 0.0) for t, x in v.items()) / cn
            if sim > best_sim:
                best, best_sim = c, sim
        if best >= 0 and best_sim >= threshold:
            for t, x in v.items():
                centroids[best][t] = centroids[best].get(t, 0.0) + x
            last[best] = max(last[best], at)
            pred[d["doc_id"]] = f"b{best}"
        else:
            centroids.append(dict(v))
            last.append(at)
            pred[d["doc_id"]] = f"b{len(centroids) - 1}"
    return pred, vecs, time.perf_counter() - start


def baseline_related(
    lines: Sequence[str], vecs: list[dict[str, float]], window: float | None
) -> dict[str, list[str]]:
    """Brute-force cosine ranking of every other article (in the window if any)."""
    docs = [json.loads(line) for line in lines]
    times = [datetime.fromisoformat(d["story_time"]) for d in docs]
    rel: dict[str, list[str]] = {}
    for i, d in enumerate(docs):
        scored = []
        for j, e in enumerate(docs):
            if i == j or (window is not None and abs(times[i] - times[j]) > timedelta(days=window)):
                continue
            a, b = vecs[i], vecs[j]
            scored.append((sum(x * b.get(t, 0.0) for t, x in a.items()), e["doc_id"]))
        scored.sort(reverse=True)
        rel[d["doc_id"]] = [doc for _, doc in scored[:10]]
    return rel


def score(
    pred: dict[str, str], rel: dict[str, list[str]], gold: dict[str, str], ids: set[str]
) -> tuple[metrics.Scores, metrics.Scores, metrics.RankScores]:
    g = {d: s for d, s in gold.items() if d in ids}
    p = {d: s for d, s in pred.items() if d in ids}
    r = {d: v for d, v in rel.items() if d in ids}
    return metrics.pairwise(p, g), metrics.bcubed(p, g), metrics.ranking(r, gold, k=2)


def tune_newsdesk(
    name: str, lines: Sequence[str], gold: dict[str, str], base: ClusterParams, quick: bool
) -> Result:
    first, second = halves(lines)

    def first_half_f1(params: ClusterParams) -> float:
        pred, _, _ = run_newsdesk(lines, params, related=0)
        return score(pred, {}, gold, first)[0].f1

    grid = [
        replace(base, join_threshold=j, density_k=k, sure_threshold=s, merge_threshold=None)
        for j in JOIN_GRID
        for k in (K_GRID[1:2] if quick else K_GRID)
        for s in (SURE_GRID[1:2] if quick else SURE_GRID)
    ]
    best = max(grid, key=first_half_f1)
    best = max((replace(best, merge_threshold=m) for m in MERGE_GRID), key=first_half_f1)
    pred, rel, secs = run_newsdesk(lines, best)
    pair, b3, rank = score(pred, rel, gold, second)
    label = f"{name} (k={best.density_k}, sure={best.sure_threshold:.2f})"
    merge = best.merge_threshold if best.merge_threshold is not None else float("nan")
    return Result(label, best.join_threshold, merge, pair, b3, rank, secs)


def tune_baseline(
    name: str, lines: Sequence[str], gold: dict[str, str], window: float | None
) -> Result:
    first, second = halves(lines)
    best: tuple[float, float] | None = None
    for thr in [0.2, 0.3, 0.4, 0.5]:
        pred, _, _ = run_baseline(lines, thr, window)
        f1 = score(pred, {}, gold, first)[0].f1
        if best is None or f1 > best[0]:
            best = (f1, thr)
    assert best is not None
    pred, vecs, secs = run_baseline(lines, best[1], window)
    rel = baseline_related(lines, vecs, window)
    pair, b3, rank = score(pred, rel, gold, second)
    return Result(name, best[1], float("nan"), pair, b3, rank, secs)


def print_table(results: Sequence[Result]) -> None:
    head = f"{'system':<52} {'join':>6} {'merge':>5} | {'pairP':>5} {'pairR':>5} {'pairF1':>6} | {'B3P':>5} {'B3R':>5} {'B3F1':>5} | {'R@2':>5} {'MRR':>5} | {'art/s':>6}"
    print(head)
    print("-" * len(head))
    for r in results:
        rate = 1479 / r.seconds if r.seconds else 0.0
        print(
            f"{r.name:<52} {r.join:6.3f} {r.merge:5.2f} | {r.pair.precision:5.3f} {r.pair.recall:5.3f} {r.pair.f1:6.3f} | "
            f"{r.b3.precision:5.3f} {r.b3.recall:5.3f} {r.b3.f1:5.3f} | {r.rank.recall_at_k:5.3f} {r.rank.mrr:5.3f} | {rate:6.0f}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--quick", action="store_true", help="coarser threshold grid")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument(
        "--ablation",
        action="store_true",
        help="also tune and score without word-prefix terms (subword_weight=0)",
    )
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"benchmark data not found: {args.data}", file=sys.stderr)
        return 2
    lines, gold = load(args.data)
    results = []
    if not args.no_baseline:
        results.append(tune_baseline("baseline TF-IDF, text-only", lines, gold, None))
        results.append(tune_baseline("baseline TF-IDF, 3-day window", lines, gold, 3.0))
    base = ClusterParams()
    results.append(
        tune_newsdesk(
            "newsdesk, text-only", lines, gold, replace(base, window_days=None), args.quick
        )
    )
    results.append(
        tune_newsdesk(
            "newsdesk, 3-day window", lines, gold, replace(base, window_days=3.0), args.quick
        )
    )
    if args.ablation:
        results.append(
            tune_newsdesk(
                "newsdesk words only, 3-day window",
                lines,
                gold,
                replace(base, window_days=3.0, subword_weight=0.0),
                args.quick,
            )
        )
    results.append(
        tune_newsdesk(
            "LEAKY newsdesk, 0-day window",
            lines,
            gold,
            replace(base, window_days=0.0),
            True,
        )
    )
    print(
        f"AllSides roundups 2021: {len(lines)} articles; tuned on first half, scored on second half"
    )
    print_table(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
