"""Streaming story clustering: each article joins the closest story in its window or
starts one, then stories that have grown together are merged.

Per article the work is: one df lookup for its terms, one index query for candidate
stories (bounded by ``candidate_limit`` and ``posting_scan``), a cosine per candidate,
and at most ``candidate_limit`` merge checks. Nothing scans the store.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime, timedelta

from newsdesk.stories import vectors
from newsdesk.stories.model import (
    ArticleState,
    Assignment,
    ClusterParams,
    Related,
    StoryDoc,
    StoryState,
    StorySummary,
    TimelineEntry,
    Vector,
)
from newsdesk.stories.store import StoryStore
from newsdesk.stories.terms import TermWeights, extract_terms

# Same-story articles are the coverage a reader wants first; another publisher's take
# beats the same publisher's follow-up. Bonuses are on the cosine scale (0..1).
SAME_STORY_BONUS = 0.5
OTHER_PUBLISHER_BONUS = 0.1
RECENCY_BONUS = 0.02
RECENCY_HALF_LIFE_DAYS = 7.0
MAX_STORY_MEMBERS_READ = 200


class StoryClusterer:
    def __init__(self, store: StoryStore, params: ClusterParams | None = None) -> None:
        self.store = store
        self.params = params or ClusterParams()
        self._weights = TermWeights(title=self.params.title_weight, entity=self.params.entity_weight)
        self._seq = 0

    # -- window ---------------------------------------------------------------
    def _window(self, at: datetime | None) -> tuple[datetime | None, datetime | None]:
        if at is None or self.params.window_days is None:
            return None, None
        span = timedelta(days=self.params.window_days)
        return at - span, at + span

    # -- vectors ----------------------------------------------------------------
    def vectorize(self, title: str, text: str, *, count: bool) -> Vector:
        """The article's unit TF-IDF vector; ``count`` adds it to the df statistics."""
        counts = extract_terms(title, text, self._weights)
        if count:
            self.store.count_document(counts.keys())
        df = self.store.doc_frequencies(counts.keys())
        return vectors.tfidf(counts, df, max(self.store.document_count(), 1))

    # -- clustering -------------------------------------------------------------
    def add(self, doc: StoryDoc) -> Assignment:
        """Place one article; re-adding a known doc_id returns its current story."""
        known = self.store.get_article(doc.doc_id)
        if known is not None:
            return Assignment(doc.doc_id, known.story_id, False, 1.0)
        self._seq += 1
        if doc.copy_of is not None:
            original = self.store.get_article(doc.copy_of)
            if original is not None:
                return self._add_copy(doc, original)
        p = self.params
        vec = self.vectorize(doc.title, doc.text, count=True)
        since, until = self._window(doc.published_at)
        query = vectors.top(vec, p.query_terms)
        candidates = self.store.candidate_stories(
            query, since, until, limit=p.candidate_limit, scan=p.posting_scan
        )
        best: StoryState | None = None
        best_sim = 0.0
        for story in candidates:
            sim = self._link(vec, story)
            if sim > best_sim:
                best, best_sim = story, sim
        article = ArticleState(
            doc_id=doc.doc_id,
            story_id="",
            vector=vec,
            published_at=doc.published_at,
            publisher=doc.publisher,
            title=doc.title,
            top_terms=vectors.top(vec, p.index_terms),
            seq=self._seq,
        )
        if best is None or best_sim < p.join_threshold:
            story = self._new_story(article)
            self.store.save_story(story)
            self.store.save_article(replace(article, story_id=story.story_id))
            return Assignment(doc.doc_id, story.story_id, True, best_sim)
        story = self._grow(best, article)
        self.store.save_story(story)
        self.store.save_article(replace(article, story_id=story.story_id))
        story, merged = self._merge_neighbours(story, [c for c in candidates if c is not best])
        return Assignment(doc.doc_id, story.story_id, False, best_sim, merged)

    def _link(self, vec: Vector, story: StoryState) -> float:
        """Similarity of an article to a story.

        Average link (mean cosine to the members, exact while the centroid keeps all
        terms) rather than cosine to the normalised centroid: a broad story that has
        drifted over a subject ("Coronavirus") has a low mean similarity to any one new
        article, so it stops swallowing the next event on that subject.
        """
        if self.params.link == "centroid":
            return vectors.cosine(vec, story.centroid)
        return vectors.dot(vec, story.centroid) / max(story.size, 1)

    def _story_link(self, a: StoryState, b: StoryState) -> float:
        """Similarity of two stories, on the same scale as ``_link``."""
        if self.params.link == "centroid":
            return vectors.cosine(a.centroid, b.centroid)
        return vectors.dot(a.centroid, b.centroid) / max(a.size * b.size, 1)

    def _add_copy(self, doc: StoryDoc, original: ArticleState) -> Assignment:
        """A wire copy follows its original: same story, no effect on df or centroid."""
        story = self.store.get_story(original.story_id)
        article = ArticleState(
            doc_id=doc.doc_id,
            story_id=original.story_id,
            vector={},
            published_at=doc.published_at,
            publisher=doc.publisher,
            title=doc.title,
            copy_of=original.doc_id,
            seq=self._seq,
        )
        if story is not None:
            publishers = story.publishers
            if doc.publisher and doc.publisher not in publishers:
                publishers = (*publishers, doc.publisher)
            self.store.save_story(
                replace(story, publishers=publishers, last_seen=_later(story.last_seen, doc.published_at))
            )
        self.store.save_article(article)
        return Assignment(doc.doc_id, original.story_id, False, 1.0)

    def _new_story(self, article: ArticleState) -> StoryState:
        return StoryState(
            story_id=self.store.next_story_id(),
            centroid=vectors.truncate(article.vector, self.params.centroid_terms),
            top_terms=article.top_terms,
            size=1,
            first_seen=article.published_at,
            last_seen=article.published_at,
            headline=article.title,
            headline_id=article.doc_id,
            publishers=(article.publisher,) if article.publisher else (),
        )

    def _grow(self, story: StoryState, article: ArticleState) -> StoryState:
        p = self.params
        centroid = vectors.truncate(vectors.add([story.centroid, article.vector]), p.centroid_terms)
        headline, headline_id = story.headline, story.headline_id
        current = self.store.get_article(story.headline_id) if story.headline_id else None
        # The headline is the title of the member closest to the centroid: the most
        # typical wording, not whichever outlet happened to be first.
        if current is None or vectors.cosine(article.vector, centroid) > vectors.cosine(
            current.vector, centroid
        ):
            headline, headline_id = article.title, article.doc_id
        publishers = story.publishers
        if article.publisher and article.publisher not in publishers:
            publishers = (*publishers, article.publisher)
        return StoryState(
            story_id=story.story_id,
            centroid=centroid,
            top_terms=vectors.top(centroid, p.index_terms),
            size=story.size + 1,
            first_seen=_earlier(story.first_seen, article.published_at),
            last_seen=_later(story.last_seen, article.published_at),
            headline=headline,
            headline_id=headline_id,
            publishers=publishers,
        )

    def _merge_neighbours(
        self, story: StoryState, others: list[StoryState]
    ) -> tuple[StoryState, tuple[str, ...]]:
        """Merge stories whose centroids now agree with the grown story's centroid."""
        merged: list[str] = []
        for other in others:
            current = self.store.get_story(other.story_id)
            if current is None or current.story_id == story.story_id:
                continue
            if self._story_link(story, current) < self.params.merge_threshold:
                continue
            # The bigger (then older) story keeps its id so links stay stable.
            keep, gone = (story, current) if story.size >= current.size else (current, story)
            combined = self._combine(keep, gone)
            self.store.merge_stories(combined, gone.story_id)
            merged.append(gone.story_id)
            story = combined
        return story, tuple(merged)

    def _combine(self, keep: StoryState, gone: StoryState) -> StoryState:
        centroid = vectors.truncate(
            vectors.add([keep.centroid, gone.centroid]), self.params.centroid_terms
        )
        publishers = keep.publishers + tuple(p for p in gone.publishers if p not in keep.publishers)
        return replace(
            keep,
            centroid=centroid,
            top_terms=vectors.top(centroid, self.params.index_terms),
            size=keep.size + gone.size,
            first_seen=_earlier(keep.first_seen, gone.first_seen),
            last_seen=_later(keep.last_seen, gone.last_seen),
            publishers=publishers,
        )

    # -- reading ----------------------------------------------------------------
    def related(self, doc_id: str, k: int = 10) -> tuple[Related, ...]:
        """Other articles for ``doc_id``'s page, best first; copies never appear.

        Score: cosine similarity, plus a bonus for the same story (its coverage comes
        first), for another publisher, and a small one for closeness in time.
        """
        p = self.params
        article = self.store.get_article(doc_id)
        if article is None:
            return ()
        if article.copy_of is not None:
            original = self.store.get_article(article.copy_of)
            if original is None:
                return ()
            article = original
        since, until = self._window(article.published_at)
        pool = {a.doc_id: a for a in self.store.story_articles(article.story_id, limit=MAX_STORY_MEMBERS_READ)}
        for cand in self.store.candidate_articles(
            vectors.top(article.vector, p.query_terms),
            since,
            until,
            limit=p.candidate_limit,
            scan=p.posting_scan,
        ):
            pool.setdefault(cand.doc_id, cand)
        ranked = []
        for cand in pool.values():
            if cand.doc_id in (article.doc_id, doc_id) or cand.copy_of is not None:
                continue
            sim = vectors.dot(article.vector, cand.vector)
            same = cand.story_id == article.story_id
            score = sim + (SAME_STORY_BONUS if same else 0.0)
            if cand.publisher != article.publisher:
                score += OTHER_PUBLISHER_BONUS
            score += RECENCY_BONUS * _closeness(article.published_at, cand.published_at)
            ranked.append(
                Related(
                    doc_id=cand.doc_id,
                    story_id=cand.story_id,
                    score=score,
                    similarity=sim,
                    publisher=cand.publisher,
                    title=cand.title,
                    published_at=cand.published_at,
                    same_story=same,
                )
            )
        ranked.sort(key=lambda r: (-r.score, r.doc_id))
        return tuple(ranked[:k])

    def summary(self, story_id: str, *, limit: int = MAX_STORY_MEMBERS_READ) -> StorySummary | None:
        """Headline, span, members and timeline (oldest first) of a story."""
        story = self.store.get_story(story_id)
        if story is None:
            return None
        members = self.store.story_articles(story_id, limit=limit)
        timeline = sorted(
            (TimelineEntry(a.doc_id, a.published_at, a.publisher, a.title) for a in members),
            # Unknown times go last; timestamp() compares aware datetimes across offsets.
            key=lambda e: (
                e.published_at is None,
                e.published_at.timestamp() if e.published_at else 0.0,
                e.doc_id,
            ),
        )
        return StorySummary(
            story_id=story.story_id,
            headline=story.headline,
            first_seen=story.first_seen,
            last_seen=story.last_seen,
            member_ids=tuple(e.doc_id for e in timeline),
            publishers=story.publishers,
            timeline=tuple(timeline),
        )


def _earlier(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None:
        return b
    return a if b is None or a <= b else b


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None:
        return b
    return a if b is None or a >= b else b


def _closeness(a: datetime | None, b: datetime | None) -> float:
    if a is None or b is None:
        return 0.0
    days = abs((a - b).total_seconds()) / 86400.0
    return math.exp(-days * math.log(2) / RECENCY_HALF_LIFE_DAYS)
