"""Rank an article's related coverage when it is finished, and store it for the pages.

Ranking asks the clusterer's store a dozen questions and scores the answers (hundreds
of milliseconds at a year of news): done once here, in the worker, never on a page
view. A story's newest members are ranked again when an article joins it, so their
lists name the newcomer. Articles finished before lists were stored (or loaded in
bulk) get theirs from ``backfill`` (``newsdesk related backfill``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from newsdesk.storage import versions
from newsdesk.storage.models import Article, RelatedArticle
from newsdesk.storage.story_store import DatabaseStoryStore
from newsdesk.stories.model import SAME_STORY
from newsdesk.worker.clustering import clusterer

RELATED_LIMIT = 10
# Members of the article's story whose lists are ranked again with it.
SIBLINGS = 3


def store_related(article: Article) -> None:
    """This article's list, then the lists of its story's newest other members."""
    owner = article.copy_of_id or article.pk
    rank_and_store(owner)
    if article.story_id is None:
        return
    siblings = (
        Article.objects.listed()
        .filter(story_id=article.story_id)
        .exclude(pk=owner)
        .order_by("-sort_at", "-id")
        .values_list("pk", flat=True)[:SIBLINGS]
    )
    for pk in list(siblings):
        rank_and_store(pk)


def rank_and_store(article_id: int, k: int = RELATED_LIMIT) -> int:
    """Rank ``article_id``'s related coverage and replace its stored list; returns its length.

    Other coverage, never a copy: the same story first, then the same subject; within
    each tier the clusterer's order, other publishers before the article's own.
    """
    article = Article.objects.select_related("source").filter(pk=article_id).first()
    if article is None:
        return 0
    # Reading only: ``related`` asks the store, it never changes a story.
    ranked = clusterer(DatabaseStoryStore()).related(str(article.pk), k=k * 2)
    tiers = {int(r.doc_id): r.tier for r in ranked if r.doc_id.isdigit()}
    root = article.copy_of_id or article.pk
    group = {root, article.pk} | set(
        Article.objects.filter(copy_of_id=root).values_list("pk", flat=True)
    )
    rows = {
        a.pk: a
        for a in Article.objects.listed()
        .filter(pk__in=list(tiers))
        .exclude(pk__in=group)
        .select_related("source")
        .only("id", "publisher", "source__name", "source__url", "source__site_url")
    }
    own = article.publisher_name
    ordered = [rows[i] for i in tiers if i in rows]
    # Stable sort: the clusterer's order within each tier; a tier never falls below
    # the next one because of its publisher.
    ordered.sort(key=lambda a: (tiers[a.pk] != SAME_STORY, a.publisher_name == own))
    with transaction.atomic():
        RelatedArticle.objects.filter(article_id=article.pk).delete()
        RelatedArticle.objects.bulk_create(
            RelatedArticle(article_id=article.pk, other_id=a.pk, rank=rank, tier=tiers[a.pk])
            for rank, a in enumerate(ordered[:k])
        )
    return min(len(ordered), k)


@dataclass(frozen=True, slots=True)
class Backfilled:
    """Where a backfill stands: articles ranked so far, of how many lacked a list."""

    done: int
    total: int
    listed: int  # of ``done``, how many got a non-empty list
    last_id: int


def lacking_lists() -> QuerySet[Article]:
    """Listed articles (originals, ready) without a stored related list, oldest id first:
    finished before lists were stored, or bulk-loaded."""
    stored = RelatedArticle.objects.filter(article_id=OuterRef("pk"))
    return Article.objects.listed().filter(~Exists(stored)).order_by("pk")


def backfill(batch: int = 500, limit: int | None = None) -> Iterator[Backfilled]:
    """Rank and store the list of every article that lacks one, ``batch`` at a time.

    Yields after each batch, so a caller can report progress; stopping between batches
    loses nothing (the next run starts with what still lacks a list). An article whose
    ranking finds nothing stays without rows and is ranked again by the next run.
    """
    total = lacking_lists().count()
    if limit is not None:
        total = min(total, limit)
    done = listed = last = 0
    while done < total:
        ids = list(
            lacking_lists()
            .filter(pk__gt=last)
            .values_list("pk", flat=True)[: min(batch, total - done)]
        )
        if not ids:
            break
        listed += sum(1 for pk in ids if rank_and_store(pk))
        versions.bump(versions.article(pk) for pk in ids)
        done += len(ids)
        last = ids[-1]
        yield Backfilled(done, total, listed, last)
