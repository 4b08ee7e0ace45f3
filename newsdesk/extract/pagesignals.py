"""What a page shows about its kind, measured once per page for pagetype.py to weigh.

Every signal is a property any page has, read from the pruned page tree (no scripts
left), its extracted body blocks and what the publisher declares; none names a site.
The walks are few and done by libxml2 where possible: this runs on every page fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from newsdesk.extract.blocks import Block, flatten

# A paragraph of prose: this many words in one block.
PROSE_WORDS = 25
# A headline-like link: this many words of link text.
HEADLINE_LINK_WORDS = 4
# Every text of a subtree as plain strings, gathered by libxml2 (twice as fast as
# ``itertext`` on a whole page; same strings, same order).
_TEXTS = etree.XPath("descendant-or-self::text()", smart_strings=False)
# A price as shops print it: a currency sign before or after an amount ("$12.99",
# "12,99 €", "1.299 kr"). A shop's category page shows one per item.
# (No \b before the amount: it doubles the cost and changes the count on 1 page in 748.)
_PRICE = re.compile(r"[$€£¥₹]\s?\d[\d,.]*|\d[\d,.]*\s?(?:€|£|kr\b|zł|USD\b|EUR\b|GBP\b)")
# Meta tags that carry a publication date: news and blog software writes them on
# articles (OpenGraph's article:published_time, Dublin Core, schema.org microdata).
_DATE_METAS = frozenset(
    {
        "article:published_time",
        "datepublished",
        "date",
        "pubdate",
        "publishdate",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
    }
)
# Meta tags of a news article's place in its site: its section and its tags.
_SECTION_METAS = frozenset({"article:section", "article:tag"})
# Microdata item types (the last part of itemtype's URL) of shop items and of lists.
_PRODUCT_ITEMS = frozenset({"product", "offer", "aggregateoffer"})
_LIST_ITEMS = frozenset({"itemlist", "collectionpage", "searchresultspage"})
# One walk for the elements the signals count (libxml2 walks, Python only sees these).
_MARKED = etree.XPath(
    "//meta[@property or @name or @itemprop] | //*[@itemtype] | //h1"
    " | //link[@rel='next'] | //a[@rel='next']",
    smart_strings=False,
)
# Elements that may hold one paragraph of the extracted body.
_PARAGRAPH_TAGS = ("p", "li", "blockquote", "dd", "td", "pre", "div")
# A body paragraph is found in the page by this many of its first characters.
_PROBE = 50
# ...and ruled out by this many (its own text, whitespace collapsed, begins the probe).
_QUICK = 8


@dataclass(frozen=True, slots=True)
class PageSignals:
    """What the page type is decided from (also printed by the benchmark for tuning)."""

    schema_types: frozenset[str]
    og_type: str
    path: str
    page_words: int
    link_words: int
    teaser_links: int
    body_words: int
    prose_blocks: int
    prose_words: int
    bylined: bool = False  # the page names its author (metadata.py)
    # The main area: the innermost element holding every paragraph of prose of the
    # body, its words, the words of its links, and its headline-like links (0s when
    # the body's paragraphs were not found in the page).
    main_words: int = 0
    main_link_words: int = 0
    main_headlines: int = 0
    prices: int = 0  # prices shown on the page
    headings: int = 0  # <h1> elements: an article has one, its headline
    headline_words: int = 0  # words of the first <h1>
    dated: bool = False  # a meta tag gives the publication date
    filed: bool = False  # meta tags give a news section or tags
    paginated: bool = False  # rel="next": a page of a longer list
    product_items: int = 0  # microdata Product / Offer items
    list_items: bool = False  # a microdata ItemList, CollectionPage or search results

    @property
    def link_density(self) -> float:
        return self.link_words / self.page_words if self.page_words else 0.0

    @property
    def main_link_density(self) -> float:
        return self.main_link_words / self.main_words if self.main_words else 0.0


@dataclass(frozen=True, slots=True)
class _Marks:
    """The counted elements of one page (one walk, ``_MARKED``)."""

    headings: int = 0
    headline_words: int = 0
    dated: bool = False
    filed: bool = False
    paginated: bool = False
    product_items: int = 0
    list_items: bool = False


def page_signals(
    tree: HtmlElement,
    blocks: list[Block],
    schema_types: frozenset[str],
    og_type: str,
    url: str | None,
    bylined: bool = False,
    *,
    main: HtmlElement | None,
) -> PageSignals:
    """Signals of a pruned page tree (no scripts left), its extracted body blocks and
    their ``body_area`` (``main``)."""
    body = tree.find("body")
    root = body if body is not None else tree
    # Whitespace-separated words: a third of the cost of the \w+ count, and only ratios
    # of these two are used.
    text = " ".join(_TEXTS(root))
    link_words = _link_words(root)
    teasers = sum(1 for h in root.iter("h2", "h3", "h4") if h.find(".//a[@href]") is not None)
    counts = [block.words for block in blocks]
    prose = [n for n in counts if n >= PROSE_WORDS]
    marks = _marks(tree)
    return PageSignals(
        schema_types=schema_types,
        og_type=og_type.strip().lower(),
        path=urlsplit(url or "").path,
        page_words=len(text.split()),
        link_words=link_words,
        teaser_links=teasers,
        body_words=sum(counts),
        prose_blocks=len(prose),
        prose_words=sum(prose),
        bylined=bylined,
        main_words=len(" ".join(_TEXTS(main)).split()) if main is not None else 0,
        main_link_words=_link_words(main) if main is not None else 0,
        main_headlines=sum(
            1
            for a in (main.iter("a") if main is not None else ())
            if len(" ".join(a.itertext()).split()) >= HEADLINE_LINK_WORDS
        ),
        prices=len(_PRICE.findall(text)),
        headings=marks.headings,
        headline_words=marks.headline_words,
        dated=marks.dated,
        filed=marks.filed,
        paginated=marks.paginated,
        product_items=marks.product_items,
        list_items=marks.list_items,
    )


def _marks(tree: HtmlElement) -> _Marks:
    headings = headline_words = products = 0
    dated = filed = paginated = listed = False
    for element in _MARKED(tree):
        tag = element.tag
        if tag == "h1":
            headings += 1
            if headings == 1:
                headline_words = len(" ".join(element.itertext()).split())
        elif tag == "meta":
            name = (
                element.get("property") or element.get("name") or element.get("itemprop") or ""
            ).lower()
            dated = dated or (name in _DATE_METAS and bool(element.get("content", "").strip()))
            filed = filed or name in _SECTION_METAS
        elif tag in ("link", "a"):
            paginated = True
        kinds = element.get("itemtype")
        if kinds:
            for kind in kinds.split():
                name = kind.rstrip("/").rsplit("/", 1)[-1].lower()
                products += name in _PRODUCT_ITEMS
                listed = listed or (name in _LIST_ITEMS and not _is_contents(element))
    return _Marks(headings, headline_words, dated, filed, paginated, products, listed)


def _is_contents(element: HtmlElement) -> bool:
    """A list whose links lead to places on the page itself: an article's table of
    contents (some publishing plugins mark theirs up as a schema.org ItemList), not a
    list of other pages."""
    links = [link.get("href", "") for link in element.iter("a")]
    return bool(links) and 2 * sum(href.startswith("#") for href in links) > len(links)


def body_area(tree: HtmlElement, blocks: list[Block]) -> HtmlElement | None:
    """The main area of a pruned page for its body: the innermost element of its <body>
    holding the body's paragraphs of prose (``main_area``)."""
    body = tree.find("body")
    prose = [block for block in blocks if block.words >= PROSE_WORDS]
    return main_area(tree if body is None else body, prose)


