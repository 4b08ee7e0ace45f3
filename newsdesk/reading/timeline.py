"""A story's timeline as a few time buckets, and its coverage by source labels. Pure.

The story page draws the timeline with ``<meter>`` elements: the CSP forbids inline
styles, and a meter needs none to show a bar.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

# Bucket sizes tried in order; the first that fits the span in MAX_BUCKETS wins.
BUCKET_HOURS = (1, 3, 6, 12, 24, 24 * 7)
MAX_BUCKETS = 24


@dataclass(frozen=True, slots=True)
class Bucket:
    start: datetime
    hours: int
    count: int
    publishers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Stamp:
    at: datetime
    publisher: str


def bucket_times(stamps: Sequence[Stamp]) -> list[Bucket]:
    """Consecutive buckets from the first to the last stamp (empty ones included)."""
    if not stamps:
        return []
    first = min(s.at for s in stamps)
    last = max(s.at for s in stamps)
    span_hours = (last - first).total_seconds() / 3600.0
    hours = next((h for h in BUCKET_HOURS if span_hours / h < MAX_BUCKETS), BUCKET_HOURS[-1])
    size = timedelta(hours=hours)
    start = first.replace(minute=0, second=0, microsecond=0)
    n = min(int((last - start) / size) + 1, MAX_BUCKETS * 2)
    counts = [0] * n
    names: list[list[str]] = [[] for _ in range(n)]
    for s in stamps:
        i = min(int((s.at - start) / size), n - 1)
        counts[i] += 1
        if s.publisher and s.publisher not in names[i]:
            names[i].append(s.publisher)
    return [Bucket(start + i * size, hours, counts[i], tuple(names[i])) for i in range(n)]


@dataclass(frozen=True, slots=True)
class LabelCoverage:
    label: str  # "Country", "Ownership"...
    covered: tuple[str, ...]  # values of sources that covered the story
    missing: tuple[str, ...]  # known values (of any source) that did not


def label_coverage(
    labels: Sequence[str],
    covering: Iterable[dict[str, str]],
    known: Iterable[dict[str, str]],
) -> list[LabelCoverage]:
    """For each label with any value set: which values covered the story, which did not."""
    covering = list(covering)
    known = list(known)
    out = []
    for label in labels:
        seen = sorted({row.get(label, "").strip() for row in covering} - {""}, key=str.casefold)
        every = {row.get(label, "").strip() for row in known} - {""}
        missing = sorted(every - set(seen), key=str.casefold)
        if seen or missing:
            out.append(LabelCoverage(label, tuple(seen), tuple(missing)))
    return out
