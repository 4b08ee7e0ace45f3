"""Read results kept in the cache for a short while, keyed by what they depend on.

A front page or an article's related list costs several queries and changes only
when the pipeline writes; many readers in the same seconds share one computation.
Keys carry a version that moves when the underlying rows do (the newest story's
last activity, the article's story), and a short lifetime bounds what a key cannot
see. The cache is the site's (memory in one process, Redis when shared).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.core.cache import cache
from django.db.models import QuerySet

T = TypeVar("T")

COUNT_SECONDS = 60  # page counts: "page 3 of 3,412" may lag a minute
# A count past its minute still answers while one reader recounts (or for this long).
COUNT_KEPT_SECONDS = 600
COUNT_LOCK_SECONDS = 60
EXACT_BELOW = 5000  # counts under this are always exact
FRAGMENT_SECONDS = 30


@dataclass(frozen=True, slots=True)
class KeptCount:
    value: int
    at: float  # time.time() when counted


def remember(key: str, seconds: float, compute: Callable[[], T]) -> T:
    key = "memo:" + hashlib.sha256(key.encode()).hexdigest()[:40]  # any text, a safe cache key
    found = cache.get(key)
    if found is not None:
        return found
    value = compute()
    cache.set(key, value, seconds)
    return value


def counted(rows: QuerySet) -> int:
    """``rows.count()``; a long list's count is shared for a minute, and then recounted
    by one reader while the others keep the last count.

    Counting walks every row of the list (a fifth of a second for the listed articles of
    a year of news on SQLite). A short list is counted afresh every time (cheap, and
    exact while a site is young); a count of ``EXACT_BELOW`` or more, which changes by
    little in a minute, comes from the cache. When its minute is up, the first reader
    to see that takes a lock and counts; everyone else is answered with the count kept
    (for up to ``COUNT_KEPT_SECONDS``), so no page waits on a count it already had.
    """
    sql, params = rows.query.sql_with_params()
    key = "memo:count:" + hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()[:40]
    found = cache.get(key)
    now = time.time()
    if isinstance(found, KeptCount):
        fresh = now - found.at < COUNT_SECONDS
        if fresh or not cache.add(key + ":lock", True, COUNT_LOCK_SECONDS):
            return found.value
    value = rows.count()
    if value >= EXACT_BELOW:
        cache.set(key, KeptCount(value, now), COUNT_KEPT_SECONDS)
    elif found is not None:
        cache.delete(key)
    cache.delete(key + ":lock")
    return value
