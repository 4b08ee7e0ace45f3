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

import redis
from django.db import transaction

from newsdesk.fleet.models import HostPace, HostSlot
from newsdesk.ingest.politeness import Reservation

# Redis's own clock decides, so machines with skewed clocks still agree.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return false
end
local start = math.max(now, tonumber(redis.call('GET', KEYS[2]) or '0'))
redis.call('SET', KEYS[2], tostring(start + tonumber(ARGV[3])), 'EX', 3600)
redis.call('ZADD', KEYS[1], start + tonumber(ARGV[4]), ARGV[1])
redis.call('EXPIRE', KEYS[1], 3600)
return tostring(start - now)
"""


class RedisLedger:
    def __init__(self, url: str) -> None:
        self.client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self._reserve = self.client.register_script(_RESERVE)

    def reserve(self, host: str, limit: int, delay: float, hold: float) -> Reservation | None:
        token = uuid.uuid4().hex
        keys = [f"newsdesk:host:{host}:slots", f"newsdesk:host:{host}:next"]
        wait = self._reserve(keys=keys, args=[token, limit, delay, hold])
        if wait is None:
            return None
        return Reservation(token=token, wait=float(wait))

    def release(self, host: str, token: str) -> None:
        self.client.zrem(f"newsdesk:host:{host}:slots", token)


class DatabaseLedger:
    """The same rules in two small tables, for sites without Redis."""

    def reserve(self, host: str, limit: int, delay: float, hold: float) -> Reservation | None:
        token = uuid.uuid4().hex
        with transaction.atomic():
            HostPace.objects.bulk_create([HostPace(host=host)], ignore_conflicts=True)
            # The row lock (PostgreSQL) or the write transaction (SQLite) serializes callers.
            pace = HostPace.objects.select_for_update().get(host=host)
            now = time.time()
            HostSlot.objects.filter(host=host, expires__lt=now).delete()
            if HostSlot.objects.filter(host=host).count() >= limit:
                return None
            start = max(now, pace.next_start)
            pace.next_start = start + delay
            pace.save(update_fields=["next_start"])
            HostSlot.objects.create(token=token, host=host, expires=start + hold)
        return Reservation(token=token, wait=start - now)

    def release(self, host: str, token: str) -> None:
        HostSlot.objects.filter(token=token).delete()
