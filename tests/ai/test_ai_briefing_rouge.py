"""The offline briefing's ROUGE floor on the NeuS/AllSides test roundups (../shared/bench/briefings).

Scored as the data README prescribes (rouge-score, use_stemmer=True, mean F1 x100);
bench/briefings.py prints the full table with intervals. The floor sits a little
under the measured figure (40.53 / 18.71 / 28.05 at 58.3 words with the default
deletion-only compression; 40.41 / 18.64 / 27.96 without) so that a change that loses
more than noise fails here. The issue's target (43 / 20) is not reached: no variant of
bench/briefings.py --variants gains more than noise on the check half.
"""

from __future__ import annotations

import json
import os
import statistics

import pytest

from newsdesk.ai.briefing import BriefingSource, BriefingWeights, brief_story
from newsdesk.ai.compress import is_cut_from
from newsdesk.enrich.centrality import count_documents
from newsdesk.enrich.words import content_terms
from tests.conftest import need_shared_bench

FLOOR = {"rouge1": 40.0, "rouge2": 18.0, "rougeL": 27.5}


def _scorer():
    try:
        from rouge_score import rouge_scorer
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("rouge-score is missing: it is in the project's [test] extra")
        pytest.skip("rouge-score not installed (pip install -e '.[test]')")
    return rouge_scorer.RougeScorer(list(FLOOR), use_stemmer=True)


@pytest.fixture(scope="module")
def roundups() -> list[dict]:
    path = need_shared_bench("briefings", "neus_test.jsonl")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _briefings(roundups: list[dict], weights: BriefingWeights | None = None):
    df = count_documents(
        [content_terms(f"{a['title']} {a['text']}") for r in roundups for a in r["articles"]]
    )
    for r in roundups:
        sources = [
            BriefingSource(f"Outlet {i + 1}", a["title"], a["text"])
            for i, a in enumerate(r["articles"])
        ]
        yield r, brief_story(sources, max_words=70, document_frequencies=df, weights=weights)


def test_briefing_rouge_floor_and_attribution(roundups):
    scorer = _scorer()
    assert len(roundups) == 307
    totals = {k: [] for k in FLOOR}
    words = []
    for roundup, briefing in _briefings(roundups):
        text = " ".join(s.text for s in briefing.sentences)
        for s in briefing.sentences:
            article = roundup["articles"][s.source_index]
            assert (s.original or s.text) in article["title" if s.part == "title" else "text"]
            assert not s.original or is_cut_from(s.text, s.original)
        scores = scorer.score(roundup["reference_summary"], text)
        for k in FLOOR:
            totals[k].append(100 * scores[k].fmeasure)
        words.append(len(text.split()))
    assert max(words) <= 70
    assert statistics.mean(words) <= 70
    for k, floor in FLOOR.items():
        assert statistics.mean(totals[k]) >= floor, (k, statistics.mean(totals[k]))


def test_headline_and_coverage_options_stay_attributed(roundups):
    """The optional selectors (headlines as candidates, concept coverage) keep attribution."""
    weights = BriefingWeights(title=1.0, coverage=1.0)
    titles = 0
    for roundup, briefing in _briefings(roundups[:60], weights):
        assert sum(len(s.text.split()) for s in briefing.sentences) <= 70
        for s in briefing.sentences:
            article = roundup["articles"][s.source_index]
            if s.part == "title":
                titles += 1
                assert s.text in article["title"]
            else:
                assert (s.original or s.text) in article["text"]
    assert titles > 0  # headlines are used when allowed
