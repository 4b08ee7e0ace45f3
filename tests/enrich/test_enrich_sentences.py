"""Sentence splitting with offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.enrich.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith went to Washington on Jan. 6. He met Sen. Jones.",
            ["Mr. Smith went to Washington on Jan. 6.", "He met Sen. Jones."],
        ),
        ("The U.S. Army said no. It left.", ["The U.S. Army said no.", "It left."]),
        ("Sales rose in the U.S. The deal closed.", ["Sales rose in the U.S.", "The deal closed."]),
        (
            "Prices rose 3.5% to $4.2 billion. Analysts were surprised.",
            ["Prices rose 3.5% to $4.2 billion.", "Analysts were surprised."],
        ),
        (
            '"We will win," he said. "Really?" She laughed!',
            ['"We will win," he said.', '"Really?"', "She laughed!"],
        ),
        (
            "George W. Bush spoke. It ranked No. 5 in the poll.",
            ["George W. Bush spoke.", "It ranked No. 5 in the poll."],
        ),
        ("He said: “It is over.” Then he left.", ["He said: “It is over.”", "Then he left."]),
        (
            "Headline without a stop\nBody sentence. Another one.",
            ["Headline without a stop", "Body sentence.", "Another one."],
        ),
        ("lower case after a stop. is not split", ["lower case after a stop. is not split"]),
        ("", []),
        ("  \n\n ", []),
    ],
)
def test_known_cases(text, expected):
    assert texts(text) == expected


def test_offsets_point_into_the_text():
    text = "  First one.  Second one!\n\n  Third?  "
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_offsets_always_slice_back(text):
    previous_end = 0
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.start >= previous_end
        previous_end = s.end


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "U.S.",
                "Mr.",
                "Dr.",
                "Jan.",
                "He",
                "said",
                "it.",
                "“Yes.”",
                "3.5",
                "No.",
                "5",
                "(AP)",
                "?",
                "!",
                "\n",
                "…",
                "A.",
            ]
        ),
        max_size=80,
    )
)
def test_tricky_tokens_never_raise(tokens):
    text = " ".join(tokens)
    joined = "".join(s.text for s in split_sentences(text))
    assert joined.replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")


def test_long_runs_of_abbreviations_stay_linear():
    import time

    from newsdesk.enrich.hashtags import extract_hashtags

    for body in ("U.S. " * 20_000, "Mr. " * 20_000, "Alpha Beta " * 10_000):
        started = time.perf_counter()
        split_sentences(body)
        extract_hashtags("", body)
        assert time.perf_counter() - started < 5.0
