"""Streaming document frequencies for the clusterer's IDF, in ``TermStat`` rows.

The row whose term is empty (``N_ROW``) counts the documents themselves, so one read
answers both the frequencies and N.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from newsdesk.storage.models import TermStat

from .postings import TERM_LENGTH
from .sql import CHUNK, quote

N_ROW = ""  # TermStat row whose df is the number of documents counted


def document_count() -> int:
    row = TermStat.objects.filter(term=N_ROW).values_list("df", flat=True).first()
    return int(row or 0)


def read_frequencies(terms: Iterable[str]) -> tuple[dict[str, int], int]:
    """The document frequency of each known term, and N (the documents counted)."""
    wanted = [t for t in set(terms) if t]
    out: dict[str, int] = {}
    table = quote(TermStat._meta.db_table)
    with connection.cursor() as cursor:
        # N rides along with the first chunk: the clusterer asks for it right after.
        extra = [N_ROW]
        for start in range(0, max(len(wanted), 1), CHUNK):
            chunk = wanted[start : start + CHUNK] + extra
            extra = []
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT {quote('term')}, {quote('df')} FROM {table} WHERE {quote('term')} IN ({marks})",  # noqa: S608
                chunk,
            )
            out.update((term, int(df)) for term, df in cursor.fetchall())
    return out, int(out.pop(N_ROW, 0))


def count_document(terms: Iterable[str]) -> None:
    """Add one document holding ``terms``: each term's count and N grow by one."""
    distinct = sorted({t[:TERM_LENGTH] for t in terms if t} | {N_ROW})
    table, term, df = quote(TermStat._meta.db_table), quote("term"), quote("df")
    with connection.cursor() as cursor:
        for start in range(0, len(distinct), CHUNK):
            chunk = distinct[start : start + CHUNK]
            # One upsert (SQLite >= 3.24 and PostgreSQL share this syntax) instead of
            # an insert-if-missing plus an ORM update.
            values = ", ".join(["(%s, 1)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({term}, {df}) VALUES {values} "  # noqa: S608
                f"ON CONFLICT ({term}) DO UPDATE SET {df} = {table}.{df} + 1",
                chunk,
            )
