"""From a publisher's feed on loopback to article pages and API objects, through the real queue."""

from __future__ import annotations

import pytest

from newsdesk.cli import main
from newsdesk.storage.models import Article, ArticleStatus, Source

pytestmark = pytest.mark.django_db(transaction=True)


def _ingest(capsys) -> str:
    assert main(["ingest", "--threads", "2", "--processes", "1"]) == 0
    return capsys.readouterr().out


def test_feed_to_article_page_and_api(publisher, allow_loopback, client, capsys):
    assert main(["source", "add", publisher.url("/feed.xml"), "--name", "Ledger"]) == 0
    out = _ingest(capsys)
    assert "Ingest pass done" in out

    source = Source.objects.get()
    assert source.kind == "feed" and source.error_count == 0, source.last_error
    articles = Article.objects.filter(status=ArticleStatus.READY).order_by("-sort_at")
    assert [a.title for a in articles] == [
        "Council approves flood barrier after a decade of debate",
        "Rail workers walk out over night-shift pay",
        "Hilltop observatory spots a new comet",
    ]
    barrier = articles[0]
    assert barrier.url == publisher.url("/news/council-approves-flood-barrier.html")
    assert (
        barrier.canonical_url
        == "https://harbour-ledger.example/news/council-approves-flood-barrier"
    )
    assert barrier.byline == "Mara Lindqvist"
    assert barrier.body_text.startswith("The Harbour City council voted nine to four")
    assert "Sign up for the Morning Ledger" not in barrier.body_text
    assert "Share on Facebook" not in barrier.body_text
    assert "Ferry timetable" not in barrier.body_text
    assert "\n\n" in barrier.body_text

    page = client.get(f"/articles/{barrier.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Council approves flood barrier after a decade of debate" in html
    assert '<time datetime="2026-11-28T09:30:00+00:00"' in html
    assert "Engineers told the council" in html

    listing = client.get("/api/articles").json()
    assert listing["count"] == 3 and len(listing["items"]) == 3
    assert listing["items"][0]["title"].startswith("Council approves")
    detail = client.get(f"/api/articles/{barrier.pk}").json()
    for field in (
        "id",
        "url",
        "page_url",
        "title",
        "publisher",
        "byline",
        "published_at",
        "updated_at",
        "language",
        "body_text",
        "body_html",
    ):
        assert field in detail
    assert detail["published_at"] == "2026-11-28T09:30:00Z" or detail["published_at"].startswith(
        "2026-11-28T09:30:00"
    )
    assert detail["page_url"].endswith(f"/articles/{barrier.pk}/")
    assert detail["publisher"] == "The Harbour Ledger"


def test_reingest_stores_nothing_twice(publisher, allow_loopback, capsys):
    main(["source", "add", publisher.url("/feed.xml")])
    _ingest(capsys)
    Source.objects.update(next_fetch_at="2000-01-01T00:00:00Z")
    _ingest(capsys)
    assert Article.objects.count() == 3
    assert publisher.hits["/news/rail-workers-strike.html"] == 1


def test_home_page_url_discovers_its_feed(publisher, allow_loopback, capsys):
    main(["source", "add", publisher.url("/")])
    _ingest(capsys)
    Source.objects.update(next_fetch_at="2000-01-01T00:00:00Z")
    _ingest(capsys)
    source = Source.objects.get()
    assert source.url == publisher.url("/feed.xml")
    assert Article.objects.filter(status=ArticleStatus.READY).count() == 3


def test_single_article_url_becomes_one_article(publisher, allow_loopback, capsys):
    main(["source", "add", publisher.url("/news/rail-workers-strike.html")])
    _ingest(capsys)
    source = Source.objects.get()
    assert source.kind == "page"
    article = Article.objects.get()
    assert article.status == ArticleStatus.READY
    assert article.title == "Rail workers walk out over night-shift pay"
    assert "night shifts" in article.body_text


def test_broken_source_does_not_stop_the_others(publisher, allow_loopback, capsys):
    publisher.overrides["/broken.xml"] = (500, {"Content-Type": "text/plain"}, b"boom")
    main(["source", "add", publisher.url("/broken.xml")])
    main(["source", "add", publisher.url("/feed.xml")])
    out = _ingest(capsys)
    broken = Source.objects.get(url=publisher.url("/broken.xml"))
    assert broken.error_count == 1 and broken.last_status == 500
    assert "broken.xml" in out  # the operator sees which source failed, and why
    assert Article.objects.filter(status=ArticleStatus.READY).count() == 3


def test_source_add_refuses_private_address_without_allowlist(capsys, monkeypatch):
    from newsdesk.worker.network import reset_network

    monkeypatch.delenv("NEWSDESK_FETCH_ALLOWLIST", raising=False)
    reset_network()
    assert main(["source", "add", "http://127.0.0.1:9/feed.xml"]) != 0
    assert main(["source", "add", "file:///etc/passwd"]) != 0
    err = capsys.readouterr().err
    assert "refused" in err
    assert Source.objects.count() == 0
