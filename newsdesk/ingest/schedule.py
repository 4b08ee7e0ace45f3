"""When to fetch a source next, and when to give up on it. Pure functions, no I/O.

Inputs are aware datetimes, seconds and ``FetchError.kind`` codes; outputs are
``ScheduleDecision`` values the orchestrator stores (``next_fetch_at``, failure
count, disable flag), clamped whatever the server asks for.
"""

from __future__ import annotations

import itertools
import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

MINUTE = 60.0
HOUR = 3600.0
DAY = 24 * HOUR


def parse_retry_after(value: str | None, now: datetime, maximum: float = DAY) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date.

    Garbage -> None (the caller falls back to its own backoff); a date in the past
    -> 0; anything longer than ``maximum`` is clamped to it.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():  # "²".isdigit() is True too
        return min(float(int(text[:20])), maximum)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; "-0000" parses as naive
        when = when.replace(tzinfo=now.tzinfo)
    return min(max(0.0, (when - now).total_seconds()), maximum)


def backoff_delay(
    failures: int, base: float = MINUTE, cap: float = DAY, rng: random.Random | None = None
) -> float:
    """Exponential backoff with "equal jitter": half fixed, half random.

    failures=1 -> 30..60 s with the defaults, 2 -> 60..120 s, ... capped at ``cap``.
    The fixed half keeps retries from collapsing onto zero; the random half spreads
    many feeds of one failing host apart.
    """
    if failures <= 0:
        return 0.0
    ceiling = min(cap, base * 2.0 ** min(failures - 1, 62))
    rng = rng or random.Random()
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


def refresh_interval(
    item_times: Sequence[datetime],
    now: datetime,
    minimum: timedelta = timedelta(minutes=15),
    maximum: timedelta = timedelta(hours=24),
    ttl_seconds: float | None = None,
    cache_max_age: float | None = None,
    default: timedelta = timedelta(hours=1),
) -> timedelta:
    """How long to wait before the next check of a feed that just fetched fine.

    Half the median gap between the last 20 items (a feed publishing hourly is
    checked every 30 min), at least a quarter of the newest item's age (an idle
    feed slows down), at least the publisher's ``<ttl>`` or Cache-Control max-age,
    all clamped to [minimum, maximum]: a TTL of 9999999 gives ``maximum``.
    """
    times = sorted({min(t, now) for t in item_times}, reverse=True)[:20]
    if len(times) >= 2:
        gaps = [(a - b).total_seconds() for a, b in itertools.pairwise(times)]
        seconds = statistics.median(gaps) / 2
        seconds = max(seconds, (now - times[0]).total_seconds() / 4)
    elif times:
        seconds = max(default.total_seconds(), (now - times[0]).total_seconds() / 4)
    else:
        seconds = default.total_seconds()
    for hint in (ttl_seconds, cache_max_age):
        if hint is not None and hint > 0:
            seconds = max(seconds, min(hint, maximum.total_seconds()))
    seconds = min(max(seconds, minimum.total_seconds()), maximum.total_seconds())
    return timedelta(seconds=seconds)


@dataclass(frozen=True, slots=True)
class FailurePolicy:
    max_failures: int = 3  # consecutive failures before a source is disabled
    base_delay: float = MINUTE
    max_delay: float = DAY
    disable_at_once: frozenset[str] = frozenset({"gone"})
    # The server is alive and asks us to wait: reschedule, never disable.
    not_counted: frozenset[str] = frozenset({"rate_limited", "host_busy"})


@dataclass(frozen=True, slots=True)
class ScheduleDecision:
    next_fetch_at: datetime
    failures: int  # consecutive failures after this outcome
    disable: bool = False
    reason: str = ""


def decide_after_fetch(
    now: datetime,
    item_times: Sequence[datetime] = (),
    ttl_seconds: float | None = None,
    cache_max_age: float | None = None,
    minimum: timedelta = timedelta(minutes=15),
    maximum: timedelta = timedelta(hours=24),
) -> ScheduleDecision:
    """After a successful fetch (200 or 304): failures reset, interval adapts."""
    interval = refresh_interval(
        item_times, now, minimum, maximum, ttl_seconds=ttl_seconds, cache_max_age=cache_max_age
    )
    return ScheduleDecision(next_fetch_at=now + interval, failures=0)


def decide_after_error(
    now: datetime,
    kind: str,
    failures: int,
    message: str = "",
    retry_after: float | None = None,
    status: int | None = None,
    policy: FailurePolicy = FailurePolicy(),
    rng: random.Random | None = None,
) -> ScheduleDecision:
    """After a failed fetch. ``failures`` counts consecutive failures *including* this one.

    410 disables at once; 429 waits for Retry-After (or backoff) and never disables;
    anything else backs off exponentially (never sooner than Retry-After) and
    disables the source once ``failures`` reaches ``policy.max_failures``. A manual
    refresh resets the count (store ``failures=0`` / call ``decide_after_fetch``).
    ``status`` only enriches the reason.
    """
    what = f"{kind} (HTTP {status})" if status else kind
    reason = f"{what}: {message}" if message else what
    failures = max(1, failures)
    if kind in policy.disable_at_once:
        return ScheduleDecision(now, failures, disable=True, reason=reason)
    if kind in policy.not_counted:
        wait = retry_after
        if wait is None:
            wait = backoff_delay(failures, policy.base_delay, policy.max_delay, rng)
        return ScheduleDecision(
            now + timedelta(seconds=min(wait, policy.max_delay)), failures, reason=reason
        )
    if failures >= policy.max_failures:
        why = f"{failures} consecutive failures, last: {reason}"
        return ScheduleDecision(now, failures, disable=True, reason=why)
    wait = backoff_delay(failures, policy.base_delay, policy.max_delay, rng)
    if retry_after is not None:
        wait = max(wait, min(retry_after, policy.max_delay))
    return ScheduleDecision(now + timedelta(seconds=wait), failures, reason=reason)
