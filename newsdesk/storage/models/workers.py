"""Worker processes that are alive: the lease behind every running task.

A task row only says "running"; whether anyone still runs it is known from the
process that claimed it. Each worker process keeps one row here fresh (its
heartbeat). A task whose claimer's row is stale, missing, or names a process that
no longer exists on this machine is handed out again.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class WorkerBeat(models.Model):
    owner = models.CharField(max_length=40, unique=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    beat_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.owner} (pid {self.pid} on {self.host})"
