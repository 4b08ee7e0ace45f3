"""Pre-parse guards for XML sources: what feedparser or lxml must never see.

feedparser 6.0.14 has cheap-input, expensive-output edges (docs/threat-model.md),
all removed here on text, before any parser runs:

- DOCTYPE declarations, wherever they are and whatever they hold (internal
  subsets with entity bombs, ``SYSTEM`` identifiers pointing at files or servers).
  feedparser's own DOCTYPE regex is anchored at a line start, so a DOCTYPE on the
  ``<?xml?>`` line reached expat: billion laughs then cost 1.8 s for 805 bytes.
  With no DOCTYPE there is no entity to expand and no DTD to fetch.
- numeric character references that are not XML characters (``&#xD800;``,
  ``&#x110000;``, ``&#99999999999999999999;``): feedparser's loose parser calls
  ``chr()`` on them and raises uncaught.
- over-long author/e-mail/date text: feedparser runs a quadratic e-mail regex over
  author strings (#562: a 32 KB ``<author>`` took 3.5-15 s). Cut to a few hundred
  characters, the same input takes milliseconds.
- items beyond the cap: feedparser costs ~1 s per MB (100k items: 21 s), so items
  past ``max_items`` are cut out of the text instead of parsed and dropped.

Measured, pre-sanitizing bounds every known edge to well under 1 s at the 15 MiB
input cap, so parsing runs in-process. A subprocess with a timeout would add a fork
and a pickle of up to 15 MB per feed for no known case.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from newsdesk.ingest.feeds.decoding import decode
from newsdesk.ingest.feeds.model import FeedLimits
from newsdesk.plaintext import scrub

_DOCTYPE = re.compile(r"<!DOCTYPE", re.I)
_CHAR_REF = re.compile(r"&(amp;)?#(?:[xX]([0-9A-Fa-f]+)|([0-9]+));?")
_PROLOG = re.compile(r"^[^<]*(?:<\?xml[^>]{0,500}\?>)?", re.I)
_ITEM_END = re.compile(r"</(?:[A-Za-z_][\w.-]*:)?(?:item|entry)\s*>", re.I)
# Element names whose text feedparser treats as a person (author, publisher) or
# parses as a date; local names, any prefix, any case (the loose parser lowercases).
_SHORT_NAMES = (
    "author|creator|contributor|managingeditor|webmaster|publisher|owner|name|email|"
    "pubdate|published|updated|modified|issued|created|date|lastbuilddate|expirationdate"
)
_SHORT_OPEN = re.compile(rf"<(?:[A-Za-z_][\w.-]*:)?(?:{_SHORT_NAMES})(?=[\s/>])", re.I)
_SHORT_TAG = re.compile(
    rf"<(/?)((?:[A-Za-z_][\w.-]*:)?(?:{_SHORT_NAMES}))(?=[\s/>])[^<>]*?(/?)>", re.I
)
_TOKEN = re.compile(r"<!\[CDATA\[.*?(?:\]\]>|\Z)|<!--.*?(?:-->|\Z)|<[^<>]*>?|[^<]+", re.S)
_PARTIAL_ENTITY = re.compile(r"&[^;&<]{0,40}$")
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'


@dataclass(frozen=True, slots=True)
class PreparedXml:
    data: bytes  # UTF-8, declared as such, no DOCTYPE
    truncated: bool  # items were cut out before parsing
    warnings: tuple[str, ...]


def prepare_xml(
    body: bytes, content_type: str | None, limits: FeedLimits, *, cut_items: bool = True
) -> PreparedXml:
    warnings: list[str] = []
    decoded = decode(body, content_type)
    if decoded.warning:
        warnings.append(decoded.warning)
    # Raw C0 controls, lone surrogates and non-characters make expat give up on the
    # whole document (and fall back to the sloppier loose parser); they never carry text.
    text = scrub(decoded.text)
    text, doctypes = strip_doctypes(text)
    if doctypes:
        warnings.append("DOCTYPE declaration removed (entities and DTDs are never loaded).")
    text = fix_char_refs(text)
    text = cap_short_fields(text, limits.short_field_chars)
    truncated = False
    if cut_items:
        text, total = cut_extra_items(text, limits.max_items)
        if total > limits.max_items:
            truncated = True
            warnings.append(f"{total} items; only the first {limits.max_items} were read.")
    text = XML_DECLARATION + _PROLOG.sub("", text, count=1)
    return PreparedXml(text.encode("utf-8", errors="replace"), truncated, tuple(warnings))


def strip_doctypes(text: str) -> tuple[str, int]:
    """Remove every ``<!DOCTYPE ...>`` including its internal subset; returns the count."""
    parts: list[str] = []
    position = count = 0
    while (match := _DOCTYPE.search(text, position)) is not None:
        parts.append(text[position : match.start()])
        position = _doctype_end(text, match.end())
        count += 1
    parts.append(text[position:])
    return "".join(parts), count


def _doctype_end(text: str, i: int) -> int:
    """The index just after the DOCTYPE that starts before ``i``; quotes, comments and
    PIs inside the internal subset may contain ``>`` and ``]``."""
    n = len(text)
    in_subset = False
    while i < n:
        c = text[i]
        if c in "\"'":
            close = text.find(c, i + 1)
            if close < 0:
                break
            i = close + 1
        elif in_subset and text.startswith("<!--", i):
            close = text.find("-->", i + 4)
            if close < 0:
                break
            i = close + 3
        elif in_subset and text.startswith("<?", i):
            close = text.find("?>", i + 2)
            if close < 0:
                break
            i = close + 2
        elif c == "[":
            in_subset = True
            i += 1
        elif c == "]":
            in_subset = False
            i += 1
        elif c == ">" and not in_subset:
            return i + 1
        else:
            i += 1
    # Unterminated: drop through the first ">" (or everything); no entity survives
    # because nothing declares a DOCTYPE any more.
    first = text.find(">", i if i < n else n)
    return n if first < 0 else first + 1


def fix_char_refs(text: str) -> str:
    """Drop numeric references to non-characters; map ``&#128;``-``&#159;`` as browsers do."""
    return _CHAR_REF.sub(_char_ref, text)


