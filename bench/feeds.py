"""Feed parsing cost: guarded newsdesk parser (in-process and isolated) vs bare feedparser.

Prints one row per document: size, items kept, and wall time for
feedparser 6.0.14 alone (BytesIO, default options), newsdesk in-process
(``FeedLimits(isolate=False)``) and newsdesk isolated (worker process with a
deadline, the default). Bare feedparser runs under a 30 s subprocess timeout.

    .venv/bin/python bench/feeds.py
"""

from __future__ import annotations

import io
import multiprocessing
import time
from pathlib import Path

import feedparser

from newsdesk.ingest.feeds import FeedLimits, FeedParseError, parse_source

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "data" / "feeds"


def rss(items: str, prolog: str = "") -> bytes:
    return f"{prolog}<rss version='2.0'><channel><title>T</title>{items}</channel></rss>".encode()


def item(n: int, extra: str = "") -> str:
    return f"<item><title>Item {n}</title><link>https://x.example/{n}</link><guid>g{n}</guid>{extra}</item>"


LOL = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(2, 10))
DOCUMENTS = {
    "rss2.xml fixture": (FIXTURES / "rss2.xml").read_bytes(),
    "atom.xml fixture": (FIXTURES / "atom.xml").read_bytes(),
    "1,000 items": rss("".join(item(n) for n in range(1000))),
    "100,000 items": rss("".join(item(n) for n in range(100_000))),
    "ReDoS author 32 KB": rss(item(0, "<author>x@" + "a." * 16000 + "-</author>")),
    "billion laughs (xml line)": (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l1 "lol">' + LOL + "]>"
    ).encode()
    + rss(item(0, "<description>&l9;</description>")),
    "10 MB entry (CDATA)": rss(
        item(0, "<description><![CDATA[" + "word " * 2_000_000 + "]]></description>")
    ),
    "100k nested <div> (raw)": rss(item(0, "<description>" + "<div>" * 100_000 + "</description>")),
    "sitemap, 60,000 URLs": (
        "<urlset>"
        + "".join(
            f"<url><loc>https://x.example/{n}</loc><lastmod>2026-11-01</lastmod></url>"
            for n in range(60_000)
        )
        + "</urlset>"
    ).encode(),
}


def _bare(body: bytes, queue: multiprocessing.Queue) -> None:
    start = time.perf_counter()
    result = feedparser.parse(io.BytesIO(body))
    queue.put((time.perf_counter() - start, len(result.entries)))


def bare(body: bytes, timeout: float = 30.0) -> str:
    queue: multiprocessing.Queue = multiprocessing.Queue()
    process = multiprocessing.get_context("fork").Process(target=_bare, args=(body, queue))
    process.start()
    process.join(timeout)
    if process.is_alive():
        process.kill()
        process.join()
        return f">{timeout:.0f} s"
    try:
        seconds, _ = queue.get(timeout=1)
    except Exception:
        return "crashed"
    return f"{seconds:.3f} s"


def ours(body: bytes, limits: FeedLimits) -> tuple[str, str]:
    start = time.perf_counter()
    try:
        feed = parse_source(body, url="https://x.example/feed", content_type=None, limits=limits)
        kept = str(len(feed.items))
    except FeedParseError as exc:
        kept = exc.kind
    return f"{time.perf_counter() - start:.3f} s", kept


def main() -> None:
    parse_source(
        DOCUMENTS["rss2.xml fixture"], url="https://x.example/", content_type=None
    )  # warm a worker
    header = f"{'document':28} {'size':>9} {'kept':>9} {'feedparser':>11} {'in-process':>11} {'isolated':>11}"
    print(header)
    print("-" * len(header))
    for name, body in DOCUMENTS.items():
        in_process, kept = ours(body, FeedLimits(isolate=False))
        isolated, _ = ours(body, FeedLimits())
        size = (
            f"{len(body) / 1024:.0f} KB"
            if len(body) < 1 << 20
            else f"{len(body) / (1 << 20):.1f} MB"
        )
        print(f"{name:28} {size:>9} {kept:>9} {bare(body):>11} {in_process:>11} {isolated:>11}")


if __name__ == "__main__":
    main()
