"""Check a model's claims against the numbered sentences it was given.

The model answers in JSON: ``{"claims": [{"text": ..., "sentences": [ids],
"quote": optional}]}``. A citation to a sentence that does not exist is
dropped; a quote that is not in the cited text is dropped; a claim that shares
no content word with what it cites is treated as unsupported and dropped; a
claim left without valid citations is dropped. What survives is grounded; if
nothing does, the caller falls back to the extractive result.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsdesk.enrich.words import content_terms

_MAX_CLAIMS = 12
_MAX_CLAIM_CHARS = 600
_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


@dataclass(frozen=True, slots=True)
class NumberedSentence:
    id: int  # the number shown to the model, 1-based
    text: str  # verbatim from the source text
    source_index: int = 0  # which source (for story briefings)


@dataclass(frozen=True, slots=True)
class GroundedClaim:
    text: str
    sentence_ids: tuple[int, ...]
    quotes: tuple[str, ...]  # verbatim sentence texts the claim rests on


@dataclass(frozen=True, slots=True)
class Grounding:
    claims: tuple[GroundedClaim, ...]
    dropped: int  # claims the model made that failed the checks
    error: str | None  # why nothing usable came back, None when claims survived
    payload: dict[str, Any] | None  # the parsed JSON, for fields beyond "claims"


def parse_json_object(raw: str | None) -> dict[str, Any] | None:
    """The first JSON object in ``raw`` (plain, or inside a ```json fence), else None."""
    if not raw:
        return None
    for candidate in (raw, *_FENCE.findall(raw), _outer_braces(raw)):
        if not candidate:
            continue
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


def _outer_braces(raw: str) -> str:
    start, end = raw.find("{"), raw.rfind("}")
    return raw[start : end + 1] if 0 <= start < end else ""


def ground(raw: str | None, sentences: Sequence[NumberedSentence]) -> Grounding:
    """Parse ``raw`` and keep only the claims that the numbered sentences support."""
    payload = parse_json_object(raw)
    if payload is None:
        return Grounding((), 0, "malformed JSON from the model", None)
    items = payload.get("claims")
    if not isinstance(items, list):
        return Grounding((), 0, "no claims in the model's JSON", payload)
    by_id = {s.id: s for s in sentences}
    kept: list[GroundedClaim] = []
    dropped = 0
    for item in items[:_MAX_CLAIMS]:
        claim = _check(item, by_id)
        if claim is None:
            dropped += 1
        else:
            kept.append(claim)
    dropped += max(0, len(items) - _MAX_CLAIMS)
    error = None if kept else "no claim cited the article correctly"
    return Grounding(tuple(kept), dropped, error, payload)


def _check(item: object, by_id: dict[int, NumberedSentence]) -> GroundedClaim | None:
    if not isinstance(item, dict):
        return None
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        return None
    text = " ".join(text.split())[:_MAX_CLAIM_CHARS]
    ids = item.get("sentences", item.get("sentence_ids", []))
    if isinstance(ids, int):
        ids = [ids]
    if not isinstance(ids, list):
        return None
    valid = [
        i
        for i in dict.fromkeys(ids)
        if isinstance(i, int) and not isinstance(i, bool) and i in by_id
    ]
    if not valid:
        return None
    cited = " ".join(by_id[i].text for i in valid)
    quote = item.get("quote")
    if isinstance(quote, str) and quote.strip() and _squash(quote) not in _squash(cited):
        return None  # the model misquoted what it cites: do not trust the claim
    claim_terms = set(content_terms(text))
    if claim_terms and not claim_terms & set(content_terms(cited)):
        return None  # cites a sentence about something else
    return GroundedClaim(text, tuple(valid), tuple(by_id[i].text for i in valid))


def _squash(text: str) -> str:
    """Whitespace- and quote-style-insensitive form for comparing quotes."""
    text = (
        text.replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("\u2018", "'")
        .replace("\u2019", "'")
    )
    return " ".join(text.split()).casefold()
