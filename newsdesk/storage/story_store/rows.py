"""Clusterer states <-> table rows: ``StoryState`` as a ``Story``, ``ArticleState`` as a
``StoryMember``.

Fields with a column of their own are mapped one to one; every other field of the
state rides in the row's ``extra`` JSON, so the database round-trips each field of the
pipeline's dataclasses, including ones added later.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from newsdesk.stories.model import ArticleState, StoryState

STORY_COLUMNS = {
    "story_id",
    "centroid",
    "top_terms",
    "size",
    "first_seen",
    "last_seen",
    "headline",
    "headline_id",
    "publishers",
}
ARTICLE_COLUMNS = {
    "doc_id",
    "story_id",
    "vector",
    "published_at",
    "publisher",
    "title",
    "copy_of",
    "top_terms",
    "seq",
}


def _extra(state: StoryState | ArticleState, columns: set[str]) -> dict:
    """Fields of the state without a column, JSON-ready (tuples become lists)."""
    out = {}
    for f in fields(state):
        if f.name not in columns:
            value = getattr(state, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


def _from_extra(cls: type, extra: dict) -> dict:
    known = {f.name for f in fields(cls)}
    return {
        k: tuple(v) if isinstance(v, list) else v for k, v in (extra or {}).items() if k in known
    }


def story_state(row: dict) -> StoryState:
    return StoryState(
        story_id=str(row["id"]),
        centroid=row["centroid"],
        top_terms=tuple(row["top_terms"]),
        size=row["size"],
        first_seen=row["first_seen"],
        last_seen=row["last_seen"],
        headline=row["headline"],
        headline_id=row["headline_doc"],
        publishers=tuple(row["publishers"]),
        **_from_extra(StoryState, row["extra"]),
    )


def article_state(row: dict) -> ArticleState:
    return ArticleState(
        doc_id=row["doc_id"],
        story_id=str(row["story_id"]),
        vector=row["vector"],
        published_at=row["published_at"],
        publisher=row["publisher"],
        title=row["title"],
        copy_of=row["copy_of"],
        top_terms=tuple(row["top_terms"]),
        seq=row["seq"],
        **_from_extra(ArticleState, row["extra"]),
    )


def story_values(story: StoryState) -> dict[str, Any]:
    """The ``Story`` columns (by attname) that hold ``story``."""
    return {
        "headline": story.headline,
        "headline_doc": story.headline_id,
        "centroid": story.centroid,
        "top_terms": list(story.top_terms),
        "size": story.size,
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "publishers": list(story.publishers),
        "publisher_count": len(set(story.publishers)),
        "extra": _extra(story, STORY_COLUMNS),
    }


def member_values(article: ArticleState) -> dict[str, Any]:
    """The ``StoryMember`` columns (by attname) that hold ``article``."""
    return {
        "story_id": int(article.story_id),
        "vector": article.vector,
        "top_terms": list(article.top_terms),
        "published_at": article.published_at,
        "publisher": article.publisher[:300],
        "title": article.title,
        "copy_of": article.copy_of,
        "seq": article.seq,
        "extra": _extra(article, ARTICLE_COLUMNS),
    }


def changed(new: dict[str, Any], old: dict[str, Any] | None) -> dict[str, Any]:
    """The values of ``new`` that the stored row ``old`` does not hold yet."""
    return {k: v for k, v in new.items() if old is None or old.get(k) != v}
