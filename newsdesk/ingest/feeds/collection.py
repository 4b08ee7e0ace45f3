"""From an adapter's drafts to the final items: keys, duplicates, item-count cap."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from newsdesk.ingest.feeds.draft import Draft, finish
from newsdesk.ingest.feeds.keys import choose_keys
from newsdesk.ingest.feeds.model import FeedItem, FeedLimits

_OLDEST = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Collection:
    items: tuple[FeedItem, ...]
    truncated: bool
    warnings: tuple[str, ...]


def collect(drafts: Sequence[Draft], limits: FeedLimits) -> Collection:
    """Key every draft, keep the first of each key, keep the newest ``max_items``.

    Items stay in document order (publishers list newest first; the lead sorts by
    date anyway); only the choice of *which* items survive the cap uses the dates,
    undated items ranking by their position.
    """
    warnings: list[str] = []
    seen: set[str] = set()
    kept: list[tuple[str, Draft]] = []
    duplicates = unidentified = 0
    for key, draft in zip(choose_keys(drafts), drafts, strict=True):
        if key is None:
            unidentified += 1
        elif key in seen:
            duplicates += 1
        else:
            seen.add(key)
            kept.append((key, draft))
    if duplicates:
        warnings.append(f"{duplicates} duplicate item(s) ignored (same link or GUID).")
    if unidentified:
        warnings.append(f"{unidentified} item(s) without link, GUID, title or date ignored.")
    truncated = len(kept) > limits.max_items
    if truncated:
        warnings.append(f"{len(kept)} items; only the newest {limits.max_items} kept.")
        kept = _newest(kept, limits.max_items)
    items = tuple(finish(draft, key, limits) for key, draft in kept)
    return Collection(items=items, truncated=truncated, warnings=tuple(warnings))


def _newest(kept: list[tuple[str, Draft]], count: int) -> list[tuple[str, Draft]]:
    def rank(index: int) -> tuple[datetime, int]:
        draft = kept[index][1]
        when = draft.published_at or draft.updated_at or _OLDEST
        return (when, -index)

    chosen = sorted(range(len(kept)), key=rank, reverse=True)[:count]
    return [kept[i] for i in sorted(chosen)]
