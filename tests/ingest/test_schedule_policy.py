"""Scheduling decisions: Retry-After, backoff, disabling, TTL clamps (pure functions, no I/O)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.ingest.schedule import (
    DAY,
    FailurePolicy,
    backoff_delay,
    decide_after_error,
    decide_after_fetch,
    parse_retry_after,
    refresh_interval,
)

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        (" 120 ", 120.0),
        ("0", 0.0),
        ("999999999", DAY),
        ("99999999999999999999999999999", DAY),
        ("garbage", None),
        ("-5", None),
        ("1.5", None),
        ("", None),
        (None, None),
        (format_datetime(NOW + timedelta(hours=2), usegmt=True), 7200.0),
        (format_datetime(NOW - timedelta(hours=2), usegmt=True), 0.0),
        (format_datetime(NOW + timedelta(days=400), usegmt=True), DAY),
        ("Sun, 29 Nov 2026 12:30:00 -0000", 1800.0),
        ("Sunday, 29-Nov-26 12:30:00 GMT", 1800.0),  # obsolete RFC 850 form, still valid
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, NOW) == expected


@given(st.text(max_size=40))
def test_parse_retry_after_never_raises_and_stays_in_range(value: str) -> None:
    seconds = parse_retry_after(value, NOW)
    assert seconds is None or 0 <= seconds <= DAY


def test_backoff_grows_exponentially_with_jitter_and_caps() -> None:
    rng = random.Random(7)
    delays = [backoff_delay(n, base=60, cap=DAY, rng=rng) for n in range(1, 20)]
    for n, delay in enumerate(delays, start=1):
        ceiling = min(DAY, 60 * 2 ** (n - 1))
        assert ceiling / 2 <= delay <= ceiling
    assert delays[-1] <= DAY and delays[-1] >= DAY / 2
    assert backoff_delay(0) == 0.0
    spread = {round(backoff_delay(3, rng=random.Random(seed))) for seed in range(20)}
    assert len(spread) > 5  # jitter spreads feeds of one failing host apart


def _hourly(count: int, last: datetime = NOW) -> list[datetime]:
    return [last - timedelta(hours=i) for i in range(count)]


def test_interval_adapts_to_publishing_rate() -> None:
    assert refresh_interval(_hourly(10), NOW) == timedelta(minutes=30)
    every_minute = [NOW - timedelta(minutes=i) for i in range(10)]
    assert refresh_interval(every_minute, NOW) == timedelta(minutes=15)  # clamped to min
    weekly = [NOW - timedelta(days=7 * i) for i in range(5)]
    assert refresh_interval(weekly, NOW) == timedelta(hours=24)  # clamped to max


def test_idle_feed_slows_down() -> None:
    stale = _hourly(10, last=NOW - timedelta(days=2))
    assert refresh_interval(stale, NOW) == timedelta(hours=12)


def test_unknown_history_uses_default() -> None:
    assert refresh_interval([], NOW) == timedelta(hours=1)
    assert refresh_interval([NOW], NOW) == timedelta(hours=1)


@pytest.mark.parametrize("hint", [{"ttl_seconds": 9999999 * 60}, {"cache_max_age": 31536000}])
def test_huge_ttl_or_max_age_clamps_to_a_day(hint: dict[str, float]) -> None:
    assert refresh_interval(_hourly(10), NOW, **hint) == timedelta(hours=24)


def test_ttl_is_a_lower_bound() -> None:
    assert refresh_interval(_hourly(10), NOW, ttl_seconds=3 * 3600) == timedelta(hours=3)


def test_future_dates_do_not_break_the_interval() -> None:
    times = [NOW + timedelta(days=3650), *_hourly(5)]
    assert timedelta(minutes=15) <= refresh_interval(times, NOW) <= timedelta(hours=24)


@given(
    st.lists(st.datetimes(timezones=st.just(UTC)), max_size=30),
    st.one_of(st.none(), st.floats(-1e12, 1e12)),
)
def test_interval_always_within_bounds(times: list[datetime], ttl: float | None) -> None:
    interval = refresh_interval(times, NOW, ttl_seconds=ttl)
    assert timedelta(minutes=15) <= interval <= timedelta(hours=24)


def test_success_resets_failures_and_schedules_by_interval() -> None:
    decision = decide_after_fetch(NOW, _hourly(10))
    assert decision == decision.__class__(NOW + timedelta(minutes=30), failures=0)


def test_repeated_5xx_backs_off_then_disables_after_three() -> None:
    rng = random.Random(1)
    first = decide_after_error(NOW, "http_error", 1, "HTTP 503", rng=rng, status=503)
    assert not first.disable and first.failures == 1
    assert NOW + timedelta(seconds=30) <= first.next_fetch_at <= NOW + timedelta(seconds=60)
    second = decide_after_error(NOW, "http_error", first.failures + 1, "HTTP 503", rng=rng)
    assert not second.disable and second.failures == 2
    assert NOW + timedelta(seconds=60) <= second.next_fetch_at <= NOW + timedelta(seconds=120)
    third = decide_after_error(NOW, "http_error", second.failures + 1, "HTTP 503", rng=rng)
    assert third.disable and third.failures == 3 and "HTTP 503" in third.reason


def test_410_disables_at_once() -> None:
    decision = decide_after_error(NOW, "gone", 1, "gone for good", status=410)
    assert decision.disable and "gone" in decision.reason


def test_404_counts_an_error() -> None:
    decision = decide_after_error(NOW, "not_found", 1, status=404)
    assert not decision.disable and decision.failures == 1


def test_429_waits_for_retry_after_without_counting() -> None:
    decision = decide_after_error(NOW, "rate_limited", 5, retry_after=120)
    assert decision.next_fetch_at == NOW + timedelta(seconds=120)
    assert not decision.disable


def test_429_without_retry_after_uses_backoff() -> None:
    decision = decide_after_error(NOW, "rate_limited", 1, rng=random.Random(3))
    assert NOW + timedelta(seconds=30) <= decision.next_fetch_at <= NOW + timedelta(seconds=60)


def test_retry_after_on_an_error_is_never_undercut() -> None:
    decision = decide_after_error(NOW, "http_error", 1, retry_after=3600, rng=random.Random(3))
    assert decision.next_fetch_at == NOW + timedelta(hours=1)


def test_policy_is_configurable() -> None:
    policy = FailurePolicy(max_failures=5, disable_at_once=frozenset({"gone", "not_found"}))
    assert not decide_after_error(NOW, "timeout", 4, policy=policy).disable
    assert decide_after_error(NOW, "timeout", 5, policy=policy).disable
    assert decide_after_error(NOW, "not_found", 1, policy=policy).disable
