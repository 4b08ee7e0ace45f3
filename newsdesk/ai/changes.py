"""Live blog: what changed since the reader's last visit (or the last hour).

Extractive: from each entry posted after ``since`` take its most informative
sentence (the lead of the entry, unless it is too short to say anything), newest
first, each attributed to the entry's author, until the word budget is spent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from newsdesk.ai.briefing import AttributedSentence
from newsdesk.enrich.furniture import is_furniture_sentence
from newsdesk.enrich.sentences import split_sentences
from newsdesk.plaintext import one_line, paragraphs

_MIN_WORDS = 6


@dataclass(frozen=True, slots=True)
class EntryText:
    posted_at: datetime
    author: str
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class ChangeSummary:
    count: int  # entries posted after ``since``
    sentences: tuple[AttributedSentence, ...]  # newest first; source_index indexes ``entries``


def summarize_changes(
    entries: Sequence[EntryText], since: datetime, *, max_sentences: int = 5, max_words: int = 120
) -> ChangeSummary:
    """Summarise entries posted strictly after ``since`` (timezone-aware datetimes compare)."""
    fresh = [(i, e) for i, e in enumerate(entries) if _after(e.posted_at, since)]
    fresh.sort(key=lambda ie: ie[1].posted_at, reverse=True)
    out: list[AttributedSentence] = []
    words = 0
    for index, entry in fresh:
        if len(out) >= max_sentences:
            break
        sentence = _lead(entry)
        if not sentence:
            continue
        n = len(sentence.split())
        if out and words + n > max_words:
            break
        words += n
        out.append(AttributedSentence(sentence, one_line(entry.author, 200), index))
    return ChangeSummary(count=len(fresh), sentences=tuple(out))


def _after(posted: datetime, since: datetime) -> bool:
    try:
        return posted > since
    except TypeError:  # naive vs aware: compare as if both were in the same zone
        return posted.replace(tzinfo=None) > since.replace(tzinfo=None)


def _lead(entry: EntryText) -> str:
    sentences = [
        s.text for s in split_sentences(paragraphs(entry.body)) if not is_furniture_sentence(s.text)
    ]
    for text in sentences:
        if len(text.split()) >= _MIN_WORDS:
            return text
    if sentences:
        return sentences[0]
    return one_line(entry.title, 300)
