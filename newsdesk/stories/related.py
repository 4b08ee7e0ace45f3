"""Related coverage for an article page, in two tiers.

1. Same story (``SAME_STORY``): the other articles of its story, other publishers
   before its own publisher's follow-ups; copies never (the page shows them as "also
   published by").
2. Same subject (``SAME_SUBJECT``): other publishers' articles of other stories within
   ``subject_days`` that name or tag one of the article's main names or hashtags, or
   whose text is as close as a story member must be (``ClusterParams.floor``).

Within a tier the order is the density-corrected cosine of clustering
(``2 cos - density(a) - density(b)``, with the vectors and densities the last repair
pass stored: rebuilt from raw counts with the document frequencies of then, so the
order does not depend on arrival order) plus a small bonus for closeness in time, then
doc_id. Pure: the caller loads the pool.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime

from newsdesk.stories import vectors
from newsdesk.stories.model import (
    SAME_STORY,
    SAME_SUBJECT,
    ArticleState,
    ClusterParams,
    Related,
)
from newsdesk.stories.subjects import main_keys, shared_subject

# A small tie-breaker on the corrected scale: of two equally similar articles, the one
# closer in time ranks first.
RECENCY_BONUS = 0.02
RECENCY_HALF_LIFE_DAYS = 7.0


def rank_related(
    article: ArticleState,
    pool: Iterable[ArticleState],
    params: ClusterParams,
    k: int,
    *,
    exclude: frozenset[str] = frozenset(),
) -> tuple[Related, ...]:
    """The ``k`` best related articles for ``article`` out of ``pool``.

    ``exclude`` lists doc_ids never to return (the article itself, its copies).
    """
    own = article.publisher
    main = main_keys(article.names, article.tags, params.main_names)
    vec = article.vector
    density = _density(article.neighbour_sims, params.density_k)
    story: list[tuple[tuple[bool, float, str], Related]] = []
    subject: list[tuple[tuple[float, str], Related]] = []
    seen: set[str] = set()
    for cand in pool:
        if cand.doc_id in seen or cand.doc_id in exclude or cand.doc_id == article.doc_id:
            continue
        seen.add(cand.doc_id)
        if cand.copy_of is not None:
            continue
        sim = vectors.dot(vec, cand.vector)
        # Corrected for density as in clustering: a candidate close to everything
        # (a crowded subject) ranks below one close to this article in particular.
        adjusted = 2.0 * sim - density - _density(cand.neighbour_sims, params.density_k)
        score = adjusted + RECENCY_BONUS * closeness(article.published_at, cand.published_at)
        if cand.story_id == article.story_id:
            same_publisher = bool(own) and cand.publisher == own
            story.append(((same_publisher, -score, cand.doc_id), _related(cand, score, sim, True)))
            continue
        if own and cand.publisher == own:
            continue
        if not _recent(article.published_at, cand.published_at, params.subject_days):
            continue
        if sim < params.floor and not shared_subject(main, cand.names, cand.tags):
            continue
        subject.append(((-score, cand.doc_id), _related(cand, score, sim, False)))
    story.sort(key=lambda kv: kv[0])
    subject.sort(key=lambda kv: kv[0])
    return tuple([r for _, r in story] + [r for _, r in subject])[:k]


def _related(cand: ArticleState, score: float, sim: float, same: bool) -> Related:
    return Related(
        doc_id=cand.doc_id,
        story_id=cand.story_id,
        score=score,
        similarity=sim,
        publisher=cand.publisher,
        title=cand.title,
        published_at=cand.published_at,
        same_story=same,
        tier=SAME_STORY if same else SAME_SUBJECT,
    )


def _density(neighbour_sims: tuple[float, ...], k: int) -> float:
    return sum(neighbour_sims) / k if k > 0 else 0.0


def _recent(a: datetime | None, b: datetime | None, days: float) -> bool:
    if a is None or b is None:
        return True
    return abs((a - b).total_seconds()) <= days * 86400.0


def closeness(a: datetime | None, b: datetime | None) -> float:
    """1 for the same moment, halving every ``RECENCY_HALF_LIFE_DAYS``; 0 if unknown."""
    if a is None or b is None:
        return 0.0
    days = abs((a - b).total_seconds()) / 86400.0
    return math.exp(-days * math.log(2) / RECENCY_HALF_LIFE_DAYS)
