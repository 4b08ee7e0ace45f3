"""The search box's little language, parsed into a plain value (no Django, no database).

    treaty "border crossing" -sport OR football source:gazette tag:Belarus lang:en
    after:2026-01-01 before:2026-02-01

Words are cut where the indexes cut them (runs of letters and digits, lower-cased), so
``foo-bar`` becomes the phrase "foo bar" and punctuation, SQL or wildcards are just
separators: nothing the reader types reaches a query language unquoted. Terms side by
side must all match; ``OR`` between two terms lets either match; ``-term`` excludes;
``"..."`` is a phrase (an unclosed quote runs to the end). ``before:`` excludes its day,
``after:`` includes it (dates in UTC).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

MAX_QUERY_CHARS = 500
MAX_TERMS = 24
MAX_FILTER_VALUES = 10
FILTERS = ("source", "tag", "lang", "before", "after")

# One token of the raw query: an optional minus, an optional known field, then a quoted
# phrase (closed or running to the end) or a bare run of non-space characters.
_TOKEN = re.compile(r'(-?)(?:([A-Za-z]+):)?(?:"([^"]*)"?|(\S+))')
_WORD = re.compile(r"[^\W_]+")
_DATE = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")


class QueryError(ValueError):
    """The query cannot be searched; the message says why, in words for the reader."""


@dataclass(frozen=True, slots=True)
class Term:
    """One or more words that must appear together, in order (one word: anywhere)."""

    words: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True, slots=True)
class SearchQuery:
    # All clauses must match; a clause matches when any of its terms does.
    clauses: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    before: date | None = None
    after: date | None = None

    @property
    def has_text(self) -> bool:
        return bool(self.clauses)

    @property
    def has_filters(self) -> bool:
        return bool(
            self.sources or self.tags or self.langs or self.before or self.after or self.excluded
        )

    @property
    def is_empty(self) -> bool:
        return not self.has_text and not self.has_filters

    def highlight_words(self) -> tuple[str, ...]:
        """Words worth marking in a snippet: every word of every positive term."""
        seen: dict[str, None] = {}
        for clause in self.clauses:
            for term in clause:
                seen.update(dict.fromkeys(term.words))
        return tuple(seen)


def words_of(text: str) -> tuple[str, ...]:
    """The index's words: runs of letters and digits, lower-cased."""
    return tuple(w.lower() for w in _WORD.findall(text))


def _parse_date(name: str, value: str) -> date:
    match = _DATE.match(value.strip())
    if match is None:
        raise QueryError(f"{name}: needs a date written YYYY-MM-DD, not {value[:40]!r}.")
    year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
    try:
        return date(year, month, day)
    except ValueError:
        raise QueryError(f"{name}: {value[:40]!r} is not a real date.") from None


@dataclass
class _Builder:
    clauses: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in FILTERS})
    pending_or: bool = False
    last_negative: bool = False
    terms: int = 0

    def add_term(self, term: Term, negative: bool) -> None:
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryError(f"Too many terms: at most {MAX_TERMS} words or phrases.")
        if negative:
            self.excluded.append(term)
        elif self.pending_or and self.clauses:
            self.clauses[-1].append(term)
        else:
            self.clauses.append([term])
        self.pending_or = False
        self.last_negative = negative

    def add_filter(self, name: str, value: str) -> None:
        values = self.filters[name]
        if len(values) >= MAX_FILTER_VALUES:
            raise QueryError(f"{name}: at most {MAX_FILTER_VALUES} values.")
        values.append(value)


def parse(raw: str) -> SearchQuery:
    """Parse what the reader typed; raises ``QueryError`` only for input that cannot be
    searched at all (too long, too many terms, a malformed date)."""
    if len(raw) > MAX_QUERY_CHARS:
        raise QueryError(f"The query is too long: at most {MAX_QUERY_CHARS} characters.")
    text = raw.replace("\x00", " ")
    builder = _Builder()
    for match in _TOKEN.finditer(text):
        minus, name, quoted, bare = match.group(1), match.group(2), match.group(3), match.group(4)
        value = quoted if quoted is not None else bare or ""
        key = (name or "").lower()
        if key in FILTERS:
            if minus:
                raise QueryError(f"-{key}: cannot exclude; search within {key}: instead.")
            if value.strip():
                builder.add_filter(key, value.strip())
            continue
        if name and not quoted:
            value = f"{name}:{value}"  # an unknown field is just words ("http://x" too)
        elif name:
            value = f"{name} {value}"
        if not minus and not name and quoted is None and value == "OR":
            # OR joins two positive terms; after an excluded term it means nothing.
            builder.pending_or = bool(builder.clauses) and not builder.last_negative
            continue
        words = words_of(value)
        if words:
            builder.add_term(Term(words), negative=bool(minus))
    filters = builder.filters
    return SearchQuery(
        clauses=tuple(tuple(c) for c in builder.clauses),
        excluded=tuple(dict.fromkeys(builder.excluded)),
        sources=tuple(dict.fromkeys(filters["source"])),
        tags=tuple(dict.fromkeys(filters["tag"])),
        langs=tuple(dict.fromkeys(v.lower() for v in filters["lang"])),
        before=min((_parse_date("before", v) for v in filters["before"]), default=None),
        after=max((_parse_date("after", v) for v in filters["after"]), default=None),
    )
