"""The page's robots directives and its icon travel with the extraction."""

from __future__ import annotations

from newsdesk.extract import extract
from newsdesk.extract.metadata import robots_directives

PAGE = """<!doctype html><html><head><title>T</title>
<meta name="robots" content="index, follow, max-snippet:120, noarchive">
<meta name="googlebot" content="nosnippet">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="icon" href="/favicon-32.png" sizes="32x32">
<link rel="apple-touch-icon" href="/touch.png">
</head><body><article><h1>T</h1><p>Words.</p></article></body></html>"""


def test_robots_meta_and_icon_are_carried():
    ex = extract(PAGE.encode(), url="https://news.example/a", content_type="text/html")
    # googlebot's own directive is for Google; the generic ones apply here.
    assert ex.robots == "max-snippet:120,noarchive"
    assert ex.icon == "https://news.example/touch.png"  # the largest raster icon, never the SVG


def test_an_svg_only_icon_is_not_taken():
    html = PAGE.replace('<link rel="apple-touch-icon" href="/touch.png">', "").replace(
        '<link rel="icon" href="/favicon-32.png" sizes="32x32">', ""
    )
    assert extract(html.encode(), url="https://news.example/a").icon is None


def test_x_robots_tag_values_merge_and_respect_their_addressee():
    assert robots_directives("noindex", "nosnippet, max-snippet:50") == "nosnippet,max-snippet:50"
    assert robots_directives("googlebot: nosnippet") == ""
    assert robots_directives("newsdesk: noarchive", "NOSNIPPET") == "noarchive,nosnippet"
    assert robots_directives("") == ""
