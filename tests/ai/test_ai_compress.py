"""Deletion-only sentence compression for briefings: what is cut, and that the rest is
the publisher's words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.ai.compress import ELLIPSIS, compress, is_cut_from, main_clause


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Sen. Rand Paul (R-Ky.) introduced legislation on Thursday to end no-knock warrants.",
            "Sen. Rand Paul introduced legislation on Thursday to end no-knock warrants.",
        ),
        (
            "Sen. Bernie Sanders, I-Vt., has won the New Hampshire primary on Tuesday night.",
            "Sen. Bernie Sanders has won the New Hampshire primary on Tuesday night.",
        ),
        (
            "Sen. Ron Wyden, D-Ore., the committee's ranking Democrat, wrote to the agency.",
            "Sen. Ron Wyden, the committee's ranking Democrat, wrote to the agency.",
        ),
        (
            "Why it matters: The administration has stressed the importance of reopening schools.",
            "The administration has stressed the importance of reopening schools.",
        ),
        (
            "WASHINGTON (AP) — Hope Hicks is returning to the White House as an adviser.",
            "Hope Hicks is returning to the White House as an adviser.",
        ),
        (
            "Lawmakers led by Rep. Karen Bass -- all of whom backed reform -- are drafting a bill.",
            "Lawmakers led by Rep. Karen Bass are drafting a bill.",
        ),
    ],
)
def test_cuts_keep_the_publishers_words(sentence, expected):
    result = compress(sentence)
    assert result.text == expected
    assert "".join(sentence[a:b] for a, b in result.spans) == result.text
    assert is_cut_from(result.text, sentence)


def test_attribution_is_cut_only_when_asked():
    sentence = "Employers added 266,000 jobs in November, the Labor Department said Friday."
    assert compress(sentence).text == sentence  # a claim keeps who makes it by default
    assert compress(sentence, attribution=True).text == "Employers added 266,000 jobs in November."
    quoted = "The deal is done and signed by both sides, according to two officials."
    assert compress(quoted, attribution=True).text == "The deal is done and signed by both sides."


def test_a_cut_that_leaves_too_little_is_not_made():
    sentence = "He was 94 (officials said)."
    assert compress(sentence).text == sentence


def test_main_clause_ends_where_a_clause_ends():
    sentence = (
        "Emmanuel Macron plans to award multi-year grants to U.S. scientists, "
        "as part of a push to counter global warming, his office said on Monday."
    )
    head = main_clause(sentence, 12)
    assert head == "Emmanuel Macron plans to award multi-year grants to U.S. scientists" + ELLIPSIS
    assert is_cut_from(head, sentence)
    assert main_clause(sentence, 5) == ""


def test_is_cut_from_refuses_words_not_in_the_sentence():
    assert not is_cut_from("Macron plans to ban grants", "Macron plans to award grants.")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_compress_never_adds_words(text):
    result = compress(text)
    assert "".join(text[a:b] for a, b in result.spans) == result.text
