"""HTTP semantics and politeness against loopback servers: redirects, per-host limits, validators, status codes."""

from __future__ import annotations

import itertools
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import trustme

from newsdesk.ingest.addresses import AddressPolicy
from newsdesk.ingest.fetcher import FetchConfig, Fetcher, FetchError, FetchRequest
from newsdesk.ingest.politeness import HostBusy, HostGate
from newsdesk.ingest.transport import GuardedTransport
from tests.support.httpserver import LoopbackServer, RecordedRequest, build_response

LOOPBACK = AddressPolicy.from_allowlist("127.0.0.1")
FAST = FetchConfig(host_delay=0, connect_timeout=2, read_timeout=2, deadline=10)
RSS = {"Content-Type": "application/rss+xml; charset=ISO-8859-1"}


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as s:
        yield s


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(LOOPBACK, FAST) as f:
        yield f


def error_of(fetcher: Fetcher, url: str, **request: object) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(FetchRequest(url, **request))  # type: ignore[arg-type]
    return caught.value


# --- conditional requests (25, 26) -----------------------------------------

ETAG = 'W/"abc"'
MODIFIED = "Sat, 28 Nov 2026 10:00:00 GMT"


def conditional(sock: socket.socket, request: RecordedRequest, server: LoopbackServer) -> None:
    if (
        request.headers.get("if-none-match") == ETAG
        or request.headers.get("if-modified-since") == MODIFIED
    ):
        sock.sendall(build_response(304, b"", {"ETag": ETAG}))
    else:
        sock.sendall(
            build_response(200, b"<rss/>", {**RSS, "ETag": ETAG, "Last-Modified": MODIFIED})
        )


def test_validators_are_sent_back_verbatim_and_304_is_not_modified(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    server.route_raw("/feed", conditional)
    first = fetcher.fetch(FetchRequest(server.url("/feed"), expect="feed"))
    assert (first.status, first.etag, first.last_modified) == (200, ETAG, MODIFIED)
    assert first.content_type == "application/rss+xml" and first.charset == "iso-8859-1"
    second = fetcher.fetch(
        FetchRequest(server.url("/feed"), etag=first.etag, last_modified=first.last_modified)
    )
    assert second.not_modified and second.status == 304 and second.body == b""
    sent = server.requests[1].headers
    assert sent["if-none-match"] == ETAG and sent["if-modified-since"] == MODIFIED
    assert "if-none-match" not in server.requests[0].headers


def test_identical_body_has_identical_hash(server: LoopbackServer, fetcher: Fetcher) -> None:
    server.route("/feed", body=b"<rss>same</rss>", headers=RSS)
    one = fetcher.fetch(FetchRequest(server.url("/feed")))
    two = fetcher.fetch(FetchRequest(server.url("/feed"), etag='"ignored"'))
    assert one.content_hash == two.content_hash and not two.not_modified
    assert len(one.content_hash) == 64


def test_unsafe_stored_validator_is_not_sent(server: LoopbackServer, fetcher: Fetcher) -> None:
    server.route("/feed", body=b"<rss/>")
    fetcher.fetch(FetchRequest(server.url("/feed"), etag='"a"\r\nX-Evil: 1'))
    assert "if-none-match" not in server.requests[0].headers
    assert "x-evil" not in server.requests[0].headers


def test_gzip_body_is_decoded(server: LoopbackServer, fetcher: Fetcher) -> None:
    import gzip

    server.route(
        "/feed",
        body=gzip.compress(b"<rss>zipped</rss>"),
        headers={**RSS, "Content-Encoding": "gzip"},
    )
    result = fetcher.fetch(FetchRequest(server.url("/feed"), expect="feed"))
    assert result.body == b"<rss>zipped</rss>"
    assert "gzip" in server.requests[0].headers["accept-encoding"]


# --- status codes (27, 29, 30) ---------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("120", 120.0), ("garbage", None), ("999999999", 86400.0), ("", None)],
)
def test_429_retry_after_variants(
    server: LoopbackServer, fetcher: Fetcher, value: str, expected: float | None
) -> None:
    server.route("/feed", status=429, headers={"Retry-After": value} if value else {})
    error = error_of(fetcher, server.url("/feed"))
    assert (error.kind, error.status, error.retry_after) == ("rate_limited", 429, expected)


def test_429_retry_after_http_date(server: LoopbackServer, fetcher: Fetcher) -> None:
    when = datetime.now(UTC) + timedelta(minutes=10)
    server.route("/feed", status=429, headers={"Retry-After": format_datetime(when, usegmt=True)})
    error = error_of(fetcher, server.url("/feed"))
    assert error.retry_after is not None and 590 <= error.retry_after <= 601


