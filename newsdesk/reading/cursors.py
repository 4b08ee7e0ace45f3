"""Opaque cursors for API lists: ``?limit=N&cursor=...`` from one page to the next.

A cursor is the position after the last item shown (a time and an id for newest-first
lists, an offset for ranked search), as URL-safe base64 of a small JSON object. It is
not a secret, only a bookmark; anything that does not decode to exactly that shape is
refused with a clear error instead of reaching a query.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

MAX_CURSOR_CHARS = 200
MAX_OFFSET = 10_000


class CursorError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Position:
    """Newest-first position: items strictly older than (at, id) come next."""

    at: datetime
    id: int


def _encode(data: dict) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> dict:
    if len(cursor) > MAX_CURSOR_CHARS:
        raise CursorError("The cursor is not one this API gave out.")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise CursorError("The cursor is not one this API gave out.") from None
    if not isinstance(data, dict):
        raise CursorError("The cursor is not one this API gave out.")
    return data


def encode_position(position: Position) -> str:
    return _encode({"t": position.at.isoformat(), "i": position.id})


def decode_position(cursor: str) -> Position:
    data = _decode(cursor)
    at, ident = data.get("t"), data.get("i")
    if not isinstance(at, str) or type(ident) is not int or not 0 < ident < 2**63:
        raise CursorError("The cursor is not one this API gave out.")
    try:
        when = datetime.fromisoformat(at)
    except ValueError:
        raise CursorError("The cursor is not one this API gave out.") from None
    if when.tzinfo is None:
        raise CursorError("The cursor is not one this API gave out.")
    return Position(when, ident)


def encode_offset(offset: int) -> str:
    return _encode({"o": offset})


def decode_offset(cursor: str) -> int:
    offset = _decode(cursor).get("o")
    if type(offset) is not int or not 0 <= offset <= MAX_OFFSET:
        raise CursorError("The cursor is not one this API gave out.")
    return offset
