"""General rules against tag noise: units before numbers, postal codes, YAKE's lead window."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.enrich import keyphrases
from newsdesk.enrich.hashtags import extract_hashtags
from newsdesk.enrich.names import find_names


def test_currency_before_a_number_is_not_a_name():
    body = (
        "An oxygen bar in Delhi charges customers Rs 299 for fifteen minutes of clean air. "
        "Owners in Delhi said people pay Rs. 300 and more when the smog is at its worst. "
        "Doctors in Delhi warned that such bars do little for health."
    )
    keys = {n.display for n in find_names("", body)}
    assert "Delhi" in keys and "Rs" not in keys


def test_postal_state_code_after_a_city_is_not_a_name():
    body = (
        "The band plays West Palm Beach, FL on June 9 and Tampa, FL on June 10. "
        "The tour then reaches Nashville, TN before Denver. Tom Johnston said the band "
        "had rehearsed in Nashville for weeks. Johnston said Tampa crowds are loud."
    )
    shown = {t.display for t in extract_hashtags("Tour dates", body)}
    assert "TomJohnston" in shown and "Nashville" in shown
    assert not shown & {"FL", "TN"}


def test_us_stays_when_some_mentions_are_codes():
    body = (
        "Bond yields rose as US10YT=RR moved higher. The U.S. Treasury said the U.S. "
        "economy grew. Officials in Washington said U.S. data were strong."
    )
    assert "US" in {n.display for n in find_names("", body)}


def test_a_code_used_as_a_name_elsewhere_stays():
    body = (
        "Visitors to Tampa, FL said the beaches were full. FL officials said tourism "
        "grew, and the FL legislature passed a budget. Governors met in Tampa."
    )
    assert "FL" in {n.display for n in find_names("", body)}


def test_yake_reads_the_lead_up_to_a_sentence_end():
    sentence = "The council approved the new harbour plan after a long debate. "
    text = sentence * 60
    lead = keyphrases._lead(text)
    assert len(lead) <= keyphrases._MAX_CHARS
    assert lead.rstrip().endswith("debate.")
    assert keyphrases._lead("Short text.") == "Short text."
    unbroken = "x" * 5000
    assert keyphrases._lead(unbroken) == unbroken[: keyphrases._MAX_CHARS]


def test_subject_counts_cover_the_whole_text():
    body = ("Political prisoners were freed. " * 3) + ("Filler sentence here. " * 200)
    body += "More political prisoners remain in jail."
    subjects = {s.text.lower(): s.count for s in keyphrases.find_subjects("", body, language="en")}
    assert subjects.get("political prisoners") == 4


@settings(max_examples=80, deadline=None)
@given(
    words=st.lists(st.sampled_from(["war", "peace", "talks", "new", "o'brien"]), max_size=40),
    size=st.integers(1, 3),
)
def test_ngram_counts_match_a_whole_word_search(words, size):
    counts = keyphrases._ngram_counts(words, {size})
    haystack = " ".join(words)
    for start in range(max(0, len(words) - size + 1)):
        gram = tuple(words[start : start + size])
        needle = " ".join(gram)
        # Overlapping occurrences count ("war war war" holds "war war" twice).
        expected = sum(1 for i in range(len(words) - size + 1) if words[i : i + size] == list(gram))
        assert len(re.findall(rf"(?<![\w']){re.escape(needle)}(?![\w'])", haystack)) <= expected
        assert counts[gram] == expected
