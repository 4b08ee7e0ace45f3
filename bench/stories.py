"""Story clustering and related-article quality on the AllSides 2021 roundups.

    .venv/bin/python bench/stories.py [--data PATH] [--tune] [--no-baseline]

Protocol (see ../shared/bench/stories/README.md): the whole file is streamed in file
order and every figure is reported on both halves of the stream; parameters are chosen
on the first half (``--tune`` re-runs that choice: best first-half pairwise F1 over a
grid of the repair threshold and the similarity floor) and checked on the second. Only doc_id, title, text and
story_time reach the clusterer (through ``newsdesk.stories.replay``); story_id is read
here only to score. "text-only" ignores time; "3-day window" lets a story take articles
up to 3 days after its last one. The same-day window (0 days) is a known label leak
(every article of a roundup shares story_time) and is printed only as such.

The replay runs the repair pass as the live worker does (every
``ClusterParams.repair_every`` articles and at the end); "streaming only" rows turn it
off. The cold-start table replays 20 samples of 10 whole stories each, text only and
shuffled, into an empty store (``bench/story_coldstart.py``), from the stories of
each half, and replays each sample again in reverse to measure order dependence.
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


from bench import story_coldstart as coldstart  # noqa: E402
from bench import story_evidence as evidence  # noqa: E402
from bench import story_metrics as metrics  # noqa: E402
from newsdesk.stories.model import ClusterParams  # noqa: E402
from newsdesk.stories.replay import replay  # noqa: E402

DATA = ROOT / ".." / "shared" / "bench" / "stories" / "allsides_roundups_2021.jsonl"
# ``--tune``: repair threshold x similarity floor, best first-half pair F1 (3-day).
REPAIR_GRID = [-0.05, -0.075, -0.1]
FLOOR_GRID = [0.08, 0.10, 0.12, 0.16]
COLD_SAMPLES, COLD_STORIES, COLD_SEED = 20, 10, 2021


@dataclass(frozen=True, slots=True)
class HalfScores:
    pair: metrics.Scores
    b3: metrics.Scores
    rank: metrics.RankScores


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    threshold: float
    floor: float
    halves: tuple[HalfScores, HalfScores]
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
    lines: Sequence[str], params: ClusterParams, related: int = 10, repair: bool = True
) -> tuple[dict[str, str], dict[str, list[str]], float]:
    start = time.perf_counter()
    out = list(replay(lines, params=params, related=related, repair=repair))
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
) -> HalfScores:
    g = {d: s for d, s in gold.items() if d in ids}
    p = {d: s for d, s in pred.items() if d in ids}
    r = {d: v for d, v in rel.items() if d in ids}
    return HalfScores(metrics.pairwise(p, g), metrics.bcubed(p, g), metrics.ranking(r, gold, k=2))


def both_halves(
    lines: Sequence[str], pred: dict[str, str], rel: dict[str, list[str]], gold: dict[str, str]
) -> tuple[HalfScores, HalfScores]:
    first, second = halves(lines)
    return score(pred, rel, gold, first), score(pred, rel, gold, second)


def tune_newsdesk(lines: Sequence[str], gold: dict[str, str], base: ClusterParams) -> ClusterParams:
    """Best first-half pair F1 (3-day window) over the repair threshold x floor grid."""
    first, _ = halves(lines)

    def first_half_f1(params: ClusterParams) -> float:
        pred, _, _ = run_newsdesk(lines, params, related=0)
        f1 = score(pred, {}, gold, first).pair.f1
        print(f"  repair {params.repair_threshold:+.3f} floor {params.floor:.2f}: {f1:.3f}")
        return f1

    grid = [
        replace(base, repair_threshold=t, floor=f, window_days=3.0)
        for t in REPAIR_GRID
        for f in FLOOR_GRID
    ]
    return max(grid, key=first_half_f1)


def run_result(
    name: str, lines: Sequence[str], gold: dict[str, str], params: ClusterParams, repair: bool
) -> Result:
    pred, rel, secs = run_newsdesk(lines, params, repair=repair)
    return Result(
        name,
        params.repair_threshold if repair else params.join_threshold,
        params.floor,
        both_halves(lines, pred, rel, gold),
        secs,
    )


def tune_baseline(
    name: str, lines: Sequence[str], gold: dict[str, str], window: float | None
) -> Result:
    first, _ = halves(lines)
    best: tuple[float, float] | None = None
    for thr in [0.2, 0.3, 0.4, 0.5]:
        pred, _, _ = run_baseline(lines, thr, window)
        f1 = score(pred, {}, gold, first).pair.f1
        if best is None or f1 > best[0]:
            best = (f1, thr)
    assert best is not None
    pred, vecs, secs = run_baseline(lines, best[1], window)
    rel = baseline_related(lines, vecs, window)
    return Result(name, best[1], float("nan"), both_halves(lines, pred, rel, gold), secs)


def print_table(results: Sequence[Result]) -> None:
    head = f"{'system':<44} {'half':>4} {'thr':>6} {'floor':>5} | {'pairP':>5} {'pairR':>5} {'pairF1':>6} | {'B3P':>5} {'B3R':>5} {'B3F1':>5} | {'R@2':>5} {'MRR':>5} | {'art/s':>6}"
    print(head)
    print("-" * len(head))
    for r in results:
        rate = 1479 / r.seconds if r.seconds else 0.0
        for half, h in zip(("1st", "2nd"), r.halves, strict=True):
            print(
                f"{r.name:<44} {half:>4} {r.threshold:6.3f} {r.floor:5.2f} | {h.pair.precision:5.3f} {h.pair.recall:5.3f} {h.pair.f1:6.3f} | "
                f"{h.b3.precision:5.3f} {h.b3.recall:5.3f} {h.b3.f1:5.3f} | {h.rank.recall_at_k:5.3f} {h.rank.mrr:5.3f} | {rate:6.0f}"
            )


def print_cold_start(lines: Sequence[str], params: ClusterParams) -> None:
    rows = [json.loads(line) for line in lines]
    first, second = halves(lines)
    head = f"{'cold start (20 x 10 stories, text only)':<44} {'half':>4} | {'meanP':>5} {'worstP':>6} {'meanR':>5} | {'ARI':>5} {'worst':>5}"
    print(head)
    print("-" * len(head))
    for half, ids in (("1st", first), ("2nd", second)):
        pool = [r for r in rows if r["doc_id"] in ids]
        # Whole stories only: a story straddling the halves belongs to neither.
        story_ids = {r["story_id"] for r in pool} - {
            r["story_id"] for r in rows if r["doc_id"] not in ids
        }
        pool = [r for r in pool if r["story_id"] in story_ids]
        picked = coldstart.samples(pool, count=COLD_SAMPLES, stories=COLD_STORIES, seed=COLD_SEED)
        for name, repair in (("streaming only", False), ("with repair", True)):
            c = coldstart.evaluate(picked, params, repair=repair)
            print(
                f"{name:<44} {half:>4} | {c.mean_precision:5.3f} {c.worst_precision:6.3f} "
                f"{c.mean_recall:5.3f} | {c.mean_rand:5.3f} {c.worst_rand:5.3f}"
            )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument(
        "--tune", action="store_true", help="choose repair threshold and floor on the first half"
    )
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument(
        "--evidence",
        action="store_true",
        help="only the pair-signal table: word overlap vs event evidence (AUC per half)",
    )
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
    if args.evidence:
        evidence.print_evidence(lines, gold)
        return 0
    base = ClusterParams()
    if args.tune:
        print("tuning on the first half (3-day window, pair F1):")
        base = tune_newsdesk(lines, gold, base)
    results = []
    if not args.no_baseline:
        results.append(tune_baseline("baseline TF-IDF, text-only", lines, gold, None))
        results.append(tune_baseline("baseline TF-IDF, 3-day window", lines, gold, 3.0))
    for label, window in (("text-only", None), ("3-day window", 3.0)):
        params = replace(base, window_days=window)
        results.append(run_result(f"newsdesk streaming only, {label}", lines, gold, params, False))
        results.append(run_result(f"newsdesk with repair, {label}", lines, gold, params, True))
    if args.ablation:
        params = replace(base, window_days=3.0, subword_weight=0.0)
        results.append(run_result("newsdesk words only, 3-day window", lines, gold, params, True))
    results.append(
        run_result(
            "LEAKY newsdesk, 0-day window", lines, gold, replace(base, window_days=0.0), True
        )
    )
    print(f"AllSides roundups 2021: {len(lines)} articles; parameters chosen on the first half")
    print_table(results)
    print()
    print_cold_start(lines, base)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
