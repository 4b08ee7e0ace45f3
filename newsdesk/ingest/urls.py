"""Validate and normalize a URL before newsdesk stores or dials it (see docs/threat-model.md).

The URL is parsed by httpx2's own parser, so the host checked here is the host the
client would connect to (no parser-differential tricks such as
``http://127.0.0.1#@evil.example/``). Userinfo is refused outright: newsdesk keeps
no credentials in URLs, and ``http://evil.example@127.0.0.1/`` style confusion
then cannot arise.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import httpx2

from newsdesk.ingest.addresses import (
    AddressBlocked,
    AddressPolicy,
    HostUnresolvable,
    Resolver,
    checked_addresses,
    is_loopback_name,
    parse_ip_host,
)
from newsdesk.text.links import MAX_URL_CHARS

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}
# The same ceiling as every publisher link (newsdesk.text.links).
MAX_URL_LENGTH = MAX_URL_CHARS

_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,62})$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_FEED_SCHEME = re.compile(r"^feed:(?://)?", re.IGNORECASE)


class UrlRejected(ValueError):
    """A URL newsdesk will not fetch; ``reason`` is a sentence for the operator."""

    def __init__(self, reason: str, *, blocked: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.blocked = blocked  # True: a well-formed URL whose address is not allowed


def _unfeed(url: str) -> str:
    """``feed://host/x`` -> ``https://host/x``; ``feed:https://host/x`` -> ``https://host/x``."""
    match = _FEED_SCHEME.match(url)
    if not match:
        return url
    rest = url[match.end() :]
    if re.match(r"^https?://", rest, re.IGNORECASE):
        return rest
    return "https://" + rest


def _host_text(url: httpx2.URL) -> str:
    return url.raw_host.decode("ascii", errors="replace").lower()


def _valid_name(host: str) -> bool:
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    return len(host) <= 253 and all(_LABEL.match(label) for label in labels)


def split_url(url: str) -> httpx2.URL:
    """Parse and sanity-check ``url`` without touching the network."""
    text = url.strip() if isinstance(url, str) else ""
    if not text:
        raise UrlRejected("empty URL")
    if len(text) > MAX_URL_LENGTH:
        raise UrlRejected(f"URL longer than {MAX_URL_LENGTH} characters")
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in text):
        raise UrlRejected("URL contains whitespace or control characters")
    text = _unfeed(text)
    scheme_match = _SCHEME.match(text)
    if scheme_match is None:
        raise UrlRejected("not an absolute URL (no scheme)")
    scheme = scheme_match.group(1).lower()
    if scheme not in ALLOWED_SCHEMES:
        raise UrlRejected(f"only http and https URLs are allowed, not {scheme}:")
    try:
        parsed = httpx2.URL(text)
    except (httpx2.InvalidURL, ValueError, UnicodeError) as exc:
        raise UrlRejected(f"malformed URL: {exc}") from None
    if parsed.userinfo:
        raise UrlRejected("credentials in the URL (user@host) are not allowed")
    if not parsed.raw_host:
        raise UrlRejected("URL has no host")
    port = parsed.port
    if port is not None and not 0 < port < 65536:
        raise UrlRejected(f"port {port} out of range")
    return parsed


def normalize(url: str) -> str:
    """A canonical spelling: lower-case scheme and host, IDNA host, numeric hosts in
    standard form, default port and fragment dropped, empty path as ``/``.

    Raises UrlRejected for anything ``split_url`` refuses or a malformed host.
    """
    parsed = split_url(url)
    host = _host_text(parsed)
    if ":" not in host and "%" in host:
        raise UrlRejected("percent-encoded host")
    try:
        ip = parse_ip_host(host)
    except ValueError as exc:
        raise UrlRejected(str(exc)) from None
    if ip is not None:
        if "%" in host:
            raise UrlRejected("IPv6 zone identifiers are not allowed")
        host = f"[{ip.compressed}]" if ip.version == 6 else str(ip)
    elif not _valid_name(host):
        raise UrlRejected(f"invalid host name {unquote(host)!r}")
    port = parsed.port
    port_text = "" if port is None or port == DEFAULT_PORTS[parsed.scheme] else f":{port}"
    target = parsed.raw_path.decode("ascii") or "/"
    if not target.startswith("/"):
        target = "/" + target
    return f"{parsed.scheme}://{host}{port_text}{target}"


def effective_port(url: str) -> int:
    parsed = httpx2.URL(url)
    return parsed.port or DEFAULT_PORTS[parsed.scheme]


def check_url(url: str, policy: AddressPolicy, resolve: Resolver | None = None) -> str:
    """The normalized URL, or UrlRejected before any HTTP I/O.

    Refuses bad schemes, credentials, malformed hosts, and any host that is or
    resolves to a non-public address the policy does not allow. DNS is queried
    through ``resolve`` (``socket.getaddrinfo`` when None); pass
    ``resolve=no_dns`` to check syntax and literal addresses only, as the fetcher
    does before each hop (its transport checks the addresses it actually dials).
    A name that does not resolve is refused as well (a subscribe-time typo).
    """
    normalized = normalize(url)
    parsed = httpx2.URL(normalized)
    host = _host_text(parsed)
    port = parsed.port or DEFAULT_PORTS[parsed.scheme]
    if resolve is no_dns and parse_ip_host(host) is None:
        if is_loopback_name(host) and not policy.allows_name(host, port):
            raise UrlRejected(f"{host} is a loopback name", blocked=True)
        return normalized
    try:
        checked_addresses(host, port, policy, resolve=resolve)
    except AddressBlocked as exc:
        raise UrlRejected(exc.reason, blocked=True) from None
    except HostUnresolvable as exc:
        raise UrlRejected(str(exc)) from None
    return normalized


def no_dns(host: str, port: int) -> list[tuple[object, ...]]:
    """Marker resolver for ``check_url``: check the URL without DNS."""
    raise OSError("DNS disabled")
