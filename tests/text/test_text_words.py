"""Stemming, tokens, stop words and shingles shared by every stage."""

from __future__ import annotations

import pytest

from newsdesk.text.shingles import contained, jaccard, shingles, word_shingles
from newsdesk.text.stemming import stem
from newsdesk.text.stopwords import NEWS_STOPWORDS, stopwords
from newsdesk.text.tokens import word_count, word_tokens, words


@pytest.mark.parametrize(
    ("forms", "root"),
    [
        (["vote", "votes", "voted", "voting"], "vot"),
        (["sanction", "sanctions", "sanctioned"], "sanction"),
        (["policy", "policies"], "policy"),
        (["church", "churches"], "church"),
        (["arrive", "arrived", "arriving"], "arriv"),
    ],
)
def test_inflections_meet(forms: list[str], root: str) -> None:
    assert {stem(form) for form in forms} == {root}


@pytest.mark.parametrize("word", ["bus", "glass", "news", "1990s", "don't", "is", "covid19"])
def test_short_words_and_mixed_tokens_stay_as_they_are(word: str) -> None:
    expected = {"news": "new"}.get(word, word)
    assert stem(word) == expected


def test_tokens() -> None:
    assert word_tokens("Don\u2019t PANIC, it's 2024") == ["don't", "panic", "it's", "2024"]
    assert words("snake_case and-dash") == ["snake_case", "and", "dash"]
    assert word_count("one two, three") == 3


def test_stop_word_lists() -> None:
    assert {"the", "said", "monday"} <= NEWS_STOPWORDS
    assert "said" in stopwords("en") and "said" in stopwords(None)
    assert "der" in stopwords("de") and "der" not in stopwords("en")
    assert stopwords("xx") == stopwords("en")


def test_shingles_one_shape_for_both_window_sizes() -> None:
    assert shingles("A b c d e") == {("a", "b", "c", "d"), ("b", "c", "d", "e")}
    assert shingles("A b") == {("a", "b")}
    assert shingles("") == frozenset()
    three = word_shingles(["a", "b", "c", "d"], 3)
    assert three == {("a", "b", "c"), ("b", "c", "d")}
    assert contained(frozenset({("a", "b", "c")}), three) == 1.0
    assert contained(frozenset(), three) == 0.0
    assert jaccard(three, word_shingles(["a", "b", "c"], 3)) == 0.5
    assert jaccard(frozenset(), frozenset()) == 0.0
