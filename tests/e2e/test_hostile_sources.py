"""Hostile publishers next to a good one, at the orchestrator's level.

Each bad source ends with a clear error recorded on it, the pass goes on, the good
source's articles are all stored once, and nothing is fetched that must not be.
"""

from __future__ import annotations

import gzip

import pytest

from newsdesk.cli import main
from newsdesk.storage.models import Article, ArticleStatus, Source

pytestmark = pytest.mark.django_db(transaction=True)

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;'
    b'&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'
    b'&lol2;">]><rss version="2.0"><channel><title>&lol3;</title></channel></rss>'
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<rss version="2.0"><channel><title>XXE</title><item><title>&xxe;</title>'
    b"<link>http://127.0.0.1:1/x</link></item></channel></rss>"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
GZIP_BOMB = gzip.compress(b"\x00" * (40 * 2**20))  # 40 MiB of zeros, ~40 KiB on the wire


@pytest.fixture
def hostile(publisher, allow_loopback, monkeypatch):
    monkeypatch.setenv("NEWSDESK_FETCH_MAX_BYTES", str(4 * 2**20))
    from newsdesk.worker.network import reset_network

    reset_network()
    rss = {"Content-Type": "application/rss+xml"}
    publisher.overrides.update(
        {
            "/laughs.xml": (200, rss, BILLION_LAUGHS),
            "/xxe.xml": (200, rss, XXE),
            "/image.xml": (200, {"Content-Type": "image/png"}, PNG),
            "/gone.xml": (410, {"Content-Type": "text/plain"}, b"gone"),
            "/missing.xml": (404, {"Content-Type": "text/plain"}, b"missing"),
            "/limited.xml": (
                429,
                {"Content-Type": "text/plain", "Retry-After": "120"},
                b"slow down",
            ),
            "/to-metadata.xml": (
                302,
                {"Location": "http://169.254.169.254/latest/meta-data/"},
                b"",
            ),
            "/bomb.xml": (
                200,
                {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"},
                GZIP_BOMB,
            ),
            "/bad.json": (
                200,
                {"Content-Type": "application/feed+json"},
                b'{"version": "https://jsonfeed.org/version/1.1", "title": 123, "items": {}}',
            ),
            "/plain.html": (
                200,
                {"Content-Type": "text/html"},
                b"<html><body><p>No feed here.</p></body></html>",
            ),
        }
    )
    for path in publisher.overrides:
        assert main(["source", "add", publisher.url(path)]) == 0
    assert main(["source", "add", publisher.url("/feed.xml")]) == 0
    assert main(["ingest", "--threads", "2", "--processes", "1"]) == 0
    return {path: Source.objects.get(url=publisher.url(path)) for path in publisher.overrides}


def test_each_bad_source_records_why_and_the_good_one_is_complete(hostile, publisher):
    good = Source.objects.get(url=publisher.url("/feed.xml"))
    assert good.error_count == 0 and good.last_error == ""
    assert Article.objects.filter(source=good, status=ArticleStatus.READY).count() == 3

    expected_kind = {
        "/image.xml": "binary_content",
        "/gone.xml": "gone",
        "/missing.xml": "not_found",
        "/limited.xml": "rate_limited",
        "/to-metadata.xml": "blocked_address",
        "/bomb.xml": "too_large",
        "/bad.json": "invalid_json_feed",
    }
    for path, kind in expected_kind.items():
        source = hostile[path]
        assert source.last_error_kind == kind, (path, source.last_error_kind, source.last_error)
        assert source.last_error, path  # a sentence for the operator

    assert not hostile["/gone.xml"].enabled  # 410 disables at once
    assert hostile["/missing.xml"].enabled  # 404 only counts
    limited = hostile["/limited.xml"]
    wait = (limited.next_fetch_at - limited.last_fetch_at).total_seconds()
    assert 110 <= wait <= 130  # Retry-After: 120 honoured
    # The blocked redirect never changed the stored address.
    assert hostile["/to-metadata.xml"].url == publisher.url("/to-metadata.xml")


def test_entity_tricks_are_not_expanded(hostile):
    for path in ("/laughs.xml", "/xxe.xml"):
        source = Source.objects.get(pk=hostile[path].pk)
        titles = list(Article.objects.filter(source=source).values_list("title", flat=True))
        assert "lollollol" not in (source.name + "".join(titles))
        assert "root:" not in (source.name + "".join(titles))


def test_plain_page_without_feed_becomes_a_page_source(hostile):
    source = Source.objects.get(pk=hostile["/plain.html"].pk)
    assert source.kind == "page"
