"""URL and address checks without a network: private targets, encodings, bad schemes, the allowlist."""

from __future__ import annotations

import ipaddress
import socket

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.ingest.addresses import (
    AddressPolicy,
    non_public_reason,
    parse_ip_host,
)
from newsdesk.ingest.urls import UrlRejected, check_url, no_dns, normalize
from tests.support.httpserver import stub_resolver

NOBODY = AddressPolicy()
PUBLIC = stub_resolver(lambda host, port: ["93.184.216.34"])


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/",
        "http://localhost/",
        "http://LOCALHOST./feed",
        "http://feeds.localhost/",
        "http://[::1]/",
        "http://0.0.0.0/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://100.64.0.1/",
        "http://192.168.1.1/",
        "http://172.16.5.4/",
        "http://192.0.0.8/",
        "http://198.18.0.1/",
        "http://224.0.0.1/",
        "http://[fd00::1]/",
        "http://[fe80::1]/",
        "http://[fe80::1%25eth0]/",
        "http://2130706433/",
        "http://127.1/",
        "http://0x7f.0.0.1/",
        "http://017700000001/",
        "http://0x7f000001/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://[64:ff9b::7f00:1]/",
        "http://[64:ff9b:1::a00:1]/",
        "http://[2002:7f00:1::]/",
        "http://[2001::1]/",
        "http://[::127.0.0.1]/",
    ],
)
def test_non_public_literal_hosts_are_refused_without_dns(url: str) -> None:
    with pytest.raises(UrlRejected) as caught:
        check_url(url, NOBODY, resolve=no_dns)
    assert caught.value.reason


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "gopher://127.0.0.1:70/_x",
        "ftp://example.com/feed",
        "dict://example.com:11211/",
        "data:text/html,<script>alert(1)</script>",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "ldap://example.com/",
        "//example.com/feed",
        "feed:javascript:alert(1)",
        "",
        "   ",
        "http://exa mple.com/",
        "http://example.com/\r\nX-Injected: 1",
    ],
)
def test_bad_schemes_and_shapes_are_refused_before_io(url: str) -> None:
    calls = stub_resolver({"example.com": ["93.184.216.34"]})
    with pytest.raises(UrlRejected):
        check_url(url, NOBODY, resolve=calls)
    assert calls.calls == []  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("feed://example.com/rss", "https://example.com/rss"),
        ("feed:https://example.com/rss", "https://example.com/rss"),
        ("feed:http://example.com/rss", "http://example.com/rss"),
        ("HTTP://Example.COM:80/a/../b?x=1#frag", "http://example.com/b?x=1"),
        ("https://example.com:443", "https://example.com/"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        ("http://bücher.example/", "http://xn--bcher-kva.example/"),
        ("  http://example.com/  ", "http://example.com/"),
    ],
)
def test_normalization(url: str, expected: str) -> None:
    assert check_url(url, NOBODY, resolve=PUBLIC) == expected


@pytest.mark.parametrize(
    "url",
    [
        "http://evil.example@127.0.0.1/",
        "http://user:pw@example.com/",
        "http://[::1]:80@example.com/",
    ],
)
def test_credentials_in_url_are_refused(url: str) -> None:
    with pytest.raises(UrlRejected, match="credentials"):
        check_url(url, AddressPolicy.from_allowlist("127.0.0.1"), resolve=PUBLIC)


def test_fragment_at_sign_trick_checks_the_real_host() -> None:
    with pytest.raises(UrlRejected) as caught:
        check_url("http://127.0.0.1#@evil.example/", NOBODY, resolve=PUBLIC)
    assert caught.value.blocked and "127.0.0.1" in caught.value.reason


def test_name_resolving_to_loopback_is_refused() -> None:
    resolve = stub_resolver({"sneaky.example": ["127.0.0.1"]})
    with pytest.raises(UrlRejected, match="non-public") as caught:
        check_url("http://sneaky.example/feed", NOBODY, resolve=resolve)
    assert caught.value.blocked


@pytest.mark.parametrize("answers", [["93.184.216.34", "10.0.0.5"], ["fd00::5", "93.184.216.34"]])
def test_any_private_answer_poisons_the_name(answers: list[str]) -> None:  # public + private
    resolve = stub_resolver({"mixed.example": answers})
    with pytest.raises(UrlRejected, match="non-public"):
        check_url("http://mixed.example/", NOBODY, resolve=resolve)


