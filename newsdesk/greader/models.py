"""A reader's subscriptions, app tokens and per-article state.

Built on Django's own users so that the app API works today; ``ReaderSubscription`` is
the reader's follow of a publisher source and can be joined to (or replaced by) the
site's own follows without touching the API code, which reads it through ``streams``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from newsdesk.storage.models import Article, Source


class ReaderSubscription(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reader_subscriptions"
    )
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=300, blank=True, help_text="The reader's own name.")
    folder = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "source"], name="reader_subscription_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.source}"


class ReaderToken(models.Model):
    """An app's login. Only a SHA-256 of the token is kept: a copy of the database
    does not let anyone sign in as the reader."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reader_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    client = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.user} ({self.client or 'app'})"


class ItemState(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="item_states"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    read = models.BooleanField(default=False)
    starred = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="item_state_unique")
        ]
        indexes = [
            models.Index(fields=["user", "starred"], name="item_state_starred"),
            models.Index(fields=["user", "read"], name="item_state_read"),
        ]
