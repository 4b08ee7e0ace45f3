"""Rank an article's related coverage when it is finished, and store it for the pages.

Ranking asks the clusterer's store a dozen questions and scores the answers (hundreds
of milliseconds at a year of news): done once here, in the worker, never on a page
view. A story's newest members are ranked again when an article joins it, so their
lists name the newcomer.
"""

from __future__ import annotations

from django.db import transaction

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
