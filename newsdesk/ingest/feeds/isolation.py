"""Run the feed parser in a separate process with a wall-clock deadline and a memory ceiling.

Why a process: feedparser's cost is per XML element (~30 us in the strict parser,
~45 us more when a malformed document falls back to the loose one), so 100k nested
``<div>``s in one description take 3-4 s and 15 MiB of ``<b/>`` would take minutes.
guard.py removes the known cheap-input edges (entities, the e-mail ReDoS, extra
items), but element density cannot be capped on text without breaking real XHTML
content. A thread cannot be stopped and ``signal.alarm`` works only in the main
thread, so the parse runs in a parser process that is killed at the deadline
(the parse must run under a time limit, see docs/threat-model.md).

Why not ``multiprocessing``: its spawn/forkserver children re-import the parent's
``__main__`` (a CLI or manage.py: side effects and ~100 ms per child), and plain
``fork`` in a threaded task runner can deadlock on a lock held by another thread. So the
parser processes are ``python -m newsdesk.ingest.feeds.parser_process`` subprocesses, kept warm
in a small pool and spoken to over pipes (length-prefixed pickles). Measured cost:
~1-3 ms per parse on top of the parse itself, ~0.3 s to start a parser process (once, and
after each kill).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import IO, Any

from newsdesk.ingest.feeds.model import FeedParseError

log = logging.getLogger(__name__)

_HEADER = struct.Struct(">Q")
MAX_IDLE = 4  # warm parser processes kept between parses
MAX_USES = 500  # a parser is replaced after this many parses (bounds slow leaks)
# Internal channel from the parent to its parser processes, not an operator setting.
MEMORY_ENV = "_NEWSDESK_PARSER_MEMORY"


class _Died(Exception):
    pass


class _ParserProcess:
    def __init__(self, memory_bytes: int) -> None:
        path = os.pathsep.join(p for p in sys.path if p)
        env = dict(os.environ, PYTHONPATH=path, **{MEMORY_ENV: str(memory_bytes)})
        self.memory_bytes = memory_bytes
        self.uses = 0
        self.process = subprocess.Popen(
            [sys.executable, "-m", "newsdesk.ingest.feeds.parser_process"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            close_fds=True,
        )

    def call(self, name: str, args: tuple[Any, ...], seconds: float) -> tuple[Any, ...]:
        deadline = time.monotonic() + seconds
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            write_frame(self.process.stdin, pickle.dumps((name, args), protocol=5))
        except (BrokenPipeError, OSError) as exc:
            raise _Died(str(exc)) from None
        data = read_frame_until(self.process.stdout.fileno(), deadline)
        self.uses += 1
        outcome = pickle.loads(data)  # noqa: S301 - our own parser process, our own dataclasses
        return outcome  # type: ignore[no-any-return]

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


class _TimedOut(Exception):
    pass


_lock = threading.Lock()
_idle: list[_ParserProcess] = []


def run_isolated(
    name: str,
    args: tuple[Any, ...],
    *,
    here: Callable[..., Any],
    seconds: float,
    memory_bytes: int,
) -> Any:
    """The target ``name`` (see ``parser_process.targets``) called with ``args`` in a
    parser process; ``here`` is the same target, for when none can be started.

    Raises FeedParseError ``too_slow`` after ``seconds``, ``malformed`` when the
    parser dies (memory ceiling, crash). Where no parser process can be started the
    call runs in-process (``here``) and the log says so.
    """
    try:
        parser = _acquire(memory_bytes)
    except OSError as exc:
        log.warning("feed parsing runs without a time limit: %s", exc)
        return here(*args)
    try:
        outcome = parser.call(name, args, seconds)
    except _TimedOut:
        parser.kill()
        raise FeedParseError(
            "too_slow", f"Parsing took longer than {seconds:g} s and was stopped."
        ) from None
    except (_Died, EOFError, pickle.UnpicklingError):
        parser.kill()
        raise FeedParseError(
            "malformed", "The parser process died on this document (memory limit or crash)."
        ) from None
    except BaseException:
        parser.kill()
        raise
    _release(parser)
    if outcome[0] == "ok":
        return outcome[1]
    if outcome[0] == "error":
        raise FeedParseError(outcome[1], outcome[2])
    raise FeedParseError("malformed", f"The document could not be parsed ({outcome[1]}).")


def _acquire(memory_bytes: int) -> _ParserProcess:
    with _lock:
        while _idle:
            parser = _idle.pop()
            if parser.process.poll() is None and parser.memory_bytes == memory_bytes:
                return parser
            parser.kill()
    return _ParserProcess(memory_bytes)


def _release(parser: _ParserProcess) -> None:
    with _lock:
        if parser.uses < MAX_USES and len(_idle) < MAX_IDLE and parser.process.poll() is None:
            _idle.append(parser)
            return
    parser.kill()


@atexit.register
def _shutdown() -> None:
    with _lock:
        parsers, _idle[:] = list(_idle), []
    for parser in parsers:
        parser.kill()


def write_frame(stream: IO[bytes], payload: bytes) -> None:
    stream.write(_HEADER.pack(len(payload)))
    stream.write(payload)
    stream.flush()


def _read_exact(fd: int, size: int, deadline: float | None) -> bytes:
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                raise _TimedOut
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def read_frame_until(fd: int, deadline: float | None) -> bytes:
    (size,) = _HEADER.unpack(_read_exact(fd, _HEADER.size, deadline))
    return _read_exact(fd, size, deadline)
