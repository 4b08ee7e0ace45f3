"""One item a source published: what the feed said, what the page held, what we extracted."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone

from newsdesk.enrich.hashtags import tag_key
from newsdesk.storage.models.sources import Source


class ArticleStatus(models.TextChoices):
    PENDING = "pending", "Waiting for its page"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


# Columns a list of articles never shows; listing queries leave them in the database.
HEAVY_FIELDS = ("body_html", "body_text", "fetch_meta", "feed_summary_html")


def feed_tag_keys(tags: tuple[str, ...] | list[str]) -> str:
    """A feed item's categories as stored in ``Article.feed_tags``: keys between bars."""
    keys = [key for key in dict.fromkeys(tag_key(t) for t in tags[:50]) if key]
    return f"|{'|'.join(keys)}|" if keys else ""


def feed_tag_rule(key: str) -> models.Q:
    return models.Q(feed_tags__contains=f"|{key}|")


def ready_rule(via: str = "") -> models.Q:
    """Extracted and readable; ``via`` reaches the article across a relation ("article__")."""
    return models.Q(**{f"{via}status": ArticleStatus.READY})


def listed_rule(via: str = "") -> models.Q:
    """Ready and not a wire copy: one item per text, a copy shown through its original."""
    return ready_rule(via) & models.Q(**{f"{via}copy_of__isnull": True})


class ArticleQuerySet(models.QuerySet):
    """The read rules, each written once: every page, the API and later readers use these."""

    def ready(self) -> ArticleQuerySet:
        """Extracted and readable (pending and failed articles are the operator's business)."""
        return self.filter(ready_rule())

    def listed(self) -> ArticleQuerySet:
        """Ready and not a wire copy: one item per text, the copy shown through its original."""
        return self.filter(listed_rule())

    def for_lists(self) -> ArticleQuerySet:
        """With its source, without the bodies a list never shows."""
        return self.select_related("source").defer(*HEAVY_FIELDS)

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by("-sort_at", "-id")


class Article(models.Model):
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="articles")
    # Deterministic per-source item key (hashed GUID / link): the unique constraint makes a
    # re-ingest or two workers at once a no-op instead of a duplicate.
    item_key = models.CharField(max_length=64)
    url = models.TextField(help_text="The article's address as the feed links it, after redirects.")
    url_key = models.CharField(max_length=64, db_index=True)
    canonical_url = models.TextField(blank=True)
    title = models.TextField(blank=True)
    byline = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    language = models.CharField(max_length=16, blank=True)
    image = models.TextField(blank=True)
    # The publisher's robots directives for this page (robots meta and X-Robots-Tag),
    # lower-cased and comma-joined: "nosnippet", "max-snippet:50", "noarchive".
    robots = models.CharField(max_length=300, blank=True)
    # The feed's own categories as hashtag keys between bars ("|world|europe|"): sections
    # match them with one LIKE each, no join.
    feed_tags = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    sort_at = models.DateTimeField(
        default=timezone.now,
        db_index=True,
        help_text="published_at, or first seen: the order readers see.",
    )
    feed_summary_html = models.TextField(blank=True)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    # What the linked page is (newsdesk.extract.pagetype): "article", "liveblog",
    # "listing" or "other"; empty when the page was never read.
    page_type = models.CharField(max_length=16, blank=True)
    # The text shown is the feed's own, not the page's: the page is not an article
    # (a listing, a gallery...) or could not be fetched.
    text_from_feed = models.BooleanField(default=False)
    content_hash = models.CharField(max_length=64, blank=True)

    # Folding wire copies: a copy points at the article credited as the original.
    norm_hash = models.CharField(max_length=64, blank=True, db_index=True)
    canonical_key = models.CharField(max_length=64, blank=True, db_index=True)
    copy_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    story = models.ForeignKey(
        "storage.Story", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    # Live blogs are fetched again until they go quiet.
    is_live = models.BooleanField(default=False)
    recheck_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Offline enrichment, computed once per body.
    summary = models.TextField(blank=True)
    key_points = models.JSONField(default=list, blank=True)
    enriched_at = models.DateTimeField(null=True, blank=True)

    status = models.CharField(
        max_length=16, choices=ArticleStatus.choices, default=ArticleStatus.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error_kind = models.CharField(max_length=40, blank=True)
    error = models.TextField(blank=True)
    fetch_meta = models.JSONField(
        default=dict, blank=True, help_text="Raw fetch metadata kept for debugging."
    )
    created_at = models.DateTimeField(default=timezone.now)
    fetched_at = models.DateTimeField(null=True, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-sort_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "item_key"], name="article_unique_item"),
        ]
        indexes = [
            models.Index(fields=["status", "-sort_at"], name="article_listing"),
            models.Index(fields=["source", "status", "-sort_at"], name="article_source_listing"),
            # A story's articles newest first (story cards, story pages, counts): the
            # listing indexes above start with the status and would walk every story.
            models.Index(
                fields=["story", "-sort_at", "-id"],
                condition=models.Q(status="ready"),
                name="article_story_ready",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url

    def get_absolute_url(self) -> str:
        return reverse("article", args=[self.pk])

    @property
    def publisher_name(self) -> str:
        """The publisher readers see: as the page names itself, else its source's name."""
        return self.publisher or self.source.display_name
