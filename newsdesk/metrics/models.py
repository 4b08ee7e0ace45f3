"""Samples of what the database does not keep history of (the queue), every few minutes."""

from django.db import models
from django.utils import timezone


class QueueSample(models.Model):
    taken_at = models.DateTimeField(default=timezone.now, db_index=True)
    waiting = models.PositiveIntegerField(default=0)
    running = models.PositiveIntegerField(default=0)
    scheduled = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    oldest_age = models.FloatField(default=0.0)  # seconds

    class Meta:
        ordering = ["taken_at"]
