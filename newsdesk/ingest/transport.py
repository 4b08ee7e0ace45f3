"""The only way newsdesk opens an outbound TCP connection: an httpcore2 network backend
that checks the address it dials, plus a wall-clock deadline on every socket wait.

Why a backend and not a URL check: every connection, on every redirect hop, goes
through ``connect_tcp``; it resolves the host once, refuses the whole answer set if
any address is non-public (docs/threat-model.md), and dials exactly the checked
addresses. DNS rebinding between "check" and "connect" is impossible because there
is only one resolution. TLS still verifies the certificate against the host name
(httpcore passes ``server_hostname`` from the URL, not from the dialled address).

Why a deadline here: a per-read timeout never fires against a server that drips one
byte every half second, including while headers are being read,
which happens inside httpcore where the fetcher cannot look. Every read, write,
connect and TLS handshake gets ``min(its timeout, time left)``.
"""

from __future__ import annotations

import concurrent.futures
import socket
import ssl
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpcore2
import httpx2

from newsdesk.ingest.addresses import AddressPolicy, Resolver, checked_addresses

SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)

# getaddrinfo has no timeout of its own; lookups run here so the caller can stop
# waiting at its connect timeout/deadline (a hung lookup still holds a pool thread
# until the system resolver gives up, typically 5-30 s).
_DNS_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=16, thread_name_prefix="newsdesk-dns")

_DEADLINE: ContextVar[float | None] = ContextVar("newsdesk_fetch_deadline", default=None)


class DeadlineExceeded(Exception):
    """The whole exchange took longer than its deadline."""


@contextmanager
def deadline_until(deadline: float) -> Iterator[None]:
    """Bound every socket wait in this context to end by ``deadline`` (time.monotonic)."""
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def time_left(timeout: float | None) -> float | None:
    """``timeout`` cut to the remaining deadline; DeadlineExceeded when none remains."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise DeadlineExceeded("total deadline exceeded")
    return remaining if timeout is None else min(timeout, remaining)


def _deadline_passed() -> bool:
    deadline = _DEADLINE.get()
    return deadline is not None and time.monotonic() >= deadline


class GuardedStream(httpcore2.NetworkStream):
    """Delegates to a real stream, cutting every timeout to the deadline."""

    def __init__(self, inner: httpcore2.NetworkStream, peer: tuple[str, int] | None = None) -> None:
        self._inner = inner
        self.peer = peer  # the checked address actually dialled; survives close()

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            return self._inner.read(max_bytes, time_left(timeout))
        except httpcore2.ReadTimeout:
            if _deadline_passed():
                raise DeadlineExceeded("total deadline exceeded while reading") from None
            raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        try:
            self._inner.write(buffer, time_left(timeout))
        except httpcore2.WriteTimeout:
            if _deadline_passed():
                raise DeadlineExceeded("total deadline exceeded while writing") from None
            raise

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore2.NetworkStream:
        try:
            inner = self._inner.start_tls(ssl_context, server_hostname, time_left(timeout))
        except httpcore2.ConnectTimeout:
            if _deadline_passed():
                raise DeadlineExceeded("total deadline exceeded during TLS handshake") from None
            raise
        return GuardedStream(inner, self.peer)

    def get_extra_info(self, info: str) -> Any:
        if info == "server_addr" and self.peer is not None:
            return self.peer
        return self._inner.get_extra_info(info)


def _bounded(resolve: Resolver, timeout: float | None) -> Resolver:
    def lookup(host: str, port: int) -> Sequence[tuple[Any, ...]]:
        wait = time_left(timeout)
        future = _DNS_POOL.submit(resolve, host, port)
        try:
            return future.result(timeout=wait)
        except concurrent.futures.TimeoutError:
            if _deadline_passed():
                raise DeadlineExceeded(f"total deadline exceeded resolving {host}") from None
            raise httpcore2.ConnectTimeout(f"DNS lookup for {host} timed out") from None

    return lookup


class GuardedBackend(httpcore2.NetworkBackend):
    """Resolve once, check every answer against the policy, dial only checked addresses."""

    def __init__(
        self,
        policy: AddressPolicy,
        resolve: Resolver | None = None,
        inner: httpcore2.NetworkBackend | None = None,
    ) -> None:
        self._policy = policy
        self._resolve = resolve
        self._inner = inner or httpcore2.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore2.NetworkStream:
        # Raises AddressBlocked / HostUnresolvable, which httpx2 passes through unmapped.
        lookup = _bounded(self._resolve or socket.getaddrinfo, timeout)
        addresses = checked_addresses(host, port, self._policy, lookup)
        options = list(socket_options or [])
        failure: Exception | None = None
        for ip in addresses:
            try:
                stream = self._inner.connect_tcp(
                    str(ip),  # numeric: the inner backend does no DNS of its own
                    port,
                    timeout=time_left(timeout),
                    local_address=local_address,
                    socket_options=options,
                )
            except (httpcore2.ConnectError, httpcore2.ConnectTimeout) as exc:
                if _deadline_passed():
                    raise DeadlineExceeded("total deadline exceeded while connecting") from None
                failure = exc
                continue
            return GuardedStream(stream, (str(ip), port))
        assert failure is not None
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore2.NetworkStream:
        raise httpcore2.ConnectError("unix sockets are not allowed")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


DEFAULT_LIMITS = httpx2.Limits(
    max_connections=50, max_keepalive_connections=10, keepalive_expiry=30
)


class GuardedTransport(httpx2.HTTPTransport):
    """``httpx2.HTTPTransport`` whose connection pool dials through ``GuardedBackend``.

    httpx2 2.16 has no public ``network_backend`` argument (encode/httpx#3180), so
    the pool the parent builds is replaced by an identical one with our backend.
    The isinstance check makes an httpx2 upgrade that changes this fail loudly
    instead of silently dropping the guard.
    """

    def __init__(
        self,
        policy: AddressPolicy,
        *,
        resolve: Resolver | None = None,
        verify: ssl.SSLContext | str | bool = True,
        limits: httpx2.Limits = DEFAULT_LIMITS,
        retries: int = 0,
    ) -> None:
        # Loading the CA bundle is the slow part of building a transport: do it once.
        context = (
            verify
            if isinstance(verify, ssl.SSLContext)
            else httpx2.create_ssl_context(verify=verify, trust_env=False)
        )
        super().__init__(verify=context, trust_env=False, limits=limits, retries=retries)
        if not isinstance(getattr(self, "_pool", None), httpcore2.ConnectionPool):
            raise RuntimeError("httpx2.HTTPTransport internals changed: review GuardedTransport")
        self._pool.close()
        self.backend = GuardedBackend(policy, resolve)
        self._pool = httpcore2.ConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            retries=retries,
            network_backend=self.backend,
        )
