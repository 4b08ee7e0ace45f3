"""A running count for long passes: one rewritten line on a terminal, plain lines otherwise."""

from __future__ import annotations

import time
from typing import TextIO

from newsdesk.worker.runner import QueueCounts


class ProgressLine:
    def __init__(self, stream: TextIO, every: float = 2.0) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.every = every
        self.last_text = ""
        self.last_print = 0.0

    @staticmethod
    def render(c: QueueCounts) -> str:
        # The bar follows all work known so far; totals grow as feeds reveal items.
        total = c.sources_total + c.articles_total + c.stages_total + c.model_total
        done = c.sources_done + c.articles_done + c.stages_done + c.model_done
        width = 24
        filled = int(width * done / total) if total else 0
        bar = "█" * filled + "·" * (width - filled)
        model = f"model work {c.model_done}/{c.model_total} · " if c.model_total else ""
        return (
            f"ingest [{bar}] sources {c.sources_done}/{c.sources_total} · "
            f"articles {c.articles_done}/{c.articles_total} · "
            f"enriched {c.stages_done}/{c.stages_total} · {model}task errors {c.failed}"
        )

    def update(self, counts: QueueCounts) -> None:
        text = self.render(counts)
        now = time.monotonic()
        if self.tty:
            self.stream.write("\r" + text)
            self.stream.flush()
        elif text != self.last_text and now - self.last_print >= self.every:
            self.stream.write(text + "\n")
            self.last_print = now
        self.last_text = text

    def close(self, counts: QueueCounts) -> None:
        self.stream.write(("\r" if self.tty else "") + self.render(counts) + "\n")
        self.stream.flush()
