"""A home page added as a source, and feed items whose page is not an article, through the
real worker: the fictional publisher (tests/data/publisher) served on loopback."""

from __future__ import annotations

import json

import pytest

from newsdesk.cli import main
from newsdesk.storage.models import Article, ArticleStatus, FetchLog, Source

pytestmark = pytest.mark.django_db(transaction=True)


def _ingest(capsys) -> str:
    assert main(["ingest", "--threads", "2", "--processes", "1"]) == 0
    return capsys.readouterr().out


def test_home_page_without_feed_becomes_a_page_of_links(publisher, allow_loopback, capsys):
    main(["source", "add", publisher.url("/front/")])
    _ingest(capsys)
    source = Source.objects.get()
    assert source.kind == "links", source.last_error
    assert source.name == "The Harbour Ledger"
    # Its three stories, each fetched and extracted; never an article made of the menu.
    ready = Article.objects.filter(status=ArticleStatus.READY)
    assert sorted(a.url for a in ready) == sorted(
        publisher.url(f"/news/{name}.html")
        for name in (
            "council-approves-flood-barrier",
            "rail-workers-strike",
            "observatory-finds-comet",
        )
    )
    assert not Article.objects.filter(url=publisher.url("/front/")).exists()
    assert {a.page_type for a in ready} == {"article"}
    assert not any(a.text_from_feed for a in ready)
    strike = ready.get(url=publisher.url("/news/rail-workers-strike.html"))
    assert "night shifts" in strike.body_text and "Sign in" not in strike.body_text
    # The operator sees what the page is and why, in the fetch log and `source list`.
    note = FetchLog.objects.filter(source=source).first().error
    assert note.startswith("followed as a page of links: page type listing (")
    assert "% of its words are links" in note and "3 story links" in note
    main(["source", "list"])
    listing = capsys.readouterr().out
    assert "Page of links" in listing and "page type listing" in listing
    main(["source", "list", "--json"])
    (row,) = json.loads(capsys.readouterr().out)
    assert row["kind"] == "links" and "3 story links" in row["last_note"]

    # Re-read on its schedule: a story added to the front page is followed, the rest
    # are not stored twice.
    front = (publisher.root / "front" / "index.html").read_bytes()
    publisher.overrides["/front/"] = (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        front.replace(
            b"</main>",
            b'<h3><a href="/news/2026/harbour-pilots-vote-to-strike">Harbour pilots vote to strike in December</a></h3></main>',
        ),
    )
    Source.objects.update(next_fetch_at="2000-01-01T00:00:00Z")
    _ingest(capsys)
    assert Article.objects.count() == 4
    assert publisher.hits["/news/rail-workers-strike.html"] == 1
    added = Article.objects.get(url=publisher.url("/news/2026/harbour-pilots-vote-to-strike"))
    assert added.status == ArticleStatus.FAILED  # the publisher answers 404: the reason is kept
    assert added.error


def test_feed_item_whose_page_is_a_listing_keeps_the_feed_text(
    publisher, allow_loopback, client, capsys
):
    main(["source", "add", publisher.url("/mixed.xml")])
    _ingest(capsys)
    strike = Article.objects.get(url=publisher.url("/news/rail-workers-strike.html"))
    assert strike.status == ArticleStatus.READY and strike.page_type == "article"
    assert not strike.text_from_feed and "night shifts" in strike.body_text

    section = Article.objects.get(url=publisher.url("/sections/world.html"))
    assert section.status == ArticleStatus.READY
    assert section.page_type == "listing" and section.text_from_feed
    assert section.title == "This week in the world section"  # the feed's, not the page's
    assert section.body_text.startswith("Our world desk's week: four northern ports")
    assert "Older stories" not in section.body_text and "Weather" not in section.body_text
    assert section.error.startswith("The page is not an article (listing: ")

    # Without any text in the feed there is nothing to show: failed, with the reason.
    bare = Article.objects.get(url=publisher.url("/sections/world.html?week=47"))
    assert bare.status == ArticleStatus.FAILED and bare.error_kind == "not_article"
    assert "listing" in bare.error

    # Readers and the API see that the text is the feed's.
    api = client.get(f"/api/articles/{section.pk}").json()
    assert api["page_type"] == "listing" and api["text_from_feed"] is True
    html = client.get(f"/articles/{section.pk}/").content.decode()
    assert "the feed\u2019s own text" in html


def test_single_article_page_is_one_article_and_a_gallery_is_none(
    publisher, allow_loopback, capsys
):
    main(["source", "add", publisher.url("/news/observatory-finds-comet.html")])
    gallery = b"""<!DOCTYPE html><html><head><title>Photos of the week</title>
    <meta property="og:type" content="website"></head><body><nav><a href="/">Home</a></nav>
    <h1>Photos of the week</h1><figure><img src="/a.jpg"><figcaption>Fog over the harbour at dawn on Monday morning.</figcaption></figure>
    <figure><img src="/b.jpg"><figcaption>Volunteers clear the beach after the storm.</figcaption></figure></body></html>"""
    publisher.overrides["/photos/"] = (200, {"Content-Type": "text/html"}, gallery)
    main(["source", "add", publisher.url("/photos/")])
    _ingest(capsys)
    comet = Source.objects.get(url=publisher.url("/news/observatory-finds-comet.html"))
    assert comet.kind == "page"
    (article,) = Article.objects.filter(source=comet)
    assert article.status == ArticleStatus.READY and article.page_type == "article"
    photos = Source.objects.get(url=publisher.url("/photos/"))
    assert photos.kind == "page"
    (shown,) = Article.objects.filter(source=photos)
    assert shown.status == ArticleStatus.FAILED
    assert shown.page_type == "other" and shown.error_kind in ("not_article", "no_article")
