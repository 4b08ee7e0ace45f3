"""Is this page an article? ``article``, ``liveblog``, ``listing`` or ``other``.

An aggregator is handed home pages, section pages, galleries, product pages and forum
threads as often as articles; storing those as articles fills the site with menus.
The decision uses what any page shows, never one site's markup:

- what the publisher declares: a schema.org ``@type`` in JSON-LD (``NewsArticle``,
  ``LiveBlogPosting``, ``Product``, ``CollectionPage``...) and ``og:type``;
- the shape of the page: how much of its text sits in links (a page of links to other
  pages is a listing), how many teaser headlines link elsewhere, and how much
  connected prose the extracted body holds;
- the main area: the element of the page that holds the body's paragraphs. An
  article's holds its text and few links, however large the menus around it; a
  listing's paragraphs are teasers scattered among links, or are not found together;
- the URL: an article's path ends in its headline ("/sea-wall-plan-approved") or
  carries its date, a listing's is short.

The signals are weighed together rather than in a chain of rules: many sites stamp
every page, home page included, ``og:type=article``, and no single signal is right
often enough on its own.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from newsdesk.extract.blocks import Block, flatten

ARTICLE = "article"
LIVEBLOG = "liveblog"
LISTING = "listing"
OTHER = "other"
PAGE_TYPES = (ARTICLE, LIVEBLOG, LISTING, OTHER)

_LIVE = re.compile(r"liveblogposting", re.I)
_ARTICLE_TYPES = re.compile(r"article|blogposting|report|review", re.I)
_LIST_TYPES = re.compile(r"^(?:collectionpage|itemlist|searchresultspage)$", re.I)
# Declared types of pages that are not articles (unless an article type is declared too).
_OTHER_TYPES = re.compile(
    r"^(?:product|productgroup|offer|aggregateoffer|qapage|discussionforumposting|faqpage"
    r"|collectionpage|itemlist|searchresultspage)$",
    re.I,
)
# A paragraph of prose: this many words in one block.
PROSE_WORDS = 25
# "Is it an article" is a weighed sum of the signals below, positive for an article.
# The weights are a logistic regression fitted on the "tune" half of the web-pages set
# (hash of the page id; articles and AEB pages against listing and collection pages,
# other types at a third of the weight) and judged on the other half, where it
# recognises 0.952 of articles (0.922 with the hand-set thresholds it replaces),
# refuses 0.871 of listings and collections (0.842) and 0.935 of AEB's (0.859).
# No weight names a site: each is a property any page has.
_WEIGHTS = {
    "prose": 0.146,  # per log(1 + words of prose)
    "paragraphs": 0.0256,  # per paragraph of prose, up to 30
    "link_density": -0.611,  # share of the whole page's words in links
    "bylined": 0.303,
    "og_article": 1.585,
    "declares_article": 3.224,  # a schema.org article type in JSON-LD
    "declares_list": -2.245,  # CollectionPage, ItemList, SearchResultsPage
    "declares_other": -2.836,  # product, forum, FAQ... and no article type
    "og_product": -3.897,
    "slug": 0.444,  # per word of the longest path segment ("sea-wall-plan"), up to 10
    "dated_path": 3.665,  # a year in the path (/2024/03/...)
    "main_found": 2.697,  # the body's paragraphs sit in one element of the page
    "main_link_density": -5.276,  # share of that element's words in links
    "main_headlines": 0.339,  # per log(1 + links of 4+ words in that element)
    "main_spill": -0.602,  # that element's words per body word, up to 3
    "teasers": -0.322,  # per log(1 + linked h2-h4 headlines on the page)
}
_BIAS = -4.171
MAX_PARAGRAPHS = 30
MAX_SLUG_WORDS = 10
MAX_SPILL = 3.0
# A headline-like link: this many words of link text.
HEADLINE_LINK_WORDS = 4
# A page that is not an article is a listing when links dominate it or many of its
# headlines link elsewhere.
LISTING_LINK_DENSITY = 0.4
LISTING_TEASERS = 5
# Every text of a subtree as plain strings, gathered by libxml2 (twice as fast as
# ``itertext`` on a whole page; same strings, same order).
_TEXTS = etree.XPath("descendant-or-self::text()", smart_strings=False)
_SLUG_SPLIT = re.compile(r"[-_+]+")
_EXTENSION = re.compile(r"\.\w{1,5}$")
_DATED = re.compile(r"/(?:19|20)\d\d/")
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

    @property
    def link_density(self) -> float:
        return self.link_words / self.page_words if self.page_words else 0.0

    @property
    def main_link_density(self) -> float:
        return self.main_link_words / self.main_words if self.main_words else 0.0


def page_signals(
    tree: HtmlElement,
    blocks: list[Block],
    schema_types: frozenset[str],
    og_type: str,
    url: str | None,
    bylined: bool = False,
) -> PageSignals:
    """Signals of a pruned page tree (no scripts left) and its extracted body blocks."""
    body = tree.find("body")
    root = body if body is not None else tree
    # Whitespace-separated words: a third of the cost of the \w+ count, and only ratios
    # of these two are used.
    page_words = len(" ".join(_TEXTS(root)).split())
    link_words = _link_words(root)
    teasers = sum(1 for h in root.iter("h2", "h3", "h4") if h.find(".//a[@href]") is not None)
    counts = [block.words for block in blocks]
    prose = [n for n in counts if n >= PROSE_WORDS]
    main = main_area(root, [b for b, n in zip(blocks, counts, strict=True) if n >= PROSE_WORDS])
    return PageSignals(
        schema_types=schema_types,
        og_type=og_type.strip().lower(),
        path=urlsplit(url or "").path,
        page_words=page_words,
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
    )


def main_area(root: HtmlElement, prose: list[Block]) -> HtmlElement | None:
    """The innermost element holding every paragraph of ``prose`` that is found in the
    page (by its first characters), or None when none is found."""
    wanted: dict[str, HtmlElement | None] = dict.fromkeys(b.text[:_PROBE] for b in prose)
    if not wanted:
        return None
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
    found = [element for element in wanted.values() if element is not None]
    if not found:
        return None
    common = [found[0], *found[0].iterancestors()]
    for element in found[1:]:
        mine = {id(e) for e in (element, *element.iterancestors())}
        common = [e for e in common if id(e) in mine]
    return common[0] if common else None


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


def article_score(signals: PageSignals) -> float:
    """Positive for a page that is an article (weights in ``_WEIGHTS``)."""
    values = features(signals)
    return _BIAS + sum(_WEIGHTS[name] * value for name, value in values.items())


def features(signals: PageSignals) -> dict[str, float]:
    """The weighed signals, by the names of ``_WEIGHTS`` (bench/page_types.py fits them)."""
    types = signals.schema_types
    declares_article = any(_ARTICLE_TYPES.search(kind) for kind in types)
    return {
        "prose": math.log1p(signals.prose_words),
        "paragraphs": min(signals.prose_blocks, MAX_PARAGRAPHS),
        "link_density": signals.link_density,
        "bylined": float(signals.bylined),
        "og_article": float(signals.og_type == "article"),
        "declares_article": float(declares_article),
        "declares_list": float(any(_LIST_TYPES.match(kind) for kind in types)),
        "declares_other": float(
            not declares_article and any(_OTHER_TYPES.match(kind) for kind in types)
        ),
        "og_product": float(signals.og_type.startswith("product")),
        "slug": min(_slug_words(signals.path), MAX_SLUG_WORDS),
        "dated_path": float(bool(_DATED.search(signals.path))),
        "main_found": float(signals.main_words > 0),
        "main_link_density": signals.main_link_density,
        "main_headlines": math.log1p(signals.main_headlines),
        "main_spill": min(MAX_SPILL, signals.main_words / max(1, signals.body_words)),
        "teasers": math.log1p(signals.teaser_links),
    }


def _slug_words(path: str) -> int:
    """Words of the longest segment of a URL path: an article's is its headline."""
    segments = (_EXTENSION.sub("", part) for part in path.split("/") if part)
    return max((len([w for w in _SLUG_SPLIT.split(s) if w]) for s in segments), default=0)


