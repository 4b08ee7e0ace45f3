"""Fixed-window rate limits counted in Django's cache (shared when the cache is Redis)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    # The socket's address only: X-Forwarded-For is written by the client, so trusting it
    # would let one client pose as many (bypassing a limit) or as someone else.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@dataclass(frozen=True, slots=True)
class Limit:
    scope: str
    count: int
    window: int  # seconds

    def hit(self, key: str) -> bool:
        """Count one event for ``key``; False once it went over the limit in this window."""
        if self.count <= 0:
            return True
        slot = int(time.time() // self.window)
        name = f"newsdesk:limit:{self.scope}:{key}:{slot}"
        cache.add(name, 0, self.window + 5)
        try:
            used = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.set(name, 1, self.window + 5)
            used = 1
        return used <= self.count


SIGNUPS_PER_ADDRESS = Limit("signup", 5, 3600)
