"""The term -> item posting lists that find candidate stories and articles.

A posting list is append-only and read newest first through the ``(term, -id)`` index:
a read costs at most ``scan`` rows per term, however long the list has grown, which is
what keeps the cost per article flat as the store fills up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Model

from .sql import CHUNK, quote

UNION_CHUNK = 100  # per-term subqueries per statement (SQLite allows 500 compound terms)
TERM_LENGTH = 120  # the term column's width


def scan_floor(since: datetime | None, until: datetime | None) -> datetime | None:
    """Postings older than the window start less one window end a scan (as in memory)."""
    if since is None:
        return None
    return since - (until - since) if until is not None else since


def _posting_sql(model: type[Model], key: str, count: int) -> str:
    """One statement reading, for each of ``count`` terms, its newest ``scan`` postings.

    A UNION ALL of per-term ``ORDER BY id DESC LIMIT`` subqueries rather than a window
    function: each arm walks the ``(term, -id)`` index and stops after ``scan`` rows, so
    the cost stays bounded by ``scan`` however long a term's posting list grows.
    """
    table, key_col = quote(model._meta.db_table), quote(model._meta.get_field(key).column)
    arm = (
        "SELECT * FROM (SELECT {i} AS nth, {id} AS pid, {key} AS item, "
        "CASE WHEN {at} < %s THEN 1 ELSE 0 END AS old FROM {table} "
        "WHERE {term} = %s ORDER BY {id} DESC LIMIT %s) AS arm{i}"
    )
    return " UNION ALL ".join(
        arm.format(
            i=i, id=quote("id"), key=key_col, at=quote("at"), table=table, term=quote("term")
        )
        for i in range(count)
    )


def newest_postings(
    model: type[Model], key: str, terms: Sequence[str], floor: datetime | None, scan: int
) -> list[list[int]]:
    """Per term (in order), the items of its newest ``scan`` postings, newest first,
    cut at the first posting older than ``floor`` (one statement per 100 terms)."""
    # The ORM's own conversion, so the comparison matches ``at__lt=floor`` exactly
    # (SQLite stores datetimes as text); no floor compares against NULL: never old.
    at = model._meta.get_field("at").get_db_prep_value(floor, connection) if floor else None
    per_term: list[list[tuple[int, int, int]]] = [[] for _ in terms]
    with connection.cursor() as cursor:
        for start in range(0, len(terms), UNION_CHUNK):
            chunk = terms[start : start + UNION_CHUNK]
            params: list[Any] = []
            for term in chunk:
                params += [at, term[:TERM_LENGTH], scan]
            cursor.execute(_posting_sql(model, key, len(chunk)), params)
            for nth, pid, item, old in cursor.fetchall():
                per_term[start + nth].append((pid, item, old))
    out = []
    for rows in per_term:
        rows.sort(reverse=True)  # newest first, as the scan reads them
        recent = []
        for _, item, old in rows:
            if old:
                break
            recent.append(item)
        out.append(recent)
    return out


def ranked_hits(
    model: type[Model],
    key: str,
    terms: Sequence[str],
    floor: datetime | None,
    scan: int,
    *,
    once_per_term: bool,
) -> list[int]:
    """Ids posted under the terms, most terms shared first, ties in the order the scan
    meets them (exactly as ``MemoryStoryStore`` ranks, so both stores agree)."""
    hits: Counter[int] = Counter()
    for recent in newest_postings(model, key, terms, floor, scan):
        for item in dict.fromkeys(recent) if once_per_term else recent:
            hits[item] += 1
    return [item for item, _ in hits.most_common()]


def append_postings(
    model: type[Model], key: str, rows: Sequence[tuple[str, int | None, datetime | None]]
) -> None:
    """Append postings in the given order (ids grow with it: readers scan newest first)."""
    if not rows:
        return
    at = model._meta.get_field("at")
    columns = f"{quote('term')}, {quote(model._meta.get_field(key).column)}, {quote('at')}"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK // 3):
            chunk = rows[start : start + CHUNK // 3]
            params: list[Any] = []
            for term, item, when in chunk:
                params += [term, item, at.get_db_prep_save(when, connection)]
            marks = ", ".join(["(%s, %s, %s)"] * len(chunk))
            sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {marks}"  # noqa: S608
            cursor.execute(sql, params)
