"""``DatabaseStoryStore``: the ``StoryStore`` protocol on the database.

Reads are served from the unit of work first, and the buffer is flushed before any
query whose answer depends on it (posting scans, a story's member list, merges), so
callers see their own writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from types import TracebackType

from django.db import connection

from newsdesk.storage import versions
from newsdesk.storage.models import Article, ArticlePosting, Story, StoryMember, StoryPosting
from newsdesk.stories.model import ArticleState, StoryState
from newsdesk.stories.store import in_window

from . import frequencies
from .postings import ranked_hits, scan_floor
from .repair import StoryRepairQueries
from .sql import CHUNK, quote, select, where_in
from .unit import Member, UnitOfWork


class DatabaseStoryStore(StoryRepairQueries):
    """Implements ``newsdesk.stories.store.StoryStore``; callers hold ``PipelineLock``.

    One instance serves one unit of work (an article, or a replay) inside one
    transaction: it caches what it read and buffers what it wrote, so it must not
    outlive the lock, and ``flush()`` must run before the transaction commits.
    """

    def __init__(self) -> None:
        self._work = UnitOfWork()
        self._n_docs: int | None = None

    def __enter__(self) -> DatabaseStoryStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.flush()

    def flush(self) -> None:
        """Write every buffered change: a handful of queries however many rows."""
        self._work.flush()

    # -- document frequencies -------------------------------------------------
    def document_count(self) -> int:
        if self._n_docs is None:
            self._n_docs = frequencies.document_count()
        return self._n_docs

    def doc_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        out, self._n_docs = frequencies.read_frequencies(terms)
        return out

    def count_document(self, terms: Iterable[str]) -> None:
        self._n_docs = None
        frequencies.count_document(terms)

    # -- stories ----------------------------------------------------------------
    def next_story_id(self) -> str:
        return str(Story.objects.create().pk)

    def next_story_ids(self, count: int) -> list[str]:
        """``count`` new stories in one statement: ``next_story_id`` for a bulk build
        that knows how many new stories its batch opens."""
        return [str(row.pk) for row in Story.objects.bulk_create([Story() for _ in range(count)])]

    def get_story(self, story_id: str) -> StoryState | None:
        pk = int(story_id)
        known = self._work.stories.get(pk)
        if known is not None:
            return known
        self._work.load_stories([pk])
        return self._work.stories.get(pk)

    def save_story(self, story: StoryState) -> None:
        work, pk = self._work, int(story.story_id)
        work.stories[pk] = story
        work.dirty_stories[pk] = None
        # Bookkeeping-only saves (densities) keep the story's postings where they are.
        posted = (story.top_terms, story.size)
        if work.posted.get(pk) != posted:
            work.reposts.append((pk, story.top_terms, story.last_seen))
            work.posted[pk] = posted

    def candidate_stories(
        self,
        terms: Sequence[str],
        since: datetime | None,
        until: datetime | None,
        *,
        limit: int,
        scan: int,
    ) -> list[StoryState]:
        self.flush()
        ranked = ranked_hits(
            StoryPosting, "story", terms, scan_floor(since, until), scan, once_per_term=True
        )
        out: list[StoryState] = []
        for start in range(0, len(ranked), limit * 4):  # as for articles: usually one batch
            batch = ranked[start : start + limit * 4]
            self._work.load_stories(batch)
            for pk in batch:
                story = self._work.stories.get(pk)
                if story is None or not in_window(story.first_seen, story.last_seen, since, until):
                    continue
                out.append(story)
                if len(out) >= limit:
                    return out
        return out

    def merge_stories(self, kept: StoryState, absorbed_id: str) -> None:
        self.flush()  # rare: move rows with plain set-based updates on a synced database
        work, absorbed, kept_pk = self._work, int(absorbed_id), int(kept.story_id)
        StoryMember.objects.filter(story_id=absorbed).update(story_id=kept_pk)
        articles = Article.objects.filter(story_id=absorbed)
        gone = list(articles.values_list("pk", flat=True))
        articles.update(story_id=kept_pk)
        versions.moved_articles(versions.Move(pk, absorbed, kept_pk) for pk in gone)
        Story.objects.filter(pk=absorbed).delete()
        for m in work.members.values():
            if m.state.story_id == absorbed_id:
                m.state = replace(m.state, story_id=kept.story_id)
                if m.stored is not None:
                    m.stored = {**m.stored, "story_id": kept_pk}
        work.stories.pop(absorbed, None)
        work.stored_stories.pop(absorbed, None)
        work.posted.pop(absorbed, None)
        self.save_story(kept)

    # -- articles ---------------------------------------------------------------
    def get_article(self, doc_id: str) -> ArticleState | None:
        work = self._work
        known = work.members.get(doc_id)
        if known is not None:
            return known.state
        if doc_id in work.absent:
            return None
        rows = select(StoryMember, f"{quote('doc_id')} = %s", [doc_id])
        if not rows:
            work.absent.add(doc_id)
            return None
        return work.load_member(rows[0])

    def save_article(self, article: ArticleState) -> None:
        work = self._work
        if self.get_article(article.doc_id) is not None:
            known: Member | None = work.members[article.doc_id]
        else:
            known = None
            work.absent.discard(article.doc_id)
        if known is None:
            known = work.members[article.doc_id] = Member(None, article, None)
            old_terms: tuple[str, ...] | None = None
        else:
            old_terms = known.state.top_terms
            known.state = article
        work.dirty_members[article.doc_id] = None
        if article.copy_of is None and old_terms != article.top_terms:
            work.article_postings.append((article.doc_id, article.top_terms, article.published_at))

    def save_new_articles(self, articles: Sequence[ArticleState]) -> None:
        """``save_article`` for members the caller knows are new (a bulk build): one
        lookup for the whole batch instead of one per article. A member already stored
        is refused (``ValueError``) before anything is buffered."""
        work = self._work
        docs = [a.doc_id for a in articles]
        stored = set(work.members).intersection(docs)
        for start in range(0, len(docs), CHUNK):
            chunk = docs[start : start + CHUNK]
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {quote('doc_id')} FROM {quote(StoryMember._meta.db_table)} "  # noqa: S608
                    f"WHERE {where_in('doc_id', len(chunk))}",
                    chunk,
                )
                stored.update(doc for (doc,) in cursor.fetchall())
        if stored or len(set(docs)) != len(docs):
            raise ValueError(f"not new: {sorted(stored)[:5] or 'a doc_id given twice'}")
        # Known absent now, so ``save_article`` buffers each without a lookup of its own.
        work.absent.update(docs)
        for article in articles:
            self.save_article(article)

    def story_articles(self, story_id: str, *, limit: int) -> list[ArticleState]:
        self.flush()
        rows = select(
            StoryMember,
            f"{quote('story_id')} = %s",
            [int(story_id)],
            f"ORDER BY {quote('seq')} DESC LIMIT {int(limit)}",
        )
        return [self._work.load_member(r) for r in rows]

    def candidate_articles(
        self,
        terms: Sequence[str],
        since: datetime | None,
        until: datetime | None,
        *,
        limit: int,
        scan: int,
    ) -> list[ArticleState]:
        self.flush()
        work = self._work
        ranked = ranked_hits(
            ArticlePosting, "member", terms, scan_floor(since, until), scan, once_per_term=False
        )
        out: list[ArticleState] = []
        # Load in batches until ``limit`` pass the filters: every hit is considered, as
        # in memory, but usually only the first batch is read.
        for start in range(0, len(ranked), limit * 4):
            batch = ranked[start : start + limit * 4]
            missing = [pk for pk in batch if pk not in work.doc_of]
            if missing:
                for row in select(StoryMember, where_in("id", len(missing)), missing):
                    work.load_member(row)
            for pk in batch:
                doc_id = work.doc_of.get(pk)
                if doc_id is None:
                    continue
                article = work.members[doc_id].state
                if article.copy_of is not None:
                    continue
                if not in_window(article.published_at, article.published_at, since, until):
                    continue
                out.append(article)
                if len(out) >= limit:
                    break
            if len(out) >= limit:
                break
        # Their stories' density sums move next (the clusterer's neighbour update): read
        # them with one query instead of one per story.
        work.load_stories(int(a.story_id) for a in out)
        return out
