"""Cost per article of the story stores: memory vs database (git HEAD vs working tree).

    .venv/bin/python bench/story_store.py [--data PATH] [--lines 600] [--no-head]

Streams the first ``--lines`` lines of the AllSides 2021 roundups through
``StoryClusterer.add`` (ClusterParams() defaults, the live pipeline's) and prints, per
store, the mean ms per ``add`` and the mean SQL statements per ``add`` (counted with
``connection.execute_wrapper``). Two database modes:

* live   -- a fresh store per article inside its own (nested) transaction, flushed at
            the end, as ``newsdesk.worker.clustering.assign_story`` does;
* replay -- one store for the whole stream, as ``newsdesk stories replay --store
            database`` does.

"HEAD" is the ``newsdesk/storage/story_store`` package as last committed, imported side
by side from ``git archive`` (skipped when git or the file is unavailable). Every database run
starts from empty tables on a throwaway SQLite file and is rolled back afterwards.
The last column checks that each store put every article in the same story group
as the memory store did.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import time
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / ".." / "shared" / "bench" / "stories" / "allsides_roundups_2021.jsonl"
STORE_PACKAGE = "newsdesk/storage/story_store"


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    ms_per_add: float
    queries_per_add: float
    groups: list[list[str]]


def _groups(assigned: dict[str, str]) -> list[list[str]]:
    by_story: dict[str, list[str]] = {}
    for doc_id, story_id in assigned.items():
        by_story.setdefault(story_id, []).append(doc_id)
    return sorted(sorted(v) for v in by_story.values())


def _head_module(scratch: Path) -> types.ModuleType | None:
    """HEAD's story store, extracted under ``scratch`` and imported under another name:
    the package (its modules import each other relatively) or, before the store was
    split into one, the single module."""
    for path, entry in ((STORE_PACKAGE, "__init__.py"), (STORE_PACKAGE + ".py", "")):
        try:
            archive = subprocess.run(
                ["git", "archive", "HEAD", "--", path], cwd=ROOT, check=True, capture_output=True
            ).stdout
        except (OSError, subprocess.CalledProcessError):
            continue
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(scratch, filter="data")
        location = scratch / path
        spec = importlib.util.spec_from_file_location(
            "story_store_head",
            location / entry if entry else location,
            submodule_search_locations=[str(location)] if entry else None,
        )
        if spec is None or spec.loader is None:
            return None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses and relative imports look it up
        spec.loader.exec_module(module)
        return module
    return None


def _run(name: str, docs: list, make_store: Callable[[], Any], *, per_article: bool) -> Result:
    from django.db import connection, transaction

    from newsdesk.stories.clusterer import StoryClusterer
    from newsdesk.stories.model import ClusterParams

    params = ClusterParams()
    queries = 0

    def count(execute, sql, params_, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params_, many, context)

    assigned: dict[str, str] = {}
    elapsed = 0.0
    with transaction.atomic():
        shared = None if per_article else make_store()
        clusterer = StoryClusterer(shared, params) if shared is not None else None
        seq = 0
        with connection.execute_wrapper(count):
            for doc in docs:
                start = time.perf_counter()
                if per_article:
                    with transaction.atomic():
                        store = make_store()
                        clusterer = StoryClusterer(store, params)
                        clusterer._seq = seq  # a fresh clusterer per article, as live
                        assigned[doc.doc_id] = clusterer.add(doc).story_id
                        seq = clusterer._seq
                        if hasattr(store, "flush"):
                            store.flush()
                else:
                    assert clusterer is not None
                    assigned[doc.doc_id] = clusterer.add(doc).story_id
                elapsed += time.perf_counter() - start
            if shared is not None and hasattr(shared, "flush"):
                shared.flush()
        # Final story of each article (merges move articles after their add).
        final_store = shared if shared is not None else make_store()
        for doc_id in assigned:
            article = final_store.get_article(doc_id)
            assigned[doc_id] = article.story_id if article else ""
        transaction.set_rollback(True)
    n = max(len(docs), 1)
    return Result(name, 1000 * elapsed / n, queries / n, _groups(assigned))


def _run_memory(docs: list) -> Result:
    from newsdesk.stories.clusterer import StoryClusterer
    from newsdesk.stories.memory import MemoryStoryStore
    from newsdesk.stories.model import ClusterParams

    clusterer = StoryClusterer(MemoryStoryStore(), ClusterParams())
    start = time.perf_counter()
    for doc in docs:
        clusterer.add(doc)
    elapsed = time.perf_counter() - start
    assigned = {}
    for doc in docs:
        article = clusterer.store.get_article(doc.doc_id)
        assigned[doc.doc_id] = article.story_id if article else ""
    return Result("memory", 1000 * elapsed / max(len(docs), 1), 0.0, _groups(assigned))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--lines", type=int, default=600)
    parser.add_argument("--no-head", action="store_true", help="skip the git HEAD store")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"no data at {args.data} (../shared/bench beside the repo?)", file=sys.stderr)
        return 2

    scratch = tempfile.TemporaryDirectory(prefix="newsdesk-bench-")
    os.environ["NEWSDESK_DATA_DIR"] = scratch.name
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(scratch.name) / 'bench.sqlite3'}"
    from newsdesk.bootstrap import setup_django

    setup_django()
    from newsdesk.storage.story_store import DatabaseStoryStore
    from newsdesk.stories.replay import parse_line

    with args.data.open("rb") as handle:
        lines = [line for _, line in zip(range(args.lines), handle, strict=False)]
    docs = [parse_line(line) for line in lines if line.strip()]

    results = [_run_memory(docs)]
    head = None if args.no_head else _head_module(Path(scratch.name))
    for mode, per_article in (("live", True), ("replay", False)):
        if head is not None:
            results.append(
                _run(
                    f"database HEAD, {mode}", docs, head.DatabaseStoryStore, per_article=per_article
                )
            )
        results.append(
            _run(f"database now, {mode}", docs, DatabaseStoryStore, per_article=per_article)
        )

    reference = results[0].groups
    print(f"{len(docs)} articles from {args.data.name}; SQLite, ClusterParams() defaults")
    print(f"{'store':<24} {'ms/add':>8} {'queries/add':>12} {'same groups as memory':>22}")
    for r in results:
        same = "yes" if r.groups == reference else "NO"
        print(f"{r.name:<24} {r.ms_per_add:>8.1f} {r.queries_per_add:>12.1f} {same:>22}")
    scratch.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
