"""One fetcher per process, configured from settings, shared by every worker thread.

Its politeness gate consults a ledger shared by every process of the site (Redis when
``NEWSDESK_REDIS_URL`` is set, the database otherwise), so adding worker processes
never makes newsdesk harder on a publisher.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from newsdesk import config
from newsdesk.config import SettingError
from newsdesk.fleet.ledger import DatabaseLedger, RedisLedger
from newsdesk.ingest.addresses import AddressPolicy
from newsdesk.ingest.fetcher import FetchConfig, Fetcher
from newsdesk.ingest.politeness import HostGate, SharedLedger
from newsdesk.ingest.robots import RobotsPolicy
from newsdesk.ingest.urls import UrlRejected, check_url


@dataclass(frozen=True, slots=True)
class Network:
    policy: AddressPolicy
    fetcher: Fetcher
    gate: HostGate
    robots: RobotsPolicy | None
    user_agent: str


_lock = threading.Lock()
_network: Network | None = None


def address_policy() -> AddressPolicy:
    raw = config.get("NEWSDESK_FETCH_ALLOWLIST")
    try:
        return AddressPolicy.from_allowlist(raw)
    except ValueError as exc:
        raise SettingError(
            f"NEWSDESK_FETCH_ALLOWLIST: {exc}. Entries are IP addresses, networks "
            "(10.0.0.0/8), host names (rss-bridge, *.corp.example) or any of these with "
            "a port (rss-bridge:3000, [::1]:8080), separated by commas."
        ) from None


def validate_source_url(url: str) -> str:
    """The normalized URL, or ``UrlRejected`` before any I/O (used at subscribe time).

    A private address is refused with the way to allow it: an operator following a
    feed on their own network needs to know the setting exists.
    """
    try:
        return check_url(url.strip(), address_policy())
    except UrlRejected as exc:
        if not exc.blocked:
            raise
        hint = "add the host to NEWSDESK_FETCH_ALLOWLIST to follow a feed on a private network"
        raise UrlRejected(f"{exc.reason} ({hint})", blocked=True) from None


def network() -> Network:
    global _network
    with _lock:
        if _network is None:
            _network = _build()
        return _network


def reset_network() -> None:
    """Forget the process's fetcher (tests change the allowlist between cases)."""
    global _network
    with _lock:
        if _network is not None:
            _network.fetcher.close()
        _network = None


def _build() -> Network:
    policy = address_policy()
    user_agent = config.get("NEWSDESK_USER_AGENT")
    timeout = config.get_number("NEWSDESK_FETCH_TIMEOUT")
    deadline = config.get_number("NEWSDESK_FETCH_DEADLINE")
    # The fetcher takes the per-host slot itself; one gate per process, one ledger per site.
    gate = HostGate(
        max_concurrent=int(config.get_number("NEWSDESK_HOST_CONCURRENCY")),
        min_delay=config.get_number("NEWSDESK_HOST_DELAY"),
        ledger=shared_ledger(),
        hold=deadline + 30,
    )
    fetcher = Fetcher(
        policy,
        FetchConfig(
            user_agent=user_agent,
            connect_timeout=timeout,
            read_timeout=timeout,
            deadline=deadline,
            max_bytes=int(config.get_number("NEWSDESK_FETCH_MAX_BYTES")),
        ),
        gate=gate,
    )
    robots = (
        RobotsPolicy(fetcher, user_agent, gate=gate)
        if config.get_bool("NEWSDESK_RESPECT_ROBOTS")
        else None
    )
    return Network(policy=policy, fetcher=fetcher, gate=gate, robots=robots, user_agent=user_agent)


def shared_ledger() -> SharedLedger:
    url = config.get("NEWSDESK_REDIS_URL")
    return RedisLedger(url) if url else DatabaseLedger()
