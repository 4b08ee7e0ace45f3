"""Term extraction: names, headline weight, and robustness on arbitrary text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsdesk.stories import vectors
from newsdesk.stories.terms import (
    PREFIX_MARK,
    TermWeights,
    content_words,
    extract_terms,
    names,
    prefix_terms,
    stem,
    word_terms,
)


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


def test_hyphens_split_words() -> None:
    # "DeSantis-Biden" and "COVID-19" must share terms with "DeSantis" and "COVID".
    counts = extract_terms("The Memo: DeSantis-Biden sniping", "A COVID-19 surge hit.")
    assert {"desantis", "biden", "covid", "19"} <= counts.keys()
    assert "desantis-biden" not in counts and "covid-19" not in counts


def test_prefix_terms_join_morphological_variants() -> None:
    a = extract_terms("Vaccination drive", "Officials urged vaccinations.", prefix_length=4)
    b = extract_terms("Vaccine mandate", "Workers must be vaccinated by 2030.", prefix_length=4)
    assert "~vacc" in prefix_terms(a) and "~vacc" in prefix_terms(b)
    assert prefix_terms(b)["~2030"] == 1.0  # numbers stay whole
    # Word terms are exactly what extraction without prefixes gives.
    assert word_terms(a) == extract_terms("Vaccination drive", "Officials urged vaccinations.")
    assert prefix_terms(a)["~vacc"] == TermWeights().title + 1.0
    assert not prefix_terms(extract_terms("Vaccine", "vaccinated"))  # off by default


@given(st.text(max_size=300), st.text(max_size=80), st.integers(min_value=1, max_value=8))
def test_prefix_terms_are_marked_and_bounded(text: str, title: str, length: int) -> None:
    counts = extract_terms(title, text, prefix_length=length)
    for term in prefix_terms(counts):
        body = term[len(PREFIX_MARK) :]
        assert body and (len(body) <= length or not body.isalpha())
    assert set(prefix_terms(counts)) | set(word_terms(counts)) == set(counts)


@given(
    st.dictionaries(st.sampled_from("abcdef"), st.floats(0.1, 5.0), max_size=6),
    st.dictionaries(st.sampled_from("abcdef"), st.floats(0.1, 5.0), max_size=6),
    st.floats(0.0, 1.0),
)
def test_blend_mixes_cosines_by_share(
    words: dict[str, float], subs: dict[str, float], share: float
) -> None:
    a, b = vectors.unit(words), vectors.unit({"~" + k: v for k, v in subs.items()})
    c, d = vectors.unit(subs), vectors.unit({"~" + k: v for k, v in words.items()})
    mixed = vectors.dot(vectors.blend(a, b, share), vectors.blend(vectors.unit(subs), d, share))
    if a and b and share > 0:
        expected = (1 - share) * vectors.dot(a, c) + share * vectors.dot(b, d)
        assert abs(mixed - expected) < 1e-9
    blended = vectors.blend(a, b, share)
    assert not blended or abs(sum(v * v for v in blended.values()) - 1.0) < 1e-9
