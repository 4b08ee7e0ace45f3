"""Replay a JSON-lines file through the story clusterer, as the live pipeline would.

Each line is one article: ``doc_id``, ``title``, ``text`` and a time (``story_time`` or
``published_at``; null or absent means "unknown", then only the text decides). An
optional ``publisher`` string is used for related-article diversity. Every other field
is ignored on purpose: evaluation files carry labels (``story_id``, ``story_title``,
``topic``) that must never reach the clusterer.

Input is untrusted: a malformed line is reported through ``on_error`` with its line
number and skipped; the replay goes on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from newsdesk.plaintext import one_line, paragraphs
from newsdesk.stories.clusterer import StoryClusterer
from newsdesk.stories.memory import MemoryStoryStore
from newsdesk.stories.model import ClusterParams, StoryDoc
from newsdesk.stories.repairer import StoryRepairer
from newsdesk.stories.store import StoryStore

MAX_LINE_CHARS = 2_000_000
MAX_ID_CHARS = 500
RELATED_PER_ARTICLE = 10


@dataclass(frozen=True, slots=True)
class ReplayError:
    line_no: int  # 1-based
    reason: str


class LineError(ValueError):
    """Why one input line cannot be replayed."""


def parse_time(value: object) -> datetime | None:
    """ISO 8601 to an aware datetime (naive means UTC); None/absent means unknown."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise LineError("time must be an ISO 8601 string or null")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise LineError(f"unparseable time {value[:40]!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_line(line: str | bytes) -> StoryDoc:
    """One JSON line to a ``StoryDoc``; raises ``LineError`` saying what is wrong."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise LineError("not valid UTF-8") from exc
    if len(line) > MAX_LINE_CHARS:
        raise LineError(f"line longer than {MAX_LINE_CHARS} characters")
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError) as exc:
        raise LineError(f"not JSON: {str(exc)[:80]}") from exc
    if not isinstance(obj, dict):
        raise LineError("not a JSON object")
    doc_id = obj.get("doc_id")
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise LineError("doc_id missing or not a string")
    if len(doc_id) > MAX_ID_CHARS:
        raise LineError("doc_id too long")
    title, text = obj.get("title", ""), obj.get("text", "")
    if title is None:
        title = ""
    if text is None:
        text = ""
    if not isinstance(title, str) or not isinstance(text, str):
        raise LineError("title and text must be strings")
    if not title.strip() and not text.strip():
        raise LineError("title and text are both empty")
    raw_time = (
        obj.get("story_time") if obj.get("story_time") is not None else obj.get("published_at")
    )
    publisher = obj.get("publisher")
    return StoryDoc(
        doc_id=doc_id,
        title=one_line(title),
        text=paragraphs(text),
        published_at=parse_time(raw_time),
        publisher=one_line(publisher, 200) if isinstance(publisher, str) else "",
    )


def replay(
    lines: Iterable[str | bytes],
    *,
    window_days: float | None = None,
    text_only: bool = False,
    store: StoryStore | None = None,
    params: ClusterParams | None = None,
    on_error: Callable[[ReplayError], None] | None = None,
    related: int = RELATED_PER_ARTICLE,
    repair: bool = True,
) -> Iterator[dict[str, object]]:
    """Cluster every valid line in file order, then yield, in input order, one
    ``{"doc_id", "story_id", "related"}`` dict per article with the final state
    (story ids after merges, related lists including later articles).

    ``window_days`` overrides ``params.window_days`` when given; ``text_only`` ignores
    every time (no window at all); ``store`` defaults to
    a fresh ``MemoryStoryStore`` (throwaway). Blank lines are skipped silently.
    ``related`` is the length of the related lists (0 skips ranking: faster tuning).
    ``repair`` runs the repair pass as the live worker does (``params.repair_due``)
    and once more at the end of the stream.
    """
    params = params or ClusterParams()
    if window_days is not None:
        params = replace(params, window_days=window_days)
    if text_only:
        params = replace(params, window_days=None)
    clusterer = StoryClusterer(store if store is not None else MemoryStoryStore(), params)
    repairer = StoryRepairer(clusterer)
    seen: set[str] = set()
    order: list[str] = []
    for line_no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            doc = parse_line(line)
            if doc.doc_id in seen:
                raise LineError(f"duplicate doc_id {doc.doc_id[:80]!r}")
        except LineError as exc:
            if on_error is not None:
                on_error(ReplayError(line_no, str(exc)))
            continue
        seen.add(doc.doc_id)
        order.append(doc.doc_id)
        clusterer.add(doc)
        if repair and params.repair_due(len(order)):
            repairer.repair()
    if repair:
        repairer.repair()
    for doc_id in order:
        article = clusterer.store.get_article(doc_id)
        ranked = clusterer.related(doc_id, related) if related > 0 else ()
        yield {
            "doc_id": doc_id,
            "story_id": article.story_id if article else None,
            "related": [r.doc_id for r in ranked],
        }