def test_unresolvable_name_is_refused_at_subscribe() -> None:
    with pytest.raises(UrlRejected, match="resolve"):
        check_url("http://nowhere.example/", NOBODY, resolve=stub_resolver({}))


def test_no_dns_mode_skips_resolution_for_names() -> None:
    assert (
        check_url("http://nowhere.example/x", NOBODY, resolve=no_dns) == "http://nowhere.example/x"
    )


class TestAllowlist:
    def test_parses_names_ips_networks_and_ports(self) -> None:
        policy = AddressPolicy.from_allowlist(
            "127.0.0.1, 10.0.0.0/8,rss-bridge:3000,example.internal,[::1]:8080,*.corp.example"
        )
        assert len(policy.entries) == 6
        ip = ipaddress.ip_address
        assert policy.refusal("x", 80, ip("127.0.0.1")) is None
        assert policy.refusal("x", 80, ip("10.9.8.7")) is None
        assert policy.refusal("rss-bridge", 3000, ip("172.18.0.3")) is None
        assert policy.refusal("example.internal", 443, ip("192.168.0.9")) is None
        assert policy.refusal("a.corp.example", 80, ip("192.168.0.9")) is None
        assert policy.refusal("x", 8080, ip("::1")) is None
        assert policy.refusal("x", 80, ip("::1")) is not None

    def test_host_port_entry_matches_only_that_port(self) -> None:
        policy = AddressPolicy.from_allowlist("rss-bridge:3000")
        resolve = stub_resolver({"rss-bridge": ["172.18.0.3"], "other": ["172.18.0.4"]})
        assert check_url("http://rss-bridge:3000/feed", policy, resolve=resolve)
        with pytest.raises(UrlRejected):
            check_url("http://rss-bridge:3001/feed", policy, resolve=resolve)
        with pytest.raises(UrlRejected):
            check_url("http://rss-bridge/feed", policy, resolve=resolve)
        with pytest.raises(UrlRejected):
            check_url("http://other:3000/feed", policy, resolve=resolve)
        with pytest.raises(UrlRejected):
            check_url("http://10.0.0.1:3000/feed", policy, resolve=resolve)

    def test_allowlisted_ip_admits_mapped_and_encoded_forms_of_it_only(self) -> None:
        policy = AddressPolicy.from_allowlist("127.0.0.1")
        assert check_url("http://2130706433/", policy, resolve=no_dns) == "http://127.0.0.1/"
        assert check_url("http://[::ffff:127.0.0.1]/", policy, resolve=no_dns)
        with pytest.raises(UrlRejected):
            check_url("http://127.0.0.2/", policy, resolve=no_dns)
        with pytest.raises(UrlRejected):
            check_url("http://0.0.0.0/", AddressPolicy.from_allowlist("0.0.0.0/0"), resolve=no_dns)

    @pytest.mark.parametrize(
        "entry", ["bad entry", "host:port", "1.2.3.4:99999", "[::1]x", "a/b/c"]
    )
    def test_bad_entries_fail_loudly(self, entry: str) -> None:
        with pytest.raises(ValueError):
            AddressPolicy.from_allowlist(entry)


@pytest.mark.parametrize(
    "address",
    [
        "192.0.0.8",
        "2002:7f00:1::",
        "64:ff9b::7f00:1",
        "64:ff9b:1::1",
        "2001:db8::1",
        "::7f00:1",
        "100::1",
    ],
)
def test_deny_list_covers_what_python_311_calls_global(address: str) -> None:
    assert non_public_reason(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]
)
def test_public_addresses_pass(address: str) -> None:
    assert non_public_reason(ipaddress.ip_address(address)) is None


# --- property tests ---------------------------------------------------------

DENIED_V4 = [
    "127.0.0.0/8",
    "10.0.0.0/8",
    "169.254.0.0/16",
    "0.0.0.0/8",
    "100.64.0.0/10",
    "172.16.0.0/12",
    "192.168.0.0/16",
]


def _part(value: int, style: int) -> str:
    return (str(value), hex(value), "0" + oct(value)[2:] if value else "0")[style]


