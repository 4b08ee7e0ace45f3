"""Plain-text hygiene shared by every stage that reads publisher text.

Publishers send NUL bytes, C0 controls, lone surrogates and non-characters
(docs/threat-model.md). SQLite stores them, PostgreSQL refuses NUL, browsers render
some of them as spoofing glyphs: every string that reaches storage goes through
``scrub`` first. Bidi overrides and zero-width characters are kept (they are
legitimate in Arabic or Persian text) and isolated at render time instead.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except TAB, LF, CR; DEL; C1 controls; lone surrogates; U+FFFE/U+FFFF
# and the other non-characters of the BMP.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def scrub(value: str | None) -> str:
    """Remove characters that must never be stored; keep everything else as sent."""
    if not value:
        return ""
    return _FORBIDDEN.sub("", value)


def clip(value: str, limit: int) -> str:
    """Cut ``value`` to at most ``limit`` characters without splitting a word when possible."""
    if len(value) <= limit:
        return value
    cut = value[:limit]
    space = cut.rfind(" ", int(limit * 0.8))
    return (cut[:space] if space > 0 else cut).rstrip() + "…"


def one_line(value: str | None, limit: int = 1000) -> str:
    """A scrubbed single-line field (title, author, publisher name), whitespace collapsed."""
    text = scrub(value)
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    return clip(text, limit)


def paragraphs(value: str | None) -> str:
    """A scrubbed multi-paragraph body: paragraphs separated by exactly one blank line."""
    text = scrub(value).replace("\r\n", "\n").replace("\r", "\n")
    parts = []
    for block in _BLANK_LINES.split(text):
        lines = [_SPACES.sub(" ", line).strip() for line in block.split("\n")]
        joined = " ".join(line for line in lines if line)
        if joined:
            parts.append(joined)
    return "\n\n".join(parts)
