"""Resource exhaustion against real loopback servers: bombs, endless bodies, drips, stalls, bad TLS."""

from __future__ import annotations

import gzip
import ssl
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from functools import cache

import pytest
import trustme

from newsdesk.ingest.addresses import AddressPolicy
from newsdesk.ingest.fetcher import FetchConfig, Fetcher, FetchError, FetchRequest, FetchResult
from newsdesk.ingest.transport import GuardedTransport
from tests.support.httpserver import (
    LoopbackServer,
    build_response,
    drip,
    endless_chunked,
    never_send_headers,
    raw,
    stub_resolver,
)

LOOPBACK = AddressPolicy.from_allowlist("127.0.0.1")
MiB = 2**20


def config(**overrides: object) -> FetchConfig:
    values: dict[str, object] = {
        "host_delay": 0,
        "connect_timeout": 2,
        "read_timeout": 2,
        "deadline": 10,
        "max_bytes": 4 * MiB,
    }
    return FetchConfig(**{**values, **overrides})  # type: ignore[arg-type]


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as s:
        yield s


def fetch(url: str, cfg: FetchConfig | None = None, **request: object) -> FetchResult:
    with Fetcher(LOOPBACK, cfg or config()) as f:
        return f.fetch(FetchRequest(url, **request))  # type: ignore[arg-type]


def fetch_error(url: str, cfg: FetchConfig | None = None) -> tuple[FetchError, float]:
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(url, cfg)
    return caught.value, time.monotonic() - started


