"""Offline TL;DR and key points."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.enrich.summary import summarize
from newsdesk.plaintext import scrub
from tests.conftest import need_shared_bench

DATA = Path(__file__).resolve().parents[1] / "data" / "enrich"


def squash(text: str) -> str:
    return " ".join(text.split())


def test_wire_article_summary():
    title, body = (DATA / "diplomatic_visit.txt").read_text(encoding="utf-8").split("\n", 1)
    summary = summarize(title, body)
    # The first paragraph is one sentence: the page shows it right above, so the TL;DR
    # is the lead of what follows instead of the same words again.
    assert summary.tldr == (
        "The meeting was the highest-level contact between Washington and Minsk in several years."
    )
    lead = summary.key_points[0]
    assert lead.startswith("Belarusian President Alexander Lukashenko released 14")
    assert "(Reuters)" not in lead  # dateline trimmed
    assert 3 <= len(summary.key_points) <= 5
    assert summary.tldr not in summary.key_points
    assert len(set(summary.key_points)) == len(summary.key_points)
    for point in (summary.tldr, *summary.key_points):
        assert point in body
        assert "Sign up" not in point and "Reporting by" not in point


def test_tldr_is_not_the_first_paragraph_word_for_word():
    lead = (
        "The city council approved a new tram line to the harbour on Tuesday after a long debate."
    )
    rest = (
        "The line will cost 240 million euros and open in 2029, the transport office said. "
        "Work on the harbour bridge starts next spring."
    )
    # A longer first paragraph than the TL;DR it gives is fine: the TL;DR says less.
    two = summarize(
        "Council approves harbour tram", f"{lead} {rest}\n\nShops along the route fear the works."
    )
    assert two.tldr.startswith(lead) and squash(two.tldr) != squash(f"{lead} {rest}")
    one = summarize("Council approves harbour tram", f"{lead}\n\n{rest}")
    assert one.tldr.startswith("The line will cost 240 million euros")
    only = summarize("Council approves harbour tram", lead)
    assert only.tldr == ""  # nothing else to say: no TL;DR rather than the same words


def test_gold_bodies_summaries_are_verbatim_and_sized():
    truth = json.loads(
        need_shared_bench("extraction", "ground-truth.json").read_text(encoding="utf-8")
    )
    for _key, page in sorted(truth.items())[:60]:
        body = page["articleBody"]
        summary = summarize("", body)
        if len(body.split()) > 250:
            assert summary.tldr and 1 <= len(summary.tldr.split()) <= 120
            assert 3 <= len(summary.key_points) <= 5, page["url"]
        for point in (summary.tldr, *summary.key_points):
            assert squash(point) in squash(body)
        assert summary.tldr not in summary.key_points


@settings(max_examples=100, deadline=None)
@given(title=st.text(max_size=60), body=st.text(max_size=2000))
def test_never_raises(title, body):
    summary = summarize(title, body)
    assert len(summary.key_points) <= 5
    for point in (summary.tldr, *summary.key_points):
        # Verbatim from the body as stored: characters that are never stored are gone.
        assert point in scrub(body)


def test_live_blog_summary_comes_from_its_entries_newest_first():
    from newsdesk.enrich.summary import summarize_entries

    bodies = [
        "The operators put a new pay offer of 6.5% over two years to the union on Wednesday.",
        "Wheat futures rose 4% in early trading as grain carriers waited at anchor.",
        "Photo: Port Seren",  # a caption: no sentence to take
        "Wheat futures rose 4% in early trading while grain carriers waited at anchor.",
        "Negotiators left the conciliation service after 2 a.m. without a date to meet again.",
    ]
    summary = summarize_entries("Port Seren strike live", bodies)
    assert summary.tldr == bodies[0]
    # One point per earlier entry, in the entries' order; the repeated news once.
    assert summary.key_points == (bodies[1], bodies[4])
    assert summarize_entries("Live", []).tldr == ""
