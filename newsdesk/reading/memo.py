"""Read results kept in the cache for a short while, keyed by what they depend on.

A front page or an article's related list costs several queries and changes only
when the pipeline writes; many readers in the same seconds share one computation.
Keys carry a version that moves when the underlying rows do (the newest story's
last activity, the article's story), and a short lifetime bounds what a key cannot
see. The cache is the site's (memory in one process, Redis when shared).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import QuerySet

T = TypeVar("T")

COUNT_SECONDS = 60  # page counts: "page 3 of 3,412" may lag a minute
EXACT_BELOW = 5000  # counts under this are always exact
FRAGMENT_SECONDS = 30


def remember(key: str, seconds: float, compute: Callable[[], T]) -> T:
    key = "memo:" + hashlib.sha256(key.encode()).hexdigest()[:40]  # any text, a safe cache key
    found = cache.get(key)
    if found is not None:
        return found
    value = compute()
    cache.set(key, value, seconds)
    return value


def counted(rows: QuerySet) -> int:
    """``rows.count()``; a long list's count is shared for a minute.

    Counting walks every row of the list. A short list is counted afresh every time
    (cheap, and exact while a site is young); only a count of ``EXACT_BELOW`` or more,
    which changes by little in a minute, comes from the cache.
    """
    sql, params = rows.query.sql_with_params()
    key = "memo:count:" + hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()[:40]
    found = cache.get(key)
    if found is not None:
        return found
    value = rows.count()
    if value >= EXACT_BELOW:
        cache.set(key, value, COUNT_SECONDS)
    return value
