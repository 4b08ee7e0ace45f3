"""Is this page an article? ``article``, ``liveblog``, ``listing`` or ``other``.

An aggregator is handed home pages, section pages, galleries, product pages and forum
threads as often as articles; storing those as articles fills the site with menus.
The decision uses what any page shows, never one site's markup:

- what the publisher declares: a schema.org ``@type`` in JSON-LD (``NewsArticle``,
  ``LiveBlogPosting``, ``Product``, ``CollectionPage``...) and ``og:type``;
- the shape of the page: how much of its text sits in links (a page of links to other
  pages is a listing), how many teaser headlines link elsewhere, and how much
  connected prose the extracted body holds;
- the URL: a site's root or a short section path is where listings live.

Declarations are trusted only where the page's shape does not contradict them: many
sites stamp every page, home page included, ``og:type=article``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from newsdesk.extract.blocks import Block
from newsdesk.text.tokens import word_count

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
# Thresholds chosen on the "tune" half of the web-pages set (hash of the page id) and
# checked on the other half (bench/extraction.py prints both): an article holds this
# many words of prose (half as many when the page declares itself an article) in at
# least this many paragraphs, and at most this share of the page's words are links.
ARTICLE_PROSE_WORDS = 300
ARTICLE_PROSE_BLOCKS = 2
MAX_LINK_DENSITY = 0.5
# A page that declares an article type in JSON-LD and names its author is an article
# once it holds this much prose, however many links its menus carry (a news site's
# menus and "more stories" are often half its words). One that says ``og:type=article``
# and names its author needs this much, with links up to VOUCHED_LINK_DENSITY.
CLAIMED_PROSE_WORDS = 40
VOUCHED_PROSE_WORDS = 100
VOUCHED_LINK_DENSITY = 0.8
# This many linked headlines make a page a listing, whatever prose it also holds (a
# long article links a few "related" headlines, a front page dozens).
CROWDED_TEASERS = 30
# A page that is not an article is a listing when links dominate it or many of its
# headlines link elsewhere.
LISTING_LINK_DENSITY = 0.4
LISTING_TEASERS = 5


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

    @property
    def link_density(self) -> float:
        return self.link_words / self.page_words if self.page_words else 0.0


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
    page_words = len(" ".join(root.itertext()).split())
    link_words = len(" ".join(t for a in root.iter("a") for t in a.itertext()).split())
    teasers = sum(1 for _ in root.xpath(".//h2[.//a[@href]]|.//h3[.//a[@href]]|.//h4[.//a[@href]]"))
    prose = [n for block in blocks if (n := word_count(block.text)) >= PROSE_WORDS]
    return PageSignals(
        schema_types=schema_types,
        og_type=og_type.strip().lower(),
        path=urlsplit(url or "").path,
        page_words=page_words,
        link_words=link_words,
        teaser_links=teasers,
        body_words=sum(word_count(block.text) for block in blocks),
        prose_blocks=len(prose),
        prose_words=sum(prose),
        bylined=bylined,
    )


def classify(signals: PageSignals) -> str:
    """The page type of a page with these signals."""
    types = signals.schema_types
    if not signals.page_words:
        return OTHER
    if any(_LIVE.search(kind) for kind in types):
        return LIVEBLOG
    claims_article = any(_ARTICLE_TYPES.search(kind) for kind in types)
    if claims_article and signals.bylined and _prose(signals, CLAIMED_PROSE_WORDS):
        return ARTICLE
    denied = not claims_article and (
        any(_OTHER_TYPES.match(kind) for kind in types) or signals.og_type.startswith("product")
    )
    vouched = signals.og_type == "article" and signals.bylined
    needed = ARTICLE_PROSE_WORDS // (2 if claims_article or signals.og_type == "article" else 1)
    if vouched:
        needed = min(needed, VOUCHED_PROSE_WORDS)
    # A site's root is its front page unless it says otherwise.
    front = signals.path in ("", "/") and not claims_article
    if (
        not denied
        and not front
        and signals.teaser_links < CROWDED_TEASERS
        and signals.link_density <= (VOUCHED_LINK_DENSITY if vouched else MAX_LINK_DENSITY)
        and _prose(signals, needed)
    ):
        return ARTICLE
    if (
        any(_LIST_TYPES.match(kind) for kind in types)
        or signals.link_density > LISTING_LINK_DENSITY
        or signals.teaser_links >= LISTING_TEASERS
    ):
        return LISTING
    return OTHER


def _prose(signals: PageSignals, words: int) -> bool:
    """At least ``words`` of prose in two paragraphs, or twice that in one (a page
    whose text is not split into paragraphs)."""
    if signals.prose_blocks >= ARTICLE_PROSE_BLOCKS:
        return signals.prose_words >= words
    return signals.prose_words >= ARTICLE_PROSE_BLOCKS * words


def describe(signals: PageSignals) -> str:
    """Why a page got its type, in the words an operator reads on the source's page."""
    if not signals.page_words:
        return "no readable text"
    parts = [f"{signals.link_density:.0%} of its words are links"]
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
