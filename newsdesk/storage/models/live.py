"""Entries of a live blog, upserted by their stable key on every re-fetch."""

from django.db import models

from newsdesk.storage.models.articles import Article


class LiveEntry(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="live_entries")
    key = models.CharField(max_length=64)
    posted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    author = models.CharField(max_length=300, blank=True)
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)
    first_seen = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-posted_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["article", "key"], name="live_entry_unique")]
