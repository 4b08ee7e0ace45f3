"""Stage 5c: a page that carries several whole articles keeps its first.

Sites with endless scrolling serve the next stories in the same page, each in its own
``<article>``, under the one URL of the first. The two extractors may each pick a
different one, and the vote, which joins two disjoint outputs because an inline box
often splits one article in two, then glues two stories together; the page's main area
(the element holding both) would add the rest. When the body's paragraphs sit in two
or more separate ``<article>`` elements, each holding a real share of them, the body is
the first one's: the story the URL names comes first.
"""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from newsdesk.extract.blocks import Block
from newsdesk.extract.pagesignals import PROSE_WORDS, located, probe

# A story has its headline (a forum thread's posts are <article>s without one).
_HEADED_ARTICLES = etree.XPath("//article[descendant::h1 or descendant::h2]")
# An <article> holding fewer of the body's words than this is a box inside the story
# (a quote card, a related teaser), not a story of its own.
STORY_WORDS = 150


def first_article(tree: HtmlElement, blocks: list[Block]) -> list[Block]:
    """``blocks`` up to the first paragraph that sits in another whole article."""
    # Most pages (95 % of both sets) have at most one <article> with a headline: nothing
    # to look for (one libxml2 query; locating the paragraphs walks the page).
    headed = set(_HEADED_ARTICLES(tree))
    if len(headed) < 2:
        return blocks
    prose = [block for block in blocks if block.words >= PROSE_WORDS]
    places = located(tree, prose)
    story: dict[str, HtmlElement] = {}
    words: dict[HtmlElement, int] = {}
    for block in prose:
        element = places.get(probe(block))
        outer = _outer_article(element) if element is not None else None
        if outer is not None:
            story[probe(block)] = outer
            words[outer] = words.get(outer, 0) + block.words
    stories = [outer for outer, total in words.items() if total >= STORY_WORDS and outer in headed]
    if len(stories) < 2:
        return blocks
    first = next(story[probe(block)] for block in prose if story.get(probe(block)) in stories)
    for index, block in enumerate(blocks):
        outer = story.get(probe(block)) if block.words >= PROSE_WORDS else None
        if outer is not None and outer is not first and outer in stories:
            kept = blocks[:index]
            while kept and kept[-1].kind == "heading":  # the next story's headline
                kept.pop()
            return kept
    return blocks


def _outer_article(element: HtmlElement) -> HtmlElement | None:
    """The outermost <article> holding ``element`` (a comment or a quoted post inside a
    story is an <article> too, and belongs to the story)."""
    found = element if element.tag == "article" else None
    for ancestor in element.iterancestors("article"):
        found = ancestor
    return found
