"""Date parsing of what pages write (the plausibility rule is tested in tests/text)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.extract.dates import parse_date


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


@given(st.text(max_size=80))
def test_parse_date_never_raises(text: str) -> None:
    parsed = parse_date(text)
    assert parsed is None or parsed.tzinfo is not None
