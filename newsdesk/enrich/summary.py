"""Offline extractive TL;DR and key points.

News puts the most important facts first, so the TL;DR comes from the lead
unless the lead is a scene-setting anecdote that shares little with the rest.
Key points are the most central remaining sentences (LexRank over TF-IDF),
nudged toward the headline and the top of the article, with near-duplicates
removed (MMR), shown in article order.

A live blog is summarised from its entries, newest first: the TL;DR is the lead of
the latest news, and each key point is the lead sentence of an earlier entry, so the
points read as sentences (never a mix of entry headlines and body sentences).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.enrich.centrality import lexrank, tfidf_matrix
from newsdesk.enrich.furniture import dateline_length, is_furniture_sentence
from newsdesk.enrich.sentences import Sentence, split_sentences
from newsdesk.enrich.words import content_terms, guess_language
from newsdesk.plaintext import scrub


@dataclass(frozen=True, slots=True)
class Summary:
    tldr: str  # one or two sentences
    key_points: tuple[str, ...]  # three to five sentences, none repeating the tldr


_MAX_SENTENCES = 400  # centrality is quadratic; the rest of a very long page adds little
_MIN_WORDS = 6
_MAX_WORDS = 55
_DUPLICATE = 0.5  # cosine above which two sentences say the same thing
_TLDR_SHORT = 18  # a lead this short gets the next sentence too


@dataclass(frozen=True, slots=True)
class _Candidate:
    sentence: Sentence
    index: int  # position among all sentences of the body
    words: int


def summarize(title: str, body_text: str, *, language: str | None = None) -> Summary:
    """TL;DR and key points made of sentences of ``body_text`` (verbatim)."""
    body = scrub(body_text)
    lang = language or guess_language(body)
    candidates = _candidates(body)
    if not candidates:
        return Summary(tldr="", key_points=())
    terms = [content_terms(c.sentence.text, lang) for c in candidates]
    vectors = tfidf_matrix([*terms, content_terms(title, lang)])
    sentence_vectors, title_vector = vectors[:-1], vectors[-1]
    similarity = sentence_vectors @ sentence_vectors.T
    central = lexrank(similarity)
    to_title = sentence_vectors @ title_vector
    position = np.array([1.0 / np.sqrt(1 + c.index) for c in candidates])
    score = central / max(float(central.max()), 1e-9) + 0.5 * to_title + 0.6 * position

    tldr_ids = _pick_tldr(candidates, score)
    if _is_first_paragraph(body, [candidates[i].sentence for i in tldr_ids]):
        # The reader has just read that paragraph word for word above the summary: the
        # TL;DR is the lead of the rest, or nothing when the article has no more.
        tldr_ids = _after_first_paragraph(body, candidates, score)
    key_ids = _pick_key_points(candidates, score, similarity, tldr_ids)
    tldr = " ".join(_shown(candidates[i].sentence.text) for i in tldr_ids)
    return Summary(
        tldr=tldr, key_points=tuple(_shown(candidates[i].sentence.text) for i in key_ids)
    )


def _shown(text: str) -> str:
    """The sentence without its wire dateline; still a verbatim slice of the body."""
    return text[dateline_length(text) :]


def _is_first_paragraph(body: str, chosen: Sequence[Sentence]) -> bool:
    """True when ``chosen`` says the whole first paragraph of ``body`` (datelines aside)."""
    first = body.strip().split("\n\n", 1)[0]
    said = " ".join(_shown(s.text) for s in chosen)
    # A short lead joined to the next sentence repeats the paragraph too, plus a bit.
    return bool(said) and " ".join(said.split()).startswith(" ".join(_shown(first.strip()).split()))


def _after_first_paragraph(body: str, candidates: list[_Candidate], score: np.ndarray) -> list[int]:
    lead = body.lstrip()
    end = len(body) - len(lead) + len(lead.split("\n\n", 1)[0])
    later = [i for i, c in enumerate(candidates) if c.sentence.start >= end]
    if not later:
        return []
    # The lead of what follows, picked as the article's own lead is.
    return [later[0] + i for i in _pick_tldr(candidates[later[0] :], score[later[0] :])]


def _candidates(body: str) -> list[_Candidate]:
    out = []
    for index, sentence in enumerate(split_sentences(body)[:_MAX_SENTENCES]):
        words = len(sentence.text.split())
        if words < _MIN_WORDS or words > _MAX_WORDS or is_furniture_sentence(sentence.text):
            continue
        if sentence.text.endswith("?") or "http" in sentence.text or sentence.text.isupper():
            continue
        out.append(_Candidate(sentence, index, words))
    if not out:
        # A body of only short or long lines: take what there is rather than nothing.
        out = [
            _Candidate(s, i, len(s.text.split())) for i, s in enumerate(split_sentences(body)[:5])
        ]
    return out


def _pick_tldr(candidates: list[_Candidate], score: np.ndarray) -> list[int]:
    window = range(min(4, len(candidates)))
    # The lead wins unless a sentence just after it is much more central (anecdotal lead).
    best = max(window, key=lambda i: float(score[i]) + (0.35 if i == 0 else 0.0))
    chosen = [best]
    nxt = best + 1
    if (
        candidates[best].words < _TLDR_SHORT
        and nxt < len(candidates)
        and candidates[nxt].index == candidates[best].index + 1
        and candidates[best].words + candidates[nxt].words <= 45
    ):
        chosen.append(nxt)
    return chosen


def _pick_key_points(
    candidates: list[_Candidate], score: np.ndarray, similarity: np.ndarray, exclude: list[int]
) -> list[int]:
    n = len(candidates)
    want = 5 if n >= 15 else 4 if n >= 10 else 3
    taken: list[int] = []
    blocked = list(exclude)
    for i in sorted(range(n), key=lambda i: -float(score[i])):
        if len(taken) >= want:
            break
        if i in exclude or any(similarity[i, j] > _DUPLICATE for j in blocked):
            continue
        taken.append(i)
        blocked.append(i)
    return sorted(taken)


_MAX_LIVE_POINTS = 5


def summarize_entries(
    title: str, entry_bodies: Sequence[str], *, language: str | None = None
) -> Summary:
    """TL;DR and key points of a live blog from its entries' bodies (newest first)."""
    leads: list[str] = []
    for body in entry_bodies[:_MAX_SENTENCES]:
        lead = _lead_sentence(scrub(body))
        if lead:
            leads.append(lead)
    if not leads:
        return Summary(tldr="", key_points=())
    lang = language or guess_language(" ".join(leads))
    vectors = tfidf_matrix([content_terms(lead, lang) for lead in leads])
    similarity = vectors @ vectors.T
    tldr, points = leads[0], list[str]()
    taken = [0]
    for i in range(1, len(leads)):
        if len(points) >= _MAX_LIVE_POINTS:
            break
        if any(float(similarity[i, j]) > _DUPLICATE for j in taken):
            continue  # the same news told again in a later entry
        points.append(leads[i])
        taken.append(i)
    return Summary(tldr=tldr, key_points=tuple(points))


def _lead_sentence(body: str) -> str:
    """The first sentence of an entry that states something (not a caption or a link)."""
    for sentence in split_sentences(body)[:5]:
        text = _shown(sentence.text)
        words = len(text.split())
        if words < _MIN_WORDS or words > _MAX_WORDS or is_furniture_sentence(text):
            continue
        if text.endswith("?") or "http" in text or text.isupper():
            continue
        return text
    return ""
