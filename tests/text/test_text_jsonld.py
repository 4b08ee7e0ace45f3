"""One JSON-LD reader for article metadata and live blogs."""

from __future__ import annotations

import json

from lxml.html import document_fromstring

from newsdesk.text import jsonld


def page(*scripts: str, kind: str = "application/ld+json") -> str:
    blocks = "".join(f'<script type="{kind}">{s}</script>' for s in scripts)
    return f"<html><head>{blocks}</head><body><p>x</p></body></html>"


def test_documents_are_parsed_once_and_broken_ones_skipped() -> None:
    tree = document_fromstring(page('{"@type": "NewsArticle"}', "{broken", "[1, 2]"))
    assert jsonld.documents(tree) == ({"@type": "NewsArticle"}, [1, 2])
    charset = document_fromstring(page("{}", kind="application/ld+json; charset=utf-8"))
    assert jsonld.documents(charset) == ({},)
    huge = '{"a": "' + "x" * jsonld.MAX_SCRIPT_CHARS + '"}'
    assert jsonld.documents(document_fromstring(page(huge))) == ()


def test_walks_top_level_and_graph_or_everything() -> None:
    data = {
        "@graph": [
            {"@type": "WebPage", "mainEntity": {"@type": "LiveBlogPosting"}},
            {"@type": ["NewsArticle", 5], "author": {"@type": "Person"}},
        ]
    }
    shallow = [jsonld.types(o) for o in jsonld.objects((data,), nested=False)]
    assert shallow == [[], ["WebPage"], ["NewsArticle"]]
    deep = [jsonld.types(o) for o in jsonld.objects((data,), nested=True)]
    assert ["LiveBlogPosting"] in deep and ["Person"] in deep


def test_walks_are_bounded() -> None:
    deep: object = {}
    for _ in range(500):
        deep = [deep]
    assert list(jsonld.objects((deep,), nested=True)) == []
    assert len(list(jsonld.objects((json.loads("[[{}]]"),), nested=True))) == 1
    wide = [{"n": i} for i in range(jsonld.MAX_ITEMS + 10)]
    assert len(list(jsonld.objects((wide,), nested=False))) == jsonld.MAX_ITEMS
