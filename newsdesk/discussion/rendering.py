"""A comment's plain text as HTML: escaped, paragraphs kept, web addresses made links.

Only ``http`` and ``https`` addresses become links, so ``javascript:`` or ``data:`` text
stays text; nh3 cleans the result as a second wall and sets the link relation that
tells search engines and the target page nothing about the reader.
"""

from __future__ import annotations

import hashlib
import re
from html import escape

import nh3

from newsdesk.accounts.reader_text import clean_text

LINK_REL = "nofollow ugc noopener noreferrer"
URL = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.IGNORECASE)
TRAILING = ".,;:!?)]}'\""


def _linked(line: str) -> str:
    out: list[str] = []
    last = 0
    for match in URL.finditer(line):
        url = match.group(0)
        # Sentence punctuation after an address is not part of it; a ")" is, when the
        # address itself opened the bracket (Wikipedia-style).
        while (
            url
            and url[-1] in TRAILING
            and not (url[-1] == ")" and url.count("(") >= url.count(")"))
        ):
            url = url[:-1]
        start, end = match.start(), match.start() + len(url)
        out.append(escape(line[last:start]))
        out.append(f'<a href="{escape(url)}">{escape(url)}</a>')
        last = end
    out.append(escape(line[last:]))
    return "".join(out)


def render(body: str) -> str:
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    html = "".join(
        "<p>" + "<br>".join(_linked(line) for line in p.split("\n")) + "</p>" for p in paragraphs
    )
    return nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
    )


def fingerprint(body: str) -> str:
    """Equal for bodies that differ only in case and spacing (duplicate suppression)."""
    return hashlib.sha256(" ".join(clean_text(body).casefold().split()).encode()).hexdigest()
