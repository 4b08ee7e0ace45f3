"""Concept coverage selection (newsdesk.ai.coverage)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.ai import coverage
from newsdesk.ai.coverage import choose, concept_weights, concepts


def test_concepts_are_stemmed_pairs_without_stopword_pairs():
    found = concepts("The senators passed the bills of the year")
    assert ("senator", "pass") in found
    assert ("of", "the") not in found  # two stop words: not a concept


def test_weights_keep_only_shared_concepts():
    weights = concept_weights(
        ["Flood waters hit the town.", "Flood waters rose overnight.", "Town council met."]
    )
    assert weights.get(("flood", "water")) == 2
    assert ("council", "met") not in weights


def test_choose_covers_most_shared_weight_within_budget():
    docs = [
        "Storm closes main bridge. Mayor orders evacuation of river homes.",
        "The storm closes main bridge into the city on Monday.",
        "Mayor orders evacuation of river homes as storm closes main bridge.",
    ]
    weights = concept_weights(docs)
    sentences = [
        "Storm closes main bridge.",
        "Mayor orders evacuation of river homes.",
        "Cafe owners sell coffee to reporters waiting nearby.",
    ]
    lengths = [len(s.split()) for s in sentences]
    picked = choose([concepts(s) for s in sentences], lengths, weights, 12, [0.0, 0.0, 1.0])
    assert picked.chosen == (0, 1)  # the unshared sentence adds nothing, however well scored
    assert picked.value > 0
    tight = choose([concepts(s) for s in sentences], lengths, weights, 5, [0.0, 0.0, 0.0])
    assert sum(lengths[i] for i in tight.chosen) <= 5


def test_nothing_shared_chooses_nothing():
    picked = choose([concepts("Alpha beta gamma.")], [3], {}, 10, [1.0])
    assert picked.chosen == () and picked.value == 0.0


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(st.text(alphabet="abc de", max_size=40), min_size=1, max_size=20),
    budget=st.integers(1, 40),
)
def test_exact_and_greedy_paths_respect_budget(texts, budget):
    weights = concept_weights(texts + texts[:1])
    sets = [concepts(t) for t in texts]
    lengths = [max(1, len(t.split())) for t in texts]
    picked = choose(sets, lengths, weights, budget, [0.0] * len(texts))
    assert sum(lengths[i] for i in picked.chosen) <= budget
    assert len(set(picked.chosen)) == len(picked.chosen)
    if len(texts) <= coverage._EXACT_LIMIT:
        # The exact path is optimal: no single sentence covers more on its own.
        for i, s in enumerate(sets):
            if lengths[i] <= budget:
                alone = sum(weights.get(c, 0) for c in s)
                assert picked.value >= alone
