"""Another way to choose briefing sentences, scored beside the product's in
``bench/briefings.py --variants`` (issue 9, third pass; written before scoring).

The product (``newsdesk.ai.briefing``) scores each sentence by agreement, centroid,
headline and position, and takes them best first. This selection instead:

- ranks by LexRank over a graph whose edges join sentences of *different* outlets only
  (centrality earned from what other publishers also say, not from one outlet
  repeating itself), plus the share of the sentence's content words that the other
  outlets use (title included), plus a lead prior per source and headline similarity;
- picks by maximal marginal relevance, skipping a sentence whose content words are
  mostly covered already (``novel``), within the same word budget;
- compresses with the same deletion-only rules (datelines, parentheticals, party tags,
  dash asides; trailing attribution when asked).

It reads the publishers' sentences only; the reference is read only to score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.ai.compress import compress
from newsdesk.enrich.centrality import DocumentFrequencies, lexrank, tfidf_matrix
from newsdesk.enrich.furniture import dateline_length
from newsdesk.enrich.sentences import split_sentences
from newsdesk.enrich.words import content_terms

_MIN_WORDS = 8


@dataclass(frozen=True, slots=True)
class Selection:
    position: float = 0.5  # weight of 1 / (1 + sentence index in its source)
    headline: float = 0.5  # weight of the cosine to all headlines
    support: float = 1.0  # weight of the share of content words other outlets use
    novel: float = 0.0  # a sentence must bring this share of new content words (0: off)
    attribution: bool = False  # also cut a trailing ", X said." clause
    redundancy: float = 0.5
    quotation: float = 0.7


def select(articles: Sequence[dict], df: DocumentFrequencies, budget: int, how: Selection) -> str:
    texts: list[str] = []
    source: list[int] = []
    position: list[int] = []
    for s, article in enumerate(articles):
        k = 0
        for sentence in split_sentences(article["text"]):
            text = sentence.text[dateline_length(sentence.text) :]
            if len(text.split()) < _MIN_WORDS or text.endswith("?") or not text[0].isupper():
                continue
            texts.append(compress(text, attribution=how.attribution).text.strip())
            source.append(s)
            position.append(k)
            k += 1
    if not texts:
        return ""
    terms = [content_terms(t) for t in texts]
    titles = [content_terms(a["title"]) for a in articles]
    matrix = tfidf_matrix([*terms, [t for title in titles for t in title]], df.idf())
    n = len(texts)
    vecs, headline = matrix[:n], matrix[n]
    sim = vecs @ vecs.T
    src = np.array(source)
    central = lexrank(np.where(src[:, None] != src[None, :], sim, 0.0) + 1e-6)
    central = central / (central.max() or 1.0)
    words_of = [
        {t for i in range(n) if source[i] == s for t in terms[i]} | set(titles[s])
        for s in range(len(articles))
    ]
    support = np.zeros(n)
    for i in range(n):
        mine = set(terms[i])
        others = [s for s in range(len(articles)) if s != source[i]]
        if mine and others:
            support[i] = float(np.mean([len(mine & words_of[s]) / len(mine) for s in others]))
    lead = np.array([1.0 / (1 + p) for p in position])
    score = central + how.support * support + how.position * lead + how.headline * (vecs @ headline)
    quoted = np.array(['"' in t or "\u201c" in t for t in texts])
    score = np.where(quoted, score * how.quotation, score)
    chosen: list[int] = []
    used = 0
    for i in sorted(range(n), key=lambda i: (-float(score[i]), i)):
        words = len(texts[i].split())
        if used + words > budget or any(sim[i, j] > how.redundancy for j in chosen):
            continue
        seen = {t for j in chosen for t in terms[j]}
        mine = set(terms[i])
        if how.novel and chosen and mine and len(mine - seen) / len(mine) < how.novel:
            continue
        chosen.append(i)
        used += words
    chosen.sort(key=lambda i: (position[i], -float(score[i])))
    return " ".join(texts[i] for i in chosen)