def classify(signals: PageSignals) -> str:
    """The page type of a page with these signals."""
    types = signals.schema_types
    if not signals.page_words:
        return OTHER
    if any(_LIVE.search(kind) for kind in types):
        return LIVEBLOG
    if article_score(signals) > 0:
        return ARTICLE
    if (
        any(_LIST_TYPES.match(kind) for kind in types)
        or signals.link_density > LISTING_LINK_DENSITY
        or signals.teaser_links >= LISTING_TEASERS
    ):
        return LISTING
    return OTHER


def describe(signals: PageSignals) -> str:
    """Why a page got its type, in the words an operator reads on the source's page."""
    if not signals.page_words:
        return "no readable text"
    parts = [f"{signals.link_density:.0%} of its words are links"]
    if signals.main_words:
        parts.append(f"{signals.main_link_density:.0%} in the body's own area")
    if signals.teaser_links:
        parts.append(f"{signals.teaser_links} linked headlines")
    if signals.bylined:
        parts.append("names its author")
    parts.append(
        f"{signals.prose_words} words of prose in {signals.prose_blocks} "
        f"paragraph{'s' if signals.prose_blocks != 1 else ''}"
    )
    declared = sorted(signals.schema_types) + ([f"og:{signals.og_type}"] if signals.og_type else [])
    if declared:
        parts.append("declared " + ", ".join(declared[:4]))
    return "; ".join(parts)
