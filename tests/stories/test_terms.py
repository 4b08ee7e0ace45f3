"""Term extraction: names, headline weight, and robustness on arbitrary text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsdesk.stories import vectors
from newsdesk.stories.terms import TermWeights, content_words, extract_terms, names, stem


def test_names_are_capitalised_runs_not_at_sentence_start() -> None:
    text = (
        "The talks collapsed. Union chairman Idris Kalvane met the Port Seren Authority "
        "and the Department of Justice in Corvath on Monday."
    )
    found = names(text)
    assert "idris kalvane" in found
    assert "port seren authority" in found
    assert "department of justice" in found
    assert "corvath" in found
    assert "the" not in found and "union" not in found  # sentence starts are not names


def test_headline_and_names_weigh_more() -> None:
    counts = extract_terms(
        "Strike halts grain at Port Seren", "Workers walked out, said Idris Kalvane, at the port."
    )
    assert counts["strik"] == TermWeights().title
    assert counts["worker"] == 1.0
    assert counts["kalvan"] > counts["worker"]
    assert "@idris kalvane" in counts and "@port seren" in counts


def test_title_case_headlines_do_not_invent_names() -> None:
    counts = extract_terms("Senate Passes Sweeping Bill Aiming To Crack Down", "")
    assert not [t for t in counts if t.startswith("@")]


def test_stem_merges_inflections() -> None:
    assert stem("vaccines") == stem("vaccine") == "vaccin"
    assert stem("votes") == stem("voted") == stem("voting") == stem("vote") == "vot"
    assert stem("policies") == "policy"
    assert stem("taxes") == stem("tax") == "tax"
    assert stem("bus") == "bus" and stem("analysis") == "analysis"


@given(st.text(max_size=400), st.text(max_size=100))
def test_extract_terms_is_total(text: str, title: str) -> None:
    counts = extract_terms(title, text)
    assert all(isinstance(k, str) and k and v > 0 for k, v in counts.items())
    vec = vectors.tfidf(counts, {}, 10)
    assert not vec or abs(sum(v * v for v in vec.values()) - 1.0) < 1e-9
    for word in content_words(text):
        assert word == word.lower() and len(word) >= 2


@given(st.lists(st.sampled_from(["Biden", "Senate", "vote", "the", "Joe", "of", "."]), max_size=40))
def test_names_never_contain_stopword_edges(tokens: list[str]) -> None:
    for name in names(" ".join(tokens)):
        parts = name.split()
        assert parts and parts[-1] != "of" and parts[0] not in ("the", "of")
