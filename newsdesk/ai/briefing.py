"""Story briefing: one short, attributed account of what several publishers report.

Offline, sentences are picked from the sources themselves, so every sentence of
the briefing is a publisher's own sentence and is attributed to it. A sentence
scores high when other outlets say the same thing (cross-document agreement:
the facts of the event rather than one side's framing), when it is central to
the whole story, when it matches the headlines, and when it comes early in its
article (news leads). Near-duplicates are skipped and the briefing stops at a
word budget. With a language model, a written briefing replaces it only if
every claim cites the numbered source sentences it rests on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from newsdesk.ai.compress import compress, main_clause
from newsdesk.ai.coverage import choose, concept_weights, concepts
from newsdesk.ai.grounding import NumberedSentence, ground
from newsdesk.ai.llm import LLMClient, LLMExchange
from newsdesk.ai.prompts import briefing_prompt
from newsdesk.ai.pronouns import leans_on_previous
from newsdesk.enrich.centrality import DocumentFrequencies, tfidf_matrix
from newsdesk.enrich.furniture import dateline_length, is_furniture_sentence
from newsdesk.enrich.sentences import split_sentences
from newsdesk.enrich.words import content_terms
from newsdesk.plaintext import one_line, paragraphs


@dataclass(frozen=True, slots=True)
class BriefingSource:
    publisher: str
    title: str
    text: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class AttributedSentence:
    text: str
    publisher: str
    source_index: int  # index into the ``sources`` given to ``brief_story``
    # "title": ``text`` is (a verbatim slice of) the source's headline, not its body.
    part: Literal["body", "title"] = "body"
    # The source's whole sentence when ``text`` was cut from it (compress.py: only
    # deletions, so ``text`` is the publisher's words); "" when ``text`` is verbatim.
    original: str = ""


@dataclass(frozen=True, slots=True)
class AgreedPoint:
    sentence: AttributedSentence
    also_reported_by: tuple[str, ...]  # other publishers with a matching sentence


@dataclass(frozen=True, slots=True)
class PublisherAddition:
    publisher: str
    source_index: int
    sentences: tuple[AttributedSentence, ...]  # what only this publisher reports


@dataclass(frozen=True, slots=True)
class Briefing:
    sentences: tuple[AttributedSentence, ...]
    agreed: tuple[AgreedPoint, ...]
    unique: tuple[PublisherAddition, ...]
    method: Literal["extractive", "llm"]
    note: str
    model: str | None = None
    exchange: LLMExchange | None = None


@dataclass(frozen=True, slots=True)
class BriefingWeights:
    """How much each signal counts; the defaults were set before looking at scores."""

    agreement: float = 1.0
    centroid: float = 1.0
    headline: float = 0.5
    position: float = 0.3
    redundancy: float = 0.5  # cosine above which a sentence repeats one already taken
    agree_threshold: float = 0.3  # cosine for "another outlet says this too"
    unique_threshold: float = 0.12  # below this against every other outlet: unique
    quotation: float = 0.7  # factor for sentences built around a direct quotation
    # Options measured in bench/briefings.py --variants and left off: on the NeuS
    # roundups headlines as briefing sentences lost ~2 ROUGE-2 points (telegraphic
    # headline style), and concept coverage was within noise of score order.
    title: float = 0.0  # factor for a source's own headline as a candidate; 0 leaves titles out
    fill_floor: float = 0.5  # a sentence must score this share of the best to fill the budget
    coverage: float = 0.0  # 1: pick by shared-concept coverage (coverage.py); 0: by score
    # 1: cut datelines, parentheticals, party tags, dash asides and labels (compress.py).
    # On by default for reading (no "WASHINGTON (AP) —" or "(R-Ga.)" in a briefing);
    # ROUGE within noise of off on both halves of the NeuS roundups.
    compress: float = 1.0
    cut_attribution: float = 0.0  # 1: also cut a trailing ", X said." clause
    fit: float = 0.0  # 1: fill leftover budget with the main clause of the next best sentence


_MIN_WORDS = 8  # "The symptoms came on quickly." says little on its own
_MIN_TITLE_WORDS = 5  # "Watch live" is a label, not a headline that states the event
# A headline's site suffix or section prefix ("Opinion | ...", "... - The Daily"):
# the longest part is kept, still a verbatim slice of the publisher's title.
_TITLE_PARTS = re.compile(r"\s+[|\u2013\u2014-]\s+")
_QUOTATION = re.compile('["\u201c\u201d]')  # any double quote: a quotation or part of one
_MAX_SENTENCES_PER_SOURCE = 60
_MAX_SOURCES = 30


@dataclass(frozen=True, slots=True)
class _Candidate:
    text: str
    source: int
    position: int  # sentence index within its source; -1 for the source's headline
    words: int
    original: str = ""  # the whole sentence when ``text`` is a compressed cut of it

    @property
    def is_title(self) -> bool:
        return self.position < 0


def brief_story(
    sources: Sequence[BriefingSource],
    *,
    max_words: int = 70,
    llm: LLMClient | None = None,
    document_frequencies: DocumentFrequencies | None = None,
    weights: BriefingWeights | None = None,
) -> Briefing:
    """An attributed briefing of at most ``max_words`` words over ``sources``."""
    w = weights or BriefingWeights()
    sources = list(sources)[:_MAX_SOURCES]
    publishers = [one_line(s.publisher, 200) or f"Source {i + 1}" for i, s in enumerate(sources)]
    candidates = _candidates(
        sources, with_titles=w.title > 0, cut=w.compress > 0, attribution=w.cut_attribution > 0
    )
    if not candidates:
        return Briefing((), (), (), "extractive", "no text to brief")
    idf = document_frequencies.idf() if document_frequencies else None
    terms = [content_terms(c.text) for c in candidates]
    titles = [content_terms(one_line(s.title)) for s in sources]
    headline_terms = [t for title in titles for t in title]
    # A headline candidate would match itself in the joint headline vector: it is
    # compared with the other outlets' headlines only (one extra row per source).
    other_titles = [
        [t for j, title in enumerate(titles) if j != s for t in title] for s in range(len(sources))
    ]
    matrix = tfidf_matrix([*terms, headline_terms, *other_titles], idf)
    n = len(candidates)
    vectors, headline, headline_without = matrix[:n], matrix[n], matrix[n + 1 :]
    similarity = vectors @ vectors.T

    agreement, support = _agreement(candidates, similarity, len(sources), w.agree_threshold)
    centroid = vectors.mean(axis=0)
    norm = float(np.linalg.norm(centroid)) or 1.0
    to_centroid = vectors @ (centroid / norm)
    to_headline = vectors @ headline
    for i, c in enumerate(candidates):
        if c.is_title:
            to_headline[i] = float(vectors[i] @ headline_without[c.source])
    # The headline is the publisher's own one-line summary: as strong a prior as the lead.
    position = np.array([1.0 / (1 + max(c.position, 0)) for c in candidates])
    score = (
        w.agreement * agreement
        + w.centroid * to_centroid
        + w.headline * to_headline
        + w.position * position
    )
    # A neutral account paraphrases; a sentence built around a quotation carries one
    # side's wording (README trap 3 of the briefing benchmark, and the product's aim).
    quoted = np.array([bool(_QUOTATION.search(c.text)) for c in candidates])
    score = np.where(quoted, score * w.quotation, score)
    is_title = np.array([c.is_title for c in candidates])
    score = np.where(is_title, score * w.title, score)
    chosen = []
    if w.coverage > 0 and len(sources) > 1:
        cover = choose(
            [concepts(c.text) for c in candidates],
            [c.words for c in candidates],
            concept_weights([f"{s.title}\n{s.text}" for s in sources]),
            max_words,
            [float(x) for x in score],
        )
        chosen = _in_reading_order(candidates, list(cover.chosen), score)
    if not chosen:  # one source, or nothing shared: the best-scored sentences
        chosen = _select(candidates, score, similarity, max_words, w.redundancy, w.fill_floor)
    cut_text: dict[int, str] = {}
    if w.fit > 0:
        cut_text = _fit_clause(candidates, score, similarity, chosen, max_words, w)
        chosen = _in_reading_order(candidates, [*chosen, *cut_text], score)
    picked = tuple(_attributed(candidates[i], publishers, cut_text.get(i)) for i in chosen)
    # Each section says something new: no sentence (or near-copy of one, as a wire
    # story's copies are) appears in two of briefing, agreed points and additions.
    shown = list(chosen)

    def fresh(i: int) -> bool:
        return all(
            float(similarity[i, j]) <= w.redundancy and candidates[i].text != candidates[j].text
            for j in shown
        )

    agreed_ids: list[int] = []
    for i in sorted(range(len(candidates)), key=lambda i: -float(score[i])):
        # Agreed points are reported facts, not headlines.
        # Agreed points stand alone in a list: "He said..." there names no one.
        if (
            support[i]
            and not candidates[i].is_title
            and fresh(i)
            and not leans_on_previous(candidates[i].text)
        ):
            agreed_ids.append(i)
            shown.append(i)
    agreed = tuple(
        AgreedPoint(
            _attributed(candidates[i], publishers), tuple(publishers[j] for j in support[i])
        )
        for i in agreed_ids
    )[:5]
    shown = shown[: len(chosen) + len(agreed)]
    unique = _unique(
        candidates, similarity, score, publishers, len(sources), w.unique_threshold, fresh
    )
    offline = Briefing(picked, _dedupe(agreed), unique, "extractive", "")
    if llm is None:
        return offline
    return _with_llm(candidates, publishers, offline, llm, max_words)


def _candidates(
    sources: Sequence[BriefingSource], *, with_titles: bool, cut: bool, attribution: bool
) -> list[_Candidate]:
    out = []
    for index, source in enumerate(sources):
        title = _headline(source.title) if with_titles else ""
        if title:
            out.append(_Candidate(title, index, -1, len(title.split())))
        body = paragraphs(source.text)
        position = 0
        for sentence in split_sentences(body)[:_MAX_SENTENCES_PER_SOURCE]:
            text = sentence.text[dateline_length(sentence.text) :]
            words = len(text.split())
            if words < _MIN_WORDS or is_furniture_sentence(text) or text.endswith("?"):
                continue
            if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"\u201c'\u2018"):
                continue  # a fragment cut mid-sentence by an excerpt
            original = ""
            if cut:
                compressed = compress(text, attribution=attribution).text.strip()
                if compressed != text.strip():
                    text, original, words = compressed, text, len(compressed.split())
            out.append(_Candidate(text, index, position, words, original))
            position += 1
    return out


def _headline(title: str) -> str:
    """The usable part of a headline, verbatim from ``title``; "" when there is none."""
    parts = _TITLE_PARTS.split(one_line(title, 400))
    best = max(parts, key=lambda p: len(p.split())).strip()
    if len(best.split()) < _MIN_TITLE_WORDS or best.endswith("?") or best not in title:
        return ""  # too short, a question, or changed by whitespace folding
    return best


def _agreement(
    candidates: list[_Candidate], similarity: np.ndarray, n_sources: int, threshold: float
) -> tuple[np.ndarray, list[tuple[int, ...]]]:
    """Mean over the other sources of the best match there; and who matches above threshold."""
    n = len(candidates)
    if n_sources < 2:
        return np.zeros(n), [() for _ in range(n)]
    source_of = np.array([c.source for c in candidates])
    agreement = np.zeros(n)
    support: list[tuple[int, ...]] = []
    for i in range(n):
        best_per_source = []
        agreeing = []
        for s in range(n_sources):
            if s == candidates[i].source:
                continue
            mask = source_of == s
            best = float(similarity[i, mask].max()) if mask.any() else 0.0
            best_per_source.append(best)
            if best >= threshold:
                agreeing.append(s)
        agreement[i] = sum(best_per_source) / len(best_per_source)
        support.append(tuple(agreeing))
    return agreement, support


def _select(
    candidates: list[_Candidate],
    score: np.ndarray,
    similarity: np.ndarray,
    budget: int,
    redundancy: float,
    fill_floor: float,
) -> list[int]:
    """Best sentences first, skipping repeats and whatever no longer fits the budget.

    Leftover budget is not filled with weak sentences (a stray six-word quote from
    the bottom of a long article): a sentence must score at least half the best.
    """
    chosen: list[int] = []
    used = 0
    floor = fill_floor * float(score.max()) if len(score) else 0.0
    for i in sorted(range(len(candidates)), key=lambda i: (-float(score[i]), i)):
        if chosen and float(score[i]) < floor:
            break
        if used + candidates[i].words > budget:
            continue
        if any(similarity[i, j] > redundancy for j in chosen):
            continue
        if leans_on_previous(candidates[i].text) and _predecessor(candidates, i) not in chosen:
            continue  # "It was the deadliest..." only right after what "it" is
        chosen.append(i)
        used += candidates[i].words
    return _in_reading_order(candidates, chosen, score)


def _fit_clause(
    candidates: list[_Candidate],
    score: np.ndarray,
    similarity: np.ndarray,
    chosen: list[int],
    budget: int,
    w: BriefingWeights,
) -> dict[int, str]:
    """The main clause of the best sentence left out for length, when it fits what is
    left of the budget: {candidate index: its verbatim start, marked as cut}."""
    left = budget - sum(candidates[i].words for i in chosen)
    floor = w.fill_floor * float(score.max()) if len(score) else 0.0
    for i in sorted(range(len(candidates)), key=lambda i: (-float(score[i]), i)):
        if float(score[i]) < floor or left < _MIN_WORDS:
            break
        if i in chosen or candidates[i].is_title or candidates[i].words <= left:
            continue
        if any(similarity[i, j] > w.redundancy for j in chosen):
            continue
        head = main_clause(candidates[i].text, left)
        if head:
            return {i: head}
    return {}


def _in_reading_order(
    candidates: list[_Candidate], chosen: list[int], score: np.ndarray
) -> list[int]:
    # Leads first, then in each source's order: reads like a news story. A sentence
    # that leans on the one before it ("It was...") follows that sentence directly.
    order = sorted(chosen, key=lambda i: (candidates[i].position, -float(score[i])))
    follows = {
        i: p
        for i in order
        if leans_on_previous(candidates[i].text) and (p := _predecessor(candidates, i)) in order
    }
    out = [i for i in order if i not in follows]
    for i in sorted(follows, key=lambda i: candidates[i].position):
        out.insert(out.index(follows[i]) + 1, i)
    return out


def _predecessor(candidates: list[_Candidate], i: int) -> int | None:
    """The candidate just before ``i`` in its source's body (None for a lead or title)."""
    c = candidates[i]
    if c.position <= 0:
        return None
    for j in range(i - 1, -1, -1):
        if candidates[j].source == c.source and candidates[j].position == c.position - 1:
            return j
    return None


