"""What a reader follows, saves and wants by e-mail.

Targets are kept by key (a source or story id, a hashtag key) and looked up through
``newsdesk.reading.catalog``; a target that no longer exists is skipped when shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class FollowKind(models.TextChoices):
    SOURCE = "source", "Publisher"
    HASHTAG = "hashtag", "Hashtag"
    STORY = "story", "Story"


class Follow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    kind = models.CharField(max_length=10, choices=FollowKind.choices)
    key = models.CharField(max_length=120)
    created_at = models.DateTimeField(default=timezone.now)
    # Stories: when the reader last looked, for the "new coverage" badge.
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="follow_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.kind} {self.key}"


class Saved(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_articles"
    )
    article_id = models.BigIntegerField()
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "saved articles"
        ordering = ["-saved_at"]
        constraints = [models.UniqueConstraint(fields=["user", "article_id"], name="saved_unique")]

    def __str__(self) -> str:
        return f"{self.user} saved article {self.article_id}"


class Frequency(models.TextChoices):
    NEVER = "never", "No digest"
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


class DigestSubscription(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest"
    )
    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.NEVER)
    since = models.DateTimeField(default=timezone.now, help_text="Covered up to this time.")
    last_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.get_frequency_display()}"
