"""Search latency at scale: the full-text index vs a plain LIKE query, same data, same run.

    .venv/bin/python bench/search.py [--articles 100000] [--repeat 3] [--keep DIR]

Builds ``--articles`` synthetic articles on a throwaway SQLite file: sentences sampled
(seeded) from the AllSides 2021 roundups in ../shared/bench, so words follow real news
frequencies; 50 publishers; times spread over a year; 5% marked as wire copies. The
full-text index is kept by the migration's triggers while the rows go in, as in
production. Then every query of a fixed set runs ``--repeat`` times through
``newsdesk.search`` (parse, FTS5 match, filters, ranking, snippets for one page of 20)
and through the baseline: the same words as ``LIKE '%word%'`` on title and body, the
same ready-original filter, newest first, LIMIT 20, no snippets. Prints p50 / p95 per
side and their ratio. ``--keep DIR`` builds the database in DIR and reuses it on the
next run (the build takes minutes; the data is the same for the same seed and count).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / ".." / "shared" / "bench" / "stories" / "allsides_roundups_2021.jsonl"

QUERIES = [
    "biden",
    "vaccine",
    "climate emissions",
    "supreme court",
    '"white house"',
    '"supreme court" abortion',
    "taxes OR tariffs",
    "police -protest",
    "china trade",
    "election fraud claims",
    "infrastructure bill senate",
    "covid source:publisher-7",
    "afghanistan after:2021-06-01",
    "inflation before:2021-04-01",
    "the",
    "zyxwvutsrq",
]


def _sentences(path: Path) -> list[str]:
    sentences: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            for piece in doc.get("text", "").replace("\n", " ").split(". "):
                if 30 < len(piece) < 400:
                    sentences.append(piece.strip().rstrip(".") + ".")
    return sentences


def _build(count: int, sentences: list[str]) -> None:
    from newsdesk.storage.keys import text_key
    from newsdesk.storage.models import Article, ArticleStatus, Source

    rng = random.Random(20260601)
    sources = [
        Source.objects.create(url=f"https://publisher-{i}.example/feed", name=f"publisher-{i}")
        for i in range(50)
    ]
    start = datetime(2021, 1, 1, tzinfo=UTC)
    batch: list[Article] = []
    made = 0
    began = time.perf_counter()
    for n in range(count):
        body = " ".join(rng.choice(sentences) for _ in range(rng.randint(6, 14)))
        title = rng.choice(sentences)[:120]
        at = start + timedelta(minutes=rng.randint(0, 525_600))
        url = f"https://publisher.example/a/{n}"
        batch.append(
            Article(
                source=rng.choice(sources),
                item_key=text_key(url),
                url=url,
                url_key=text_key(url),
                title=title,
                language="en",
                published_at=at,
                sort_at=at,
                body_text=body,
                status=ArticleStatus.READY,
            )
        )
        if len(batch) == 2000:
            made += len(Article.objects.bulk_create(batch))
            batch = []
            print(f"\r  {made} articles", end="", file=sys.stderr, flush=True)
    made += len(Article.objects.bulk_create(batch))
    # Some become wire copies: they must not show up in either side's results.
    ids = list(Article.objects.values_list("pk", flat=True))
    copies = rng.sample(ids, len(ids) // 20)
    Article.objects.filter(pk__in=copies).update(copy_of_id=ids[0])
    print(f"\r  {made} articles in {time.perf_counter() - began:.0f} s", file=sys.stderr)


def _like(raw: str) -> None:
    """The baseline: every word as a substring of title or body, newest first."""
    from django.db import connection

    from newsdesk.search.query import parse

    query = parse(raw)
    words = [w for clause in query.clauses for term in clause[:1] for w in term.words]
    where = ["status = 'ready'", "copy_of_id IS NULL"]
    params: list[str] = []
    for word in words:
        where.append("(title LIKE %s ESCAPE '\\' OR body_text LIKE %s ESCAPE '\\')")
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [pattern, pattern]
    sql = (
        "SELECT id, title, body_text FROM storage_article WHERE "
        + " AND ".join(where)
        + " ORDER BY sort_at DESC, id DESC LIMIT 20"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.fetchall()


def _search(raw: str) -> None:
    from newsdesk.search.engine import search
    from newsdesk.search.query import parse

    search(parse(raw), limit=20)


def _time(run, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        for q in QUERIES:
            began = time.perf_counter()
            run(q)
            samples.append((time.perf_counter() - began) * 1000)
    return samples


def _p(samples: list[float], pct: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[pct - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--keep", type=Path, default=None, help="build once in DIR, reuse")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"no data at {args.data} (../shared/bench beside the repo?)", file=sys.stderr)
        return 2
    scratch = tempfile.TemporaryDirectory(prefix="newsdesk-bench-search-")
    folder = args.keep or Path(scratch.name)
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / f"bench-{args.articles}.sqlite3"
    built = database.exists()
    os.environ["NEWSDESK_DATA_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    from newsdesk.bootstrap import setup_django

    setup_django()
    if not built:
        _build(args.articles, _sentences(args.data))
    _search(QUERIES[0])  # warm the page cache for both sides
    _like(QUERIES[0])
    full_text = _time(_search, args.repeat)
    like = _time(_like, args.repeat)
    print(f"{args.articles} synthetic articles on SQLite; {len(QUERIES)} queries x {args.repeat}")
    print(f"{'method':<34} {'p50 ms':>8} {'p95 ms':>8} {'p50 vs LIKE':>12}")
    base50 = _p(like, 50)
    for name, samples in (
        ("LIKE '%word%' (baseline)", like),
        ("full-text search (FTS5 + snippets)", full_text),
    ):
        p50, p95 = _p(samples, 50), _p(samples, 95)
        print(f"{name:<34} {p50:>8.1f} {p95:>8.1f} {base50 / p50:>11.1f}x")
    scratch.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
