"""Raw metadata of every fetch, kept for debugging a publisher (bounded per source)."""

from django.db import models
from django.utils import timezone

from newsdesk.storage.models.sources import Source


class FetchLog(models.Model):
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="fetches")
    url = models.TextField()
    # Feeds are logged here; a page fetch is recorded on its article (fetch_meta).
    purpose = models.CharField(max_length=16, default="feed")
    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.PositiveIntegerField(null=True, blank=True)
    elapsed_ms = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    error_kind = models.CharField(max_length=40, blank=True)
    error = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    new_items = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.purpose} {self.url} {self.status or self.error_kind}"
