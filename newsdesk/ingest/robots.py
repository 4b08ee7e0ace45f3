"""robots.txt per origin, parsed by protego, fetched through the guarded Fetcher.

Behaviour, following RFC 9309 section 2.3.1:

- 2xx: parse the first 512 KiB; keep for ``ttl`` (24 h). A Crawl-delay for our
  product token is handed to the HostGate (capped there at 60 s).
- 4xx, including 401/403/404 and "more than 5 redirects": "unavailable" -> allow
  everything; keep for ``ttl``.
- 429, 5xx, timeouts, connection and TLS failures, an oversized file:
  "unreachable" -> keep using the last good copy if there is one, otherwise
  disallow everything; try again after ``retry`` (1 h). RFC 9309 says MUST
  disallow; for a news reader that only means "use the feed's summary for now".
- A robots URL the address guard refuses: allow, so the page fetch reports the real
  reason ("blocked_address") instead of a misleading "robots_disallowed".
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import httpx2
from protego import Protego

from newsdesk.ingest.exchange import DEFAULT_USER_AGENT, FetchError, FetchRequest, FetchResult
from newsdesk.ingest.politeness import HostGate

ROBOTS_MAX_BYTES = 512 * 1024
_UNREACHABLE = frozenset(
    {"rate_limited", "http_error", "timeout", "deadline", "connect", "tls", "network",
     "protocol", "header_overflow", "too_large", "host_busy", "blocked_by_cloudflare"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class RobotsRules:
    origin: str
    parser: Protego | None  # None: the verdict is ``allow_all`` for every path
    allow_all: bool
    expires_at: float  # clock() value
    state: str  # "parsed" | "unavailable" | "unreachable" | "blocked"

    def allows(self, url: str, token: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, token))

    def crawl_delay(self, token: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(token)
        return None if delay is None else float(delay)


def product_token(user_agent: str) -> str:
    """``newsdesk/0.1 (+https://...)`` -> ``newsdesk``: what robots.txt groups name."""
    return (user_agent.split("/", 1)[0].split() or ["*"])[0].lower()


def origin_of(url: str) -> tuple[str, str]:
    """(origin, host) of an absolute http(s) URL, default ports made explicit."""
    parsed = httpx2.URL(url)
    port = parsed.port or {"http": 80, "https": 443}[parsed.scheme]
    host = parsed.raw_host.decode("ascii", errors="replace").lower()
    shown = f"[{host}]" if ":" in host else host
    return f"{parsed.scheme}://{shown}:{port}", host


class _Fetches(Protocol):
    def fetch(self, request: FetchRequest) -> FetchResult: ...


class RobotsPolicy:
    """``allowed(url)`` answers from a per-origin cache, fetching robots.txt when needed.

    ``fetch`` is a ``Fetcher`` (or its ``fetch`` method): robots.txt goes through the
    same address guard, deadline and size cap as everything else.
    """

    def __init__(
        self,
        fetch: Callable[[FetchRequest], FetchResult] | _Fetches,
        user_agent: str = DEFAULT_USER_AGENT,
        *,
        gate: HostGate | None = None,
        ttl: float = 24 * 3600.0,
        retry: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
        max_origins: int = 10_000,
    ) -> None:
        self._fetch: Callable[[FetchRequest], FetchResult] = (
            fetch if callable(fetch) else fetch.fetch
        )
        self.user_agent = user_agent
        self._gate = gate
        self._ttl = ttl
        self._retry = retry
        self._clock = clock
        self._max_origins = max_origins
        self._lock = threading.Lock()
        self._cache: dict[str, RobotsRules] = {}
        self._origin_locks: dict[str, threading.Lock] = {}

    def allowed(self, url: str, user_agent: str | None = None) -> bool:
        agent = user_agent or self.user_agent
        return self.rules_for(url, agent).allows(url, product_token(agent))

    def rules_for(self, url: str, user_agent: str | None = None) -> RobotsRules:
        origin, host = origin_of(url)
        with self._lock:
            origin_lock = self._origin_locks.setdefault(origin, threading.Lock())
        # One fetch per origin at a time; other threads wait and reuse its answer.
        with origin_lock:
            with self._lock:
                cached = self._cache.get(origin)
            if cached is not None and cached.expires_at > self._clock():
                return cached
            rules = self._load(origin, cached)
            token = product_token(user_agent or self.user_agent)
            if self._gate is not None and rules.state == "parsed":
                self._gate.set_delay(host, rules.crawl_delay(token))
            with self._lock:
                self._cache.pop(origin, None)
                self._cache[origin] = rules
                while len(self._cache) > self._max_origins:
                    stale = next(iter(self._cache))
                    del self._cache[stale]
                    self._origin_locks.pop(stale, None)
            return rules

    def _load(self, origin: str, previous: RobotsRules | None) -> RobotsRules:
        now = self._clock()
        request = FetchRequest(
            f"{origin}/robots.txt",
            accept="text/plain, */*;q=0.5",
            expect="any",
            respect_robots=False,
            max_bytes=ROBOTS_MAX_BYTES,
        )
        try:
            result = self._fetch(request)
        except FetchError as exc:
            if exc.kind in ("not_found", "gone", "too_many_redirects", "insecure_redirect"):
                return RobotsRules(origin, None, True, now + self._ttl, "unavailable")
            if exc.kind == "http_error" and exc.status is not None and exc.status < 500:
                return RobotsRules(origin, None, True, now + self._ttl, "unavailable")
            if exc.kind in _UNREACHABLE:
                if previous is not None and previous.state in ("parsed", "unavailable"):
                    return RobotsRules(
                        origin,
                        previous.parser,
                        previous.allow_all,
                        now + self._retry,
                        previous.state,
                    )
                return RobotsRules(origin, None, False, now + self._retry, "unreachable")
            # bad_url / blocked_address: the page fetch goes through the same guard and
            # will report the real reason; a robots verdict here would only hide it.
            return RobotsRules(origin, None, True, now + self._retry, "blocked")
        text = result.body.decode("utf-8", errors="replace").lstrip("\ufeff")
        return RobotsRules(origin, Protego.parse(text), True, now + self._ttl, "parsed")