@st.composite
def encoded_ipv4(draw: st.DrawFn, network: str | None = None) -> tuple[ipaddress.IPv4Address, str]:
    if network is None:
        value = draw(st.integers(0, 2**32 - 1))
    else:
        net = ipaddress.ip_network(network)
        value = int(net.network_address) + draw(st.integers(0, net.num_addresses - 1))
    octets = value.to_bytes(4, "big")
    parts_count = draw(st.integers(1, 4))
    if parts_count == 1:
        numbers = [value]
    elif parts_count == 2:
        numbers = [octets[0], value & 0xFFFFFF]
    elif parts_count == 3:
        numbers = [octets[0], octets[1], value & 0xFFFF]
    else:
        numbers = list(octets)
    text = ".".join(_part(n, draw(st.integers(0, 2))) for n in numbers)
    if draw(st.booleans()):
        text = text.upper()
    return ipaddress.IPv4Address(value), text


@given(st.sampled_from(DENIED_V4).flatmap(encoded_ipv4))
def test_every_encoding_of_a_private_ipv4_is_refused(
    case: tuple[ipaddress.IPv4Address, str],
) -> None:
    address, text = case
    # Refused either as the private address it is, or (httpx2 is stricter about some
    # dotted forms like 127.0.0.01) as a malformed URL: never fetched either way.
    with pytest.raises(UrlRejected):
        check_url(f"http://{text}/feed", NOBODY, resolve=no_dns)
    assert parse_ip_host(text) == address


@given(encoded_ipv4())
def test_numeric_host_parser_agrees_with_inet_aton(case: tuple[ipaddress.IPv4Address, str]) -> None:
    address, text = case
    assert parse_ip_host(text) == address
    assert ipaddress.IPv4Address(socket.inet_aton(text)) == address


@given(
    st.sampled_from(DENIED_V4).flatmap(encoded_ipv4), st.sampled_from(["::ffff:{}", "64:ff9b::{}"])
)
def test_ipv6_wrappings_of_private_ipv4_are_refused(
    case: tuple[ipaddress.IPv4Address, str], form: str
) -> None:
    address, _ = case
    with pytest.raises(UrlRejected):
        check_url(f"http://[{form.format(address)}]/", NOBODY, resolve=no_dns)


@given(st.integers(0, 2**32 - 1))
def test_ipv4_refused_exactly_when_classified_non_public(value: int) -> None:
    address = ipaddress.IPv4Address(value)
    refused = non_public_reason(address) is not None
    try:
        check_url(f"http://{address}/", NOBODY, resolve=no_dns)
    except UrlRejected:
        assert refused
    else:
        assert not refused


_label = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12).filter(
    lambda s: s[0] != "-"
)
_segment = st.text("abcXYZ019-._~%20!$&'()*+,;=:@", max_size=10)


@given(
    scheme=st.sampled_from(["http", "HTTP", "https", "feed"]),
    labels=st.lists(_label, min_size=1, max_size=4),
    tld=st.sampled_from(["com", "example", "ORG"]),
    port=st.one_of(st.none(), st.integers(1, 65535)),
    path=st.lists(_segment, max_size=4),
    query=st.one_of(st.none(), st.text("ab=&%20", max_size=10)),
    fragment=st.one_of(st.none(), st.text("abc@", max_size=5)),
)
def test_normalization_is_idempotent_and_canonical(
    scheme: str,
    labels: list[str],
    tld: str,
    port: int | None,
    path: list[str],
    query: str | None,
    fragment: str | None,
) -> None:
    host = ".".join([*labels, tld])
    url = f"{scheme}://{host}{'' if port is None else f':{port}'}/{'/'.join(path)}"
    url += "" if query is None else f"?{query}"
    url += "" if fragment is None else f"#{fragment}"
    once = normalize(url)
    assert normalize(once) == once
    assert once.startswith(("http://", "https://"))
    assert "#" not in once
    assert host.lower() in once
    assert not once.endswith((":80/", ":443/"))


@given(st.text(max_size=80))
def test_check_url_never_raises_anything_but_url_rejected(text: str) -> None:
    try:
        result = check_url(text, NOBODY, resolve=no_dns)
    except UrlRejected:
        return
    assert result.startswith(("http://", "https://"))
    assert check_url(result, NOBODY, resolve=no_dns) == result
