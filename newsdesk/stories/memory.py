"""``StoryStore`` in process memory: for tests, benchmarks and throwaway replays.

Posting lists are append-only lists per term of (time, id), newest last. Readers walk
them from the end and stop after ``scan`` entries or at the first entry older than the
window (less one window of slack for articles that arrive out of time order), so with a
window a query touches the articles of that window only, whether 10 k or 1 M are stored.
Without a window (text-only) the ``scan`` cap is the bound. Entries left behind by
re-indexing or merges are skipped on read.

A database store gets the same from an index on (term, time) and
``WHERE term IN (...) AND time >= :since - :slack ORDER BY time DESC LIMIT :scan``.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from newsdesk.stories.model import ArticleState, StoryState
from newsdesk.stories.store import in_window

_UNKNOWN_TIME = float("inf")  # an unknown time never ends a scan


def _time_key(at: datetime | None) -> float:
    return at.timestamp() if at is not None else _UNKNOWN_TIME


def _scan_floor(since: datetime | None, until: datetime | None) -> float:
    """Posting entries older than this end a scan: the window start less one window."""
    if since is None:
        return -_UNKNOWN_TIME
    slack = (until - since).total_seconds() if until is not None else 0.0
    return since.timestamp() - slack


def _recent(postings: list[tuple[float, str]], scan: int, floor: float) -> Iterable[str]:
    for at, item in itertools.islice(reversed(postings), scan):
        if at < floor:
            return
        yield item


class MemoryStoryStore:
    def __init__(self) -> None:
        self._n_docs = 0
        self._df: Counter[str] = Counter()
        self._ids = itertools.count(1)
        self._stories: dict[str, StoryState] = {}
        self._articles: dict[str, ArticleState] = {}
        self._members: dict[str, list[str]] = {}
        self._story_postings: dict[str, list[tuple[float, str]]] = {}
        self._article_postings: dict[str, list[tuple[float, str]]] = {}

    # -- document frequencies -------------------------------------------------
    def document_count(self) -> int:
        return self._n_docs

    def doc_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        df = self._df
        return {t: df[t] for t in terms if t in df}

    def count_document(self, terms: Iterable[str]) -> None:
        self._n_docs += 1
        self._df.update(set(terms))

    # -- stories ----------------------------------------------------------------
    def next_story_id(self) -> str:
        return f"s{next(self._ids)}"

    def get_story(self, story_id: str) -> StoryState | None:
        return self._stories.get(story_id)

    def save_story(self, story: StoryState) -> None:
        old = self._stories.get(story.story_id)
        self._stories[story.story_id] = story
        self._members.setdefault(story.story_id, [])
        # Re-index when the story grew or its terms moved, so the newest stories sit at
        # the end of the posting lists; a density-only update changes no posting.
        if old is not None and (old.size, old.top_terms) == (story.size, story.top_terms):
            return
        for term in story.top_terms:
            postings = self._story_postings.setdefault(term, [])
            if not postings or postings[-1][1] != story.story_id:
                postings.append((_time_key(story.last_seen), story.story_id))

    def candidate_stories(
        self,
        terms: Sequence[str],
        since: datetime | None,
        until: datetime | None,
        *,
        limit: int,
        scan: int,
    ) -> list[StoryState]:
        hits: Counter[str] = Counter()
        floor = _scan_floor(since, until)
        for term in terms:
            postings = self._story_postings.get(term)
            if not postings:
                continue
            seen: set[str] = set()
            for story_id in _recent(postings, scan, floor):
                if story_id not in seen:
                    seen.add(story_id)
                    hits[story_id] += 1
        out = []
        for story_id, _ in hits.most_common():
            story = self._stories.get(story_id)
            if story is None or not in_window(story.first_seen, story.last_seen, since, until):
                continue
            out.append(story)
            if len(out) >= limit:
                break
        return out

    def merge_stories(self, kept: StoryState, absorbed_id: str) -> None:
        for doc_id in self._members.pop(absorbed_id, []):
            article = self._articles[doc_id]
            self._articles[doc_id] = replace(article, story_id=kept.story_id)
            self._members.setdefault(kept.story_id, []).append(doc_id)
        self._stories.pop(absorbed_id, None)
        self.save_story(kept)

    # -- articles ---------------------------------------------------------------
    def get_article(self, doc_id: str) -> ArticleState | None:
        return self._articles.get(doc_id)

    def save_article(self, article: ArticleState) -> None:
        old = self._articles.get(article.doc_id)
        self._articles[article.doc_id] = article
        if old is None or old.story_id != article.story_id:
            if old is not None:
                self._members[old.story_id].remove(old.doc_id)
            self._members.setdefault(article.story_id, []).append(article.doc_id)
        if article.copy_of is None and (old is None or old.top_terms != article.top_terms):
            for term in article.top_terms:
                self._article_postings.setdefault(term, []).append(
                    (_time_key(article.published_at), article.doc_id)
                )

    def story_articles(self, story_id: str, *, limit: int) -> list[ArticleState]:
        ids = self._members.get(story_id, [])
        return [self._articles[d] for d in reversed(ids[-limit:])]

    def candidate_articles(
        self,
        terms: Sequence[str],
        since: datetime | None,
        until: datetime | None,
        *,
        limit: int,
        scan: int,
    ) -> list[ArticleState]:
        hits: Counter[str] = Counter()
        floor = _scan_floor(since, until)
        for term in terms:
            for doc_id in _recent(self._article_postings.get(term, []), scan, floor):
                hits[doc_id] += 1
        out = []
        for doc_id, _ in hits.most_common():
            article = self._articles[doc_id]
            at = article.published_at
            if article.copy_of is not None or not in_window(at, at, since, until):
                continue
            out.append(article)
            if len(out) >= limit:
                break
        return out