def _unique(
    candidates: list[_Candidate],
    similarity: np.ndarray,
    score: np.ndarray,
    publishers: list[str],
    n_sources: int,
    threshold: float,
    fresh: Callable[[int], bool],
) -> tuple[PublisherAddition, ...]:
    out: list[PublisherAddition] = []
    for s in range(n_sources):
        mine = [
            i
            for i, c in enumerate(candidates)
            if c.source == s and not c.is_title and fresh(i) and not leans_on_previous(c.text)
        ]
        others = [i for i, c in enumerate(candidates) if c.source != s and not c.is_title]
        alone = [i for i in mine if not others or float(similarity[i, others].max()) < threshold]
        alone.sort(key=lambda i: -float(score[i]))
        if alone:
            sentences = tuple(_attributed(candidates[i], publishers) for i in alone[:2])
            out.append(PublisherAddition(publishers[s], s, sentences))
    return tuple(out)


def _dedupe(points: tuple[AgreedPoint, ...]) -> tuple[AgreedPoint, ...]:
    seen: set[frozenset[str]] = set()
    out: list[AgreedPoint] = []
    for point in points:
        group = frozenset({point.sentence.publisher, *point.also_reported_by})
        if group in seen and len(out) >= 3:
            continue
        seen.add(group)
        out.append(point)
    return tuple(out)


