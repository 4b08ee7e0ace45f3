"""Replay: valid lines are clustered in order, malformed ones reported and skipped."""

from __future__ import annotations

import json

from newsdesk.stories.replay import ReplayError, replay
from tests.stories.story_fixtures import coverage


def lines_for_coverage() -> list[str]:
    out = []
    for d in coverage():
        assert d.published_at is not None
        out.append(
            json.dumps(
                {
                    "doc_id": d.doc_id,
                    "title": d.title,
                    "text": d.text,
                    "story_time": d.published_at.isoformat(),
                    # Labels: must be ignored. A leak would put everything in one story.
                    "story_id": "same",
                    "story_title": "same",
                    "topic": "same",
                }
            )
        )
    return out


def test_replay_outputs_final_state_in_input_order() -> None:
    errors: list[ReplayError] = []
    out = list(replay(lines_for_coverage(), window_days=3, on_error=errors.append))
    assert not errors
    assert [o["doc_id"] for o in out] == [d.doc_id for d in coverage()]
    story = {o["doc_id"]: o["story_id"] for o in out}
    assert story["strike-reuters"] == story["strike-herald"] == story["strike-tribune"]
    assert story["bank-1"] == story["bank-2"] != story["strike-reuters"]
    related = {o["doc_id"]: o["related"] for o in out}
    # Related lists include articles that arrived later.
    assert set(related["strike-reuters"][:2]) == {"strike-herald", "strike-tribune"}
    assert all(len(r) <= 10 and o not in r for o, r in related.items())


def test_replay_skips_and_reports_malformed_lines() -> None:
    good = lines_for_coverage()
    bad = [
        "{not json",
        "[1, 2, 3]",
        json.dumps({"title": "no id", "text": "x"}),
        json.dumps({"doc_id": "t1", "title": 5, "text": "x"}),
        json.dumps({"doc_id": "t2", "title": "x", "text": "y", "story_time": "yesterday"}),
        json.dumps({"doc_id": "t3", "title": "", "text": ""}),
        good[0],  # duplicate doc_id
        "[" * 100_000,
        b"\xff\xfe not utf-8",
    ]
    errors: list[ReplayError] = []
    lines: list[str | bytes] = [good[0], *bad, "", *good[1:]]
    out = list(replay(lines, on_error=errors.append))
    assert [e.line_no for e in errors] == list(range(2, 2 + len(bad)))
    assert "not JSON" in errors[0].reason
    assert "duplicate" in errors[6].reason
    assert "UTF-8" in errors[8].reason
    assert len(out) == len(good)


def test_replay_accepts_null_absent_and_published_at_times() -> None:
    lines = [
        json.dumps(
            {
                "doc_id": "a",
                "title": "Port Seren strike halts grain",
                "text": "Dockworkers strike at Port Seren.",
                "story_time": None,
            }
        ),
        json.dumps(
            {
                "doc_id": "b",
                "title": "Port Seren strike halts grain exports",
                "text": "Dockworkers at Port Seren strike.",
            }
        ),
        json.dumps(
            {
                "doc_id": 7,
                "title": "Port Seren dockworkers strike",
                "text": "Grain halted.",
                "published_at": "2026-03-03T10:00:00Z",
            }
        ),
    ]
    errors: list[ReplayError] = []
    out = list(replay(lines, window_days=None, on_error=errors.append))
    assert not errors
    assert [o["doc_id"] for o in out] == ["a", "b", "7"]
    assert len({o["story_id"] for o in out}) == 1
