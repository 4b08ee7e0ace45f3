"""Publisher dates turned into aware UTC datetimes that keep the sort order sane.

Feeds send no date, placeholder dates (``0001-01-01``, ``9999-12-31``, the Unix
epoch), impossible fields and clocks set a day ahead (they would break sort order). Each value
goes through ``sane_date`` with an explicit ``now`` so the rule is testable.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from feedparser.datetimes import _parse_date  # pinned feedparser 6.0.14: its many formats

# Before this, a date is a placeholder (epoch 0, year 1) rather than a news item.
EARLIEST = datetime(1980, 1, 1, tzinfo=UTC)
# A publisher clock a few hours ahead (or a wrong time zone) is common and harmless:
# clamp it to now. Further ahead is a placeholder such as 9999-12-31: drop it.
FUTURE_SLACK = timedelta(days=1)
_MAX_DATE_TEXT = 200


def sane_date(value: datetime | None, now: datetime) -> datetime | None:
    """``value`` in UTC if plausible; clamped to ``now`` if slightly ahead; else None."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        value = value.astimezone(UTC)
    except (
        OverflowError,
        ValueError,
    ):  # year 1 with a positive offset, year 9999 with a negative one
        return None
    if value < EARLIEST or value > now + FUTURE_SLACK:
        return None
    return min(value, now)


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