def _char_ref(match: re.Match[str]) -> str:
    digits = match.group(2) or match.group(3)
    if len(digits) > 8:
        return ""
    code = int(digits, 16) if match.group(2) else int(digits)
    if 0x80 <= code <= 0x9F:
        if match.group(1):  # escaped once more: HTML inside text, browsers map it
            return match.group(0)
        mapped = bytes([code]).decode("cp1252", errors="ignore")
        return mapped
    if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0x10FFFF:
        if 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE:
            return ""
        return match.group(0)
    return ""


def cap_short_fields(text: str, limit: int) -> str:
    """Cut the text inside author/e-mail/date elements to ``limit`` characters in all,
    nested or mixed content included (the budget belongs to the outermost element)."""
    parts: list[str] = []
    position = 0
    while (start := _SHORT_OPEN.search(text, position)) is not None:
        parts.append(text[position : start.start()])
        position = _cap_region(text, start.start(), limit, parts)
    parts.append(text[position:])
    return "".join(parts)


def _cap_region(text: str, position: int, limit: int, parts: list[str]) -> int:
    # A stack of open qualified names: a stray or mismatched close tag does not end
    # the region (the loose parser would keep appending text to the author).
    stack: list[str] = []
    budget = limit
    for token in _TOKEN.finditer(text, position):
        piece = token.group(0)
        if piece.startswith("<![CDATA["):
            inner = piece[9:-3] if piece.endswith("]]>") else piece[9:]
            kept = inner[: max(budget, 0)]
            budget -= len(inner)
            parts.append(f"<![CDATA[{kept}]]>" if kept else "")
        elif piece.startswith("<!--"):
            pass  # comments inside a short field carry nothing
        elif piece.startswith("<"):
            tag = _SHORT_TAG.match(piece)
            if tag is not None and not tag.group(3):
                name = tag.group(2).lower()
                if not tag.group(1):
                    stack.append(name)
                elif name in stack:
                    del stack[stack.index(name) :]
            parts.append(piece if piece.endswith(">") else html.escape(piece))
            if not stack:
                return token.end()
        else:
            kept = piece[: max(budget, 0)]
            if len(kept) < len(piece):
                kept = _PARTIAL_ENTITY.sub("", kept)
            budget -= len(piece)
            parts.append(kept)
    return len(text)


def cut_extra_items(text: str, max_items: int) -> tuple[str, int]:
    """Remove items after the ``max_items``-th (document order); returns the item count."""
    count = 0
    last_kept = last_end = 0
    for match in _ITEM_END.finditer(text):
        count += 1
        last_end = match.end()
        if count == max_items:
            last_kept = last_end
    if count <= max_items or max_items < 1:
        return text, count
    return text[:last_kept] + text[last_end:], count