@pytest.mark.parametrize(
    ("status", "headers", "kind"),
    [
        (410, {}, "gone"),
        (404, {}, "not_found"),
        (403, {"cf-mitigated": "challenge", "Server": "cloudflare"}, "blocked_by_cloudflare"),
        (403, {}, "http_error"),
        (500, {}, "http_error"),
        (503, {"Retry-After": "30"}, "http_error"),
        (302, {}, "http_error"),  # a redirect without Location
    ],
)
def test_status_codes_map_to_stable_kinds(
    server: LoopbackServer, fetcher: Fetcher, status: int, headers: dict[str, str], kind: str
) -> None:
    server.route("/feed", status=status, headers=headers, body=b"<html>challenge</html>")
    error = error_of(fetcher, server.url("/feed"))
    assert (error.kind, error.status) == (kind, status)
    if "Retry-After" in headers:
        assert error.retry_after == 30.0


# --- content sniffing (32) -------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
ZIP = b"PK\x03\x04" + b"\x00" * 100


@pytest.mark.parametrize("body", [PNG, ZIP, b"%PDF-1.7 ..."], ids=["png", "zip", "pdf"])
def test_binary_body_at_a_feed_url_is_refused(
    server: LoopbackServer, fetcher: Fetcher, body: bytes
) -> None:
    server.route("/feed", body=body, headers=RSS)  # mislabelled on purpose
    assert error_of(fetcher, server.url("/feed"), expect="feed").kind == "binary_content"
    assert fetcher.fetch(FetchRequest(server.url("/feed"), expect="any")).body == body


def test_image_content_type_is_refused_for_a_page(server: LoopbackServer, fetcher: Fetcher) -> None:
    server.route("/page", body=b"not really an image", headers={"Content-Type": "image/webp"})
    assert error_of(fetcher, server.url("/page"), expect="page").kind == "binary_content"


