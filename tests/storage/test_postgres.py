"""The same code on PostgreSQL: migrations, ingest and every later stage: NUL bytes, huge fields.

A NUL byte in a title breaks inserts on PostgreSQL but not on SQLite, so the hostile
feed runs here; locally this skips without PostgreSQL, in CI it installs and starts it.
"""

from __future__ import annotations

import json

import pytest

from tests.support.postgres import PostgresServer
from tests.support.site import Site

HOSTILE_FEED = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Null\x00 Gazette</title>'
    "<link>{base}/</link>"
    "<item><title>Tit\x00le with NUL &#0; and \x07bell</title><link>{base}/news/rail-workers-strike.html</link>"
    "<guid>{long_guid}</guid><description>Body\x00 text</description></item>"
    "<item><title>{long_title}</title><link>{base}/news/observatory-finds-comet.html?{long_query}</link></item>"
    "</channel></rss>"
)


@pytest.fixture(scope="module")
def postgres():
    server = PostgresServer()
    yield server
    server.stop()


def test_ingest_on_postgres_survives_nul_bytes_and_huge_fields(tmp_path, publisher, postgres):
    feed = HOSTILE_FEED.format(
        base=publisher.base,
        long_guid="g" * 9000,
        long_title="T" * 1_000_000,
        long_query="q=" + "x" * 8000,
    )
    publisher.overrides["/nul.xml"] = (200, {"Content-Type": "application/rss+xml"}, feed.encode())
    site = Site(tmp_path, DATABASE_URL=postgres.url)
    site.run("source", "add", publisher.url("/nul.xml"))
    site.run("source", "add", publisher.url("/feed.xml"))
    result = site.run("ingest")
    assert "task errors 0" in result.stderr

    import psycopg

    with psycopg.connect(postgres.url.replace("postgres://", "postgresql://")) as db:
        titles = [r[0] for r in db.execute("SELECT title FROM storage_article ORDER BY id")]
        assert any(t.startswith("Title with NUL") for t in titles)
        assert all("\x00" not in t and "\x07" not in t for t in titles)
        assert max(len(t) for t in titles) <= 1001  # display column truncated, key hashed
        ready = db.execute(
            "SELECT count(*) FROM storage_article WHERE status = 'ready'"
        ).fetchone()[0]
        assert ready >= 4
        stories = db.execute("SELECT count(*) FROM storage_story").fetchone()[0]
        assert stories >= 1  # clustering ran on PostgreSQL too (select_for_update lock)
        tags = db.execute("SELECT count(*) FROM storage_articletag").fetchone()[0]
        assert tags > 0
    names = [s["name"] for s in json.loads(site.run("source", "list", "--json").stdout)]
    assert "Null Gazette" in names
