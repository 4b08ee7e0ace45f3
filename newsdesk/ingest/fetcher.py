"""Fetch one URL politely and safely: the only HTTP client newsdesk uses.

Guarantees (docs/threat-model.md, the fetching sections):
- every hop's URL passes ``urls.check_url`` and every dialled address passes the
  ``transport.GuardedBackend`` check; redirects are followed here (max 5), an
  https -> http hop is an error, a loop is "too_many_redirects";
- ``trust_env=False``: proxies and netrc from the environment are ignored;
- a total wall-clock deadline over all hops and the body, a decoded-byte cap
  (Content-Length checked before reading, gzip counted after decoding);
- at most ``per_host`` requests in flight per host, ``host_delay`` apart;
- validators (ETag, Last-Modified) sent back verbatim; 304 -> ``not_modified``;
- every failure is a ``FetchError`` with a stable ``kind`` (see exchange.ERROR_KINDS).

An injected ``transport`` replaces the guarded one entirely; build it with
``GuardedTransport`` unless the address guard is deliberately not wanted (tests).
"""

from __future__ import annotations

import hashlib
import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import httpx2

from newsdesk.ingest.addresses import AddressBlocked, AddressPolicy, HostUnresolvable, Resolver
from newsdesk.ingest.exchange import (
    ACCEPT,
    ERROR_KINDS,
    FetchConfig,
    FetchError,
    FetchRequest,
    FetchResult,
)
from newsdesk.ingest.politeness import HostBusy, HostGate
from newsdesk.ingest.robots import RobotsPolicy
from newsdesk.ingest.schedule import parse_retry_after
from newsdesk.ingest.signatures import binary_format
from newsdesk.ingest.transport import (
    DeadlineExceeded,
    GuardedTransport,
    deadline_until,
    time_left,
)
from newsdesk.ingest.urls import UrlRejected, check_url, no_dns

__all__ = [
    "ERROR_KINDS",
    "FetchConfig",
    "FetchError",
    "FetchRequest",
    "FetchResult",
    "Fetcher",
]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_STATUSES = frozenset({301, 308})
SNIFF_BYTES = 64
MAX_HEADER_BYTES = 64 * 1024
MAX_HEADERS = 256
_BINARY_TYPES = ("image/", "audio/", "video/", "font/")
_BINARY_EXACT = frozenset({"application/zip", "application/pdf", "application/gzip"})


@dataclass(frozen=True, slots=True)
class _Redirect:
    status: int
    location: str


def _safe_validator(value: str | None) -> str | None:
    """A stored ETag/Last-Modified, or None if it could not be a header value."""
    if not value or len(value) > 1024 or any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        return None
    return value


def _media_type(header: str | None) -> tuple[str | None, str | None]:
    """(media type, charset) from a Content-Type header, both lower-cased."""
    if not header:
        return None, None
    media, *params = header.split(";")
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower() or None
    return media.strip().lower() or None, charset


def _check_header_size(url: str, response: httpx2.Response) -> None:
    """httpcore only refuses a head still incomplete past 100 KiB; one that arrives
    fast is accepted whole. No feed needs that much: refuse it cleanly."""
    raw = response.headers.raw
    size = sum(len(name) + len(value) + 4 for name, value in raw)
    if size > MAX_HEADER_BYTES or len(raw) > MAX_HEADERS:
        raise FetchError(
            "header_overflow", f"{len(raw)} response headers, {size} bytes: too large", url=url
        )


