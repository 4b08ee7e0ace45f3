"""Scorer of the article-extraction benchmark (scrapinghub/Zyte), as its README describes.

Written from the description in ../shared/bench/extraction/README.md: 4-token shingles
over ``\\w+`` tokens, per-page counts normalised to sum 1, corpus precision averaged over
pages with output, corpus recall over pages with gold, F1 = harmonic mean of the two.
Kept importable (no side effects) so the quality-gate test scores exactly like the bench.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


@dataclass(frozen=True, slots=True)
class PageCounts:
    """True/false positive and false negative shingle shares of one page (sum 1, or all 0)."""

    tp: float
    fp: float
    fn: float
    exact: bool


@dataclass(frozen=True, slots=True)
class Score:
    f1: float
    precision: float
    recall: float
    accuracy: float
    pages: int


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    url: str
    gold: str
    html: bytes


def tokens(text: str | None) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(words: list[str], n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    # A text shorter than n tokens is one (short) window; an empty text has none.
    windows = (tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)))
    return Counter(w for w in windows if w)


def count_page(gold: str | None, predicted: str | None) -> PageCounts:
    gold_words, pred_words = tokens(gold), tokens(predicted)
    truth, pred = shingles(gold_words), shingles(pred_words)
    tp = float(sum((truth & pred).values()))
    fp = float(sum((pred - truth).values()))
    fn = float(sum((truth - pred).values()))
    total = tp + fp + fn
    if total > 0:
        tp, fp, fn = tp / total, fp / total, fn / total
    return PageCounts(tp, fp, fn, exact=gold_words == pred_words)


def _precision(c: PageCounts) -> float:
    if c.fp == c.fn == 0:
        return 1.0
    return c.tp / (c.tp + c.fp) if c.tp + c.fp else 0.0


def _recall(c: PageCounts) -> float:
    if c.fp == c.fn == 0:
        return 1.0
    return c.tp / (c.tp + c.fn) if c.tp + c.fn else 0.0


def score(counts: Iterable[PageCounts]) -> Score:
    pages = list(counts)
    p_values = [_precision(c) for c in pages if c.tp + c.fp > 0]
    r_values = [_recall(c) for c in pages if c.tp + c.fn > 0]
    precision = statistics.mean(p_values) if p_values else 0.0
    recall = statistics.mean(r_values) if r_values else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(c.exact for c in pages) / len(pages) if pages else 0.0
    return Score(f1, precision, recall, accuracy, len(pages))


def score_outputs(gold: dict[str, str], outputs: dict[str, str | None]) -> Score:
    return score(count_page(gold[key], outputs.get(key)) for key in gold)


def load_gold(root: Path) -> dict[str, str]:
    data = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    return {key: value.get("articleBody", "") for key, value in data.items()}


def load_reference(path: Path) -> dict[str, str | None]:
    """A published output file: ``{"output": {id: {...}}}`` or the unwrapped ``{id: {...}}``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data = data.get("output", data) if isinstance(data.get("output"), dict) else data
    return {key: (value or {}).get("articleBody") for key, value in data.items()}


def pages(root: Path) -> Iterator[Page]:
    data = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(data):
        raw = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        yield Page(key, data[key].get("url", ""), data[key].get("articleBody", ""), raw)


def bench_root() -> Path:
    return Path(__file__).resolve().parents[1] / ".." / "shared" / "bench" / "extraction"
