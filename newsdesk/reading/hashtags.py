"""Hashtag pages: the articles and the stories under one tag."""

from __future__ import annotations

from django.db.models import QuerySet

from newsdesk.enrich.hashtags import tag_key
from newsdesk.storage.models import Article, Hashtag, Story

STORIES_SHOWN = 10


def find_hashtag(tag: str) -> Hashtag | None:
    """The tag under any spelling ("KeithKellogg", "keithkellogg")."""
    return Hashtag.objects.filter(key=tag_key(tag[:200])).first()


def tagged_articles(hashtag: Hashtag) -> QuerySet[Article]:
    """Listed articles under the tag (a copy is shown through its original), newest first.

    Ordered by the tag's own time (the article's time when it was tagged): the
    ``(hashtag, -tagged_at)`` index then yields a page without sorting every article
    the tag ever had.
    """
    return (
        Article.objects.listed()
        .filter(tags__hashtag=hashtag)
        .for_lists()
        .order_by("-tags__tagged_at", "-id")
    )


def tagged_stories(hashtag: Hashtag, limit: int = STORIES_SHOWN) -> list[Story]:
    """Stories several publishers covered with a ready article under the tag, recent first.

    Only the fields a story's line shows: the query is DISTINCT, and comparing (then
    decoding) every story's centroid vector cost more than the rest of the page's queries.
    """
    shown = ("id", "headline", "publisher_count", "first_seen", "last_seen")
    return list(Story.objects.covered().tagged(hashtag).recent_first().only(*shown)[:limit])
