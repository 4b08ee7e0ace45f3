"""Which network addresses newsdesk may dial, and the operator's allowlist.

SSRF is the most common serious bug in feed readers (docs/threat-model.md). The rule:
resolve a host once, refuse if ANY answer is non-public and not allowlisted, then
connect to exactly the checked address (``transport.GuardedBackend`` does that).

``ipaddress.is_global`` alone is not enough on Python 3.11: it calls ``192.0.0.8``,
6to4 ``2002:7f00:1::`` and NAT64 ``64:ff9b::7f00:1`` global. The explicit deny list
below is checked first; ``is_global`` is a second opinion.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

#: ``socket.getaddrinfo``-compatible: called as ``resolve(host, port)``; only the
#: address in each answer's sockaddr (``answer[4][0]``) is used.
Resolver = Callable[[str, int], Sequence[tuple[Any, ...]]]

_DENY: tuple[tuple[IPNetwork, str], ...] = tuple(
    (ipaddress.ip_network(net), reason)
    for net, reason in (
        ("0.0.0.0/8", "unspecified"),
        ("10.0.0.0/8", "private"),
        ("100.64.0.0/10", "shared (carrier-grade NAT)"),
        ("127.0.0.0/8", "loopback"),
        ("169.254.0.0/16", "link-local"),
        ("172.16.0.0/12", "private"),
        ("192.0.0.0/24", "IETF protocol assignment"),
        ("192.0.2.0/24", "documentation"),
        ("192.88.99.0/24", "6to4 relay"),
        ("192.168.0.0/16", "private"),
        ("198.18.0.0/15", "benchmarking"),
        ("198.51.100.0/24", "documentation"),
        ("203.0.113.0/24", "documentation"),
        ("224.0.0.0/4", "multicast"),
        ("240.0.0.0/4", "reserved"),
        ("::/128", "unspecified"),
        ("::1/128", "loopback"),
        ("::/96", "IPv4-compatible"),
        ("64:ff9b::/96", "NAT64"),
        ("64:ff9b:1::/48", "NAT64"),
        ("100::/64", "discard"),
        ("2001::/23", "IETF special purpose (Teredo, ORCHID)"),
        ("2001:db8::/32", "documentation"),
        ("2002::/16", "6to4"),
        ("3fff::/20", "documentation"),
        ("5f00::/16", "segment routing"),
        ("fc00::/7", "unique local (private)"),
        ("fe80::/10", "link-local"),
        ("fec0::/10", "site-local"),
        ("ff00::/8", "multicast"),
    )
)

# Never dialable, whatever the operator lists: TCP to these makes no sense and
# 0.0.0.0 silently means "this host" on Linux.
_NEVER: tuple[IPNetwork, ...] = tuple(
    ipaddress.ip_network(n) for n in ("0.0.0.0/8", "224.0.0.0/4", "::/128", "ff00::/8")
)


def unwrap(ip: IPAddress) -> IPAddress:
    """The IPv4 address inside an IPv4-mapped IPv6 address, else ``ip`` itself."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def non_public_reason(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public unicast address, or None when it is public."""
    ip = unwrap(ip)
    if isinstance(ip, ipaddress.IPv6Address) and ip.scope_id:
        return "scoped IPv6"
    for network, reason in _DENY:
        if ip.version == network.version and ip in network:
            return reason
    if not ip.is_global or ip.is_multicast or ip.is_reserved:
        return "non-global"
    return None


def never_dialable(ip: IPAddress) -> bool:
    ip = unwrap(ip)
    return any(ip.version == n.version and ip in n for n in _NEVER)


def _ipv4_number(part: str) -> int | None:
    """One dotted part the way inet_aton/WHATWG read it: decimal, 0x hex or 0 octal."""
    radix = 10
    if part[:2].lower() == "0x":
        part, radix = part[2:], 16
        if not part:
            return 0
    elif len(part) > 1 and part.startswith("0"):
        part, radix = part[1:], 8
    digits = {10: "0123456789", 16: "0123456789abcdefABCDEF", 8: "01234567"}[radix]
    if not part or any(c not in digits for c in part):
        return None
    return int(part, radix)


def parse_ip_host(host: str) -> IPAddress | None:
    """The address a URL host denotes when it is numeric, else None for a name.

    Reads every IPv4 spelling the C resolver accepts (``2130706433``, ``127.1``,
    ``0x7f.0.0.1``, ``017700000001``) because ``getaddrinfo`` would dial them.
    Raises ValueError for hosts that look numeric but are invalid (WHATWG says so).
    """
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if ":" in host:
        return ipaddress.IPv6Address(host.replace("%25", "%"))
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    last = parts[-1]
    if not last or _ipv4_number(last) is None:
        return None  # a domain name: the last label is not a number
    numbers = [_ipv4_number(p) if p else None for p in parts]
    if len(parts) > 4 or any(n is None for n in numbers):
        raise ValueError(f"invalid numeric host {host!r}")
    values = [n for n in numbers if n is not None]
    if any(v > 255 for v in values[:-1]) or values[-1] >= 256 ** (5 - len(values)):
        raise ValueError(f"numeric host out of range {host!r}")
    value = values[-1]
    for index, v in enumerate(values[:-1]):
        value += v * 256 ** (3 - index)
    return ipaddress.IPv4Address(value)


