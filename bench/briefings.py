"""Story-briefing benchmark on ../shared/bench/briefings/neus_test.jsonl (NeuS/AllSides test).

Scores the offline briefing (newsdesk.ai.briefing.brief_story) and two baselines in
the same run with ROUGE-1/2/L F1 exactly as the data README prescribes: the
`rouge-score` package, RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True),
scorer.score(reference, prediction), mean F1 x100 over all roundups, plus the mean
length in words and a 95% bootstrap interval (1,000 resamples, seed 0).

Document frequencies for idf come from the 921 article texts (title + body) of the
file, as the README's centroid baseline does; references are read only to score.

The README names no tuning split and the train/val splits are kept out, so design
choices were made on the even-numbered roundups (the "dev half") and the odd-numbered
ones are reported as a held-out half; ``--variants`` prints every variant tried on both.
Rule: a variant replaces the default only if it beats it on the dev half by more than
the bootstrap noise (about 1 point). None did. The default is v6 (v0 with deletion-only
compression) for reading, not for ROUGE: it drops "WASHINGTON (AP) —", "(R-Ga.)" and
"Why it matters:" from briefings and scores within noise of v0 on both halves. The
trailing-attribution cut (v7) stays off: it turns "X said" claims into bare facts.

    .venv/bin/python bench/briefings.py              # main table
    .venv/bin/python bench/briefings.py --ablation   # + each scoring signal alone
    .venv/bin/python bench/briefings.py --variants   # every variant tried, dev/held-out halves
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from nltk.stem.porter import PorterStemmer  # noqa: E402
from rouge_score import rouge_scorer  # noqa: E402

from bench import briefing_selection as selection  # noqa: E402
from newsdesk.ai.briefing import BriefingSource, BriefingWeights, brief_story  # noqa: E402
from newsdesk.ai.compress import is_cut_from  # noqa: E402
from newsdesk.enrich.centrality import count_documents, tfidf_matrix  # noqa: E402
from newsdesk.enrich.sentences import split_sentences  # noqa: E402
from newsdesk.enrich.words import content_terms  # noqa: E402
from newsdesk.text.stopwords import stopwords  # noqa: E402
from newsdesk.text.tokens import word_tokens  # noqa: E402

DATA = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "bench"
    / "briefings"
    / "neus_test.jsonl"
)
KEYS = ("rouge1", "rouge2", "rougeL")

# Every variant tried, in the order they were written down (before any was scored);
# the first is the briefing as it was before the headline/fill changes.
VARIANTS: tuple[tuple[str, dict[str, float]], ...] = (
    (
        "v0 before: body sentences, fill floor 0.5",
        {"title": 0.0, "fill_floor": 0.5, "coverage": 0.0, "compress": 0.0},
    ),
    ("v1 + headlines as candidates", {"title": 1.0, "coverage": 0.0, "compress": 0.0}),
    ("v2 + fill the budget (no floor)", {"fill_floor": 0.0, "compress": 0.0}),
    ("v3 + headlines + fill the budget", {"title": 1.0, "fill_floor": 0.0, "compress": 0.0}),
    # Written after v0-v3 were scored on the dev half (headlines as output hurt there).
    ("v4 concept coverage (shared bigrams), exact", {"coverage": 1.0, "compress": 0.0}),
    ("v5 v4 + headlines as candidates", {"title": 1.0, "coverage": 1.0, "compress": 0.0}),
    # Issue 9, written before scoring: deletion-only sentence compression (compress.py).
    ("v6 v0 + compression", {"compress": 1.0}),
    ("v7 v6 + trailing attribution cut", {"compress": 1.0, "cut_attribution": 1.0}),
    ("v8 v7 + fill floor 0.3", {"compress": 1.0, "cut_attribution": 1.0, "fill_floor": 0.3}),
    ("v9 v7 + fill the budget", {"compress": 1.0, "cut_attribution": 1.0, "fill_floor": 0.0}),
    ("v10 v7 + coverage", {"compress": 1.0, "cut_attribution": 1.0, "coverage": 1.0}),
    (
        "v11 v8 + main clause fills the budget",
        {"compress": 1.0, "cut_attribution": 1.0, "fill_floor": 0.3, "fit": 1.0},
    ),
    (
        "v12 v11, fill floor 0",
        {"compress": 1.0, "cut_attribution": 1.0, "fill_floor": 0.0, "fit": 1.0},
    ),
    # Issue 9, second pass: the best of a sweep of the signal weights, the fill floor and
    # the clause fit, chosen on the dev half (+1.0 ROUGE-1/2 there, paired bootstrap
    # interval of ROUGE-2 touching 0); on the held-out half +0.09 / +0.03: not adopted.
    (
        "v13 sweep winner: no centroid, position 0.6, fit, floor 0",
        {"centroid": 0.0, "position": 0.6, "fit": 1.0, "fill_floor": 0.0},
    ),
)

# Issue 9, third pass (bench/briefing_selection.py): a different selection, not weights.
# v15 scored +0.9/+0.6 ROUGE-1/2 over v6 on the dev half and +0.6/+0.2 on the held-out
# half: consistent but inside the bootstrap noise, and far from 43/20: not adopted.
SELECTIONS: tuple[tuple[str, selection.Selection], ...] = (
    ("v14 cross-outlet LexRank + shared words + MMR", selection.Selection()),
    ("v15 v14 + half the words new", selection.Selection(novel=0.5)),
    ("v16 v15 + trailing attribution cut", selection.Selection(novel=0.5, attribution=True)),
)


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def sources_of(item: dict) -> list[BriefingSource]:
    return [
        BriefingSource(publisher=f"Outlet {i + 1}", title=a["title"], text=a["text"])
        for i, a in enumerate(item["articles"])
    ]


def lead3(item: dict) -> str:
    """LEAD-3 of the first listed article (a random outlet: the order is shuffled)."""
    return " ".join(s.text for s in split_sentences(item["articles"][0]["text"])[:3])


class Centroid:
    """The README's TF-IDF centroid baseline: 3 sentences, cosine > 0.5 skipped, source order."""

    def __init__(self, items: Sequence[dict]) -> None:
        self.stem = PorterStemmer().stem
        self.stop = stopwords("en")
        docs = [self.terms(f"{a['title']} {a['text']}") for it in items for a in it["articles"]]
        self.idf = count_documents(docs).idf()

    def terms(self, text: str) -> list[str]:
        return [self.stem(t) for t in word_tokens(text) if t not in self.stop]

    def __call__(self, item: dict) -> str:
        sents = [s.text for a in item["articles"] for s in split_sentences(a["text"])]
        if not sents:
            return ""
        vectors = tfidf_matrix([self.terms(s) for s in sents], self.idf)
        centroid = vectors.mean(axis=0)
        centroid /= np.linalg.norm(centroid) or 1.0
        score = vectors @ centroid
        taken: list[int] = []
        for i in sorted(range(len(sents)), key=lambda i: -float(score[i])):
            if len(sents[i].split()) < 5 or any(
                float(vectors[i] @ vectors[j]) > 0.5 for j in taken
            ):
                continue
            taken.append(i)
            if len(taken) == 3:
                break
        return " ".join(sents[i] for i in sorted(taken))