@cache
def bomb(decoded: int = 64 * MiB, wbits: int = 31) -> bytes:
    """``decoded`` zero bytes compressed (about 1000:1); wbits 31 = gzip, 15 = zlib/deflate."""
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    block = bytes(MiB)
    parts = [packer.compress(block) for _ in range(decoded // MiB)]
    return b"".join(parts) + packer.flush()


def test_endless_chunked_body_stops_at_the_cap_with_bounded_memory(
    server: LoopbackServer,
) -> None:
    server.route_raw("/endless", endless_chunked())
    tracemalloc.start()
    try:
        error, _ = fetch_error(server.url("/endless"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.kind == "too_large"
    assert peak < 24 * MiB  # cap is 4 MiB; the body buffer plus one chunk, not the stream


def test_huge_content_length_is_refused_before_reading(server: LoopbackServer) -> None:
    head = build_response(
        200, b"", {"Content-Length": "10737418240", "Content-Type": "application/rss+xml"}
    )
    server.route_raw("/huge", lambda sock, req, srv: (sock.sendall(head), srv.stopping.wait(5)))
    error, elapsed = fetch_error(server.url("/huge"))
    assert error.kind == "too_large" and "Content-Length" in error.message
    assert elapsed < 3.0  # did not wait for the body the server holds back for 5 s


@pytest.mark.parametrize("encoding", ["gzip", "gzip, gzip", "deflate"])
def test_compression_bombs_stop_at_the_decoded_cap(
    server: LoopbackServer, encoding: str
) -> None:  # a small body that decodes to 64 MiB
    body = bomb(wbits=15) if encoding == "deflate" else bomb()
    if encoding == "gzip, gzip":
        body = gzip.compress(body)
    server.route(
        "/bomb",
        body=body,
        headers={"Content-Encoding": encoding, "Content-Type": "application/rss+xml"},
    )
    tracemalloc.start()
    try:
        error, _ = fetch_error(server.url("/bomb"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.kind == "too_large"
    assert len(body) < 4 * MiB  # the cap was hit by decoded bytes, not raw ones
    assert peak < 40 * MiB


def test_drip_server_hits_the_total_deadline(server: LoopbackServer) -> None:
    response = build_response(
        200, b"<rss>" + b" " * 200 + b"</rss>", {"Content-Type": "application/rss+xml"}
    )
    server.route_raw("/drip", drip(response, interval=0.1))
    error, elapsed = fetch_error(server.url("/drip"), config(read_timeout=1, deadline=1.5))
    assert error.kind == "deadline"
    assert 1.4 < elapsed < 4.0  # per-read timeout (1 s) never fired; the deadline did


def test_drip_in_the_body_hits_the_deadline_too(server: LoopbackServer) -> None:
    head = build_response(200, b"", {"Content-Length": "1000"})
    server.route_raw(
        "/drip-body", lambda s, r, srv: (s.sendall(head), drip(b"x" * 1000, 0.1)(s, r, srv))
    )
    error, elapsed = fetch_error(server.url("/drip-body"), config(read_timeout=1, deadline=1.5))
    assert error.kind == "deadline" and elapsed < 3.0


def test_headers_never_sent_is_a_read_timeout(server: LoopbackServer) -> None:
    server.route_raw("/silent", never_send_headers())
    error, elapsed = fetch_error(server.url("/silent"), config(read_timeout=0.5))
    assert error.kind == "timeout"
    assert elapsed < 2.0


def test_tls_handshake_that_never_finishes_times_out(server: LoopbackServer) -> None:
    # A plain server that accepts the TCP connection and never answers the ClientHello.
    server.route_raw("/", never_send_headers())
    url = f"https://127.0.0.1:{server.port}/"
    error, elapsed = fetch_error(url, config(connect_timeout=0.5, read_timeout=0.5))
    assert error.kind in ("timeout", "tls", "connect")
    assert elapsed < 3.0


def test_hung_dns_lookup_is_bounded_by_the_connect_timeout(server: LoopbackServer) -> None:
    def slow(host: str, port: int) -> list[str]:
        time.sleep(1.5)
        return ["127.0.0.1"]

    started = time.monotonic()
    fetcher = Fetcher(LOOPBACK, config(connect_timeout=0.3), resolve=stub_resolver(slow))
    with fetcher as f, pytest.raises(FetchError) as caught:
        f.fetch(FetchRequest(f"http://slow-dns.test:{server.port}/"))
    assert caught.value.kind == "timeout"
    assert time.monotonic() - started < 1.4  # the stub lookup alone takes 1.5 s
    assert server.connections == 0


@pytest.mark.parametrize(
    "head",
    [
        b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 110_000 + b"\r\nContent-Length: 0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\n"
        + b"".join(b"X-H%d: v\r\n" % i for i in range(10_000))
        + b"Content-Length: 0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 1_000_000 + b"\r\nContent-Length: 0\r\n\r\n",
    ],
    ids=["100KB-line", "10000-headers", "1MB-line"],
)
def test_oversized_headers_are_a_clean_error(server: LoopbackServer, head: bytes) -> None:
    server.route_raw("/headers", raw(head))
    error, _ = fetch_error(server.url("/headers"))
    assert error.kind == "header_overflow"


def test_garbage_status_line_is_a_protocol_error(server: LoopbackServer) -> None:
    server.route_raw("/garbage", raw(b"SSH-2.0-OpenSSH_9.6\r\n\r\n"))
    error, _ = fetch_error(server.url("/garbage"))
    assert error.kind == "protocol"


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_server(ca: trustme.CA) -> Iterator[LoopbackServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("feeds.test", "127.0.0.1").configure_cert(context)
    with LoopbackServer(tls=context) as server:
        server.route("/feed", body=b"<rss/>", headers={"Content-Type": "application/rss+xml"})
        yield server


def test_self_signed_certificate_fails_closed(tls_server: LoopbackServer) -> None:
    error, _ = fetch_error(tls_server.url("/feed"))
    assert error.kind == "tls"
    assert tls_server.requests == []  # no request was sent over the unverified channel


def test_trusted_certificate_verifies_the_name_not_the_dialled_ip(
    tls_server: LoopbackServer, ca: trustme.CA
) -> None:
    # The guarded backend dials 127.0.0.1, yet TLS checks the certificate against
    # "feeds.test" (SNI + hostname verification use the URL's host).
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    resolve = stub_resolver({"feeds.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]})
    transport = GuardedTransport(LOOPBACK, resolve=resolve, verify=client_context)
    with Fetcher(LOOPBACK, config(), transport=transport) as f:
        result = f.fetch(FetchRequest(f"https://feeds.test:{tls_server.port}/feed"))
        assert result.body == b"<rss/>"
        with pytest.raises(FetchError) as caught:
            f.fetch(FetchRequest(f"https://other.test:{tls_server.port}/feed"))
    assert caught.value.kind == "tls"
