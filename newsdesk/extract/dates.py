"""Publication dates: parse what publishers write into aware datetimes.

Which of them are plausible is the one rule of ``newsdesk.text.dates.sane_date``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from dateutil import parser as dateutil_parser

_MAX_LEN = 64
_DIGITS = re.compile(r"\d")
# dateutil fills missing fields from today: only trust it when a year is written out.
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def parse_date(value: object) -> datetime | None:
    """An aware datetime from ISO 8601, RFC 2822 or a common written form; naive -> UTC."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > _MAX_LEN or not _DIGITS.search(text):
        return None
    parsed = _iso(text) or _rfc2822(text) or _loose(text)
    if parsed is None:
        return None
    # Publishers that omit the offset mostly mean their local time; UTC is the least wrong
    # single guess and keeps every stored time comparable.
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None


def _rfc2822(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _loose(text: str) -> datetime | None:
    if not _YEAR.search(text):
        return None
    try:
        return dateutil_parser.parse(text, fuzzy=False)
    except (ValueError, OverflowError, TypeError, dateutil_parser.ParserError):
        return None