def evaluate(
    name: str,
    system: Callable[[dict], str],
    items: Sequence[dict],
    scorer: rouge_scorer.RougeScorer,
) -> dict:
    rows = []
    words = []
    started = time.perf_counter()
    outputs = [system(item) for item in items]
    elapsed = time.perf_counter() - started
    for item, output in zip(items, outputs, strict=True):
        scores = scorer.score(item["reference_summary"], output)
        rows.append([scores[k].fmeasure * 100 for k in KEYS])
        words.append(len(output.split()))
    table = np.array(rows)
    rng = random.Random(0)
    boot = []
    for _ in range(1000):
        sample = [rng.randrange(len(rows)) for _ in rows]
        boot.append(table[sample].mean(axis=0))
    lo, hi = np.percentile(np.array(boot), [2.5, 97.5], axis=0)
    return {
        "name": name,
        "mean": table.mean(axis=0),
        "lo": lo,
        "hi": hi,
        "words": statistics.mean(words),
        "max_words": max(words),
        "ms": elapsed * 1000 / len(items),
    }


def print_table(title: str, results: Sequence[dict]) -> None:
    print(f"{title}; rouge-score, use_stemmer=True, F1 x100, 95% bootstrap interval")
    print("| system | ROUGE-1 | ROUGE-2 | ROUGE-L | mean words | max words | ms/story |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        cells = [
            f"{m:.2f} [{lo:.2f}, {hi:.2f}]"
            for m, lo, hi in zip(r["mean"], r["lo"], r["hi"], strict=True)
        ]
        print(
            f"| {r['name']} | {' | '.join(cells)} | {r['words']:.1f} | {r['max_words']} | {r['ms']:.1f} |"
        )
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--max-words", type=int, default=70)
    parser.add_argument("--ablation", action="store_true", help="also score each signal alone")
    parser.add_argument(
        "--variants",
        action="store_true",
        help="every variant tried, on the dev and held-out halves",
    )
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"missing {args.data}", file=sys.stderr)
        return 2
    items = load(args.data)
    scorer = rouge_scorer.RougeScorer(list(KEYS), use_stemmer=True)
    df = count_documents(
        [content_terms(f"{a['title']} {a['text']}") for it in items for a in it["articles"]]
    )

    unattributed = 0

    def ours(item: dict, weights: BriefingWeights | None = None) -> str:
        nonlocal unattributed
        briefing = brief_story(
            sources_of(item), max_words=args.max_words, document_frequencies=df, weights=weights
        )
        for s in briefing.sentences:
            article = item["articles"][s.source_index]
            source = article["title" if s.part == "title" else "text"]
            if (s.original or s.text) not in source or (
                s.original and not is_cut_from(s.text, s.original)
            ):
                unattributed += 1
        return " ".join(s.text for s in briefing.sentences)

    if args.variants:
        halves = (("dev half (even roundups)", items[0::2]), ("held-out half (odd)", items[1::2]))
        for label, half in halves:
            print_table(
                f"{label}: {len(half)} roundups",
                [
                    *(
                        evaluate(
                            name,
                            functools.partial(ours, weights=BriefingWeights(**kw)),
                            half,
                            scorer,
                        )
                        for name, kw in VARIANTS
                    ),
                    *(
                        evaluate(
                            name,
                            lambda item, how=how: selection.select(
                                item["articles"], df, args.max_words, how
                            ),
                            half,
                            scorer,
                        )
                        for name, how in SELECTIONS
                    ),
                ],
            )
        print(f"briefing sentences not found verbatim in their attributed source: {unattributed}")
        return 0

    results = [
        evaluate(f"newsdesk briefing (offline, <= {args.max_words} words)", ours, items, scorer),
        evaluate("TF-IDF centroid, 3 sentences", Centroid(items), items, scorer),
        evaluate("LEAD-3, first listed article", lead3, items, scorer),
    ]
    if args.ablation:
        for signal in ("agreement", "centroid", "headline", "position"):
            only = {
                k: (1.0 if k == signal else 0.0)
                for k in ("agreement", "centroid", "headline", "position")
            }
            weights = BriefingWeights(**only)
            results.append(
                evaluate(
                    f"ablation: {signal} only",
                    functools.partial(ours, weights=weights),
                    items,
                    scorer,
                )
            )
    print_table(f"{len(items)} roundups from {args.data.name}", results)
    print(f"briefing sentences not found verbatim in their attributed source: {unattributed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
