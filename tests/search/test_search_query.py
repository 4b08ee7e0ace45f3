"""The query parser is pure: any string parses or raises QueryError, and what it yields
can only ever be quoted runs of letters and digits (hypothesis)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.search.index import PostgresIndex, SqliteIndex
from newsdesk.search.query import MAX_QUERY_CHARS, QueryError, SearchQuery, Term, parse

WORD = re.compile(r"^[^\W_]+$")
FTS_EXPRESSION = re.compile(r'^[()" A-Za-z0-9\w]*$')


def test_operators():
    q = parse(
        'Treaty "Ostra river" -sport OR football source:"Basin Observer" tag:Vellaria lang:EN'
    )
    assert q.clauses == ((Term(("treaty",)),), (Term(("ostra", "river")),), (Term(("football",)),))
    assert q.excluded == (Term(("sport",)),)  # OR after an excluded term joins nothing
    assert q.sources == ("Basin Observer",) and q.tags == ("Vellaria",) and q.langs == ("en",)


def test_or_joins_neighbours_into_one_clause():
    q = parse("museum OR gallery reopens")
    assert q.clauses == ((Term(("museum",)), Term(("gallery",))), (Term(("reopens",)),))


def test_dates_and_their_errors():
    q = parse("after:2026-01-05 before:2026-02-01 after:2026-01-01")
    assert q.after == date(2026, 1, 5) and q.before == date(2026, 2, 1)
    with pytest.raises(QueryError):
        parse("before:yesterday")
    with pytest.raises(QueryError):
        parse("after:2026-02-30")


def test_punctuation_sql_and_wildcards_are_separators():
    assert parse("' OR 1=1 --").clauses == ((Term(("1", "1")),),)
    assert parse("%%%_%%").is_empty
    assert parse("econom*").clauses == ((Term(("econom",)),),)
    assert parse('water-sharing "unclosed phrase').clauses == (
        (Term(("water", "sharing")),),
        (Term(("unclosed", "phrase")),),
    )
    assert parse('a AND OR "').clauses == ((Term(("a",)),), (Term(("and",)),))


def test_limits_are_clear_errors():
    with pytest.raises(QueryError):
        parse("x" * (MAX_QUERY_CHARS + 1))
    with pytest.raises(QueryError):
        parse(" ".join(f"w{i}" for i in range(100)))
    with pytest.raises(QueryError):
        parse("-source:spam")


def _check(query: SearchQuery) -> None:
    for clause in query.clauses:
        assert clause
        for term in clause:
            assert term.words and all(WORD.match(w) and w == w.lower() for w in term.words)
    if query.has_text:
        expression = SqliteIndex().expression(query)
        # Every word sits inside double quotes; the only bare words are the operators.
        outside = re.sub(r'"[^"]*"', "", expression)
        assert set(outside.split()) <= {"AND", "OR", "NOT", "(", ")"} | set(
            re.findall(r"[()]+", outside)
        )
        sql, params = PostgresIndex().tsquery(query)
        assert "%s" in sql and all(isinstance(p, str) for p in params)
        assert sql.count("%s") == len(params)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=600))
def test_any_text_parses_or_is_refused_clearly(raw):
    try:
        query = parse(raw)
    except QueryError as exc:
        assert str(exc)
        return
    _check(query)


OPERATORS = st.sampled_from(
    ['"', "-", " OR ", "source:", "tag:", "lang:", "after:2026-01-01", "*", "%", "'", "(", ")"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(OPERATORS, st.text(max_size=8)), max_size=30).map(" ".join))
def test_operator_soup_parses_or_is_refused_clearly(raw):
    try:
        query = parse(raw)
    except QueryError:
        return
    _check(query)
