"""The SSRF guard with real loopback servers: names, rebinding, redirects, proxies.

All of 127.0.0.0/8 is loopback on Linux, so a server on 127.0.0.2 plays the
"allowed" destination and one on 127.0.0.3 the "forbidden" one; the allowlist names
only the first. The forbidden server's counters prove nothing reached it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsdesk.ingest.addresses import AddressPolicy, Resolver
from newsdesk.ingest.fetcher import FetchConfig, Fetcher, FetchError, FetchRequest
from newsdesk.ingest.urls import UrlRejected, check_url
from tests.support.httpserver import LoopbackServer, stub_resolver

FAST = FetchConfig(host_delay=0, connect_timeout=2, read_timeout=2, deadline=10)


@pytest.fixture
def allowed() -> Iterator[LoopbackServer]:
    with LoopbackServer(host="127.0.0.2") as server:
        server.route("/feed", body=b"<rss/>", headers={"Content-Type": "application/rss+xml"})
        yield server


@pytest.fixture
def forbidden(allowed: LoopbackServer) -> Iterator[LoopbackServer]:
    # Same port as ``allowed``: a rebinding answer then points at the same URL.
    with LoopbackServer(host="127.0.0.3", port=allowed.port) as server:
        server.route("/feed", body=b"secret")
        server.route("/secret", body=b"secret")
        yield server


def fetcher(allow: str, resolve: Resolver | None = None) -> Fetcher:
    return Fetcher(AddressPolicy.from_allowlist(allow), FAST, resolve=resolve)


def fetch_error(f: Fetcher, url: str) -> FetchError:
    with pytest.raises(FetchError) as caught:
        f.fetch(FetchRequest(url))
    return caught.value


@pytest.mark.parametrize(
    "template",
    [
        "http://127.0.0.1:{port}/feed",
        "http://localhost:{port}/feed",
        "http://2130706433:{port}/feed",
        "http://127.1:{port}/feed",
        "http://0x7f.0.0.1:{port}/feed",
        "http://[::ffff:127.0.0.1]:{port}/feed",
        "http://0.0.0.0:{port}/feed",
    ],
)
def test_loopback_refused_at_fetch_and_server_sees_nothing(template: str) -> None:  # encoded too
    with LoopbackServer() as server:
        with fetcher("") as f:
            error = fetch_error(f, template.format(port=server.port))
        assert error.kind == "blocked_address"
        assert server.connections == 0 and server.requests == []


def test_allowlisting_127_0_0_1_lets_the_fetch_through() -> None:
    with LoopbackServer() as server:
        server.route("/feed", body=b"<rss/>", headers={"ETag": '"v1"'})
        with fetcher("127.0.0.1") as f:
            result = f.fetch(FetchRequest(server.url("/feed")))
    assert result.status == 200 and result.body == b"<rss/>"
    assert result.remote_address == "127.0.0.1"
    assert server.paths() == ["/feed"]
    assert server.requests[0].headers["user-agent"].startswith("newsdesk/")


def test_host_port_allowlist_admits_only_that_port() -> None:
    with LoopbackServer() as first, LoopbackServer() as second:
        first.route("/feed", body=b"ok")
        with fetcher(f"127.0.0.1:{first.port}") as f:
            assert f.fetch(FetchRequest(first.url("/feed"))).body == b"ok"
            assert fetch_error(f, second.url("/feed")).kind == "blocked_address"
        assert second.connections == 0


def test_name_resolving_to_loopback_is_blocked_at_fetch(
    forbidden: LoopbackServer,
) -> None:
    resolve = stub_resolver({"feeds.test": ["127.0.0.3"]})
    with fetcher("127.0.0.2", resolve) as f:
        error = fetch_error(f, f"http://feeds.test:{forbidden.port}/feed")
    assert error.kind == "blocked_address" and "127.0.0.3" in error.message
    assert forbidden.connections == 0


def test_allowlisted_name_may_resolve_to_a_private_address(allowed: LoopbackServer) -> None:
    resolve = stub_resolver({"rss-bridge": ["127.0.0.2"]})
    with fetcher(f"rss-bridge:{allowed.port}", resolve) as f:
        result = f.fetch(FetchRequest(f"http://rss-bridge:{allowed.port}/feed"))
    assert result.body == b"<rss/>"
    assert allowed.requests[0].headers["host"] == f"rss-bridge:{allowed.port}"


@pytest.mark.parametrize("order", [("127.0.0.2", "127.0.0.3"), ("127.0.0.3", "127.0.0.2")])
def test_mixed_answers_are_refused_whole(
    allowed: LoopbackServer, forbidden: LoopbackServer, order: tuple[str, str]
) -> None:
    resolve = stub_resolver({"mixed.test": list(order)})
    with fetcher("127.0.0.2", resolve) as f:
        error = fetch_error(f, f"http://mixed.test:{allowed.port}/feed")
    assert error.kind == "blocked_address"
    assert allowed.connections == 0 and forbidden.connections == 0


def test_public_plus_private_answers_never_dial_out() -> None:  # no internet touched
    with LoopbackServer() as server:
        resolve = stub_resolver({"mixed.test": ["93.184.216.34", "127.0.0.1"]})
        with fetcher("", resolve) as f:
            error = fetch_error(f, f"http://mixed.test:{server.port}/feed")
        assert error.kind == "blocked_address"
        assert server.connections == 0


def _rebinding(first: str, then: str) -> Resolver:
    answers = iter([first])
    return stub_resolver(lambda host, port: [next(answers, then)])


def test_rebinding_after_subscribe_is_caught_at_fetch(
    allowed: LoopbackServer, forbidden: LoopbackServer
) -> None:  # DNS rebinding: check at subscribe, another answer at fetch
    resolve = _rebinding("127.0.0.2", then="127.0.0.3")
    policy = AddressPolicy.from_allowlist("127.0.0.2")
    url = check_url(f"http://rebind.test:{allowed.port}/feed", policy, resolve=resolve)
    with Fetcher(policy, FetchConfig(host_delay=0), resolve=resolve) as f:
        error = fetch_error(f, url)
    assert error.kind == "blocked_address"
    assert forbidden.connections == 0


def test_fetch_dials_the_address_it_checked(
    allowed: LoopbackServer, forbidden: LoopbackServer
) -> None:
    # Rebinding within one fetch: one lookup, and the connection goes to that answer.
    resolve = _rebinding("127.0.0.2", then="127.0.0.3")
    with fetcher("127.0.0.2", resolve) as f:
        result = f.fetch(FetchRequest(f"http://rebind.test:{allowed.port}/feed"))
    assert result.body == b"<rss/>" and result.remote_address == "127.0.0.2"
    assert resolve.calls == [("rebind.test", allowed.port)]  # type: ignore[attr-defined]
    assert forbidden.connections == 0


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirect_to_a_forbidden_address_is_blocked(
    allowed: LoopbackServer, forbidden: LoopbackServer, status: int
) -> None:
    allowed.route("/hop", status=status, headers={"Location": forbidden.url("/secret")})
    with fetcher("127.0.0.2") as f:
        error = fetch_error(f, allowed.url("/hop"))
    assert error.kind == "blocked_address" and "redirect" in error.message
    assert forbidden.connections == 0


def test_redirect_to_a_name_resolving_to_a_forbidden_address_is_blocked(
    allowed: LoopbackServer, forbidden: LoopbackServer
) -> None:
    resolve = stub_resolver({"internal.test": ["127.0.0.3"]})
    allowed.route(
        "/hop", status=302, headers={"Location": f"http://internal.test:{forbidden.port}/secret"}
    )
    with fetcher("127.0.0.2", resolve) as f:
        assert fetch_error(f, allowed.url("/hop")).kind == "blocked_address"
    assert forbidden.connections == 0


@pytest.mark.parametrize(
    ("location", "kind"),
    [
        ("file:///etc/passwd", "bad_url"),
        ("gopher://127.0.0.2:70/", "bad_url"),
        ("javascript:alert(1)", "bad_url"),
        ("http://localhost/", "blocked_address"),
        ("http://169.254.169.254/latest/meta-data/", "blocked_address"),
    ],
)
def test_permanent_redirect_to_bad_target_is_never_reported(
    allowed: LoopbackServer, location: str, kind: str
) -> None:
    allowed.route("/moved", status=301, headers={"Location": location})
    with fetcher("127.0.0.2") as f:
        error = fetch_error(f, allowed.url("/moved"))
    assert error.kind == kind


def test_permanent_redirect_to_allowed_url_is_reported_validated(allowed: LoopbackServer) -> None:
    allowed.route("/old", status=301, headers={"Location": "/feed"})
    with fetcher("127.0.0.2") as f:
        result = f.fetch(FetchRequest(allowed.url("/old")))
    assert result.permanent_redirect == allowed.url("/feed")
    assert result.url == allowed.url("/feed") and result.requested_url == allowed.url("/old")


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "HTTPS_PROXY"])
def test_proxy_environment_is_ignored(
    monkeypatch: pytest.MonkeyPatch, allowed: LoopbackServer, variable: str
) -> None:
    with LoopbackServer() as proxy:
        monkeypatch.setenv(variable, proxy.url("/"))
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        with fetcher("127.0.0.1,127.0.0.2") as f:
            assert f.fetch(FetchRequest(allowed.url("/feed"))).body == b"<rss/>"
        assert proxy.connections == 0
    assert allowed.paths() == ["/feed"]


def test_check_url_refuses_then_fetch_agrees() -> None:  # subscribe and fetch time
    with LoopbackServer() as server:
        with pytest.raises(UrlRejected):
            check_url(server.url("/feed"), AddressPolicy())
        with fetcher("") as f:
            assert fetch_error(f, server.url("/feed")).kind == "blocked_address"
        assert server.connections == 0
