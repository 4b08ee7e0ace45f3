"""A publisher endpoint newsdesk polls, with the health an operator needs to see."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from django.db import models
from django.urls import reverse
from django.utils import timezone

from newsdesk.storage.keys import text_key


class SourceKind(models.TextChoices):
    AUTO = "auto", "Not probed yet"
    FEED = "feed", "RSS / Atom / RDF feed"
    JSON_FEED = "json_feed", "JSON Feed"
    SITEMAP = "sitemap", "Sitemap"
    PAGE = "page", "Single page"
    # A home or section page: re-read on its schedule, the stories it links to followed.
    LINKS = "links", "Page of links"


class DisplayPolicy(models.TextChoices):
    """How much of a publisher's article readers see here (the publisher's own robots
    directives can only narrow it)."""

    DEFAULT = "", "Site default"
    FULL = "full", "Full text"
    EXCERPT = "excerpt", "Excerpt with a link"
    HEADLINE = "headline", "Headline only"


class Source(models.Model):
    url = models.TextField(help_text="Address polled (after permanent redirects).")
    url_key = models.CharField(max_length=64, unique=True, editable=False)
    name = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=16, choices=SourceKind.choices, default=SourceKind.AUTO)
    site_url = models.TextField(blank=True)
    icon_url = models.TextField(
        blank=True, help_text="The publisher's icon (apple-touch-icon, icon), found on its pages."
    )
    display_policy = models.CharField(
        max_length=16,
        choices=DisplayPolicy.choices,
        default=DisplayPolicy.DEFAULT,
        blank=True,
        help_text="How much of each article readers see; empty follows NEWSDESK_DISPLAY_POLICY.",
    )
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Free labels the operator sets; story pages show which kinds of sources covered
    # an event and which did not. None are preset.
    country = models.CharField(max_length=80, blank=True)
    language_label = models.CharField("language", max_length=40, blank=True)
    ownership = models.CharField(max_length=80, blank=True)
    lean = models.CharField("editorial lean", max_length=80, blank=True)

    # Health, shown in the admin and on the source page.
    last_fetch_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveIntegerField(null=True, blank=True)
    last_error_kind = models.CharField(max_length=40, blank=True)
    last_error = models.TextField(blank=True)
    error_count = models.PositiveIntegerField(default=0, help_text="Consecutive failures.")
    disabled_reason = models.TextField(blank=True)
    items_per_day = models.FloatField(default=0.0)
    fetch_interval = models.DurationField(default=timedelta(hours=1))
    next_fetch_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_item_count = models.PositiveIntegerField(default=0)

    # Conditional GET validators, stored verbatim (servers compare them as strings) and a body hash for
    # servers that ignore them (26).
    etag = models.TextField(blank=True)
    last_modified = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    # Where the next pass resumes in a sitemap index longer than one pass reads.
    sitemap_cursor = models.PositiveIntegerField(default=0)

    # Lease: one worker refreshes a source at a time (no duplicate articles).
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_owner = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["enabled", "next_fetch_at"], name="source_due")]

    def __str__(self) -> str:
        return self.name or self.url

    def save(self, *args, **kwargs) -> None:
        self.url_key = text_key(self.url)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("source", args=[self.pk])

    @property
    def display_name(self) -> str:
        """The name readers see: the operator's or the feed's, else where it lives."""
        if self.name:
            return self.name
        parts = urlsplit(self.site_url or self.url)
        host = (parts.hostname or "").removeprefix("www.")
        if self.site_url or parts.path in ("", "/"):
            return host or self.url
        return f"{host}{parts.path}"  # unnamed feeds on one host stay distinguishable
