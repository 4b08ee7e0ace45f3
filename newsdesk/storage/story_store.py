"""``StoryStore`` on the database: the live pipeline's (and replay's) clustering state.

Every method costs a bounded number of indexed queries: candidate lookups read at most
``scan`` posting rows per term through the ``(term, -id)`` index, so the cost per
article stays flat however many articles are stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime

from django.db.models import F

from newsdesk.storage.models import (
    Article,
    ArticlePosting,
    Story,
    StoryMember,
    StoryPosting,
    TermStat,
)
from newsdesk.stories.model import ArticleState, StoryState

N_ROW = ""  # TermStat row whose df is the number of documents counted


def _in_window(
    first: datetime | None, last: datetime | None, since: datetime | None, until: datetime | None
) -> bool:
    if first is None or last is None:
        return True
    if since is not None and last < since:
        return False
    return not (until is not None and first > until)


STORY_COLUMNS = {
    "story_id",
    "centroid",
    "top_terms",
    "size",
    "first_seen",
    "last_seen",
    "headline",
    "headline_id",
    "publishers",
}
ARTICLE_COLUMNS = {
    "doc_id",
    "story_id",
    "vector",
    "published_at",
    "publisher",
    "title",
    "copy_of",
    "top_terms",
    "seq",
}


def _scan_floor(since: datetime | None, until: datetime | None) -> datetime | None:
    """Postings older than the window start less one window end a scan (as in memory)."""
    if since is None:
        return None
    return since - (until - since) if until is not None else since


def _recent(rows: Iterable[tuple[int, datetime | None]], floor: datetime | None) -> Iterable[int]:
    for item, at in rows:
        if floor is not None and at is not None and at < floor:
            return
        yield item


def _ranked_hits(
    model: type, key: str, terms: Sequence[str], floor: datetime | None, scan: int
) -> list[int]:
    """Ids posted under the terms, most terms shared first; per term only the newest
    ``scan`` postings down to ``floor`` are read (the ``(term, -id)`` index)."""
    hits: Counter[int] = Counter()
    for term in terms:
        rows = model.objects.filter(term=term[:120]).order_by("-id").values_list(key, "at")
        for item in set(_recent(rows[:scan], floor)):
            hits[item] += 1
    return [item for item, _ in hits.most_common()]


def _extra(state: StoryState | ArticleState, columns: set[str]) -> dict:
    """Fields of the state without a column, JSON-ready (tuples become lists)."""
    out = {}
    for f in fields(state):
        if f.name not in columns:
            value = getattr(state, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


def _from_extra(cls: type, extra: dict) -> dict:
    known = {f.name for f in fields(cls)}
    return {
        k: tuple(v) if isinstance(v, list) else v for k, v in (extra or {}).items() if k in known
    }


def _story_state(row: Story) -> StoryState:
    return StoryState(
        story_id=str(row.pk),
        centroid=row.centroid,
        top_terms=tuple(row.top_terms),
        size=row.size,
        first_seen=row.first_seen,
        last_seen=row.last_seen,
        headline=row.headline,
        headline_id=row.headline_doc,
        publishers=tuple(row.publishers),
        **_from_extra(StoryState, row.extra),
    )


def _article_state(row: StoryMember) -> ArticleState:
    return ArticleState(
        doc_id=row.doc_id,
        story_id=str(row.story_id),
        vector=row.vector,
        published_at=row.published_at,
        publisher=row.publisher,
        title=row.title,
        copy_of=row.copy_of,
        top_terms=tuple(row.top_terms),
        seq=row.seq,
        **_from_extra(ArticleState, row.extra),
    )


@dataclass(frozen=True, slots=True)
class _Stored:
    """What the database holds for a member, so a save writes only what changed."""

    pk: int
    top_terms: tuple[str, ...]
    story_id: str


class DatabaseStoryStore:
    """Implements ``newsdesk.stories.store.StoryStore``; callers hold ``PipelineLock``.

    One instance serves one unit of work (an article, or a replay): it remembers what
    it read and wrote to skip redundant writes, so it must not outlive the lock.
    """

    def __init__(self) -> None:
        self._members: dict[str, _Stored] = {}
        self._posted: dict[int, tuple[tuple[str, ...], int]] = {}

    def _load(self, row: StoryMember) -> ArticleState:
        state = _article_state(row)
        self._members[row.doc_id] = _Stored(row.pk, state.top_terms, state.story_id)
        return state

    def _load_story(self, row: Story) -> StoryState:
        state = _story_state(row)
        self._posted.setdefault(row.pk, (state.top_terms, state.size))
        return state

    # -- document frequencies -------------------------------------------------
    def document_count(self) -> int:
        row = TermStat.objects.filter(term=N_ROW).values_list("df", flat=True).first()
        return int(row or 0)

    def doc_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        wanted = [t for t in set(terms) if t]
        out: dict[str, int] = {}
        for start in range(0, len(wanted), 500):  # stay under SQLite's variable limit
            chunk = wanted[start : start + 500]
            out.update(TermStat.objects.filter(term__in=chunk).values_list("term", "df"))
        return out

    def count_document(self, terms: Iterable[str]) -> None:
        distinct = sorted({t[:120] for t in terms if t} | {N_ROW})
        for start in range(0, len(distinct), 500):
            chunk = distinct[start : start + 500]
            TermStat.objects.bulk_create(
                [TermStat(term=t, df=0) for t in chunk], ignore_conflicts=True
            )
            TermStat.objects.filter(term__in=chunk).update(df=F("df") + 1)

    # -- stories ----------------------------------------------------------------
    def next_story_id(self) -> str:
        return str(Story.objects.create().pk)

    def get_story(self, story_id: str) -> StoryState | None:
        row = Story.objects.filter(pk=int(story_id)).first()
        return self._load_story(row) if row else None

    def save_story(self, story: StoryState) -> None:
        pk = int(story.story_id)
        Story.objects.filter(pk=pk).update(
            headline=story.headline,
            headline_doc=story.headline_id,
            centroid=story.centroid,
            top_terms=list(story.top_terms),
            size=story.size,
            first_seen=story.first_seen,
            last_seen=story.last_seen,
            publishers=list(story.publishers),
            publisher_count=len(set(story.publishers)),
            extra=_extra(story, STORY_COLUMNS),
        )
        # Re-post the story's terms when they or its last article changed, so it sits
        # among the newest entries of each term (readers scan newest first); the table
        # holds one row per story term. Bookkeeping-only saves (densities) skip this.
        posted = (story.top_terms, story.size)
        if self._posted.get(pk) != posted:
            StoryPosting.objects.filter(story_id=pk).delete()
            StoryPosting.objects.bulk_create(
                [
                    StoryPosting(term=t[:120], story_id=pk, at=story.last_seen)
                    for t in story.top_terms
                ]
            )
            self._posted[pk] = posted

    def candidate_stories(
        self,
        terms: Sequence[str],
        since: datetime | None,
        until: datetime | None,
        *,
        limit: int,
        scan: int,
    ) -> list[StoryState]:
        ranked = _ranked_hits(StoryPosting, "story_id", terms, _scan_floor(since, until), scan)
        rows = {s.pk: s for s in Story.objects.filter(pk__in=ranked[: limit * 4])}
        out: list[StoryState] = []
        for pk in ranked[: limit * 4]:
            row = rows.get(pk)
            if row is None or not _in_window(row.first_seen, row.last_seen, since, until):
                continue
            out.append(self._load_story(row))
            if len(out) >= limit:
                break
        return out

    def merge_stories(self, kept: StoryState, absorbed_id: str) -> None:
        absorbed = int(absorbed_id)
        StoryMember.objects.filter(story_id=absorbed).update(story_id=int(kept.story_id))
        Article.objects.filter(story_id=absorbed).update(story_id=int(kept.story_id))
        Story.objects.filter(pk=absorbed).delete()
        self.save_story(kept)

    # -- articles ---------------------------------------------------------------
    def get_article(self, doc_id: str) -> ArticleState | None:
        row = StoryMember.objects.filter(doc_id=doc_id).first()
        return self._load(row) if row else None

    def save_article(self, article: ArticleState) -> None:
        values = {
            "story_id": int(article.story_id),
            "vector": article.vector,
            "top_terms": list(article.top_terms),
            "published_at": article.published_at,
            "publisher": article.publisher[:300],
            "title": article.title,
            "copy_of": article.copy_of,
            "seq": article.seq,
            "extra": _extra(article, ARTICLE_COLUMNS),
        }
        known = self._members.get(article.doc_id)
        if known is None:
            row = (
                StoryMember.objects.filter(doc_id=article.doc_id)
                .values_list("pk", "top_terms", "story_id")
                .first()
            )
            known = _Stored(row[0], tuple(row[1]), str(row[2])) if row else None
        if known is not None:
            StoryMember.objects.filter(pk=known.pk).update(**values)
            pk = known.pk
        else:
            # In the live pipeline a doc_id is an Article id; a replay's ids link to nothing.
            linked = int(article.doc_id) if article.doc_id.isdigit() else None
            if linked is not None and not Article.objects.filter(pk=linked).exists():
                linked = None
            pk = StoryMember.objects.create(doc_id=article.doc_id, article_id=linked, **values).pk
        if known is None or known.story_id != article.story_id:
            Article.objects.filter(story_member__pk=pk).update(story_id=int(article.story_id))
        if article.copy_of is None and (known is None or known.top_terms != article.top_terms):
            ArticlePosting.objects.bulk_create(
                [
                    ArticlePosting(term=t[:120], member_id=pk, at=article.published_at)
                    for t in article.top_terms
                ]
            )
        self._members[article.doc_id] = _Stored(pk, article.top_terms, article.story_id)

    def story_articles(self, story_id: str, *, limit: int) -> list[ArticleState]:
        rows = StoryMember.objects.filter(story_id=int(story_id)).order_by("-seq")[:limit]
        return [self._load(r) for r in rows]

    def candidate_articles(
        self,
        terms: Sequence[str],
        since: datetime | None,
        until: datetime | None,
        *,
        limit: int,
        scan: int,
    ) -> list[ArticleState]:
        ranked = _ranked_hits(ArticlePosting, "member_id", terms, _scan_floor(since, until), scan)
        ranked = ranked[: limit * 4]
        rows = {m.pk: m for m in StoryMember.objects.filter(pk__in=ranked)}
        out: list[ArticleState] = []
        for pk in ranked:
            row = rows.get(pk)
            if row is None or row.copy_of is not None:
                continue
            if not _in_window(row.published_at, row.published_at, since, until):
                continue
            out.append(self._load(row))
            if len(out) >= limit:
                break
        return out