def main_area(root: HtmlElement, prose: list[Block]) -> HtmlElement | None:
    """The innermost element holding every paragraph of ``prose`` that is found in the
    page (by its first characters), or None when none is found."""
    found = list(located(root, prose).values())
    if not found:
        return None
    common = [found[0], *found[0].iterancestors()]
    for element in found[1:]:
        # The elements themselves, not their id() (see figures.pictures_of: lxml reuses
        # a dropped proxy's id; here every id compared was alive, but the set says so).
        mine = {element, *element.iterancestors()}
        common = [e for e in common if e in mine]
    return common[0] if common else None


def located(root: HtmlElement, prose: list[Block]) -> dict[str, HtmlElement]:
    """The element of the page holding each paragraph of ``prose`` that is found there,
    by the paragraph's first characters (``probe``)."""
    wanted: dict[str, HtmlElement | None] = dict.fromkeys(probe(b) for b in prose)
    if not wanted:
        return {}
    missing = len(wanted)
    # Most elements are told apart by the first characters of their own text, without
    # walking their children: only those that open like a wanted paragraph are read on.
    openings = {key[:_QUICK] for key in wanted}
    for element in root.iter(_PARAGRAPH_TAGS):
        # A <div> holding blocks of its own is a wrapper, not a paragraph (and its
        # text would cost a walk of everything under it).
        if element.tag == "div" and element.find("p") is not None:
            continue
        opening = _opening(element)
        if opening is None or (len(opening) >= _QUICK and opening[:_QUICK] not in openings):
            continue
        key = _start(element)
        if key in wanted and wanted[key] is None:
            wanted[key] = element
            missing -= 1
            if not missing:
                break
    if missing:
        _find_after_breaks(root, wanted, openings)
    return {key: element for key, element in wanted.items() if element is not None}


def probe(block: Block) -> str:
    """What finds a block's paragraph in the page: its first characters."""
    return block.text[:_PROBE]


def _find_after_breaks(
    root: HtmlElement, wanted: dict[str, HtmlElement | None], openings: set[str]
) -> None:
    """Paragraphs written as text between ``<br>``s (older news templates): each is
    found at the break before it, and its element is the one holding the breaks."""
    for br in root.iter("br"):
        tail = br.tail
        if not tail or tail.isspace():
            continue
        key = flatten(tail[: 2 * _PROBE])[:_PROBE]
        if key[:_QUICK] in openings and key in wanted and wanted[key] is None:
            wanted[key] = br.getparent()


def _opening(element: HtmlElement) -> str | None:
    """The first characters of an element's text, whitespace collapsed: its first text
    that is not blank (the rest of the probe may follow in other texts); None for an
    element without text (most of a page's <div>s hold only other elements)."""
    node = element
    while True:  # down the first children: most texts are found there, cheaply
        text = node.text
        if text and not text.isspace():
            return " ".join(text[: 4 * _QUICK].split())
        if not len(node):
            break
        node = node[0]
    if node is element:
        return None
    for text in element.itertext():
        if not text.isspace():
            return " ".join(text[: 4 * _QUICK].split())
    return None


def _start(element: HtmlElement) -> str:
    """The first ``_PROBE`` characters of an element's text, whitespace collapsed (read
    only as far as needed: a list item may hold a whole thread)."""
    first = element.text or ""
    if len(first) > 2 * _PROBE:  # most paragraphs open with plain text
        return flatten(first[: 2 * _PROBE])[:_PROBE]
    parts: list[str] = []
    size = 0
    for text in element.itertext():
        parts.append(text)
        size += len(text)
        if size > 2 * _PROBE:
            break
    return flatten("".join(parts))[:_PROBE]


def _link_words(root: HtmlElement) -> int:
    return len(" ".join(t for a in root.iter("a") for t in a.itertext()).split())
