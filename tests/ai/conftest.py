"""A real OpenAI-compatible chat server on 127.0.0.1 for the language-model tests.

It records every request (path, headers, JSON body) and answers from a queue of
canned behaviours: a completion with given content, a refusal, a raw HTTP status,
or a completion sent only after a delay (to test time-outs).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"


@dataclass
class Canned:
    content: str | None = None
    refusal: str | None = None
    status: int = 200
    raw: bytes | None = None
    delay_s: float = 0.0


@dataclass
class StubLLM:
    server: ThreadingHTTPServer
    queue: list[Canned] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def reply(self, content: str | dict[str, Any], **kw: Any) -> None:
        text = content if isinstance(content, str) else json.dumps(content)
        self.queue.append(Canned(content=text, **kw))

    def next(self) -> Canned:
        return self.queue.pop(0) if self.queue else Canned(status=500)


def _handler(stub: StubLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            stub.requests.append(
                {
                    "path": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "json": body,
                }
            )
            canned = stub.next()
            if canned.delay_s:
                time.sleep(canned.delay_s)
            if canned.raw is not None:
                payload = canned.raw
            else:
                message: dict[str, Any] = {"role": "assistant", "content": canned.content}
                if canned.refusal is not None:
                    message["refusal"] = canned.refusal
                payload = json.dumps(
                    {
                        "id": "chatcmpl-test",
                        "object": "chat.completion",
                        "model": (body or {}).get("model"),
                        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                    }
                ).encode()
            try:
                self.send_response(canned.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the client gave up (time-out test)

    return Handler


@pytest.fixture
def stub_llm() -> Iterator[StubLLM]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.daemon_threads = True
    stub = StubLLM(server)
    server.RequestHandlerClass = _handler(stub)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record (and refuse) every outgoing connection attempt made during the test."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise AssertionError(f"network connection attempted to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


@pytest.fixture(scope="session")
def article() -> tuple[str, str]:
    title, body = (
        (DATA / "enrich" / "diplomatic_visit.txt").read_text(encoding="utf-8").split("\n", 1)
    )
    return title, body
