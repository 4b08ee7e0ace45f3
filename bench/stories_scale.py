"""Per-article cost of clustering + related ranking as the store grows.

    .venv/bin/python bench/stories_scale.py [--sizes 10000,100000,1000000] [--probe 1000]

For each size N, a MemoryStoryStore is filled with N synthetic articles (Zipf-distributed
vocabulary, stories of 1-6 articles) written straight through the store protocol (the
cheap generator: no clustering while filling). Articles arrive at a constant rate
(``--per-day``, default 2000: a large aggregator), so a bigger store means a longer
history, as it does on a real site, while the 3-day window holds the same number of
articles at every size. Then ``--probe`` new synthetic articles, dated just after the
filled span, go through
``StoryClusterer.add`` followed by ``StoryClusterer.related`` each, with the repair pass
(``StoryRepairer.repair``) after every ``ClusterParams.repair_every`` of them as the
live worker runs it, and the mean time per article is reported with and without the
repair's share. Flat cost means the ratio to the smallest size stays near 1.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsdesk.stories import vectors  # noqa: E402
from newsdesk.stories.clusterer import StoryClusterer  # noqa: E402
from newsdesk.stories.memory import MemoryStoryStore  # noqa: E402
from newsdesk.stories.model import ArticleState, ClusterParams, StoryDoc, StoryState  # noqa: E402
from newsdesk.stories.repairer import StoryRepairer  # noqa: E402

VOCAB = 200_000
START = datetime(2026, 1, 1, tzinfo=UTC)


class Words:
    """Zipf-ish word sampler over synthetic words "wq0".."wq199999"."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words = [f"wq{_letters(i)}" for i in range(VOCAB)]
        weights = [1.0 / (rank + 10) for rank in range(VOCAB)]
        total = sum(weights)
        acc, self.cum = 0.0, []
        for w in weights:
            acc += w / total
            self.cum.append(acc)

    def sample(self, k: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cum, k=k)


def _letters(i: int) -> str:
    # Letters only: the tokenizer keeps them as one word and the stemmer leaves "wq..." alone.
    out = ""
    while True:
        out = "abcdefghijklmnopqrstuvwxyz"[i % 26] + out
        i //= 26
        if not i:
            return out


def fill(
    store: MemoryStoryStore,
    n: int,
    words: Words,
    rng: random.Random,
    params: ClusterParams,
    per_day: int,
) -> None:
    """Write n articles in stories of 1-6 members straight into the store."""
    written = 0
    while written < n:
        size = min(rng.randint(1, 6), n - written)
        topic = words.sample(8)
        at = START + timedelta(days=written / per_day)
        story_id = store.next_story_id()
        members = []
        for _ in range(size):
            terms = topic[: rng.randint(4, 8)] + words.sample(16)
            vec = vectors.unit({t: 1.0 + rng.random() for t in terms})
            store.count_document(vec.keys())
            members.append(vec)
            article = ArticleState(
                doc_id=f"d{written}",
                story_id=story_id,
                vector=vec,
                published_at=at,
                publisher=f"p{rng.randint(1, 300)}",
                title=" ".join(terms[:6]),
                top_terms=vectors.top(vec, params.index_terms),
                neighbour_sims=(0.3, 0.2, 0.1),
                seq=written,
                # The repair rebuilds vectors from raw counts; the unit weights stand in
                # (one shared dict: a million articles must fit in memory).
                counts=vec,
            )
            store.save_article(article)
            written += 1
        centroid = vectors.truncate(vectors.add(members), params.centroid_terms)
        store.save_story(
            StoryState(
                story_id=story_id,
                centroid=centroid,
                top_terms=vectors.top(centroid, params.index_terms),
                size=size,
                first_seen=at,
                last_seen=at,
                headline="synthetic",
                density_sum=0.2 * size,
            )
        )


def probe_docs(count: int, words: Words, rng: random.Random, start: datetime) -> list[StoryDoc]:
    docs = []
    topic = words.sample(8)
    for i in range(count):
        if i % 3 == 0:
            topic = words.sample(8)
        body = " ".join(topic[: rng.randint(4, 8)] + words.sample(60))
        docs.append(
            StoryDoc(
                doc_id=f"probe{i}",
                title=" ".join(topic[:5]),
                text=body,
                published_at=start + timedelta(minutes=i),
                publisher=f"p{rng.randint(1, 300)}",
            )
        )
    return docs


def measure(n: int, probe: int, per_day: int, seed: int = 7) -> tuple[float, float, float, float]:
    """Fill seconds, ms per article without and with the repair's share, articles/s."""
    rng = random.Random(seed)
    words = Words(rng)
    params = ClusterParams()
    store = MemoryStoryStore()
    t0 = time.perf_counter()
    fill(store, n, words, rng, params, per_day)
    fill_s = time.perf_counter() - t0
    clusterer = StoryClusterer(store, params)
    repairer = StoryRepairer(clusterer)
    docs = probe_docs(probe, words, random.Random(seed + 1), START + timedelta(days=n / per_day))
    gc.collect()
    gc.disable()  # a full GC pass over millions of objects would land on one probe
    repair_s = 0.0
    try:
        t0 = time.perf_counter()
        for i, doc in enumerate(docs, 1):
            clusterer.add(doc)
            clusterer.related(doc.doc_id, 10)
            if i % params.repair_every == 0:
                r0 = time.perf_counter()
                repairer.repair()
                repair_s += time.perf_counter() - r0
        per_article = (time.perf_counter() - t0) / probe
    finally:
        gc.enable()
    without = per_article - repair_s / probe
    return fill_s, without * 1000, per_article * 1000, 1.0 / per_article


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--probe", type=int, default=1000)
    ap.add_argument("--per-day", type=int, default=2000)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    measure(1000, 100, args.per_day)  # warm-up: regex compilation, caches, allocator
    print(
        f"{'stored':>9} | {'fill s':>7} | {'ms/article add+related':>22} | {'+ repair':>8} | {'articles/s':>10} | {'vs first':>8}"
    )
    first = None
    for n in sizes:
        fill_s, bare, ms, rate = measure(n, args.probe, args.per_day)
        first = first or ms
        print(
            f"{n:>9} | {fill_s:7.1f} | {bare:22.3f} | {ms:8.3f} | {rate:10.0f} | {ms / first:8.2f}x",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
