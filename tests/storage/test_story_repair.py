"""The repair pass on the database store: same stories and related lists as in memory,
and merged stories keep a redirect to their survivor."""

from __future__ import annotations

import json
import random

import pytest
from django.db import transaction

from newsdesk.storage.models import Story, StoryRedirect
from newsdesk.storage.story_store import DatabaseStoryStore
from newsdesk.stories.memory import MemoryStoryStore
from newsdesk.stories.model import ClusterParams
from newsdesk.stories.replay import replay
from tests.conftest import need_shared_bench

pytestmark = pytest.mark.django_db


def _sample(stories: int, seed: int) -> list[str]:
    """``stories`` AllSides roundups, text only (no time: the young-store case), shuffled."""
    path = need_shared_bench("stories", "allsides_roundups_2021.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(seed)
    picked = set(rng.sample(sorted({r["story_id"] for r in rows}), stories))
    lines = [
        json.dumps({k: r[k] for k in ("doc_id", "title", "text")} | {"publisher": r["source"]})
        for r in rows
        if r["story_id"] in picked
    ]
    rng.shuffle(lines)
    return lines


def _result(out: list[dict]) -> tuple[list[list[str]], dict[str, list[str]]]:
    groups: dict[str, list[str]] = {}
    for row in out:
        groups.setdefault(str(row["story_id"]), []).append(str(row["doc_id"]))
    return sorted(sorted(g) for g in groups.values()), {
        str(r["doc_id"]): list(r["related"]) for r in out
    }


def test_repair_gives_the_same_stories_and_related_lists_on_both_stores():
    lines = _sample(12, seed=5)
    # Repair often, so splits and merges happen mid-stream too.
    params = ClusterParams(repair_every=7)
    want = _result(list(replay(lines, store=MemoryStoryStore(), params=params, text_only=True)))
    with transaction.atomic():
        with DatabaseStoryStore() as db:
            got = _result(list(replay(lines, store=db, params=params, text_only=True)))
        transaction.set_rollback(True)
    assert got == want
    assert len(want[0]) >= 8  # a real clustering, not one lump


def test_retired_story_redirects_to_its_survivor_and_chains_stay_flat():
    with DatabaseStoryStore() as store:
        a, b, c = (store.next_story_id() for _ in range(3))
        store.retire_story(a, b)
        assert store.survivor_of(a) == b
        store.retire_story(b, c)
    assert store.survivor_of(a) == store.survivor_of(b) == c
    assert StoryRedirect.objects.filter(survivor_id=int(c)).count() == 2
    assert not Story.objects.filter(pk__in=[int(a), int(b)]).exists()
    assert store.survivor_of(c) is None
