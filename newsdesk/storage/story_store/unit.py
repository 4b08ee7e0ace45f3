"""What one unit of work read and wrote: cached rows, buffered writes, and ``flush``.

Rows read are cached as states, so a second read costs nothing; story and member writes
are buffered and written by ``flush`` with a few set-based statements (the clusterer
saves up to ~60 neighbours and their stories per article; one ORM ``update()`` each
cost ~80 queries and most of the time in query compilation).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import OuterRef, Subquery

from newsdesk.storage import versions
from newsdesk.storage.models import Article, ArticlePosting, Story, StoryMember, StoryPosting
from newsdesk.stories.model import ArticleState, StoryState

from .postings import TERM_LENGTH, append_postings, newest_postings
from .rows import article_state, changed, member_values, story_state, story_values
from .sql import CHUNK, bulk_update, select, where_in


@dataclass(slots=True)
class Member:
    """A member as this unit knows it: ``state`` is the newest, ``stored`` the row's."""

    pk: int | None  # None until inserted by ``flush``
    state: ArticleState
    stored: dict[str, Any] | None  # column values the row holds (None: no row yet)


def _linked(doc_id: str, existing: set[int]) -> int | None:
    return int(doc_id) if doc_id.isdigit() and int(doc_id) in existing else None


class UnitOfWork:
    """The cache and the write buffer behind one ``DatabaseStoryStore``."""

    def __init__(self) -> None:
        self.members: dict[str, Member] = {}
        self.doc_of: dict[int, str] = {}  # member pk -> doc_id
        self.dirty_members: dict[str, None] = {}  # ordered: inserts keep save order
        self.article_postings: list[tuple[str, tuple[str, ...], datetime | None]] = []
        self.stories: dict[int, StoryState] = {}
        self.stored_stories: dict[int, dict[str, Any]] = {}
        self.dirty_stories: dict[int, None] = {}
        # Every re-post in call order (story, terms, time): ids must grow in that order.
        self.reposts: list[tuple[int, tuple[str, ...], datetime | None]] = []
        self.posted: dict[int, tuple[tuple[str, ...], int]] = {}
        self.absent: set[str] = set()  # doc_ids looked up and not stored (we hold the lock)

    # -- reads ------------------------------------------------------------------
    def load_member(self, row: dict) -> ArticleState:
        known = self.members.get(row["doc_id"])
        if known is not None:  # the cached state is at least as new as the row
            return known.state
        state = article_state(row)
        self.members[row["doc_id"]] = Member(row["id"], state, member_values(state))
        self.doc_of[row["id"]] = row["doc_id"]
        return state

    def load_story(self, row: dict) -> StoryState:
        pk = row["id"]
        known = self.stories.get(pk)
        if known is not None:
            return known
        state = story_state(row)
        self.stories[pk] = state
        self.stored_stories[pk] = story_values(state)
        self.posted.setdefault(pk, (state.top_terms, state.size))
        return state

    def load_stories(self, pks: Iterable[int]) -> None:
        missing = sorted({pk for pk in pks if pk not in self.stories})
        for start in range(0, len(missing), CHUNK):
            chunk = missing[start : start + CHUNK]
            for row in select(Story, where_in("id", len(chunk)), chunk):
                self.load_story(row)

    # -- writes -----------------------------------------------------------------
    def flush(self) -> None:
        """Write every buffered change: a handful of queries however many rows."""
        if self.dirty_members or self.article_postings:
            self._flush_members()
        if self.dirty_stories or self.reposts:
            self._flush_stories()

    def _insert_members(self, new: list[Member]) -> None:
        # In the live pipeline a doc_id is an Article id; a replay's ids link to nothing.
        wanted = {int(m.state.doc_id) for m in new if m.state.doc_id.isdigit()}
        existing: set[int] = set()
        ids = sorted(wanted)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            existing.update(Article.objects.filter(pk__in=chunk).values_list("pk", flat=True))
        rows = StoryMember.objects.bulk_create(
            [
                StoryMember(
                    doc_id=m.state.doc_id,
                    article_id=_linked(m.state.doc_id, existing),
                    **member_values(m.state),
                )
                for m in new
            ]
        )
        for m, row in zip(new, rows, strict=True):
            if row.pk is None:  # no RETURNING (SQLite < 3.35): look the id up
                row.pk = StoryMember.objects.values_list("pk", flat=True).get(doc_id=m.state.doc_id)
            m.pk = row.pk
            self.doc_of[row.pk] = m.state.doc_id

    def _flush_members(self) -> None:
        dirty = [self.members[d] for d in self.dirty_members]
        self.dirty_members = {}
        new = [m for m in dirty if m.pk is None]
        if new:
            self._insert_members(new)
        updates: list[tuple[int, dict[str, Any]]] = []
        moved: dict[int, int] = {}  # member pk -> its story now
        for m in dirty:
            assert m.pk is not None
            values = member_values(m.state)
            if m.stored is None or m.stored["story_id"] != values["story_id"]:
                moved[m.pk] = values["story_id"]
            if m.stored is not None:
                updates.append((m.pk, changed(values, m.stored)))
            m.stored = values
        bulk_update(StoryMember, updates)
        self._follow(moved)
        append_postings(
            ArticlePosting,
            "member",
            [
                (t[:TERM_LENGTH], self.members[doc_id].pk, at)
                for doc_id, terms, at in self.article_postings
                for t in terms
            ],
        )
        self.article_postings = []

    def _follow(self, moved: dict[int, int]) -> None:
        """Each moved member's article follows it to its (already written) story: one
        statement per chunk of members, not one per story (a batch opens hundreds); the
        pages of the articles that did move (and of their stories) are stale from now."""
        member_story = StoryMember.objects.filter(article_id=OuterRef("pk")).values("story_id")
        members = list(moved)
        for start in range(0, len(members), CHUNK):
            chunk = members[start : start + CHUNK]
            articles = Article.objects.filter(story_member__pk__in=chunk)
            before = list(articles.values_list("pk", "story_id", "story_member__pk"))
            articles.update(story_id=Subquery(member_story[:1]))
            versions.moved_articles(
                versions.Move(pk, was, moved[member])
                for pk, was, member in before
                if was != moved[member]
            )

    def _flush_stories(self) -> None:
        updates = []
        for pk in self.dirty_stories:
            values = story_values(self.stories[pk])
            updates.append((pk, changed(values, self.stored_stories.get(pk))))
            self.stored_stories[pk] = values
        self.dirty_stories = {}
        bulk_update(Story, updates)
        # Re-post the story's terms so it sits among the newest entries of each term
        # (readers scan newest first). Append-only, like the memory store: entries under
        # terms the story has since lost stay (readers re-check the story), and a term
        # whose newest entry is already the story gets none.
        events, self.reposts = self.reposts, []
        if not events:
            return
        terms = list(
            dict.fromkeys(t[:TERM_LENGTH] for _, story_terms, _ in events for t in story_terms)
        )
        newest = newest_postings(StoryPosting, "story", terms, None, 1)
        last = {t: items[0] for t, items in zip(terms, newest, strict=True) if items}
        rows: list[tuple[str, int | None, datetime | None]] = []
        for pk, story_terms, at in events:
            for term in story_terms:
                term = term[:TERM_LENGTH]
                if last.get(term) != pk:
                    rows.append((term, pk, at))
                    last[term] = pk
        append_postings(StoryPosting, "story", rows)
