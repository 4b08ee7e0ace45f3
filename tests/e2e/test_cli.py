"""The console script as operators and scripts call it (contract: names, exit codes, JSON)."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from tests.support.site import Site

PAGE = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "publisher"
    / "news"
    / "observatory-finds-comet.html"
)
KEYS = [
    "title",
    "byline",
    "published_at",
    "updated_at",
    "site_name",
    "canonical_url",
    "language",
    "image",
    "body_text",
    "body_html",
    "page_type",
    "page_reason",
]


def test_extract_prints_one_json_object(tmp_path):
    result = Site(tmp_path).run("extract", str(PAGE))
    data = json.loads(result.stdout)
    assert sorted(data) == sorted(KEYS)
    assert data["title"] == "Hilltop observatory spots a new comet"
    assert data["byline"] == "Aiko Tanaka"
    assert data["published_at"].startswith("2026-11-26T21:45:00")
    assert data["site_name"] == "The Harbour Ledger"
    assert data["language"] == "en"
    assert data["body_text"].startswith("Astronomers at the Hilltop Observatory")
    assert "Related articles" not in data["body_text"]


def test_extract_page_without_article_has_empty_body(tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_text(
        "<html><head><title>Nothing</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    )
    data = json.loads(Site(tmp_path).run("extract", str(empty)).stdout)
    assert data["body_text"] == ""
    assert data["page_type"] == "other"


def test_extract_url_goes_through_the_guard(tmp_path, publisher):
    site = Site(tmp_path, NEWSDESK_FETCH_ALLOWLIST="")
    refused = site.run("extract", publisher.url("/news/rail-workers-strike.html"), check=False)
    assert refused.returncode != 0 and "refused" in refused.stderr
    assert publisher.hits["/news/rail-workers-strike.html"] == 0
    allowed = Site(tmp_path).run("extract", publisher.url("/news/rail-workers-strike.html"))
    assert json.loads(allowed.stdout)["title"] == "Rail workers walk out over night-shift pay"


def test_source_commands_round_trip(tmp_path, publisher):
    site = Site(tmp_path)
    added = site.run("source", "add", publisher.url("/feed.xml"), "--name", "Ledger")
    assert "Added source 1" in added.stdout
    for bad in (
        "file:///etc/passwd",
        "gopher://127.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
    ):
        refused = site.run("source", "add", bad, check=False)
        assert refused.returncode == 2, bad
        assert "refused" in refused.stderr
    listed = json.loads(site.run("source", "list", "--json").stdout)
    assert [s["name"] for s in listed] == ["Ledger"]
    ingest = site.run("ingest")
    assert "articles 3/3" in ingest.stderr  # the running count
    assert "3 ready" in ingest.stdout
    assert site.run("source", "remove", "1").returncode == 0
    assert json.loads(site.run("source", "list", "--json").stdout) == []
    assert site.run("source", "remove", "1", check=False).returncode == 1


def test_serve_runs_site_and_worker(tmp_path, publisher):
    site = Site(tmp_path)
    site.run("source", "add", publisher.url("/feed.xml"))
    base = site.serve()
    try:
        # The in-process scheduler and worker fetch the source without any `ingest`.
        import time

        deadline = time.monotonic() + 60
        items: list = []
        while time.monotonic() < deadline and len(items) < 3:
            with urllib.request.urlopen(base + "/api/articles") as response:
                items = json.load(response)["items"]
            time.sleep(0.5)
        assert len(items) == 3
        with urllib.request.urlopen(base + "/api/openapi.json") as response:
            schema = json.load(response)
        assert "/api/articles/{article_id}" in schema["paths"]
    finally:
        site.stop()
