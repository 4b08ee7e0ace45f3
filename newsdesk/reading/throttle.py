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
    """Count this request; False once the client went over ``limit`` in the last window.

    A sliding window over two fixed slots: the previous slot's count weighs by how much
    of it still lies inside the window. (Fixed slots alone let a client send twice the
    limit across a slot boundary.)
    """
    client = request.META.get("REMOTE_ADDR", "") or "unknown"
    now = time.time()
    slot = int(now // window)
    key = f"newsdesk:throttle:{scope}:{client}:{slot}"
    cache.add(key, 0, 2 * window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 2 * window + 5)
        count = 1
    previous = cache.get(f"newsdesk:throttle:{scope}:{client}:{slot - 1}", 0)
    still_inside = 1.0 - (now % window) / window
    return previous * still_inside + count <= limit
