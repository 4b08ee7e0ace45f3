"""Blocks: the paragraphs, headings, lists and quotes an article body is made of.

Both extractors' outputs are reduced to the same list of blocks so that they can be
compared, voted on and cleaned one paragraph at a time, then rendered once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from copy import deepcopy
from dataclasses import dataclass, field

from lxml import etree
from lxml.html import fragment_fromstring

from newsdesk.text.links import unmask
from newsdesk.text.tokens import word_count

# Tags that make one block each when met in readability's HTML.
_HTML_BLOCKS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "dl",
        "blockquote",
        "pre",
        "table",
        "figure",
    }
)
# Tags of trafilatura's XML body (TEI-like) that make one block each.
_TEI_BLOCKS = frozenset({"p", "head", "list", "quote", "code", "table"})
_TEI_INLINE = frozenset({"hi", "ref", "lb", "del", "graphic"})
# Inline tags whose text runs on from the text around them (not a break or a picture).
_TEI_JOINED = frozenset({"hi", "ref", "del"})
# The edge of an inline element, in text being joined: nothing where it meets closing
# punctuation after it or opening punctuation before it, a space anywhere else.
_EDGE = "\x00"
_EDGE_SPACE = re.compile(
    "\x00+(?=[,.;:!?%)\\]}\u2019\u201d\"'\u00bb\u2026])|(?<=[(\\[{\u2018\u201c\"'\u00ab$])\x00+"
)
_HTML_INLINE = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "br",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "img",
        "ins",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
        "wbr",
    }
)
_HTML_JOINED = _HTML_INLINE - {"br", "wbr", "img"}
_TEI_TO_HTML = {
    "list": "ul",
    "item": "li",
    "code": "pre",
    "quote": "blockquote",
    "lb": "br",
    "ref": "a",
    "row": "tr",
    "del": "del",
    "p": "p",
    "table": "table",
}
_HI_TO_HTML = {"#b": "strong", "#i": "em", "#u": "u", "#t": "code", "#sub": "sub", "#sup": "sup"}


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a body: ``kind`` is p, heading, list, quote, pre, table or figure.

    ``lines`` are its text paragraphs (a list has one per item); ``html`` is unsanitized
    markup that goes through nh3 before anyone sees it. ``source`` is that markup, or the
    element it is rendered from on demand: most blocks are voted out before anyone
    needs their HTML, and rendering is a third of the cost of building blocks.
    """

    kind: str
    lines: tuple[str, ...]
    source: str | etree._Element
    tei: bool = False
    # Computed once: the vote, the cleanup rules and the page-type signals all read the
    # text and its word count, many times per block.
    text: str = field(init=False, compare=False, repr=False)
    words: int = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        text = " ".join(self.lines)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "words", word_count(text))

    @property
    def html(self) -> str:
        if isinstance(self.source, str):
            return self.source
        return _tei_html(self.source) if self.tei else _markup(self.source)


def flatten(text: str | None) -> str:
    # str(): lxml "smart strings" keep the whole tree alive (and cannot be pickled).
    # split() breaks at exactly the characters r"\s" matches, in a third of the time.
    return " ".join(str(text or "").split())


def from_tei(body: etree._Element | None) -> list[Block]:
    """Blocks of trafilatura's XML body (``document.body``)."""
    if body is None:
        return []
    return [block for block in _walk_tei(body) if block.lines]


def _walk_tei(elem: etree._Element) -> Iterator[Block]:
    yield from _walk(elem, _TEI_BLOCKS, _TEI_INLINE, _TEI_JOINED, _tei_block)


def _tei_block(elem: etree._Element) -> Block:
    tag = str(elem.tag)
    if tag == "list":
        lines = tuple(line for item in elem.iter("item") if (line := flatten(_text(item))))
    else:
        line = flatten(_text(elem))
        lines = (line,) if line else ()
    kind = {"head": "heading", "list": "list", "quote": "quote", "code": "pre"}.get(tag, tag)
    return Block(kind, lines, elem, tei=True)


def _text(elem: etree._Element, joined: frozenset[str] = _TEI_JOINED) -> str:
    """An element's text as a reader sees it. Where inline markup meets punctuation it
    adds nothing: "<ref>Statista</ref>, the" reads "Statista, the", not "Statista , the"
    (which no quote of the sentence would match). Elsewhere its edges keep words apart:
    templates set names, titles and labels side by side in spans shown as lines of their
    own ("<a>Gaz Williams</a><em>Shipwreck</em>"), and a line break (<lb/>, <br>), a
    cell or an item always separates."""
    parts: list[str] = []
    for event, node in etree.iterwalk(elem, events=("start", "end")):
        tag = node.tag if isinstance(node.tag, str) else ""
        edge = _EDGE if tag in joined else " "
        if event == "start":
            parts += (edge, node.text or "")
        else:
            parts.append(edge)
            if node is not elem:
                parts.append(node.tail or "")
    return _EDGE_SPACE.sub("", "".join(parts)).replace(_EDGE, " ")


