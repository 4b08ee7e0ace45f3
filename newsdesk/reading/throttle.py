"""Per-client rate limit on expensive requests (questions), counted in Django's cache.

Keyed by REMOTE_ADDR only: forwarded-for headers are written by the client and
would let anyone pick a fresh key per request.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest

ASK_LIMIT = 30  # questions per client per window
ASK_WINDOW = 60  # seconds


def allow(
    request: HttpRequest, scope: str = "ask", limit: int = ASK_LIMIT, window: int = ASK_WINDOW
) -> bool:
    """Count this request; False once the client went over ``limit`` in this window."""
    client = request.META.get("REMOTE_ADDR", "") or "unknown"
    slot = int(time.time() // window)
    key = f"newsdesk:throttle:{scope}:{client}:{slot}"
    cache.add(key, 0, window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 5)
        count = 1
    return count <= limit
