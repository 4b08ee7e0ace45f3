"""Per-host politeness shared by every worker process: in Redis, or in the database.

``HostGate`` (``newsdesk.ingest.politeness``) keeps its in-process rules and asks one
of these ledgers before each request, so N worker processes together never send a
host more than ``NEWSDESK_HOST_CONCURRENCY`` requests at once nor start two requests
closer than ``NEWSDESK_HOST_DELAY``. A slot carries an expiry, so the slots of a
worker killed mid-request free themselves.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import redis
from django.db import transaction

from newsdesk.fleet.models import HostPace, HostSlot
from newsdesk.ingest.politeness import Reservation

# The start is granted only when it is due, at the moment the caller sends. A start
# booked ahead (the old way: "yours is in 0.4 s") was kept by a sleep, and a caller
# that woke late (a loaded machine) sent late, so the next, on time, came too soon.
# Now a caller that is early is told how long to wait and asks again; the delay is
# counted from each grant, which is the send, so two starts are never closer.
#
# Redis's own clock decides, so machines with skewed clocks still agree. The answer:
# nil when every slot is taken, else {granted (1/0), seconds to wait before asking again}.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return false
end
local due = tonumber(redis.call('GET', KEYS[2]) or '0')
if due > now then
  return {0, tostring(due - now)}
end
redis.call('SET', KEYS[2], tostring(now + tonumber(ARGV[3])), 'EX', 3600)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
redis.call('EXPIRE', KEYS[1], 3600)
return {1, '0'}
"""


@dataclass(frozen=True, slots=True)
class Ask:
    """One question to a ledger: ``granted`` a slot starting now, or ``wait`` first."""

    granted: bool
    wait: float


class _Ledger:
    """Asks again until a start is due; None as soon as every slot is taken."""

    def __init__(self, sleep: Callable[[float], None] = time.sleep) -> None:
        self._sleep = sleep

    def reserve(self, host: str, limit: int, delay: float, hold: float) -> Reservation | None:
        token = uuid.uuid4().hex
        while True:
            ask = self._ask(host, token, limit, delay, hold)
            if ask is None:
                return None
            if ask.granted:
                return Reservation(token=token, wait=0.0)
            self._sleep(ask.wait)

    def _ask(self, host: str, token: str, limit: int, delay: float, hold: float) -> Ask | None:
        raise NotImplementedError


class RedisLedger(_Ledger):
    def __init__(self, url: str, sleep: Callable[[float], None] = time.sleep) -> None:
        super().__init__(sleep)
        self.client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self._reserve = self.client.register_script(_RESERVE)

    def _ask(self, host: str, token: str, limit: int, delay: float, hold: float) -> Ask | None:
        keys = [f"newsdesk:host:{host}:slots", f"newsdesk:host:{host}:next"]
        answer = self._reserve(keys=keys, args=[token, limit, delay, hold])
        if answer is None:
            return None
        granted, wait = answer
        return Ask(granted=int(granted) == 1, wait=float(wait))

    def release(self, host: str, token: str) -> None:
        self.client.zrem(f"newsdesk:host:{host}:slots", token)


class DatabaseLedger(_Ledger):
    """The same rules in two small tables, for sites without Redis."""

    def _ask(self, host: str, token: str, limit: int, delay: float, hold: float) -> Ask | None:
        with transaction.atomic():
            HostPace.objects.bulk_create([HostPace(host=host)], ignore_conflicts=True)
            # The row lock (PostgreSQL) or the write transaction (SQLite) serializes callers.
            pace = HostPace.objects.select_for_update().get(host=host)
            now = time.time()
            HostSlot.objects.filter(host=host, expires__lt=now).delete()
            if HostSlot.objects.filter(host=host).count() >= limit:
                return None
            if pace.next_start > now:
                return Ask(granted=False, wait=pace.next_start - now)
            pace.next_start = now + delay
            pace.save(update_fields=["next_start"])
            HostSlot.objects.create(token=token, host=host, expires=now + hold)
        return Ask(granted=True, wait=0.0)

    def release(self, host: str, token: str) -> None:
        HostSlot.objects.filter(token=token).delete()
