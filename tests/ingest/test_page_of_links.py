"""The stories a home or section page links to (newsdesk.ingest.feeds.links).

The pages are the fictional publisher's (tests/data/publisher): a front page with a
menu, teasers, a "most read" list, a partner's story and a footer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.ingest.feeds import SourceKind, page_links
from newsdesk.ingest.feeds.links import MAX_LINKS

DATA = Path(__file__).resolve().parents[1] / "data" / "publisher"
BASE = "https://harbour-ledger.example"


def test_front_page_yields_its_stories_in_page_order():
    feed = page_links((DATA / "front" / "index.html").read_bytes(), f"{BASE}/front/")
    assert feed.kind == SourceKind.PAGE_OF_LINKS
    assert [(i.url, i.title) for i in feed.items] == [
        (
            f"{BASE}/news/council-approves-flood-barrier.html",
            "Council approves flood barrier after a decade of debate",
        ),
        (f"{BASE}/news/rail-workers-strike.html", "Rail workers walk out over night-shift pay"),
        # The "#comments" anchor is the same page.
        (f"{BASE}/news/observatory-finds-comet.html", "Hilltop observatory spots a new comet"),
    ]
    # The menu, the tag page, "about", the feed file and the partner's story are not items.
    urls = " ".join(i.url for i in feed.items)
    assert "/tag/" not in urls and "/about/" not in urls and "elsewhere" not in urls
    assert len({i.key for i in feed.items}) == 3


def test_section_page_skips_pagination():
    feed = page_links((DATA / "sections" / "world.html").read_bytes(), f"{BASE}/sections/world")
    assert len(feed.items) == 6
    assert all("/world/2026/11/" in i.url for i in feed.items)
    assert not any("/page/" in i.url for i in feed.items)


def test_www_and_subdomains_are_the_same_site_and_base_href_is_honoured():
    html = b"""<html><head><base href="https://cdn.example.org/x/"></head><body>
    <a href="https://example.org/2026/05/mayor-opens-the-new-library">Mayor opens the new library</a>
    <a href="https://news.example.org/local/schools-to-stay-open-in-summer">Schools to stay open in summer</a>
    <a href="local/bus-routes-change-next-month">Bus routes change next month here</a>
    <a href="https://example.com/2026/05/other-site-story">A story on another site entirely</a>
    </body></html>"""
    urls = [i.url for i in page_links(html, "https://www.example.org/").items]
    assert urls == [
        "https://example.org/2026/05/mayor-opens-the-new-library",
        "https://news.example.org/local/schools-to-stay-open-in-summer",
        "https://cdn.example.org/x/local/bus-routes-change-next-month",
    ]


def test_headlines_in_scripts_without_spaces():
    html = "<a href='/news/2026/1234567.html'>東京で新しい図書館が開館しました今日</a><a href='/news/2026/7654321.html'>天気</a>"
    feed = page_links(html.encode(), "https://news.example.jp/")
    assert [i.url for i in feed.items] == ["https://news.example.jp/news/2026/1234567.html"]


def test_a_front_page_is_capped():
    links = "".join(
        f'<h3><a href="/2026/05/story-number-{n}-of-many">Story number {n} of very many</a></h3>'
        for n in range(MAX_LINKS + 50)
    )
    feed = page_links(f"<html><body>{links}</body></html>".encode(), "https://example.org/")
    assert len(feed.items) == MAX_LINKS and feed.truncated
    assert feed.items[0].url.endswith("story-number-0-of-many")


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"\x00\xff\xfe",
        b"<a href='javascript:alert(1)'>Click here to win a prize now</a>",
        b"<" * 10_000,
    ],
)
def test_junk_yields_nothing_and_never_raises(body):
    assert page_links(body, "https://example.org/").items == ()
