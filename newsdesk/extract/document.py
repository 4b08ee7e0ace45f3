"""Stage 2: parse the decoded page once into an lxml tree that every extractor shares.

Bounds, so that a hostile page costs little: the text is cut at ``MAX_CHARS`` (an
article's text sits in the first megabytes; the 15 MiB fetch cap is for whole
responses), and libxml2's default nesting limit (256) is kept: without ``huge_tree``
it stops descending there, so a page of 100,000 nested ``<div>`` parses in
microseconds and no later recursive walk can hit Python's recursion limit.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring

MAX_CHARS = 3_000_000

# Comments and processing instructions carry no article text (and hide IE
# conditional markup); dropping them at parse time saves every later pass.
_PARSER = HTMLParser(
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
    collect_ids=False,
    default_doctype=False,
)
# Every element is a plain ``HtmlElement``, chosen in C. lxml.html's own lookup is a
# Python call per element proxy (to give <form>, <input>, <label>... their form-filling
# classes, which no extractor uses), and the extractors create proxies by the million:
# 9 % of extraction time measured, the same bodies on every page of both sets.
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(element=HtmlElement))
_NUL = re.compile("\x00")
# Never article text, for any extractor: code, embedded documents, vector graphics
# (whose <text> would leak into the body), form controls, and <noscript> (what a
# browser without JavaScript would show: lazy-image fallbacks, "enable JavaScript"
# nags, and a known mXSS vector). Removed once here so that no extractor sees them.
_NEVER_TEXT = (
    "script",
    "style",
    "template",
    "noscript",
    "svg",
    "math",
    "iframe",
    "object",
    "embed",
    "canvas",
    "button",
    "input",
    "select",
    "textarea",
)


def parse(text: str) -> HtmlElement | None:
    """The page as an ``<html>`` element, or None when there is nothing to parse."""
    text = _NUL.sub("", text[:MAX_CHARS])
    if not text.strip():
        return None
    # Encoded back to UTF-8 bytes so an ``<?xml encoding=...?>`` declaration in the text
    # cannot make lxml refuse it; the parser is told the real encoding.
    data = text.encode("utf-8", errors="replace")
    try:
        tree = document_fromstring(data, parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    return tree if isinstance(tree, HtmlElement) else None


# libxml2 does not close an element the way a browser does when the markup around it is
# odd: one ``<button>`` left open after a block of inline SVG icons held the whole rest
# of the page (header, article, footer) on several publishers' templates, and removing
# it removed the article. A form control's label is a few words (a vote count, "Search",
# at most a question that opens an answer), so one that holds a heading, an article or
# more than a couple of sentences is unwrapped (its tag dropped, its content kept)
# rather than removed. A ``<select>`` is judged by what it holds besides its options:
# a search form's list of 300 authors is long, and is still only a list of options
# (unwrapped, it became a research institute page's "article").
_HOLDS_PAGE = (
    "[descendant::article or descendant::main or descendant::h1 or descendant::h2"
    " or string-length(normalize-space()) > 200]"
)
_SWALLOWED = etree.XPath(
    f"//button{_HOLDS_PAGE}"
    f" | //select[descendant::*[not(self::option or self::optgroup)]]{_HOLDS_PAGE}"
)


def prune(tree: HtmlElement) -> HtmlElement:
    """Remove, in place, the elements that are never article text (after metadata has
    read the JSON-LD ``<script>`` blocks)."""
    for element in _SWALLOWED(tree):
        element.drop_tag()
    etree.strip_elements(tree, *_NEVER_TEXT, with_tail=False)
    return tree
