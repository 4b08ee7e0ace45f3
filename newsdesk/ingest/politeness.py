"""Per-host politeness: at most N requests in flight to one host, and a minimum gap
between request starts (robots.txt Crawl-delay raises the gap).

Thread-safe; one gate is shared by every worker thread of a process. Start times
are reserved under the lock, so N threads queueing for one host leave it one by
one, ``min_delay`` apart, instead of waking together. Re-entrant per thread: a
thread already holding a slot for a host gets the inner ``slot`` for free, so a
caller may wrap ``Fetcher.fetch`` (which takes a slot itself) in its own ``slot``
on the same gate without deadlocking.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

MAX_CRAWL_DELAY = 60.0  # a robots.txt asking for hours between requests gets one minute


class HostBusy(Exception):
    """No slot for the host became free within the wait limit."""


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
            state.next_start = start + max(self.min_delay, state.delay or 0.0)
        held[key] = 1
        try:
            if start > now:
                self._sleep(start - now)
            yield
        finally:
            held[key] = 0
            with self._cond:
                state.active -= 1
                self._cond.notify_all()
