"""What goes into a fetch and what comes out: request, result, error and settings.

Kept apart from ``fetcher`` so ``robots`` can speak the same types without an
import cycle. ``newsdesk.ingest.fetcher`` re-exports everything here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

DEFAULT_USER_AGENT = "newsdesk/0.1 (+https://github.com/newsdesk; self-hosted news reader)"

Expect = Literal["feed", "page", "any"]

ACCEPT: Mapping[str, str] = {
    "feed": (
        "application/rss+xml, application/atom+xml, application/feed+json, "
        "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
    ),
    "page": "text/html, application/xhtml+xml;q=0.9, */*;q=0.5",
    "any": "*/*",
}

#: Every ``FetchError.kind``; stable codes the orchestrator and the UI switch on.
ERROR_KINDS = frozenset(
    {
        "bad_url",  # refused by urls.check_url (scheme, credentials, malformed host)
        "blocked_address",  # the host is or resolves to a non-public, non-allowlisted address
        "too_many_redirects",  # more than max_redirects hops, or a loop
        "insecure_redirect",  # https -> http downgrade
        "too_large",  # Content-Length or decoded body over max_bytes
        "deadline",  # the whole exchange exceeded FetchConfig.deadline
        "timeout",  # connect/read/write timeout
        "connect",  # DNS failure, refused, unreachable
        "tls",  # certificate or handshake failure (fails closed)
        "network",  # connection reset mid-exchange
        "protocol",  # malformed HTTP, bad Content-Encoding
        "header_overflow",  # a header line or header block over httpcore's 100 KiB limit
        "http_error",  # other 4xx/5xx
        "rate_limited",  # 429 (retry_after set when the server said)
        "gone",  # 410: disable the source
        "not_found",  # 404
        "blocked_by_cloudflare",  # 403/503 with cf-mitigated: challenge
        "binary_content",  # PNG/ZIP/... where a feed or page was expected
        "robots_disallowed",  # robots.txt forbids this URL
        "host_busy",  # no politeness slot for the host within FetchConfig.gate_wait
    }
)


class FetchError(Exception):
    """A fetch that produced no usable body. ``message`` is a sentence for the operator."""

    def __init__(
        self,
        kind: str,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        url: str | None = None,
    ) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message
        self.status = status
        self.retry_after = retry_after
        self.url = url


@dataclass(frozen=True, slots=True)
class FetchConfig:
    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 10.0
    write_timeout: float = 10.0
    pool_timeout: float = 10.0
    deadline: float = 30.0  # wall clock for the whole exchange, all hops, body included
    max_bytes: int = 15 * 2**20  # decoded body bytes
    max_redirects: int = 5
    max_connections: int = 50
    max_keepalive: int = 10
    # per_host / host_delay configure the Fetcher's own HostGate; ignored when a
    # gate is passed to Fetcher(gate=...).
    per_host: int = 2  # concurrent requests per host
    host_delay: float = 1.0  # seconds between request starts to one host
    gate_wait: float = 60.0  # how long to wait for a host slot before "host_busy"
    respect_robots: bool = False  # default for FetchRequest.respect_robots
    verify_tls: bool = True
    max_retry_after: float = 24 * 3600.0


@dataclass(frozen=True, slots=True)
class FetchRequest:
    url: str
    etag: str | None = None  # sent back verbatim as If-None-Match
    last_modified: str | None = None  # sent back verbatim as If-Modified-Since
    accept: str | None = None  # default chosen by ``expect``
    expect: Expect = "any"  # "feed"/"page" refuse binary bodies by content sniff
    respect_robots: bool | None = None  # None: FetchConfig.respect_robots
    max_bytes: int | None = None  # None: FetchConfig.max_bytes


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str  # final URL after redirects
    requested_url: str
    status: int
    headers: Mapping[str, str]  # lower-cased names; repeated headers joined with ", "
    body: bytes
    content_type: str | None  # media type only, lower-cased
    charset: str | None  # as declared in Content-Type, may be None or wrong
    etag: str | None
    last_modified: str | None
    not_modified: bool
    permanent_redirect: str | None  # validated new URL when every hop was 301/308
    content_hash: str  # sha256 hex of body
    elapsed_ms: int
    redirects: tuple[str, ...] = field(default_factory=tuple)  # URLs after each hop
    remote_address: str | None = None  # the IP actually dialled for the final hop
