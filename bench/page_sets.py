"""The two shared extraction sets, loaded the same way, and the scoring of metadata.

- AEB: ../shared/bench/extraction (181 article pages, gold bodies only; MIT).
- web-pages: ../shared/bench/web-pages (WCXB development split by Murrough Foley,
  CC-BY-4.0: 1,497 pages of seven page types with gold body, title, author and date).

Each page falls in a stable half ("tune" or "check") by a hash of its id, so that a
change tuned on one half is judged on the other. Importable without side effects: the
quality-gate tests load pages exactly as the bench does.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "bench"
HALVES = ("tune", "check")
_WORD = re.compile(r"\w+")
# Words that decorate a byline without naming anyone.
_BYLINE_NOISE = frozenset({"by", "and", "written", "posted"})


@dataclass(frozen=True, slots=True)
class GoldPage:
    id: str
    url: str
    html: bytes
    body: str
    page_type: str = "article"
    title: str = ""
    author: str = ""
    date: str = ""
    with_snippets: tuple[str, ...] = ()
    without_snippets: tuple[str, ...] = ()

    @property
    def half(self) -> str:
        return half(self.id)


def half(page_id: str) -> str:
    """ "tune" or "check": the first byte of the id's SHA-1, even or odd."""
    return HALVES[hashlib.sha1(page_id.encode()).digest()[0] % 2]


def aeb(root: Path | None = None) -> Iterator[GoldPage]:
    root = root or SHARED / "extraction"
    data = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(data):
        raw = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        yield GoldPage(key, data[key].get("url", ""), raw, data[key].get("articleBody", ""))


def web_pages(root: Path | None = None) -> Iterator[GoldPage]:
    root = root or SHARED / "web-pages"
    data = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(data):
        record = data[key]
        raw = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        yield GoldPage(
            id=key,
            url=record.get("url", ""),
            html=raw,
            body=record.get("articleBody", ""),
            page_type=record.get("page_type", ""),
            title=record.get("title", "") or "",
            author=record.get("author", "") or "",
            date=record.get("date", "") or "",
            with_snippets=tuple(record.get("with") or ()),
            without_snippets=tuple(record.get("without") or ()),
        )


def same_title(gold: str, found: str | None) -> bool:
    """Exact match after collapsing whitespace and case."""
    return " ".join(gold.split()).casefold() == " ".join((found or "").split()).casefold()


def same_author(gold: str, found: str | None) -> bool:
    """The same set of name words, ignoring case, punctuation and "by"/"and"."""
    return _name_words(gold) == _name_words(found or "")


def same_date(gold: str, found: str | None) -> bool:
    """The same calendar day (gold is an ISO date; ``found`` any ISO date or datetime)."""
    return bool(found) and gold[:10] == (found or "")[:10]


def _name_words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.casefold()) if w not in _BYLINE_NOISE)


def snippet_counts(page: GoldPage, text: str | None) -> tuple[int, int, int]:
    """(true positives, false negatives, false positives) of the with/without snippets."""
    flat = " ".join((text or "").split())
    present = [" ".join(s.split()) in flat for s in page.with_snippets]
    leaked = [" ".join(s.split()) in flat for s in page.without_snippets]
    return sum(present), len(present) - sum(present), sum(leaked)