def _is_tls_failure(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLError | ssl.CertificateError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


@contextmanager
def _as_fetch_error(url: str, deadline: float) -> Iterator[None]:
    """Translate every client-side failure into a FetchError with a stable kind."""
    try:
        yield
    except FetchError:
        raise
    except AddressBlocked as exc:
        raise FetchError("blocked_address", f"refused {url}: {exc.reason}", url=url) from None
    except HostUnresolvable as exc:
        raise FetchError("connect", str(exc), url=url) from None
    except DeadlineExceeded:
        raise FetchError("deadline", f"no complete answer within {deadline:g} s", url=url) from None
    except httpx2.TimeoutException as exc:
        phase = "connecting" if isinstance(exc, httpx2.ConnectTimeout) else "waiting for data"
        raise FetchError("timeout", f"timed out {phase}", url=url) from None
    except httpx2.ConnectError as exc:
        if _is_tls_failure(exc):
            raise FetchError("tls", f"TLS failure: {exc}", url=url) from None
        raise FetchError("connect", f"cannot connect: {exc}", url=url) from None
    except httpx2.RemoteProtocolError as exc:
        if "too long" in str(exc).lower():
            raise FetchError("header_overflow", "response headers too large", url=url) from None
        raise FetchError("protocol", f"malformed HTTP response: {exc}", url=url) from None
    except httpx2.DecodingError as exc:
        raise FetchError("protocol", f"bad Content-Encoding: {exc}", url=url) from None
    except httpx2.NetworkError as exc:
        if _is_tls_failure(exc):
            raise FetchError("tls", f"TLS failure: {exc}", url=url) from None
        raise FetchError("network", f"connection failed: {exc}", url=url) from None
    except httpx2.HTTPError as exc:
        raise FetchError("protocol", f"HTTP failure: {exc}", url=url) from None
    except ssl.SSLError as exc:
        raise FetchError("tls", f"TLS failure: {exc}", url=url) from None


class Fetcher:
    def __init__(
        self,
        policy: AddressPolicy,
        config: FetchConfig | None = None,
        transport: httpx2.BaseTransport | None = None,
        resolve: Resolver | None = None,
        gate: HostGate | None = None,
        robots: RobotsPolicy | None = None,
    ) -> None:
        self.policy = policy
        self.config = config = config or FetchConfig()
        self.gate = gate or HostGate(config.per_host, config.host_delay)
        self.transport = transport or GuardedTransport(
            policy,
            resolve=resolve,
            verify=config.verify_tls,
            limits=httpx2.Limits(
                max_connections=config.max_connections,
                max_keepalive_connections=config.max_keepalive,
                keepalive_expiry=30,
            ),
        )
        self._client = httpx2.Client(
            transport=self.transport,
            trust_env=False,
            follow_redirects=False,
            timeout=httpx2.Timeout(
                connect=config.connect_timeout,
                read=config.read_timeout,
                write=config.write_timeout,
                pool=config.pool_timeout,
            ),
            headers={"User-Agent": config.user_agent, "Accept-Encoding": "gzip, deflate"},
        )
        self.robots = robots or RobotsPolicy(self.fetch, config.user_agent, gate=self.gate)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check(self, url: str, redirected_from: str | None = None) -> str:
        """The normalized URL, or FetchError(bad_url | blocked_address). No DNS here:
        the transport checks the addresses it dials."""
        try:
            return check_url(url, self.policy, resolve=no_dns)
        except UrlRejected as exc:
            kind = "blocked_address" if exc.blocked else "bad_url"
            where = f" (redirect from {redirected_from})" if redirected_from else ""
            raise FetchError(kind, f"{exc.reason}{where}", url=url) from None

    def fetch(self, request: FetchRequest) -> FetchResult:
        started = time.monotonic()
        config = self.config
        url = self.check(request.url)
        respect_robots = (
            config.respect_robots if request.respect_robots is None else request.respect_robots
        )
        hops: list[str] = []
        seen = {url}
        permanent = True
        deadline: float | None = None  # starts when the first host slot is granted
        while True:
            if respect_robots and not self.robots.allowed(url, config.user_agent):
                raise FetchError("robots_disallowed", f"robots.txt disallows {url}", url=url)
            # ASCII (IDNA) host, the same key ``urlsplit(url).hostname`` gives callers
            # who wrap fetch() in their own slot on this gate.
            host = httpx2.URL(url).raw_host.decode("ascii", errors="replace")
            try:
                with self.gate.slot(host, timeout=config.gate_wait):
                    if deadline is None:
                        deadline = time.monotonic() + config.deadline
                    with deadline_until(deadline), _as_fetch_error(url, config.deadline):
                        outcome = self._exchange(url, request)
            except HostBusy as exc:
                raise FetchError("host_busy", str(exc), url=url) from None
            if isinstance(outcome, FetchResult):
                return _finish(outcome, request.url, hops, permanent, started)
            if len(hops) >= config.max_redirects:
                raise FetchError(
                    "too_many_redirects", f"more than {config.max_redirects} redirects", url=url
                )
            try:
                target = str(httpx2.URL(url).join(outcome.location))
            except (httpx2.InvalidURL, ValueError, UnicodeError) as exc:
                raise FetchError("bad_url", f"unusable redirect Location: {exc}", url=url) from None
            next_url = self.check(target, redirected_from=url)
            if url.startswith("https:") and next_url.startswith("http:"):
                raise FetchError(
                    "insecure_redirect", f"{url} redirects to plain HTTP {next_url}", url=url
                )
            if next_url in seen:
                raise FetchError("too_many_redirects", f"redirect loop at {next_url}", url=url)
            permanent = permanent and outcome.status in PERMANENT_STATUSES
            seen.add(next_url)
            hops.append(next_url)
            url = next_url

    def _exchange(self, url: str, request: FetchRequest) -> FetchResult | _Redirect:
        headers = {"Accept": request.accept or ACCEPT[request.expect]}
        etag, modified = _safe_validator(request.etag), _safe_validator(request.last_modified)
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        response = self._client.send(
            self._client.build_request("GET", url, headers=headers), stream=True
        )
        try:
            _check_header_size(url, response)
            status = response.status_code
            location = response.headers.get("location")
            if status in REDIRECT_STATUSES and location:
                return _Redirect(status, location.strip())
            if status == 304:
                return self._result(url, response, b"")
            if status >= 400 or not 200 <= status < 300:
                raise self._status_error(url, response)
            return self._result(url, response, self._read_body(url, response, request))
        finally:
            response.close()

    def _read_body(self, url: str, response: httpx2.Response, request: FetchRequest) -> bytes:
        limit = request.max_bytes or self.config.max_bytes
        declared = response.headers.get("content-length", "").strip()
        if declared.isascii() and declared.isdigit() and int(declared) > limit:
            raise FetchError(
                "too_large", f"Content-Length {declared} exceeds the {limit}-byte cap", url=url
            )
        media, _ = _media_type(response.headers.get("content-type"))
        body = bytearray()
        sniffed = request.expect == "any"
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > limit:
                raise FetchError("too_large", f"body exceeds the {limit}-byte cap", url=url)
            if not sniffed and len(body) >= SNIFF_BYTES:
                self._refuse_binary(url, bytes(body[:SNIFF_BYTES]), media)
                sniffed = True
            time_left(None)  # decoding work between reads counts against the deadline too
        if not sniffed:
            self._refuse_binary(url, bytes(body[:SNIFF_BYTES]), media)
        return bytes(body)

    def _refuse_binary(self, url: str, head: bytes, media: str | None) -> None:
        found = binary_format(head)
        if found is None and media and (media.startswith(_BINARY_TYPES) or media in _BINARY_EXACT):
            found = media
        if found is not None:
            raise FetchError("binary_content", f"{url} returned {found}, not text", url=url)

    def _status_error(self, url: str, response: httpx2.Response) -> FetchError:
        status = response.status_code
        retry_after = parse_retry_after(
            response.headers.get("retry-after"), datetime.now(UTC), self.config.max_retry_after
        )
        challenge = response.headers.get("cf-mitigated", "").strip().lower() == "challenge"
        if challenge and status in (403, 429, 503):
            kind, text = "blocked_by_cloudflare", "Cloudflare answered with a bot challenge"
        elif status == 429:
            kind, text = "rate_limited", "the server asks us to slow down (429)"
        elif status == 410:
            kind, text = "gone", "the server says this URL is gone for good (410)"
        elif status == 404:
            kind, text = "not_found", "not found (404)"
        else:
            kind, text = "http_error", f"HTTP {status} {response.reason_phrase}".strip()
        return FetchError(kind, text, status=status, retry_after=retry_after, url=url)

    def _result(self, url: str, response: httpx2.Response, body: bytes) -> FetchResult:
        headers = {name.lower(): value for name, value in response.headers.items()}
        media, charset = _media_type(headers.get("content-type"))
        stream = response.extensions.get("network_stream")
        try:
            peer = stream.get_extra_info("server_addr") if stream is not None else None
        except OSError:  # a plain (injected) transport whose socket is closed already
            peer = None
        return FetchResult(
            url=url,
            requested_url=url,
            status=response.status_code,
            headers=headers,
            body=body,
            content_type=media,
            charset=charset,
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
            not_modified=response.status_code == 304,
            permanent_redirect=None,
            content_hash=hashlib.sha256(body).hexdigest(),
            elapsed_ms=0,
            remote_address=str(peer[0]) if isinstance(peer, tuple) and peer else None,
        )


def _finish(
    result: FetchResult, requested: str, hops: list[str], permanent: bool, started: float
) -> FetchResult:
    return replace(
        result,
        requested_url=requested,
        redirects=tuple(hops),
        permanent_redirect=result.url if hops and permanent else None,
        elapsed_ms=int((time.monotonic() - started) * 1000),
    )
