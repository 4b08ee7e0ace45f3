"""What an operator meets outside the pages: headers everywhere, clear setting errors, backups."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

from tests.support.site import Site


def _get(base: str, path: str, host: str | None = None) -> http.client.HTTPResponse:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request("GET", path, headers={"Host": host} if host else {})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def test_static_files_and_the_bad_host_answer_carry_csp_and_frame_protection(tmp_path):
    site = Site(tmp_path)
    base = site.serve()
    try:
        answers = {
            "page": _get(base, "/"),
            "static": _get(base, "/static/newsdesk/site.css"),
            "bad host": _get(base, "/", host="evil.example"),
        }
    finally:
        site.stop()
    assert answers["page"].status == 200 and answers["static"].status == 200
    assert answers["bad host"].status == 400
    for name, response in answers.items():
        csp = response.getheader("Content-Security-Policy") or ""
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp, name
        assert response.getheader("X-Frame-Options") == "DENY", name
        assert response.getheader("X-Content-Type-Options") == "nosniff", name


def test_a_malformed_allowlist_entry_is_a_clear_message(tmp_path):
    site = Site(tmp_path, NEWSDESK_FETCH_ALLOWLIST="127.0.0.1, 10.0.0.0/33")
    for command in (("ingest", "--processes", "1"), ("source", "add", "https://example.org/")):
        result = site.run(*command, check=False)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        assert "NEWSDESK_FETCH_ALLOWLIST" in result.stderr and "10.0.0.0/33" in result.stderr


def _count(db, table: str) -> int:
    import sqlite3

    with sqlite3.connect(db) as con:
        return con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_live_backup_restores_to_a_site_that_starts_with_the_same_counts(tmp_path, publisher):
    live = Site(tmp_path / "live")
    live.run("source", "add", publisher.url("/feed.xml"))
    live.run("ingest", "--processes", "1")
    articles = _count(tmp_path / "live" / "newsdesk.sqlite3", "storage_article")
    assert articles >= 3
    live.serve()  # the site keeps running (and writing: scheduler, workers) during the copy
    try:
        copy = tmp_path / "copy.sqlite3"
        done = live.run("backup", str(copy))
        assert "integrity ok" in done.stdout and "To restore" in done.stdout
        again = live.run("backup", str(copy), check=False)
        assert again.returncode == 2 and "exists" in again.stderr  # never overwrites
    finally:
        live.stop()
    restored = tmp_path / "restored"
    restored.mkdir()
    (restored / "newsdesk.sqlite3").write_bytes(copy.read_bytes())
    site = Site(restored)
    base = site.serve()
    try:
        assert _get(base, "/").status == 200
    finally:
        site.stop()
    assert _count(restored / "newsdesk.sqlite3", "storage_article") == articles
    assert _count(restored / "newsdesk.sqlite3", "storage_source") == 1
