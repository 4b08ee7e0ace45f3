"""One sanity rule for every date a publisher writes (feed items, pages, live entries).

Publishers send placeholder dates (``0001-01-01``, ``9999-12-31``, the Unix epoch),
impossible fields and clocks set a little ahead. Each stage parses dates its own way
(feedparser's formats for feeds, ISO/RFC 2822/written forms for pages), then every
parsed value goes through ``sane_date`` with an explicit ``now`` so the rule is testable.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

# Before this, a date is a placeholder (year 1, 1900, the Unix epoch) rather than news.
# The feed reader used 1980 and the extractor 1990; 1980 won: it rejects every known
# placeholder just as well, and a page dated in the 1980s is more likely a real archive
# date than a template default (dropping it would make the archive item look new).
EARLIEST = datetime(1980, 1, 1, tzinfo=UTC)
# A publisher clock a few hours ahead (or a wrong time zone) is common and harmless:
# clamp it to now. Further ahead is a placeholder such as 9999-12-31: drop it. The
# extractor used to keep the slightly-future value; clamping won because a page dated
# "in five hours" would otherwise sit on top of every newest-first list until then.
FUTURE_SLACK = timedelta(days=1)


def sane_date(value: datetime | None, now: datetime) -> datetime | None:
    """``value`` in UTC if plausible; clamped to ``now`` if slightly ahead; else None.

    A naive ``value`` is taken as UTC: publishers that omit the offset mostly mean their
    local time, and UTC is the least wrong single guess that keeps times comparable.
    """
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        value = value.astimezone(UTC)
    except (OverflowError, ValueError):  # year 1 with a positive offset, 9999 with a negative
        return None
    if value < EARLIEST or value > now + FUTURE_SLACK:
        return None
    return min(value, now)
