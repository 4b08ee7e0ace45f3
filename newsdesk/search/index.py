"""The full-text index behind one interface: SQLite FTS5 or PostgreSQL text search.

Both index the same text (the title and the first ``BODY_CHARS`` of the body, cut into
runs of letters and digits, lower-cased, no stemming) so a query finds the same
articles on either database. The index lives in the database itself, kept in step by
the database (FTS5 triggers on SQLite, an expression index on PostgreSQL): every way an
article is written, the worker's saves, the admin, a bulk update or raw SQL, updates it,
and there is no second copy for the orchestrator to forget.

Every value from the reader is a bound parameter; FTS5 match expressions are built only
from quoted runs of letters and digits (see ``query.words_of``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from newsdesk.search.query import SearchQuery, Term

BODY_CHARS = 100_000
FTS_TABLE = "search_article_fts"
# Relevance is divided by 1 + age / RECENCY_DAYS: a week-old article needs twice the
# relevance of a fresh one to rank beside it.
RECENCY_DAYS = 7.0
TITLE_WEIGHT = 10.0


@dataclass(frozen=True, slots=True)
class TextMatch:
    """SQL pieces for one query: extra FROM, WHERE and the score, with their parameters."""

    tables: str  # the FROM clause, with the article table as ``a``
    where: str
    score: str
    params: tuple[object, ...]
    score_params: tuple[object, ...] = ()
    # The article id as the index sees it: ordering and bounding by this expression
    # lets FTS5 walk its own doclists newest-first instead of sorting every match.
    key: str = "a.id"


class TextIndex(Protocol):
    vendor: str

    def match(self, query: SearchQuery) -> TextMatch: ...

    def exclude(self, terms: tuple[Term, ...]) -> tuple[str, tuple[object, ...]]: ...


def _fts_term(term: Term) -> str:
    # Words hold only letters and digits, so double quotes make each a plain string.
    return '"' + " ".join(term.words) + '"'


def _fts_any(terms: tuple[Term, ...]) -> str:
    return "(" + " OR ".join(_fts_term(t) for t in terms) + ")"


class SqliteIndex:
    vendor = "sqlite"

    def expression(self, query: SearchQuery) -> str:
        positive = " AND ".join(_fts_any(clause) for clause in query.clauses)
        if query.excluded:
            positive += " NOT " + _fts_any(query.excluded)
        return positive

    def match(self, query: SearchQuery) -> TextMatch:
        age = "max(julianday('now') - julianday(a.sort_at), 0)"
        return TextMatch(
            # CROSS JOIN fixes the index as the outer loop: with a date or source filter
            # SQLite would otherwise walk the articles and probe the index for each.
            tables=f"{FTS_TABLE} CROSS JOIN storage_article a ON a.id = {FTS_TABLE}.rowid",
            where=f"{FTS_TABLE} MATCH %s",
            score=f"(-bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0)) / (1.0 + {age} / {RECENCY_DAYS})",
            params=(self.expression(query),),
            key=f"{FTS_TABLE}.rowid",
        )

    def exclude(self, terms: tuple[Term, ...]) -> tuple[str, tuple[object, ...]]:
        sql = f"a.id NOT IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"  # noqa: S608
        return sql, (_fts_any(terms),)


# Punctuation becomes a space before PostgreSQL's parser sees the text, so that it cuts
# words where FTS5's unicode61 tokenizer does ("3.5" is two words, "e-mail" two).
PG_DOCUMENT = (
    "(setweight(to_tsvector('simple'::regconfig, "
    "regexp_replace({table}title, '[[:space:][:punct:]]+', ' ', 'g')), 'A') || "
    "to_tsvector('simple'::regconfig, "
    "regexp_replace(left({table}body_text, {chars}), '[[:space:][:punct:]]+', ' ', 'g')))"
)


def pg_document(alias: str = "") -> str:
    return PG_DOCUMENT.format(table=f"{alias}." if alias else "", chars=BODY_CHARS)


class PostgresIndex:
    vendor = "postgresql"

    def _terms(self, terms: tuple[Term, ...]) -> tuple[str, list[object]]:
        parts = ["phraseto_tsquery('simple'::regconfig, %s)" for _ in terms]
        return "(" + " || ".join(parts) + ")", [t.text for t in terms]

    def tsquery(self, query: SearchQuery) -> tuple[str, list[object]]:
        pieces, params = [], []
        for clause in query.clauses:
            sql, values = self._terms(clause)
            pieces.append(sql)
            params += values
        if query.excluded:
            sql, values = self._terms(query.excluded)
            pieces.append(f"!!{sql}")
            params += values
        return "(" + " && ".join(pieces) + ")", params

    def match(self, query: SearchQuery) -> TextMatch:
        tsquery, params = self.tsquery(query)
        document = pg_document("a")
        age = "GREATEST(EXTRACT(EPOCH FROM (now() - a.sort_at)) / 86400.0, 0)"
        return TextMatch(
            tables="storage_article a",
            where=f"{document} @@ {tsquery}",
            score=f"ts_rank_cd({document}, {tsquery}) / (1.0 + {age} / {RECENCY_DAYS})",
            params=tuple(params),
            score_params=tuple(params),
        )

    def exclude(self, terms: tuple[Term, ...]) -> tuple[str, tuple[object, ...]]:
        sql, params = self._terms(terms)
        return f"NOT ({pg_document('a')} @@ {sql})", tuple(params)


def index_for(vendor: str) -> TextIndex:
    if vendor == "postgresql":
        return PostgresIndex()
    if vendor == "sqlite":
        return SqliteIndex()
    raise RuntimeError(f"full-text search supports SQLite and PostgreSQL, not {vendor}")
