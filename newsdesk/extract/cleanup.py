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
# A page that shows its text twice (a second rendering for small screens, tabs that
# repeat a section, an FAQ shown as answers and again as questions and answers) gives a
# body holding a copy: this many long blocks repeating earlier ones in the same order,
# with at most COPY_GAP other long blocks between two of them. Blocks under COPY_WORDS
# words (headings, "Yes.") are no evidence either way. A refrain (one call to action
# after every section) or a pair of lines repeated is not a copy: its repeats go back
# in the text. Web-pages articles: 2 pages (F1 0.50 and 0.65 -> 0.98-0.99), no article
# lower; AEB unchanged (its two pages with repeats are refrains, and gold keeps them).
COPY_RUN = 8
COPY_GAP = 1
COPY_WORDS = 8


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


def without_copy(blocks: Sequence[Block]) -> list[Block]:
    """The body with each copy of its own text shown once: of the two renderings, the
    one with more words stays (it holds what the other left out, such as questions)."""
    source = _sources(blocks)
    dropped: set[int] = set()
    start = 0
    while start < len(blocks):
        run = _copy_run(source, start)
        if len(run) < COPY_RUN:
            start += 1
            continue
        first, original_first = run[0], source[run[0]]
        # A heading or label just before the first repeat is the copy's too.
        while (
            original_first > 0
            and first - 1 > source[run[-1]]
            and blocks[first - 1].text == blocks[original_first - 1].text
        ):
            first, original_first = first - 1, original_first - 1
        copy = range(first, run[-1] + 1)
        original = range(original_first, source[run[-1]] + 1)
        fuller_copy = original[-1] < copy[0] and _words(blocks, original) < _words(blocks, copy)
        poorer = original if fuller_copy else copy
        dropped.update(poorer)
        start = run[-1] + 1
    return [block for index, block in enumerate(blocks) if index not in dropped]


def _sources(blocks: Sequence[Block]) -> list[int]:
    """For each block, the index of the first earlier block with its text (-1 if none,
    -2 for a block too short to tell)."""
    first: dict[str, int] = {}
    source = []
    for index, block in enumerate(blocks):
        if block.words < COPY_WORDS:
            source.append(-2)
        elif block.text in first:
            source.append(first[block.text])
        else:
            first[block.text] = index
            source.append(-1)
    return source


def _copy_run(source: list[int], start: int) -> list[int]:
    """Indices of the repeats from ``start`` whose originals follow in order."""
    if source[start] < 0:
        return []
    run, gap = [start], 0
    for index in range(start + 1, len(source)):
        if source[index] == -2:
            continue
        if source[index] > source[run[-1]]:
            run.append(index)
            gap = 0
        elif source[index] >= 0 or gap == COPY_GAP:
            break
        else:
            gap += 1
    return run


def _words(blocks: Sequence[Block], span: range) -> int:
    return sum(blocks[index].words for index in span)