def _attributed(
    candidate: _Candidate, publishers: list[str], cut: str | None = None
) -> AttributedSentence:
    part: Literal["body", "title"] = "title" if candidate.is_title else "body"
    original = candidate.original or (candidate.text if cut else "")
    return AttributedSentence(
        cut or candidate.text, publishers[candidate.source], candidate.source, part, original
    )


def _with_llm(
    candidates: list[_Candidate],
    publishers: list[str],
    offline: Briefing,
    llm: LLMClient,
    max_words: int,
) -> Briefing:
    numbered = [NumberedSentence(i + 1, c.text, c.source) for i, c in enumerate(candidates[:150])]
    exchange = llm.complete(briefing_prompt(numbered, publishers, max_words))
    reason = exchange.error
    if reason is None:
        grounding = ground(exchange.raw_output, numbered)
        if grounding.claims:
            sentences: list[AttributedSentence] = []
            words = 0
            for claim in grounding.claims:
                words += len(claim.text.split())
                if words > max_words * 1.3 and sentences:
                    break  # a model that ignores the budget is cut, not trusted to stop
                # Attributed to the publisher of the first sentence the claim cites.
                source = numbered[claim.sentence_ids[0] - 1].source_index
                sentences.append(AttributedSentence(claim.text, publishers[source], source))
            note = f"{grounding.dropped} unsupported claim(s) dropped" if grounding.dropped else ""
            return Briefing(
                tuple(sentences), offline.agreed, offline.unique, "llm", note, llm.model, exchange
            )
        reason = grounding.error
    note = f"language model not used ({reason}); extractive briefing shown"
    return Briefing(
        offline.sentences, offline.agreed, offline.unique, "extractive", note, llm.model, exchange
    )
