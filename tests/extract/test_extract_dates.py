"""Date parsing of what pages write (the plausibility rule is tested in tests/text)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.extract import extract
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


_NOW = datetime(2026, 11, 29, tzinfo=UTC)
_BODY = "<p>" + "The council approved the plan to rebuild the harbour wall. " * 8 + "</p>"


@pytest.mark.parametrize(
    ("head", "url", "expected"),
    [
        # Declared for the article: wins over everything the page merely shows.
        (
            '<meta property="article:published_time" content="2024-03-07T08:00:00Z">'
            '<time datetime="2024-03-06">',
            "https://news.example/2024/03/05/harbour-wall",
            datetime(2024, 3, 7, 8, tzinfo=UTC),
        ),
        # Not declared: the date in the URL path, before any <time> of the page.
        ('<time datetime="2024-03-06">', "https://news.example/2024/03/05/harbour-wall", None),
        # Any JSON-LD object's datePublished (here a WebPage's).
        (
            '<script type="application/ld+json">'
            '{"@type": "WebPage", "datePublished": "2024-03-04T10:00:00Z"}</script>',
            "https://news.example/harbour-wall",
            datetime(2024, 3, 4, 10, tzinfo=UTC),
        ),
        # Only a <time datetime>: that one.
        (
            '<time datetime="2024-03-06T12:00:00Z">',
            "https://news.example/harbour-wall",
            datetime(2024, 3, 6, 12, tzinfo=UTC),
        ),
        # An impossible date in the URL is no date; the <time> stands.
        (
            '<time datetime="2024-03-06T12:00:00Z">',
            "https://news.example/2024/13/45/harbour-wall",
            datetime(2024, 3, 6, 12, tzinfo=UTC),
        ),
    ],
)
def test_shown_dates_before_the_text_search(head: str, url: str, expected: datetime | None) -> None:
    page = f"<html><head>{head}</head><body><h1>Harbour wall</h1>{_BODY}</body></html>"
    found = extract(page.encode(), url=url, now=_NOW).published_at
    assert found == (expected or datetime(2024, 3, 5, tzinfo=UTC))
