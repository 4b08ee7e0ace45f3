"""Place an article in its story, through the same clusterer the replay command uses."""

from __future__ import annotations

from django.db import transaction

from newsdesk.storage.models import Article, PipelineLock
from newsdesk.storage.story_store import DatabaseStoryStore
from newsdesk.stories.clusterer import StoryClusterer
from newsdesk.stories.model import Assignment, ClusterParams, StoryDoc

# The defaults, measured by bench/stories.py; `newsdesk stories replay` uses the same.
PARAMS = ClusterParams()


def clusterer(store: DatabaseStoryStore | None = None) -> StoryClusterer:
    return StoryClusterer(store if store is not None else DatabaseStoryStore(), PARAMS)


def story_doc(article: Article) -> StoryDoc:
    return StoryDoc(
        doc_id=str(article.pk),
        title=article.title,
        text=article.body_text,
        published_at=article.published_at or article.sort_at,
        publisher=article.publisher_name,
        copy_of=str(article.copy_of_id) if article.copy_of_id else None,
    )


def assign_story(article: Article) -> Assignment:
    # Streaming clustering sees one article at a time: the lock row serializes workers
    # (SQLite's IMMEDIATE transactions already do; PostgreSQL needs the row lock).
    with transaction.atomic():
        PipelineLock.objects.get_or_create(name="stories")
        PipelineLock.objects.select_for_update().get(name="stories")
        # The store buffers its writes for the article: leaving the block flushes them
        # inside the transaction, under the lock.
        with DatabaseStoryStore() as store:
            return clusterer(store).add(story_doc(article))
