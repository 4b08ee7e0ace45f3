"""Stories (coverage of one event) and the clusterer's persisted state.

The clusterer in ``newsdesk.stories`` reads and writes these only through
``newsdesk.storage.story_store.DatabaseStoryStore``; every query there is bounded
by its arguments (terms, scan, limit), never by the number of stored rows.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone

from newsdesk.storage.models.articles import Article, ready_rule
from newsdesk.storage.models.tags import Hashtag


class StoryQuerySet(models.QuerySet):
    def covered(self) -> StoryQuerySet:
        """Stories more than one publisher covered: the ones worth a story card."""
        return self.filter(publisher_count__gte=2)

    def recent_first(self) -> StoryQuerySet:
        return self.order_by("-last_seen", "-id")

    def tagged(self, hashtag: Hashtag) -> StoryQuerySet:
        """Stories with a ready article under ``hashtag``."""
        return self.filter(ready_rule("articles__"), articles__tags__hashtag=hashtag).distinct()


class Story(models.Model):
    headline = models.TextField(blank=True)
    headline_doc = models.CharField(max_length=64, blank=True)
    centroid = models.JSONField(default=dict)
    top_terms = models.JSONField(default=list)
    size = models.PositiveIntegerField(default=0)
    first_seen = models.DateTimeField(null=True, blank=True)
    last_seen = models.DateTimeField(null=True, blank=True, db_index=True)
    publishers = models.JSONField(default=list)
    publisher_count = models.PositiveIntegerField(default=0)
    # Clusterer state without a column of its own (e.g. density sums): kept verbatim so
    # the database store round-trips every field of ``StoryState``.
    extra = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "stories"
        indexes = [models.Index(fields=["-last_seen", "-publisher_count"], name="story_recent")]

    def __str__(self) -> str:
        return self.headline or f"Story {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("story", args=[self.pk])


class StoryMember(models.Model):
    """One article as the clusterer stores it (``ArticleState``); ``doc_id`` is the
    article id as text in the live pipeline, or the file's id in a replay."""

    doc_id = models.CharField(max_length=200, unique=True)
    article = models.OneToOneField(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="story_member"
    )
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="members")
    vector = models.JSONField(default=dict)
    top_terms = models.JSONField(default=list)
    published_at = models.DateTimeField(null=True, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    title = models.TextField(blank=True)
    copy_of = models.CharField(max_length=200, null=True, blank=True)
    seq = models.BigIntegerField(default=0)
    extra = models.JSONField(default=dict, blank=True)  # other ``ArticleState`` fields

    class Meta:
        indexes = [models.Index(fields=["story", "-seq"], name="member_story_recent")]


class StoryPosting(models.Model):
    term = models.CharField(max_length=120)
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(null=True, blank=True)  # the story's last_seen when posted

    class Meta:
        indexes = [models.Index(fields=["term", "-id"], name="story_posting_term")]


class ArticlePosting(models.Model):
    term = models.CharField(max_length=120)
    member = models.ForeignKey(StoryMember, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(null=True, blank=True)  # the article's time

    class Meta:
        indexes = [models.Index(fields=["term", "-id"], name="article_posting_term")]


class TermStat(models.Model):
    """Streaming document frequencies for IDF; the row with ``term=""`` holds N."""

    term = models.CharField(max_length=120, unique=True)
    df = models.BigIntegerField(default=0)


class PipelineLock(models.Model):
    """A row to lock: streaming clustering must see articles one at a time."""

    name = models.CharField(max_length=40, unique=True)
