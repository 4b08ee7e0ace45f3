"""Stage 7a: the article's own pictures, put back where they stood in the text.

Both extractors vote on text, and pictures carry none: trafilatura runs without them
and a picture without a caption is no block of readability's, so the chosen body
comes out without any. Each picture of the page is anchored instead to the first
paragraph that follows it; when that paragraph is in the chosen body, the picture
goes in just before it. A picture in the page's furniture (a sidebar, a "related"
box) is followed by furniture, which the vote left out, so it stays out too. The text
of the article (``body_text``) never changes: pictures are display HTML only, and
still go through the sanitizer like everything else.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from newsdesk.extract.blocks import Block, flatten

# Pages with more pictures than this are galleries; the first ones are enough.
MAX_PICTURES = 30
# A declared side under this is an icon, an avatar or a tracking pixel, not a picture.
MIN_SIDE = 100
# The paragraph that follows a picture: the first of these after it in the page.
_TEXT_TAGS = ("p", "li", "blockquote")
# Where lazy-loading scripts keep the real address, most common first; a srcset-like
# value gives its first candidate.
_LAZY_SOURCES = (
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-lazy",
    "data-url",
    "data-srcset",
    "data-lazy-srcset",
)
_BLOCK_PARENTS = frozenset({"p", "div", "a", "span", "picture", "center"})


@dataclass(frozen=True, slots=True)
class Picture:
    anchor: str  # the text of the paragraph that follows the picture in the page
    src: str
    html: str


def pictures_of(tree: HtmlElement) -> list[Picture]:
    """The page's pictures with their anchors (after ``prune``: no <noscript>, no <svg>)."""
    found: list[Picture] = []
    # The holders themselves, not their id(): lxml makes a Python object for an element
    # only while something refers to it, so a dropped holder's id() is soon another
    # element's, and that picture would be skipped as "seen" (which ones depended on
    # the allocator: pictures came and went between runs of the same page).
    seen: set[HtmlElement] = set()
    for img in tree.iter("img"):
        if len(found) >= MAX_PICTURES:
            break
        src = _source(img)
        if not src or _small(img):
            continue
        holder = _holder(img)
        if holder in seen:
            continue
        seen.add(holder)
        following = _following_text(holder)
        anchor = flatten(following.text_content()) if following is not None else ""
        if anchor:
            found.append(Picture(anchor, src, _markup(holder, img, src)))
    return found


def with_pictures(shown: Sequence[Block], pictures: Sequence[Picture]) -> list[Block]:
    """``shown`` with each picture before the block its anchor paragraph begins."""
    if not pictures:
        return list(shown)
    # A captioned figure may have won a place in the vote already: not twice.
    voted = "".join(block.html for block in shown if block.kind == "figure")
    before: dict[str, list[str]] = {}
    for picture in pictures:
        if picture.src in voted:
            continue
        before.setdefault(picture.anchor, []).append(picture.html)
    out: list[Block] = []
    for block in shown:
        first = block.lines[0] if block.lines else block.text
        for html in before.pop(first, ()):
            out.append(Block("figure", (), html))
        out.append(block)
    return out


def _following_text(holder: HtmlElement) -> HtmlElement | None:
    """The first paragraph after ``holder`` in document order (XPath's ``following::``
    axis, walked by hand: libxml2 collects the whole axis before taking its first)."""
    node: HtmlElement | None = holder
    while node is not None:
        for sibling in node.itersiblings():
            found = next(sibling.iter(_TEXT_TAGS), None)
            if found is not None:
                return found
        node = node.getparent()
    return None


def _source(img: HtmlElement) -> str:
    """The picture's address: ``src``, unless it is a placeholder (empty or a ``data:``
    pixel) and the real address waits in a lazy-loading attribute for a script that
    never runs here. Lazy addresses are taken only when absolute http(s): a relative
    one in a script's attribute is too often a template fragment."""
    src = (img.get("src") or "").strip()
    if src and not src.lower().startswith("data:"):
        return src
    for attribute in _LAZY_SOURCES:
        value = (img.get(attribute) or "").strip()
        if attribute.endswith("srcset"):
            value = value.split(",")[0].strip().split(" ")[0]
        if value.lower().startswith(("http://", "https://")):
            return value
    return ""


def _small(img: HtmlElement) -> bool:
    for side in ("width", "height"):
        value = (img.get(side) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) < MIN_SIDE:
            return True
    return False


def _holder(img: HtmlElement) -> HtmlElement:
    """The picture's own element: its <figure>, else the textless wrapper around it."""
    for ancestor in img.iterancestors():
        if ancestor.tag == "figure":
            return ancestor
        # Any text stops the climb: read only up to the first (a wrapper around the
        # whole article would otherwise be read in full for each of its pictures).
        if ancestor.tag not in _BLOCK_PARENTS or any(t.strip() for t in ancestor.itertext()):
            break
    return img


def _markup(holder: HtmlElement, img: HtmlElement, src: str) -> str:
    if src != img.get("src"):
        # A lazy picture: show it by the address found (on a copy, the page tree stays
        # as the extractors saw it).
        holder = deepcopy(holder)
        shown = (
            holder
            if holder.tag == "img"
            else next((i for i in holder.iter("img") if _source(i) == src), None)
        )
        if shown is not None:
            shown.set("src", src)
        img = shown if shown is not None else img
    if holder.tag == "figure":
        return etree.tostring(holder, encoding="unicode", method="html", with_tail=False)
    return (
        "<figure>"
        + etree.tostring(img, encoding="unicode", method="html", with_tail=False)
        + "</figure>"
    )
