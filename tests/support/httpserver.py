"""A tiny threaded HTTP/1.1 server on a loopback address, for tests that need a real peer.

Usage::

    from tests.support.httpserver import LoopbackServer, loopback_server  # fixture

    def test_x(loopback_server):
        loopback_server.route("/feed.xml", body=b"<rss/>", headers={"Content-Type": "application/rss+xml"})
        ... fetch loopback_server.url("/feed.xml") ...
        assert loopback_server.paths() == ["/feed.xml"]

    with LoopbackServer(host="127.0.0.2") as other:  # any 127/8 address works on Linux
        other.route_raw("/slow", drip(b"HTTP/1.1 200 OK\\r\\n...", interval=0.5))

Every request is recorded (``requests``: method, path, lower-cased headers) before
any handler runs, and every accepted TCP connection is counted (``connections``), so
an SSRF test can assert that nothing reached the server at all. ``max_concurrent``
is the most requests that were being handled at once. Unknown paths get 404.
Responses always carry ``Connection: close``: one request per connection keeps the
counts exact. Pass an ``ssl.SSLContext`` (server side) as ``tls`` to serve HTTPS.

``stub_resolver`` points made-up host names at these servers (DNS is injectable
in ``newsdesk.ingest``), including rebinding answers that change between calls.

Raw behaviours receive the client socket and the parsed request and may write
anything; they should return when ``server.stopping`` is set.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

from newsdesk.ingest.addresses import Resolver

MAX_REQUEST_HEAD = 64 * 1024


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str  # the request target as sent, query included
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-cased names


Behaviour = Callable[["socket.socket", RecordedRequest, "LoopbackServer"], None]


def build_response(
    status: int = 200, body: bytes = b"", headers: Mapping[str, str] | None = None
) -> bytes:
    """Raw bytes of a complete HTTP/1.1 response with Content-Length and Connection: close."""
    lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}"]
    given = {k.lower() for k in (headers or {})}
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if "content-length" not in given and "transfer-encoding" not in given:
        lines.append(f"Content-Length: {len(body)}")
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def respond(
    status: int = 200,
    body: bytes = b"",
    headers: Mapping[str, str] | None = None,
    delay: float = 0.0,
) -> Behaviour:
    """Answer after ``delay`` seconds with a complete response."""
    data = build_response(status, body, headers)

    def behaviour(sock: socket.socket, request: RecordedRequest, server: LoopbackServer) -> None:
        if delay:
            server.stopping.wait(delay)
        # Answered: from here the client may read the response and start its next
        # request before this thread runs again, so the request stops counting now.
        server.answered(request)
        sock.sendall(data)

    return behaviour


def raw(data: bytes) -> Behaviour:
    """Send ``data`` verbatim (malformed or oversized heads, odd encodings)."""

    def behaviour(sock: socket.socket, request: RecordedRequest, server: LoopbackServer) -> None:
        sock.sendall(data)

    return behaviour


def drip(data: bytes, interval: float = 0.5) -> Behaviour:
    """Send ``data`` one byte every ``interval`` seconds (a slowloris in reverse)."""

    def behaviour(sock: socket.socket, request: RecordedRequest, server: LoopbackServer) -> None:
        for index in range(len(data)):
            if server.stopping.is_set():
                return
            sock.sendall(data[index : index + 1])
            server.stopping.wait(interval)

    return behaviour


def never_send_headers() -> Behaviour:
    """Accept the request, then say nothing until the client leaves or the server stops."""

    def behaviour(sock: socket.socket, request: RecordedRequest, server: LoopbackServer) -> None:
        sock.settimeout(0.2)
        while not server.stopping.is_set():
            try:
                if sock.recv(1) == b"":
                    return  # client closed
            except TimeoutError:
                continue

    return behaviour


def endless_chunked(
    chunk: bytes = b"<item>x</item>" * 4096, headers: Mapping[str, str] | None = None
) -> Behaviour:
    """A chunked 200 whose body never ends, until the client disconnects."""
    head = {
        "Content-Type": "application/rss+xml",
        "Transfer-Encoding": "chunked",
        **(headers or {}),
    }
    framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"

    def behaviour(sock: socket.socket, request: RecordedRequest, server: LoopbackServer) -> None:
        sock.sendall(build_response(200, b"", head))
        while not server.stopping.is_set():
            sock.sendall(framed)

    return behaviour


class _Handler(socketserver.BaseRequestHandler):
    server: _TCPServer

    def handle(self) -> None:
        owner = self.server.owner
        sock: socket.socket = self.request
        sock.settimeout(10)
        try:
            if isinstance(sock, ssl.SSLSocket):
                sock.do_handshake()
            request = _read_request(sock)
        except (OSError, ValueError):
            return
        if request is None:
            return
        owner._begin(request)
        try:
            owner._behaviour_for(request.path)(sock, request, owner)
        except OSError:
            pass  # the client went away: that is what most raw behaviours wait for
        finally:
            owner._end(request)


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    owner: LoopbackServer

    def get_request(self) -> tuple[socket.socket, object]:
        sock, address = self.socket.accept()
        if self.owner.tls is not None:
            sock = self.owner.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        with self.owner._lock:
            self.owner.connections += 1
            self.owner._open.add(sock)
        return sock, address


def _read_request(sock: socket.socket) -> RecordedRequest | None:
    data = b""
    while b"\r\n\r\n" not in data:
        piece = sock.recv(65536)
        if not piece:
            return None
        data += piece
        if len(data) > MAX_REQUEST_HEAD:
            raise ValueError("request head too large")
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    request_line, *header_lines = head.split("\r\n")
    method, target, _ = request_line.split(" ", 2)
    headers: dict[str, str] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return RecordedRequest(method, target, headers)


class LoopbackServer:
    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, tls: ssl.SSLContext | None = None
    ) -> None:
        self.host = host
        self.tls = tls
        self.stopping = threading.Event()
        self.connections = 0
        self.max_concurrent = 0
        self._active = 0
        self._answered: set[int] = set()  # ids of requests no longer counted
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._routes: dict[str, Behaviour] = {}
        self._open: set[socket.socket] = set()
        self._server = _TCPServer((host, port), _Handler)
        self._server.owner = self
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def origin(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.origin + path

    def route(
        self,
        path: str,
        status: int = 200,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
        delay: float = 0.0,
    ) -> None:
        self._routes[path] = respond(status, body, headers, delay)

    def route_raw(self, path: str, behaviour: Behaviour) -> None:
        self._routes[path] = behaviour

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _behaviour_for(self, target: str) -> Behaviour:
        path = target.split("?", 1)[0]
        return self._routes.get(target) or self._routes.get(path) or respond(404, b"not found")

    def _begin(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)
            self._active += 1
            self.max_concurrent = max(self.max_concurrent, self._active)

    def answered(self, request: RecordedRequest) -> None:
        """The request no longer counts as in flight (called once its answer is ready)."""
        with self._lock:
            if id(request) not in self._answered:
                self._answered.add(id(request))
                self._active -= 1

    def _end(self, request: RecordedRequest) -> None:
        self.answered(request)
        with self._lock:
            self._answered.discard(id(request))


def stub_resolver(
    answers: Mapping[str, Sequence[str]] | Callable[[str, int], Sequence[str]],
) -> Resolver:
    """A ``socket.getaddrinfo`` stand-in: ``{"feeds.test": ["127.0.0.1"]}`` or a function
    ``(host, port) -> [ip, ...]``. Unknown names raise ``socket.gaierror``. ``calls``
    lists every (host, port) looked up."""
    calls: list[tuple[str, int]] = []

    def resolve(host: str, port: int) -> list[tuple[Any, ...]]:
        calls.append((host, port))
        ips = answers(host, port) if callable(answers) else answers.get(host)
        if not ips:
            raise socket.gaierror(socket.EAI_NONAME, f"{host} not in stub resolver")
        return [
            (
                socket.AF_INET6 if ":" in ip else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (ip, port),
            )
            for ip in ips
        ]

    resolve.calls = calls  # type: ignore[attr-defined]
    return resolve


def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Poll ``predicate`` until true or ``timeout``: for asserting on server-side effects."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


@pytest.fixture
def loopback_server() -> Iterator[LoopbackServer]:
    """A started LoopbackServer on 127.0.0.1, stopped after the test."""
    with LoopbackServer() as server:
        yield server


_REASONS = {
    200: "OK", 204: "No Content", 301: "Moved Permanently", 302: "Found", 303: "See Other",
    304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect",
    400: "Bad Request", 403: "Forbidden", 404: "Not Found", 410: "Gone",
    429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
    503: "Service Unavailable",
}  # fmt: skip
