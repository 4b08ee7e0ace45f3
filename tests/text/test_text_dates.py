"""The one date-sanity rule that feeds, pages and live-blog entries share."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from newsdesk.text.dates import EARLIEST, sane_date

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def test_placeholders_are_dropped() -> None:
    for placeholder in (
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(1900, 1, 1, tzinfo=UTC),
        datetime(1970, 1, 1, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
    ):
        assert sane_date(placeholder, NOW) is None, placeholder


def test_the_earliest_plausible_date_is_1980() -> None:
    assert sane_date(EARLIEST - timedelta(seconds=1), NOW) is None
    assert sane_date(EARLIEST, NOW) == EARLIEST
    assert sane_date(datetime(1985, 5, 1, tzinfo=UTC), NOW) == datetime(1985, 5, 1, tzinfo=UTC)


def test_a_clock_slightly_ahead_is_clamped_to_now() -> None:
    assert sane_date(NOW + timedelta(hours=23), NOW) == NOW
    assert sane_date(NOW + timedelta(days=2), NOW) is None
    # The same date is plausible or not depending only on ``now``.
    later = NOW + timedelta(days=10)
    assert sane_date(later, NOW) is None
    assert sane_date(later, later) == later


def test_results_are_utc_and_naive_input_is_taken_as_utc() -> None:
    assert sane_date(datetime(2020, 1, 1), NOW) == datetime(2020, 1, 1, tzinfo=UTC)
    paris = datetime(2024, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    result = sane_date(paris, NOW)
    assert result == paris and result is not None and result.utcoffset() == timedelta(0)
    assert sane_date(None, NOW) is None


@pytest.mark.parametrize(
    "extreme",
    [
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))),
        datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-5))),
    ],
)
def test_out_of_range_conversions_give_none(extreme: datetime) -> None:
    assert sane_date(extreme, NOW) is None
