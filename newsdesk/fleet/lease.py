"""Leases and periodic marks: conditional UPDATEs, so two processes never both win.

The database is the one thing every process of a site reaches, so the scheduler's
role and the hourly digest run are decided there, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from newsdesk.fleet.models import Lease, PeriodMark


def hold(name: str, holder: str, ttl: timedelta) -> bool:
    """Take or renew the lease ``name`` for ``holder``; False while another holds it."""
    now = timezone.now()
    Lease.objects.bulk_create([Lease(name=name, holder="", until=now - ttl)], ignore_conflicts=True)
    won = (
        Lease.objects.filter(name=name)
        .filter(Q(holder=holder) | Q(until__lt=now))
        .update(holder=holder, until=now + ttl)
    )
    return won == 1


def release(name: str, holder: str) -> None:
    Lease.objects.filter(name=name, holder=holder).update(holder="", until=timezone.now())


def holder_of(name: str) -> str:
    lease = Lease.objects.filter(name=name, until__gte=timezone.now()).first()
    return lease.holder if lease else ""


def claim_period(name: str, every: timedelta) -> bool:
    """True for exactly one caller per period ``every``, however many processes ask."""
    now = timezone.now()
    PeriodMark.objects.bulk_create([PeriodMark(name=name, at=now - every)], ignore_conflicts=True)
    return PeriodMark.objects.filter(name=name, at__lte=now - every).update(at=now) == 1