def is_loopback_name(host: str) -> bool:
    """``localhost`` and ``*.localhost`` always mean this machine (RFC 6761)."""
    name = host.lower().rstrip(".")
    return name == "localhost" or name.endswith(".localhost")


@dataclass(frozen=True, slots=True)
class AllowEntry:
    """One operator allowlist entry: a host name (``*.`` prefix allowed) or a network."""

    name: str | None
    network: IPNetwork | None
    port: int | None

    def matches_port(self, port: int) -> bool:
        return self.port is None or self.port == port

    def matches_name(self, host: str, port: int) -> bool:
        if self.name is None or not self.matches_port(port):
            return False
        host = host.lower().rstrip(".")
        if self.name.startswith("*."):
            return host.endswith(self.name[1:])
        return host == self.name

    def matches_ip(self, ip: IPAddress, port: int) -> bool:
        if self.network is None or not self.matches_port(port):
            return False
        return any(
            a.version == self.network.version and a in self.network for a in {ip, unwrap(ip)}
        )


def _is_port(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 5


def _parse_entry(raw: str) -> AllowEntry:
    text, port = raw.strip(), None
    if text.startswith("["):  # [v6]:port or [v6]
        inner, _, rest = text[1:].partition("]")
        text = inner
        if rest:
            if not rest.startswith(":") or not _is_port(rest[1:]):
                raise ValueError(f"bad allowlist entry {raw!r}")
            port = int(rest[1:])
    elif text.count(":") == 1:
        text, _, port_text = text.partition(":")
        if not _is_port(port_text):
            raise ValueError(f"bad port in allowlist entry {raw!r}")
        port = int(port_text)
    if port is not None and not 0 < port < 65536:
        raise ValueError(f"port out of range in allowlist entry {raw!r}")
    try:
        return AllowEntry(name=None, network=ipaddress.ip_network(text, strict=False), port=port)
    except ValueError:
        pass
    name = text.lower().rstrip(".")
    label = name[2:] if name.startswith("*.") else name
    if not label or not all(c.isalnum() or c in "-._" for c in label):
        raise ValueError(f"bad allowlist entry {raw!r}")
    return AllowEntry(name=name, network=None, port=port)


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """The operator's exceptions to "public addresses only"; empty by default."""

    entries: tuple[AllowEntry, ...] = ()

    @classmethod
    def from_allowlist(cls, spec: str | Iterable[str] | None) -> AddressPolicy:
        """Parse ``"127.0.0.1,10.0.0.0/8,rss-bridge:3000,[::1]:8080,*.corp.example"``.

        Raises ValueError naming the bad entry, so a typo fails at start-up.
        """
        if spec is None:
            return cls()
        items = spec.replace("\n", ",").split(",") if isinstance(spec, str) else list(spec)
        return cls(tuple(_parse_entry(item) for item in items if item.strip()))

    def allows_name(self, host: str, port: int) -> bool:
        """True when the host *as written* is allowlisted: all its answers may be dialled."""
        return any(e.matches_name(host, port) for e in self.entries)

    def refusal(self, host: str, port: int, ip: IPAddress) -> str | None:
        """Why dialling ``ip`` (an answer for ``host``) is refused, or None when allowed."""
        if never_dialable(ip):
            return f"{ip} is never dialable"
        reason = non_public_reason(ip)
        if reason is None:
            return None
        if self.allows_name(host, port) or any(e.matches_ip(ip, port) for e in self.entries):
            return None
        where = "" if host.strip("[]") == str(ip) else f" ({host} resolves to it)"
        return f"non-public address {ip}: {reason}{where}"


class AddressBlocked(Exception):
    """A destination the policy forbids; ``reason`` is safe to show the operator."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class HostUnresolvable(Exception):
    """DNS gave no usable answer for a host."""


def checked_addresses(
    host: str, port: int, policy: AddressPolicy, resolve: Resolver | None = None
) -> tuple[IPAddress, ...]:
    """Resolve ``host`` once and return its addresses, all of them allowed to be dialled.

    Raises AddressBlocked when any answer is refused (one bad answer poisons the
    set: an attacker controls the order), HostUnresolvable when DNS fails.
    """
    try:
        literal = parse_ip_host(host)
    except ValueError as exc:
        raise AddressBlocked(str(exc)) from None
    if literal is not None:
        answers: tuple[IPAddress, ...] = (literal,)
    else:
        if is_loopback_name(host) and not policy.allows_name(host, port):
            raise AddressBlocked(f"{host} is a loopback name")
        answers = _resolve(host, port, resolve or socket.getaddrinfo)
    for ip in answers:
        reason = policy.refusal(host, port, ip)
        if reason is not None:
            raise AddressBlocked(reason)
    return answers


def _resolve(host: str, port: int, resolve: Resolver) -> tuple[IPAddress, ...]:
    try:
        infos = resolve(host, port)
    except (OSError, UnicodeError) as exc:
        raise HostUnresolvable(f"cannot resolve {host}: {exc}") from None
    seen: dict[IPAddress, None] = {}
    for info in infos:
        try:
            seen.setdefault(ipaddress.ip_address(str(info[4][0])), None)
        except (ValueError, IndexError, TypeError):
            continue
    if not seen:
        raise HostUnresolvable(f"no address for {host}")
    return tuple(seen)
