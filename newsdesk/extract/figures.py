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
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from newsdesk.extract.blocks import Block, flatten

# Pages with more pictures than this are galleries; the first ones are enough.
MAX_PICTURES = 30
# A declared side under this is an icon, an avatar or a tracking pixel, not a picture.
MIN_SIDE = 100
_FOLLOWING_TEXT = etree.XPath("following::*[self::p or self::li or self::blockquote][1]")
_BLOCK_PARENTS = frozenset({"p", "div", "a", "span", "picture", "center"})


@dataclass(frozen=True, slots=True)
class Picture:
    anchor: str  # the text of the paragraph that follows the picture in the page
    src: str
    html: str


def pictures_of(tree: HtmlElement) -> list[Picture]:
    """The page's pictures with their anchors (after ``prune``: no <noscript>, no <svg>)."""
    found: list[Picture] = []
    seen: set[int] = set()
    for img in tree.iter("img"):
        if len(found) >= MAX_PICTURES:
            break
        if not img.get("src") or _small(img):
            continue
        holder = _holder(img)
        if id(holder) in seen:
            continue
        seen.add(id(holder))
        following = _FOLLOWING_TEXT(holder)
        anchor = flatten(following[0].text_content()) if following else ""
        if anchor:
            found.append(Picture(anchor, img.get("src", ""), _markup(holder, img)))
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
        if ancestor.tag not in _BLOCK_PARENTS or flatten(ancestor.text_content()):
            break
    return img


def _markup(holder: HtmlElement, img: HtmlElement) -> str:
    if holder.tag == "figure":
        return etree.tostring(holder, encoding="unicode", method="html", with_tail=False)
    return (
        "<figure>"
        + etree.tostring(img, encoding="unicode", method="html", with_tail=False)
        + "</figure>"
    )
