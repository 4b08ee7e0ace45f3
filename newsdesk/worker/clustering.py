"""Place an article in its story, through the same clusterer the replay command uses;
and run the repair pass over the recent window."""

from __future__ import annotations

from dataclasses import replace

from django.db import transaction

from newsdesk.storage.models import Article, PipelineLock
from newsdesk.storage.story_store import DatabaseStoryStore
from newsdesk.stories.clusterer import StoryClusterer
from newsdesk.stories.model import Assignment, ClusterParams, RepairReport, StoryDoc
from newsdesk.stories.repairer import StoryRepairer

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
        # Enrichment runs before clustering: its hashtags name the subject.
        tags=tuple(article.tags.order_by("rank").values_list("hashtag__key", flat=True)),
    )


def _locked() -> None:
    # Streaming clustering sees one article at a time: the lock row serializes workers
    # (SQLite's IMMEDIATE transactions already do; PostgreSQL needs the row lock).
    PipelineLock.objects.get_or_create(name="stories")
    PipelineLock.objects.select_for_update().get(name="stories")


def assign_story(article: Article) -> Assignment:
    with transaction.atomic():
        _locked()
        # The store buffers its writes for the article: leaving the block flushes them
        # inside the transaction, under the lock.
        with DatabaseStoryStore() as store:
            placer = clusterer(store)
            assignment = placer.add(story_doc(article))
            if PARAMS.repair_due(store.document_count()):
                StoryRepairer(placer).repair()
                placed = store.get_article(assignment.doc_id)
                if placed is not None:  # the repair may have moved it
                    assignment = replace(assignment, story_id=placed.story_id)
            return assignment


def repair_stories() -> RepairReport:
    """Re-cluster the recent window under the same lock as ``assign_story`` (which
    runs it itself when ``PARAMS.repair_due``): the scheduler queues it when the queue
    goes idle (``unrepaired_arrivals``), so the last articles of a quiet spell are
    repaired too."""
    with transaction.atomic():
        _locked()
        with DatabaseStoryStore() as store:
            return StoryRepairer(clusterer(store)).repair()


def unrepaired_arrivals(repaired_at: int) -> int:
    """The clusterer's article count when articles arrived since the last repair, else 0.

    ``repaired_at`` is the count at the last repair the caller asked for. Streaming
    itself repaired after the latest article when ``PARAMS.repair_due`` holds for the
    count (every ``repair_every``-th article, and every article of a young store), so
    only a count that is neither of those leaves arrivals waiting for a repair. One
    read of the count row: cheap enough for every scheduler pass.
    """
    arrived = DatabaseStoryStore().document_count()
    if arrived == 0 or arrived == repaired_at or PARAMS.repair_due(arrived):
        return 0
    return arrived
