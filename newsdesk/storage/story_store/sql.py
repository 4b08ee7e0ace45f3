"""Plain SQL on Django's connection: reads and writes that skip the ORM's compiler.

The ORM's query compilation was most of the store's cost per article, so the hot
statements are built here once as text. They are portable (SQLite and PostgreSQL):
only identifiers from model metadata pass through ``quote_name`` into the text (hence
the ``noqa: S608``); every value is a bound parameter, adapted by its model field
exactly as the ORM would adapt it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model

CHUNK = 500  # stay under SQLite's bound-variable limit


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def where_in(column: str, count: int) -> str:
    """``column IN (%s, ...)`` for ``count`` bound values."""
    return f"{quote(column)} IN ({', '.join(['%s'] * count)})"


def select(model: type[Model], where: str, params: Sequence[Any], tail: str = "") -> list[dict]:
    """Rows of ``model`` as ``{attname: python value}``, through the ORM's own converters
    (JSON decoding, SQLite's text datetimes), without compiling an ORM query per read."""
    table = model._meta.db_table
    columns = model._meta.concrete_fields
    converters = []
    for field in columns:
        col = field.get_col(table)
        converters.append(connection.ops.get_db_converters(col) + col.get_db_converters(connection))
    names = ", ".join(quote(f.column) for f in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {names} FROM {quote(table)} WHERE {where} {tail}", list(params))  # noqa: S608
        raw = cursor.fetchall()
    out = []
    for values in raw:
        row = {}
        for field, convert, col, value in zip(columns, converters, columns, values, strict=True):
            for fn in convert:
                value = fn(value, col, connection)
            row[field.attname] = value
        out.append(row)
    return out


def prep(model: type[Model], name: str, value: Any) -> Any:
    """``value`` as the column ``name`` of ``model`` stores it."""
    return model._meta.get_field(name).get_db_prep_save(value, connection)


def bulk_update(model: type[Model], rows: Iterable[tuple[int, dict[str, Any]]]) -> None:
    """Write only the changed columns: one ``executemany`` of a plain UPDATE per set of
    changed columns (neighbour saves all change the same one or two). Values go through
    each field's own ``get_db_prep_save``, as the ORM would adapt them, but the SQL is
    built once instead of compiling an ORM query (or a CASE per row) for every save."""
    groups: dict[tuple[str, ...], list[list[Any]]] = defaultdict(list)
    for pk, values in rows:
        if values:
            groups[tuple(values)].append(
                [prep(model, name, value) for name, value in values.items()] + [pk]
            )
    if not groups:
        return
    with connection.cursor() as cursor:
        for names, params in groups.items():
            columns = ", ".join(f"{quote(model._meta.get_field(n).column)} = %s" for n in names)
            sql = f"UPDATE {quote(model._meta.db_table)} SET {columns} WHERE {quote('id')} = %s"  # noqa: S608
            cursor.executemany(sql, params)
