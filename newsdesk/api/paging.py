"""Keyset pages over newest-first querysets, and the ordering allow-list they accept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Schema
from ninja.errors import HttpError

from newsdesk.reading.cursors import CursorError, Position, decode_position, encode_position

# What a client may sort by: a name from this table, never a column it names itself.
Ordering = Literal["newest", "oldest"]
MAX_LIMIT = 100


@dataclass(frozen=True, slots=True)
class KeysetPage:
    rows: list
    next_cursor: str | None


def keyset_page(
    queryset: QuerySet, *, time_field: str, limit: int, cursor: str | None, ordering: Ordering
) -> KeysetPage:
    """One page after ``cursor``; a cursor we never gave out is a 400 with the reason."""
    newest = ordering == "newest"
    queryset = queryset.order_by(*((f"-{time_field}", "-id") if newest else (time_field, "id")))
    if cursor:
        try:
            at = decode_position(cursor)
        except CursorError as exc:
            raise HttpError(400, str(exc)) from None
        if newest:
            after = Q(**{f"{time_field}__lt": at.at}) | Q(**{time_field: at.at, "id__lt": at.id})
        else:
            after = Q(**{f"{time_field}__gt": at.at}) | Q(**{time_field: at.at, "id__gt": at.id})
        queryset = queryset.filter(after)
    rows = list(queryset[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if more and rows else None
    next_cursor = encode_position(Position(getattr(last, time_field), last.pk)) if last else None
    return KeysetPage(rows, next_cursor)


def refuse_unknown(request: HttpRequest, params: type[Schema]) -> None:
    """400 for a query parameter the operation does not take: a misspelt or retired name
    (``page_size``) must fail loudly rather than be ignored."""
    unknown = sorted(set(request.GET) - set(params.model_fields))
    if unknown:
        names = ", ".join(n[:40] for n in unknown[:5])
        allowed = ", ".join(params.model_fields)
        raise HttpError(400, f"Unknown parameter(s): {names}. This operation takes: {allowed}.")


def next_link(request: HttpRequest, cursor: str | None) -> str | None:
    """The address of the page after this one (same parameters, the new cursor)."""
    if cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def base_url(request: HttpRequest) -> str:
    """The site's public address for absolute links (the setting, else the request's)."""
    return settings.NEWSDESK_BASE_URL or request.build_absolute_uri("/").rstrip("/")