def _tei_html(elem: etree._Element) -> str:
    copy = deepcopy(elem)
    copy.tail = None
    for node in copy.iter():
        tag = node.tag if isinstance(node.tag, str) else ""
        href = node.get("target") if tag == "ref" else None
        if tag == "head":
            level = (node.get("rend") or "h2")[-1:]
            node.tag = f"h{min(max(int(level) if level.isdigit() else 2, 2), 6)}"
        elif tag == "hi":
            node.tag = _HI_TO_HTML.get(node.get("rend") or "", "span")
        elif tag == "cell":
            node.tag = "th" if node.get("role") == "head" else "td"
        elif tag:
            node.tag = _TEI_TO_HTML.get(tag, "span")
        node.attrib.clear()
        if href:
            node.set("href", href)
    return _markup(copy)


def _walk(
    elem: etree._Element,
    blocks: frozenset[str],
    inline: frozenset[str],
    joined: frozenset[str],
    make: Callable[[etree._Element], Block],
    skip: Callable[[etree._Element], bool] | None = None,
) -> Iterator[Block]:
    """Blocks of a container; runs of loose text and inline children become paragraphs.
    A child ``skip`` says is left out as if it were not there (its tail stays)."""
    texts: list[str] = [elem.text or ""]
    marks: list[str] = [_escape(elem.text or "")]
    for child in elem:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag and skip is not None and skip(child):
            pass
        elif tag in inline:
            texts.append(_text(child, joined))
            marks.append(_markup(child))
        else:
            yield from _paragraph(texts, marks)
            texts, marks = [], []
            if tag in blocks:
                yield make(child)
            elif tag:
                yield from _walk(child, blocks, inline, joined, make, skip)
        texts.append(child.tail or "")
        marks.append(_escape(child.tail or ""))
    yield from _paragraph(texts, marks)


def _paragraph(texts: list[str], marks: list[str]) -> Iterator[Block]:
    line = flatten("".join(texts))
    if line:
        yield Block("p", (line,), "<p>" + "".join(marks) + "</p>")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def from_html(markup: str) -> list[Block]:
    """Blocks of an HTML fragment (readability's summary)."""
    if not markup or not markup.strip():
        return []
    try:
        root = fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, etree.XMLSyntaxError, ValueError, AssertionError):
        # lxml asserts on documents without a <body> (e.g. "<html/>").
        return []
    return from_element(root)


def from_element(
    root: etree._Element, skip: Callable[[etree._Element], bool] | None = None
) -> list[Block]:
    """Blocks of an HTML element's content (as ``from_html`` reads a fragment's),
    without the elements ``skip`` says are not text."""
    return [block for block in _walk_html(root, skip) if block.lines]


def _walk_html(
    elem: etree._Element, skip: Callable[[etree._Element], bool] | None = None
) -> Iterator[Block]:
    yield from _walk(elem, _HTML_BLOCKS, _HTML_INLINE, _HTML_JOINED, _html_block, skip)


def _html_block(elem: etree._Element) -> Block:
    tag = str(elem.tag)
    if tag in ("ul", "ol", "dl"):
        items = elem.iter("li", "dt", "dd")
        lines = tuple(line for item in items if (line := flatten(_text(item, _HTML_JOINED))))
        kind = "list"
    else:
        line = flatten(_text(elem, _HTML_JOINED))
        lines = (line,) if line else ()
        kind = {"blockquote": "quote"}.get(tag, "heading" if tag[0] == "h" and tag != "hr" else tag)
    return Block(kind, lines, elem)


def _markup(elem: etree._Element) -> str:
    """HTML of one element. libxml2 percent-escapes odd characters in ``href`` when it
    writes HTML, which would turn "jav\tascript:" into a harmless-looking relative
    path; removing them first (as browsers do) lets the sanitizer see the real scheme."""
    for link in elem.iter("a"):
        href = link.get("href")
        if href is not None:
            link.set("href", unmask(href))
    return etree.tostring(elem, encoding="unicode", method="html", with_tail=False)
