"""Which of several copies of one text is the original to credit."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class CopyCandidate:
    doc_id: str
    url: str
    publisher: str
    published_at: datetime | None
    body_text: str = ""
    byline: str = ""


@dataclass(frozen=True, slots=True)
class Agency:
    name: str
    credit: re.Pattern[str]  # how copies credit it in a dateline or byline
    domains: tuple[str, ...]


AGENCIES = (
    Agency("Reuters", re.compile(r"\(Reuters\)|\bReuters\b"), ("reuters.com",)),
    Agency(
        "Associated Press",
        re.compile(r"\(AP\)|\bAssociated Press\b|\bAP\b(?= *[-\u2014\u2013])"),
        ("apnews.com", "ap.org"),
    ),
    Agency("AFP", re.compile(r"\(AFP\)|\bAFP\b|Agence France[- ]Presse"), ("afp.com",)),
)
# A credit counts only near the start (dateline) or in the byline, not in quotes deep
# inside the story ("... told Reuters").
_DATELINE_CHARS = 160


def credited_agency(candidate: CopyCandidate) -> Agency | None:
    head = candidate.body_text.lstrip()[:_DATELINE_CHARS]
    for agency in AGENCIES:
        if agency.credit.search(head) or agency.credit.search(candidate.byline):
            return agency
    return None


def _is_agency_site(candidate: CopyCandidate, agency: Agency) -> bool:
    host = (urlsplit(candidate.url).hostname or "").lower()
    on_domain = any(host == d or host.endswith("." + d) for d in agency.domains)
    return on_domain or candidate.publisher.strip().casefold() == agency.name.casefold()


def _earliest_key(c: CopyCandidate) -> tuple[bool, float, str]:
    # Unknown times last; timestamp() compares across time zones.
    return (c.published_at is None, c.published_at.timestamp() if c.published_at else 0.0, c.doc_id)


def choose_original(copies: Sequence[CopyCandidate]) -> CopyCandidate:
    """The copy to credit: the wire agency's own publication when one copy is the
    agency named in the datelines/bylines; else the earliest copy crediting an agency
    (so "(Reuters)" wins over a site that stripped the credit); else the earliest."""
    if not copies:
        raise ValueError("choose_original needs at least one copy")
    credits = [(c, credited_agency(c)) for c in copies]
    named = {a.name: a for _, a in credits if a is not None}
    for agency in named.values():
        own = [c for c in copies if _is_agency_site(c, agency)]
        if own:
            return min(own, key=_earliest_key)
    crediting = [c for c, a in credits if a is not None]
    return min(crediting or list(copies), key=_earliest_key)
