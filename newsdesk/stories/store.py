"""The storage contract of story clustering.

``StoryClusterer`` reads and writes only through this protocol, so the same clusterer
runs over ``MemoryStoryStore`` (tests, benchmarks, throwaway replays) and over the
database in the live pipeline. Every method must cost time bounded by its arguments
(``limit``, ``scan``, number of terms), never by the number of stored articles: that
is what keeps per-article cost flat as the store grows.

Time windows: a story is "in the window" of ``[since, until]`` when its span overlaps
it, i.e. ``story.last_seen >= since and story.first_seen <= until``. A bound of None
means unbounded on that side; a story or article whose time is None (unknown) is in
every window.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from newsdesk.stories.model import ArticleState, StoryState


def in_window(
    first: datetime | None, last: datetime | None, since: datetime | None, until: datetime | None
) -> bool:
    """Does a span [first, last] overlap the window [since, until]? (rules above)"""
    if first is None or last is None:
        return True
    if since is not None and last < since:
        return False
    return not (until is not None and first > until)


class StoryStore(Protocol):
    def document_count(self) -> int:
        """How many documents were counted with ``count_document`` (the N of IDF)."""
        ...

    def doc_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        """Document frequency of each term; absent terms may be left out (meaning 0)."""
        ...

    def count_document(self, terms: Iterable[str]) -> None:
        """Add one to N and one to the df of each distinct term given."""
        ...

    def next_story_id(self) -> str:
        """A fresh, never reused story id."""
        ...

    def get_story(self, story_id: str) -> StoryState | None: ...

    def save_story(self, story: StoryState) -> None:
        """Insert or replace the story; index it under ``story.top_terms`` (old index
        entries for terms it no longer has may stay: readers re-check the centroid)."""
        ...

    def candidate_stories(
        self,
        terms: Sequence[str],
        since: datetime | None,
        until: datetime | None,
        *,
        limit: int,
        scan: int,
    ) -> list[StoryState]:
        """Stories indexed under any of ``terms`` and in the window, at most ``limit``,
        those sharing the most terms first. Per term, look at no more than the ``scan``
        most recently indexed entries."""
        ...

    def merge_stories(self, kept: StoryState, absorbed_id: str) -> None:
        """Save ``kept`` (already carrying the merged centroid and members), move every
        article of ``absorbed_id`` to it and delete ``absorbed_id``."""
        ...

    def get_article(self, doc_id: str) -> ArticleState | None: ...

    def save_article(self, article: ArticleState) -> None:
        """Insert or replace the article; index it under its vector's strongest terms
        (unless it is a copy: copies are never related candidates)."""
        ...

    def story_articles(self, story_id: str, *, limit: int) -> list[ArticleState]:
        """Articles of the story, newest first, at most ``limit``."""
        ...

    def candidate_articles(
        self,
        terms: Sequence[str],
        since: datetime | None,
        until: datetime | None,
        *,
        limit: int,
        scan: int,
    ) -> list[ArticleState]:
        """Non-copy articles indexed under any of ``terms`` with a time in the window,
        at most ``limit``, those sharing the most terms first."""
        ...

    def recent_articles(self, *, limit: int) -> list[ArticleState]:
        """The ``limit`` non-copy articles stored last (highest ``seq``), newest first:
        the repair pass's working set."""
        ...

    def retire_story(self, story_id: str, survivor_id: str | None) -> None:
        """Delete a story that has no members left; when ``survivor_id`` is given, record
        that it was absorbed there (its page redirects: see ``survivor_of``)."""
        ...

    def survivor_of(self, story_id: str) -> str | None:
        """The live story that absorbed ``story_id`` (following merges of merges), or
        None when ``story_id`` was never absorbed."""
        ...
