"""Publisher dates turned into aware UTC datetimes that keep the sort order sane.

Feeds send no date, placeholder dates (``0001-01-01``, ``9999-12-31``, the Unix
epoch), impossible fields and clocks set a day ahead (they would break sort order). Each value goes
through the one rule of ``newsdesk.text.dates.sane_date`` with an explicit ``now``.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from feedparser.datetimes import _parse_date  # pinned feedparser 6.0.14: its many formats

from newsdesk.text.dates import sane_date

_MAX_DATE_TEXT = 200


def from_struct(value: object, now: datetime) -> datetime | None:
    """A feedparser ``*_parsed`` 9-tuple (already UTC) as a sane datetime."""
    if not isinstance(value, time.struct_time | tuple) or len(value) < 6:
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in value[:6])
        return sane_date(datetime(year, month, day, hour, minute, second, tzinfo=UTC), now)
    except (TypeError, ValueError, OverflowError):
        return None


def from_text(value: object, now: datetime) -> datetime | None:
    """An ISO 8601 / RFC 3339 / RFC 822 date string as a sane datetime."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > _MAX_DATE_TEXT:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is not None:
        return sane_date(parsed, now)
    try:
        return from_struct(_parse_date(text), now)
    except Exception:  # feedparser's date handlers raise assorted errors on junk
        return None
