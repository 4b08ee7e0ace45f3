"""Rows that let many worker processes act as one: politeness, leases, periodic marks."""

from django.db import models


class HostPace(models.Model):
    """When the next request to a host may start, whichever process sends it."""

    host = models.CharField(max_length=255, primary_key=True)
    next_start = models.FloatField(default=0.0)  # seconds since the epoch


class HostSlot(models.Model):
    """One request in flight to a host; a crashed worker's slot expires on its own."""

    token = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255, db_index=True)
    expires = models.FloatField()  # seconds since the epoch


class Lease(models.Model):
    """A named role (the scheduler) held by one process until ``until``."""

    name = models.CharField(max_length=64, primary_key=True)
    holder = models.CharField(max_length=64, blank=True)
    until = models.DateTimeField()


class PeriodMark(models.Model):
    """The last time a periodic job (the digests) was started, claimed by one process."""

    name = models.CharField(max_length=64, primary_key=True)
    at = models.DateTimeField()
