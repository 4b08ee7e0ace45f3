"""Helpers shared by the story tests: fixture texts as StoryDocs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsdesk.stories.model import StoryDoc

DATA = Path(__file__).resolve().parents[1] / "data" / "stories"
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def doc(
    name: str, doc_id: str, publisher: str, hours: float, copy_of: str | None = None
) -> StoryDoc:
    title, text = (DATA / name).read_text(encoding="utf-8").split("\n\n", 1)
    return StoryDoc(
        doc_id=doc_id,
        title=title.strip(),
        text=text,
        published_at=MONDAY + timedelta(hours=hours),
        publisher=publisher,
        copy_of=copy_of,
    )


def coverage() -> list[StoryDoc]:
    """Strike coverage by three publishers (Tuesday), central-bank story (Thursday)."""
    return [
        doc("wire_reuters.txt", "strike-reuters", "Reuters", 24),
        doc("rewrite_herald.txt", "strike-herald", "Herald", 26),
        doc("event_b_central_bank.txt", "bank-1", "Valmora Post", 72),
        doc("rewrite_tribune.txt", "strike-tribune", "Tribune", 27),
        doc("event_b_central_bank_2.txt", "bank-2", "Herald", 73),
    ]
