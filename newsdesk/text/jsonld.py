"""Reading the schema.org JSON-LD that publishers embed for search engines.

One reader for every consumer (article metadata, live-blog entries): the page's
``<script type="application/ld+json">`` blocks are parsed once, under one size cap,
and walked with one bound on depth and breadth. Two copies used to differ: the type
attribute had to match exactly or only contain "ld+json" (containing won: publishers
write "application/ld+json; charset=utf-8"), and scripts over 500,000 or 2,000,000
characters were skipped (2,000,000 won: a live blog's updates easily pass 500,000, and
the scripts are now parsed once for all readers).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from lxml.html import HtmlElement

MAX_SCRIPT_CHARS = 2_000_000
# Bounds of a walk: a hostile page nests or repeats objects without end.
MAX_DEPTH = 20
MAX_ITEMS = 2_000


def documents(tree: HtmlElement) -> tuple[Any, ...]:
    """The parsed JSON value of each JSON-LD script of ``tree``; broken ones are skipped.

    Read before ``<script>`` elements are pruned from the tree.
    """
    found = []
    for script in tree.xpath('.//script[contains(@type, "ld+json")]'):
        text = script.text or ""
        if len(text) > MAX_SCRIPT_CHARS:
            continue
        try:
            found.append(json.loads(text))
        except (ValueError, RecursionError):
            continue
    return tuple(found)


def objects(values: tuple[Any, ...], *, nested: bool) -> Iterator[dict[str, Any]]:
    """Every JSON object the documents declare, in document order.

    ``nested=False``: the objects at top level, in top-level lists and in ``@graph``
    (what a page says about itself; an article's ``author`` or ``publisher`` objects are
    not articles). ``nested=True``: also every object inside those, at any depth up to
    ``MAX_DEPTH`` (a ``LiveBlogPosting`` often sits in a ``WebPage``'s ``mainEntity``).
    """
    for value in values:
        yield from _walk(value, 0, nested)


def _walk(node: Any, depth: int, nested: bool) -> Iterator[dict[str, Any]]:
    if depth > MAX_DEPTH:
        return
    if isinstance(node, list):
        for item in node[:MAX_ITEMS]:
            yield from _walk(item, depth + 1, nested)
    elif isinstance(node, dict):
        yield node
        if nested:
            for value in node.values():
                if isinstance(value, dict | list):
                    yield from _walk(value, depth + 1, nested)
        else:
            graph = node.get("@graph")
            if isinstance(graph, list):
                yield from _walk(graph, depth + 1, nested)


def types(obj: dict[str, Any]) -> list[str]:
    """The object's ``@type`` values (one string or a list of them)."""
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return [k for k in kinds if isinstance(k, str)]
