"""Run a parsed query: text match, filters, ranking, then snippets for one page of hits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time

from django.db import connection

from newsdesk.reading import listings
from newsdesk.search.index import index_for
from newsdesk.search.query import SearchQuery
from newsdesk.search.snippet import Snippet, make_snippet
from newsdesk.storage.models import Article, ArticleStatus

MAX_LIMIT = 100
MAX_OFFSET = 10_000  # deeper than anyone pages; keeps every query's cost bounded
# Relevance is computed for the newest CANDIDATES matching articles only (by arrival):
# scoring every match of a common word costs time in proportion to the archive, and an
# old article needs many times the relevance of a fresh one to rank beside it anyway.
# Older matches stay reachable with ``before:`` or more specific words.
CANDIDATES = 1000


@dataclass(frozen=True, slots=True)
class Hit:
    article: Article
    score: float
    snippet: Snippet


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: SearchQuery
    hits: tuple[Hit, ...]
    offset: int
    more: bool


@dataclass(frozen=True, slots=True)
class _Filters:
    sql: list[str]
    params: list[object]
    empty: bool  # a filter names nothing that exists: no article can match


def _midnight(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _filters(query: SearchQuery) -> _Filters:
    sql = ["a.status = %s", "a.copy_of_id IS NULL"]
    params: list[object] = [ArticleStatus.READY.value]
    empty = False
    if query.sources:
        ids = sorted({i for v in query.sources for i in listings.sources_matching(v)})
        empty |= not ids
        sql.append(f"a.source_id IN ({', '.join(['%s'] * len(ids)) or 'NULL'})")
        params += ids
    for tag in query.tags:  # every tag named must be on the article
        ids = listings.hashtag_ids([tag])
        empty |= not ids
        sql.append("a.id IN (SELECT article_id FROM storage_articletag WHERE hashtag_id = %s)")
        params.append(ids[0] if ids else 0)
    if query.langs:
        alternatives = []
        for lang in query.langs:
            alternatives.append("(LOWER(a.language) = %s OR LOWER(a.language) LIKE %s)")
            params += [lang, _like_prefix(lang) + "-%"]
        sql.append("(" + " OR ".join(alternatives) + ")")
    if query.after is not None:
        sql.append("a.sort_at >= %s")
        params.append(_midnight(query.after))
    if query.before is not None:
        sql.append("a.sort_at < %s")
        params.append(_midnight(query.before))
    return _Filters(sql, params, empty)


def _like_prefix(value: str) -> str:
    """A LIKE pattern matching ``value`` literally (no reader-typed wildcards)."""
    return "".join(c for c in value if c.isalnum())[:16]


def search(query: SearchQuery, *, limit: int = 20, offset: int = 0) -> SearchResults:
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, min(offset, MAX_OFFSET))
    if query.is_empty:
        return SearchResults(query, (), offset, False)
    filters = _filters(query)
    if filters.empty:
        return SearchResults(query, (), offset, False)
    index = index_for(connection.vendor)
    where, params = list(filters.sql), list(filters.params)
    if query.has_text:
        match = index.match(query)
        where.insert(0, match.where)
        params = [*match.params, *params]
        floor = _candidate_floor(match, where, params, max(CANDIDATES, 2 * (offset + limit)))
        if floor is not None:
            where.append(f"{match.key} >= %s")
            params.append(floor)
        # Only constant SQL pieces are joined here; every value is a bound parameter.
        select = f"SELECT a.id, {match.score} AS score FROM {match.tables}"  # noqa: S608
        params = [*match.score_params, *params]
        order = "score DESC, a.id DESC"
    else:
        sql, values = index.exclude(query.excluded) if query.excluded else ("", ())
        if sql:
            where.append(sql)
            params += values
        select = "SELECT a.id, 0.0 AS score FROM storage_article a"
        order = "a.sort_at DESC, a.id DESC"
    statement = f"{select} WHERE {' AND '.join(where)} ORDER BY {order} LIMIT %s OFFSET %s"
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, limit + 1, offset])
        rows = cursor.fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    articles = listings.articles_by_ids(r[0] for r in rows)
    words = query.highlight_words()
    hits = tuple(
        Hit(articles[i], float(score or 0.0), _snippet(articles[i], words))
        for i, score in rows
        if i in articles
    )
    return SearchResults(query, hits, offset, more)


def _candidate_floor(match, where: list[str], params: list[object], count: int) -> int | None:
    """The smallest id among the newest ``count`` matches (None: fewer matches than that)."""
    statement = (
        f"SELECT {match.key} FROM {match.tables} "  # noqa: S608
        f"WHERE {' AND '.join(where)} ORDER BY {match.key} DESC LIMIT 1 OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, count - 1])
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _snippet(article: Article, words: tuple[str, ...]) -> Snippet:
    return make_snippet(article.body_text or article.title, words)
