"""Stage 5b: drop page furniture that survives extraction, by general rules only.

Every rule here describes furniture found on news sites in general (calls to action,
"Read more" cross-links, link-only teaser lines, the page's own headline repeated at
the top), never the markup or wording of one site. A rule only ever looks at short
blocks: a long paragraph is prose whatever it starts with.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdesk.extract.blocks import Block
from newsdesk.text.shingles import contained, shingles
from newsdesk.text.tokens import word_count

# Blocks longer than this are prose: no rule below touches them.
SHORT = 40
# Cross-links and calls to action, in the first words of a short block.
_CALL = re.compile(
    r"^\W*(?:"
    r"(?:read|see|watch|listen|view)(?:\s+(?:more|also|next|full|the\s+full|our))?\s*[:|»\u203a>\-\u2013\u2014]"
    r"|(?:also\s+read|related|recommended|more|trending|popular|editor'?s\s+picks?)\s*[:|»\u203a>\-\u2013\u2014]"
    r"|(?:read|see)\s+more\b|don[\u2019']?t\s+miss\b|you\s+(?:may|might)\s+also\s+like"
    r"|(?:sign\s+up|subscribe|register)\b.{0,80}\b(?:newsletter|inbox|updates|today|free)"
    r"|click\s+here\b|tap\s+here\b|like\s+this\s+(?:story|article)"
    r"|share\s+(?:this|on)\b|follow\s+(?:us|him|her|them)\s+on\b"
    r"|get\s+the\s+latest\b.{0,60}\b(?:inbox|app|newsletter)|download\s+(?:the|our)\b.{0,40}\bapp"
    r"|(?:advertisement|sponsored(?:\s+content)?|explore\s+further)\W*$"
    r"|continue\s+reading\b"
    r")",
    re.I,
)
# "Email Jane at jane@example.com or follow her @jane": an author's contact line.
_CONTACT = re.compile(r"(?:[\w.+-]+@[\w-]+\.[\w.]+|(?<!\w)@\w{2,})")
_CONTACT_WORDS = re.compile(r"\b(?:follow|email|e-mail|contact|reach|twitter|tips?)\b", re.I)
_ALNUM = re.compile(r"[^\W_]")
_ANCHOR = re.compile(r"<a\b[^>]*>(.*?)</a\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
# "Related stories" lines at the end of a body: short and (nearly) all link text.
TEASER_WORDS = 25
TEASER_LINK_SHARE = 0.8
# A heading this similar to the page title is the headline repeated.
TITLE_OVERLAP = 0.8


def clean(blocks: Sequence[Block], title: str) -> list[Block]:
    kept = _drop_headline(blocks, title)
    kept = [block for block in kept if not _is_furniture(block)]
    return _drop_tail(kept)


def _drop_tail(blocks: list[Block]) -> list[Block]:
    """An article ends with text: drop trailing headings and link-only teaser lines."""
    end = len(blocks)
    while end and blocks[end - 1].kind == "heading":
        end -= 1
    teasers = end
    while teasers and _is_teaser(blocks[teasers - 1]):
        teasers -= 1
    end = teasers
    while end and blocks[end - 1].kind == "heading":
        end -= 1
    return blocks[:end]


def _is_teaser(block: Block) -> bool:
    """A short block that is (nearly) all link text: a cross-link to another story."""
    return (
        block.kind in ("p", "list", "heading")
        and block.words <= TEASER_WORDS
        and (link_share(block) >= TEASER_LINK_SHARE)
    )


def _drop_headline(blocks: Sequence[Block], title: str) -> list[Block]:
    """The body starts after the headline: drop it (and anything before it) if repeated."""
    if not title:
        return list(blocks)
    wanted = shingles(title)
    for index, block in enumerate(blocks[:5]):
        if block.kind not in ("heading", "p") or block.words > SHORT:
            continue
        mine = shingles(block.text)
        if contained(wanted, mine) >= TITLE_OVERLAP and contained(mine, wanted) >= TITLE_OVERLAP:
            return list(blocks[index + 1 :])
    return list(blocks)


def _is_furniture(block: Block) -> bool:
    text = block.text
    words = block.words
    if not _ALNUM.search(text):
        return True  # punctuation or separator lines ("____", "•")
    if words > SHORT or block.kind in ("pre", "table"):
        return False
    if _CALL.search(text):
        return True
    return bool(_CONTACT.search(text) and _CONTACT_WORDS.search(text) and words <= 30)


def link_share(block: Block) -> float:
    """Share of a block's words that sit inside links."""
    total = block.words
    if not total:
        return 0.0
    linked = sum(word_count(_TAG.sub(" ", inner)) for inner in _ANCHOR.findall(block.html))
    return min(1.0, linked / total)