def test_utf16_feed_without_bom_is_not_mistaken_for_binary(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    body = '<?xml version="1.0" encoding="utf-16le"?><rss/>'.encode("utf-16-le")
    server.route("/feed", body=body, headers=RSS)
    assert fetcher.fetch(FetchRequest(server.url("/feed"), expect="feed")).body == body


# --- redirects (8, 9) ------------------------------------------------------


def test_301_is_reported_as_permanent_redirect(server: LoopbackServer, fetcher: Fetcher) -> None:
    server.route("/old", status=301, headers={"Location": "/new"})
    server.route("/new", body=b"<rss/>")
    result = fetcher.fetch(FetchRequest(server.url("/old")))
    assert result.permanent_redirect == server.url("/new")
    assert result.redirects == (server.url("/new"),)


@pytest.mark.parametrize("chain", [[302], [301, 302], [307], [308, 301, 303]])
def test_chain_with_a_temporary_hop_is_not_permanent(
    server: LoopbackServer, fetcher: Fetcher, chain: list[int]
) -> None:
    for index, status in enumerate(chain):
        server.route(f"/r{index}", status=status, headers={"Location": f"/r{index + 1}"})
    server.route(f"/r{len(chain)}", body=b"<rss/>")
    result = fetcher.fetch(FetchRequest(server.url("/r0")))
    assert result.url == server.url(f"/r{len(chain)}")
    assert result.permanent_redirect is None
    assert len(result.redirects) == len(chain)


@pytest.mark.parametrize(
    "location", ["http://[::1", "http://a:b:c/", "http://%zz/", "http://x:99999999/"]
)
def test_garbage_location_is_a_bad_url(
    server: LoopbackServer, fetcher: Fetcher, location: str
) -> None:
    server.route("/hop", status=302, headers={"Location": location})
    assert error_of(fetcher, server.url("/hop")).kind == "bad_url"


def test_redirect_loop_is_too_many_redirects(server: LoopbackServer, fetcher: Fetcher) -> None:
    server.route("/a", status=302, headers={"Location": "/b"})
    server.route("/b", status=302, headers={"Location": "/a"})
    error = error_of(fetcher, server.url("/a"))
    assert error.kind == "too_many_redirects" and "loop" in error.message
    assert server.paths() == ["/a", "/b"]


@pytest.mark.parametrize(("hops", "ok"), [(5, True), (6, False)])
def test_at_most_five_hops(server: LoopbackServer, fetcher: Fetcher, hops: int, ok: bool) -> None:
    for index in range(hops):
        server.route(f"/h{index}", status=302, headers={"Location": server.url(f"/h{index + 1}")})
    server.route(f"/h{hops}", body=b"<rss/>")
    if ok:
        assert fetcher.fetch(FetchRequest(server.url("/h0"))).body == b"<rss/>"
    else:
        assert error_of(fetcher, server.url("/h0")).kind == "too_many_redirects"
        assert len(server.requests) == 6


def test_https_to_http_downgrade_is_an_error(server: LoopbackServer) -> None:
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    server.route("/feed", body=b"<rss/>")
    with LoopbackServer(tls=server_context) as secure:
        secure.route("/feed", status=301, headers={"Location": server.url("/feed")})
        transport = GuardedTransport(LOOPBACK, verify=client_context)
        with Fetcher(LOOPBACK, FAST, transport=transport) as f:
            error = error_of(f, secure.url("/feed"))
    assert error.kind == "insecure_redirect"
    assert server.requests == []


# --- politeness (22) -------------------------------------------------------


def test_per_host_concurrency_is_limited_under_load(server: LoopbackServer) -> None:
    server.route("/feed", body=b"<rss/>", delay=0.15)
    config = FetchConfig(host_delay=0, per_host=2, deadline=10)
    results: list[int] = []
    with Fetcher(LOOPBACK, config) as f:

        def work() -> None:
            results.append(f.fetch(FetchRequest(server.url("/feed"))).status)

        threads = [threading.Thread(target=work) for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=20)
    assert results == [200] * 10
    assert server.max_concurrent == 2  # the limit was reached and never exceeded


def test_host_gate_spaces_request_starts() -> None:
    gate = HostGate(max_concurrent=5, min_delay=0.3)
    starts: list[float] = []
    for _ in range(3):
        with gate.slot("example.com"):
            starts.append(time.monotonic())
    assert all(b - a >= 0.29 for a, b in itertools.pairwise(starts))
    with gate.slot("other.example"):  # other hosts are not delayed
        assert time.monotonic() - starts[-1] < 0.25


def test_host_gate_gives_up_after_timeout() -> None:
    gate = HostGate(max_concurrent=1, min_delay=0)
    holder = threading.Thread(target=_hold, args=(gate, "example.com", 0.3))
    holder.start()
    time.sleep(0.05)
    with pytest.raises(HostBusy), gate.slot("EXAMPLE.com", timeout=0.05):
        pass
    holder.join()
    assert gate.in_flight("example.com") == 0
    with gate.slot("example.com", timeout=0.05):  # free again
        assert gate.in_flight("example.com") == 1


def test_gate_is_reentrant_so_callers_may_wrap_fetch_in_a_slot(server: LoopbackServer) -> None:
    gate = HostGate(max_concurrent=1, min_delay=0)
    server.route("/feed", body=b"<rss/>")
    with Fetcher(LOOPBACK, FetchConfig(gate_wait=1), gate=gate) as f, gate.slot("127.0.0.1"):
        assert f.fetch(FetchRequest(server.url("/feed"))).status == 200
    assert gate.in_flight("127.0.0.1") == 0


def test_host_busy_is_a_fetch_error(server: LoopbackServer) -> None:
    gate = HostGate(max_concurrent=1, min_delay=0)
    server.route("/feed", body=b"<rss/>")
    with Fetcher(LOOPBACK, FetchConfig(gate_wait=0.05), gate=gate) as f:
        holder = threading.Thread(target=_hold, args=(gate, "127.0.0.1", 0.5))
        holder.start()
        time.sleep(0.05)
        assert error_of(f, server.url("/feed")).kind == "host_busy"
        holder.join()
    assert server.requests == []


def _hold(gate: HostGate, host: str, seconds: float) -> None:
    with gate.slot(host):
        time.sleep(seconds)


# --- robots.txt ------------------------------------------------------------

ROBOTS = b"User-agent: *\nDisallow: /private\n\nUser-agent: newsdesk\nDisallow: /secret\nCrawl-delay: 0.2\n"


def test_robots_disallow_is_honoured_and_cached(server: LoopbackServer) -> None:
    server.route("/robots.txt", body=ROBOTS, headers={"Content-Type": "text/plain"})
    server.route("/article", body=b"<html></html>")
    server.route("/private/x", body=b"<html></html>")
    gate = HostGate(max_concurrent=2, min_delay=0)
    with Fetcher(LOOPBACK, FetchConfig(respect_robots=True, host_delay=0), gate=gate) as f:
        assert error_of(f, server.url("/secret/x")).kind == "robots_disallowed"
        assert f.fetch(FetchRequest(server.url("/article"))).status == 200
        assert f.fetch(FetchRequest(server.url("/private/x"), respect_robots=False)).status == 200
        assert gate.delay_for("127.0.0.1") == 0.2
    assert server.paths() == ["/robots.txt", "/article", "/private/x"]


@pytest.mark.parametrize(
    ("status", "allowed"), [(404, True), (403, True), (500, False), (503, False)]
)
def test_robots_status_semantics(server: LoopbackServer, status: int, allowed: bool) -> None:
    server.route("/robots.txt", status=status)
    server.route("/article", body=b"<html></html>")
    with Fetcher(LOOPBACK, FetchConfig(respect_robots=True, host_delay=0)) as f:
        assert f.robots.allowed(server.url("/article"), f.config.user_agent) is allowed
        assert f.robots.allowed(server.url("/other"), f.config.user_agent) is allowed
    assert server.paths() == ["/robots.txt"]  # one fetch, cached for the second question


def test_robots_of_a_blocked_host_does_not_mask_the_real_error(server: LoopbackServer) -> None:
    with Fetcher(AddressPolicy(), FetchConfig(respect_robots=True, host_delay=0)) as f:
        assert error_of(f, server.url("/article")).kind == "blocked_address"
    assert server.connections == 0
