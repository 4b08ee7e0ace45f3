"""The feed-parser process: ``python -m newsdesk.ingest.feeds.parser_process`` (isolation.py).

Reads length-prefixed pickled requests on stdin, answers on the original stdout;
exits at end of input. Kept out of the package's imports so that ``-m`` runs it fresh.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from typing import Any

from newsdesk.ingest.feeds.isolation import MEMORY_ENV, read_frame_until, write_frame
from newsdesk.ingest.feeds.model import FeedParseError
from newsdesk.ingest.feeds.syndication import parse_feed_here


def targets() -> dict[str, Callable[..., Any]]:
    """What the parent may ask this process to run, by name."""
    return {"feed": parse_feed_here}


def serve() -> None:
    """The parser process loop: read a request, run it, answer; exit at end of input."""
    # Our answers own the real stdout; anything a library prints goes to stderr.
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    _limit_memory(int(os.environ.get(MEMORY_ENV, "0") or 0))
    known = targets()
    requests = sys.stdin.buffer.fileno()
    while True:
        try:
            name, args = pickle.loads(read_frame_until(requests, None))  # noqa: S301
        except EOFError:
            return
        try:
            outcome: tuple[Any, ...] = ("ok", known[name](*args))
        except FeedParseError as exc:
            outcome = ("error", exc.kind, exc.message)
        except BaseException as exc:  # reported, never re-raised: the parent decides
            outcome = ("crash", type(exc).__name__)
        try:
            payload = pickle.dumps(outcome, protocol=5)
        except Exception as exc:
            payload = pickle.dumps(("crash", f"result not transferable: {type(exc).__name__}"))
        write_frame(answers, payload)


def _limit_memory(memory_bytes: int) -> None:
    if memory_bytes <= 0:
        return
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    except (ImportError, ValueError, OSError):
        pass  # not on this platform, or a lower hard limit already: keep it


if __name__ == "__main__":
    serve()
