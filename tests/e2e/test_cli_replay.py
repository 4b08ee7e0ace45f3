"""`newsdesk stories replay`: the live clusterer over a throwaway database, untrusted input."""

from __future__ import annotations

import json
from pathlib import Path

from newsdesk.stories.replay import replay
from newsdesk.worker.clustering import PARAMS
from tests.conftest import need_shared_bench
from tests.support.site import Site

LINES = [
    {
        "doc_id": "a1",
        "title": "Harbour council approves flood barrier",
        "text": "The Harbour City council voted nine to four to build a movable flood barrier across the old harbour. Councillor Ingrid Haugen said the city finally chose to act.",
        "published_at": "2026-11-28T09:30:00+00:00",
        "story_id": "LABEL-MUST-BE-IGNORED",
    },
    {
        "doc_id": "a2",
        "title": "Flood barrier vote splits Harbour City council",
        "text": "Harbour City council approved the flood barrier by nine votes to four. Ingrid Haugen welcomed the vote; Pavel Dorn said the barrier vote was rushed.",
        "story_time": "2026-11-28T11:00:00+00:00",
    },
    {
        "doc_id": "b1",
        "title": "Rail workers strike over night-shift pay",
        "text": "Trains to the northern valleys stopped as 1,400 rail workers began a two-day strike over night-shift pay. The rail operator urged the union to return to talks.",
        "published_at": None,
    },
]


def _write(tmp_path, rows, extra=()):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([json.dumps(r) for r in rows] + list(extra)) + "\n")
    return path


def test_replay_prints_one_line_per_article_and_skips_bad_lines(tmp_path):
    bad = [
        "{not json",
        json.dumps({"doc_id": "x"}),
        json.dumps([1, 2]),
        json.dumps({"doc_id": 5, "title": 1, "text": None}),
    ]
    path = _write(tmp_path, LINES, bad)
    result = Site(tmp_path / "data").run("stories", "replay", str(path), "--window-days", "3")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["doc_id"] for r in rows] == ["a1", "a2", "b1"]
    by_id = {r["doc_id"]: r for r in rows}
    assert by_id["a1"]["story_id"] == by_id["a2"]["story_id"] != by_id["b1"]["story_id"]
    assert "a2" in by_id["a1"]["related"] and "a1" in by_id["a2"]["related"]
    assert all(len(r["related"]) <= 10 and r["doc_id"] not in r["related"] for r in rows)
    assert result.stderr.count(": skipped:") == len(bad)
    assert ":4:" in result.stderr  # the operator is told which line


STORIES = Path(__file__).resolve().parents[1] / "data" / "stories"
EVENTS = [
    ("agency", "wire_reuters.txt", "2026-03-03T09:00:00+00:00"),
    ("herald", "rewrite_herald.txt", "2026-03-03T13:00:00+00:00"),
    ("tribune", "rewrite_tribune.txt", "2026-03-03T15:30:00+00:00"),
    ("bank-1", "event_b_central_bank.txt", "2026-03-05T10:00:00+00:00"),
    ("bank-2", "event_b_central_bank_2.txt", "2026-03-05T12:00:00+00:00"),
]


def test_replay_database_store_matches_memory_store(tmp_path):
    """The command runs the clusterer over the database store; the bench uses memory.
    Both must give the same stories and related lists, state field for state field."""
    rows = list(LINES)
    for doc_id, name, when in EVENTS:
        title, _, text = (STORIES / name).read_text().partition("\n\n")
        rows.append({"doc_id": doc_id, "title": title, "text": text, "published_at": when})
    path = _write(tmp_path, rows)
    cli = Site(tmp_path / "data").run("stories", "replay", str(path), "--store", "database")
    from_cli = [json.loads(line) for line in cli.stdout.splitlines()]
    in_memory = list(replay(path.read_text().splitlines(), params=PARAMS))
    assert [r["related"] for r in from_cli] == [r["related"] for r in in_memory]

    def groups(rows):
        return sorted(
            sorted(r["doc_id"] for r in rows if r["story_id"] == s)
            for s in {r["story_id"] for r in rows}
        )

    assert groups(from_cli) == groups(in_memory)


def test_replay_keeps_two_events_on_one_subject_apart(tmp_path):
    rows = []
    for doc_id, name, when in EVENTS:
        title, _, text = (STORIES / name).read_text().partition("\n\n")
        rows.append({"doc_id": doc_id, "title": title, "text": text, "published_at": when})
    out = Site(tmp_path / "data").run("stories", "replay", str(_write(tmp_path, rows)))
    story = {r["doc_id"]: r["story_id"] for r in map(json.loads, out.stdout.splitlines())}
    assert story["agency"] == story["herald"] == story["tribune"]
    assert story["bank-1"] == story["bank-2"] != story["agency"]


def _groups(rows):
    by_story: dict[str, list[str]] = {}
    for r in rows:
        by_story.setdefault(r["story_id"], []).append(r["doc_id"])
    return sorted(sorted(docs) for docs in by_story.values())


def test_replay_database_store_matches_memory_store_on_the_allsides_file(tmp_path):
    """The whole AllSides 2021 file (~1.5 k articles, a few hundred stories, scan caps
    and time floors in play): the same story groups and related lists on both stores."""
    path = need_shared_bench("stories", "allsides_roundups_2021.jsonl")
    cli = Site(tmp_path / "data").run("stories", "replay", str(path), "--store", "database")
    from_cli = [json.loads(line) for line in cli.stdout.splitlines()]
    in_memory = list(replay(path.read_bytes().splitlines(), params=PARAMS))
    assert len(from_cli) == len(in_memory) > 1000
    assert [r["doc_id"] for r in from_cli] == [r["doc_id"] for r in in_memory]
    assert [r["related"] for r in from_cli] == [r["related"] for r in in_memory]
    assert _groups(from_cli) == _groups(in_memory)
