"""Date parsing and the plausibility clamp: year 1, year 9999 and the future."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.extract.dates import clamp_date, parse_date

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2024-03-05T09:30:00+01:00",
            datetime(2024, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("2024-03-05T09:30:00Z", datetime(2024, 3, 5, 9, 30, tzinfo=UTC)),
        ("2024-03-05", datetime(2024, 3, 5, tzinfo=UTC)),
        (
            "Tue, 05 Mar 2024 09:30:00 -0500",
            datetime(2024, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=-5))),
        ),
        ("March 5, 2024 9:30 AM", datetime(2024, 3, 5, 9, 30, tzinfo=UTC)),
    ],
)
def test_parse_date_gives_aware_datetimes(text: str, expected: datetime) -> None:
    parsed = parse_date(text)
    assert parsed == expected
    assert parsed is not None and parsed.tzinfo is not None


@pytest.mark.parametrize("text", ["", "soon", "12", "5 hours ago", None, 20240305, "x" * 500])
def test_parse_date_refuses_non_dates(text: object) -> None:
    assert parse_date(text) is None


def test_clamp_is_relative_to_now() -> None:
    assert clamp_date(datetime(1989, 12, 31, tzinfo=UTC), NOW) is None
    assert clamp_date(datetime(1990, 1, 1, tzinfo=UTC), NOW) == datetime(1990, 1, 1, tzinfo=UTC)
    assert clamp_date(NOW + timedelta(hours=23), NOW) == NOW + timedelta(hours=23)
    assert clamp_date(NOW + timedelta(days=2), NOW) is None
    assert clamp_date(datetime(9999, 12, 31, tzinfo=UTC), NOW) is None
    assert clamp_date(None, NOW) is None
    # The same date is plausible or not depending only on ``now``.
    later = NOW + timedelta(days=10)
    assert clamp_date(later, NOW) is None
    assert clamp_date(later, later) == later


def test_clamp_makes_naive_datetimes_utc() -> None:
    assert clamp_date(datetime(2020, 1, 1), NOW) == datetime(2020, 1, 1, tzinfo=UTC)


@given(st.text(max_size=80))
def test_parse_date_never_raises(text: str) -> None:
    parsed = parse_date(text)
    assert parsed is None or parsed.tzinfo is not None
