"""Per-host politeness: at most N requests in flight to one host, and a minimum gap
between request starts (robots.txt Crawl-delay raises the gap).

Thread-safe; one gate is shared by every worker thread of a process. Start times
are reserved under the lock, so N threads queueing for one host leave it one by
one, ``min_delay`` apart, instead of waking together. Re-entrant per thread: a
thread already holding a slot for a host gets the inner ``slot`` for free, so a
caller may wrap ``Fetcher.fetch`` (which takes a slot itself) in its own ``slot``
on the same gate without deadlocking.

With a ``SharedLedger`` the limits hold across processes: the in-process rules still
queue this process's threads, and before each request the gate reserves a slot and a
start time in the ledger that every worker of the site consults. A ledger that cannot
be reached (Redis restarting) is logged and the gate falls back to its per-process
limits until it answers again: politeness degrades to per process, fetching goes on.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger("newsdesk.politeness")

MAX_CRAWL_DELAY = 60.0  # a robots.txt asking for hours between requests gets one minute


class HostBusy(Exception):
    """No slot for the host became free within the wait limit."""


@dataclass(frozen=True, slots=True)
class Reservation:
    """A slot held in a shared ledger; the request may start after ``wait`` seconds."""

    token: str
    wait: float


class SharedLedger(Protocol):
    """Slots and start times for a host, shared by every process of a site."""

    def reserve(self, host: str, limit: int, delay: float, hold: float) -> Reservation | None:
        """A slot whose start is at least ``delay`` after the previous one, or None when
        ``limit`` slots are held; a slot not released within ``hold`` seconds expires."""
        ...

    def release(self, host: str, token: str) -> None: ...


SHARED_POLL = 0.05  # seconds between two asks while every shared slot is taken


@dataclass(slots=True)
class _HostState:
    active: int = 0
    next_start: float = 0.0
    delay: float | None = None  # per-host override (Crawl-delay), None = gate default


class HostGate:
    def __init__(
        self,
        max_concurrent: int = 2,
        min_delay: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        ledger: SharedLedger | None = None,
        hold: float = 120.0,
    ) -> None:
        if max_concurrent < 1:
            raise ValueError("max_concurrent must be at least 1")
        self.max_concurrent = max_concurrent
        self.min_delay = max(0.0, min_delay)
        self._clock = clock
        self._sleep = sleep
        self._cond = threading.Condition()
        self._hosts: dict[str, _HostState] = {}
        self._held = threading.local()
        self.ledger = ledger
        self.hold = hold  # how long a shared slot outlives a worker that died holding it
        self._ledger_down = False

    def set_delay(self, host: str, seconds: float | None) -> None:
        """Honour a Crawl-delay for ``host`` (never below the gate default, capped)."""
        with self._cond:
            state = self._hosts.setdefault(host.lower(), _HostState())
            state.delay = None if seconds is None else min(max(0.0, seconds), MAX_CRAWL_DELAY)

    def delay_for(self, host: str) -> float:
        with self._cond:
            state = self._hosts.get(host.lower())
            extra = state.delay if state is not None and state.delay is not None else 0.0
            return max(self.min_delay, extra)

    def in_flight(self, host: str) -> int:
        with self._cond:
            state = self._hosts.get(host.lower())
            return 0 if state is None else state.active

    @contextmanager
    def slot(self, host: str, timeout: float | None = None) -> Iterator[None]:
        """Hold one of the host's slots for the body of the ``with`` block.

        Raises HostBusy when no slot frees up within ``timeout`` seconds.
        """
        key = host.lower()
        held: dict[str, int] = self._held.__dict__.setdefault("hosts", {})
        if held.get(key):
            held[key] += 1  # this thread already holds a slot for the host
            try:
                yield
            finally:
                held[key] -= 1
            return
        limit = None if timeout is None else self._clock() + timeout
        with self._cond:
            state = self._hosts.setdefault(key, _HostState())
            while state.active >= self.max_concurrent:
                remaining = None if limit is None else limit - self._clock()
                if remaining is not None and remaining <= 0:
                    raise HostBusy(f"{host}: {self.max_concurrent} requests already in flight")
                self._cond.wait(remaining)
            state.active += 1
            now = self._clock()
            start = max(now, state.next_start)
            if self.ledger is None:
                state.next_start = start + max(self.min_delay, state.delay or 0.0)
        held[key] = 1
        token: str | None = None
        try:
            if self.ledger is not None:
                token = self._reserve_shared(key, limit)
            elif start > now:
                self._sleep(start - now)
            yield
        finally:
            held[key] = 0
            if token is not None:
                self._release_shared(key, token)
            with self._cond:
                state.active -= 1
                self._cond.notify_all()

    def _reserve_shared(self, key: str, limit: float | None) -> str | None:
        """Wait for a shared slot and its start time; None when the ledger is unreachable."""
        assert self.ledger is not None
        delay = self.delay_for(key)
        while True:
            try:
                reservation = self.ledger.reserve(key, self.max_concurrent, delay, self.hold)
            except Exception as exc:  # Redis or the database away: per-process limits only
                self._note_down(exc)
                return None
            self._note_up()
            if reservation is not None:
                if reservation.wait > 0:
                    self._sleep(reservation.wait)
                return reservation.token
            if limit is not None and self._clock() >= limit:
                raise HostBusy(f"{key}: {self.max_concurrent} requests already in flight")
            self._sleep(SHARED_POLL)

    def _release_shared(self, key: str, token: str) -> None:
        assert self.ledger is not None
        try:
            self.ledger.release(key, token)
        except Exception as exc:  # the slot expires by itself after ``hold``
            self._note_down(exc)

    def _note_down(self, exc: Exception) -> None:
        if not self._ledger_down:
            log.warning("shared politeness ledger unreachable, limits are per process: %s", exc)
        self._ledger_down = True

    def _note_up(self) -> None:
        if self._ledger_down:
            log.warning("shared politeness ledger reachable again")
        self._ledger_down = False
