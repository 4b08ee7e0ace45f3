"""A live blog end to end on loopback: the page as it arrives with its furniture (header
byline and time, share bars, a "Key events" digest) is stored as entries once, dated by
when its coverage began, summarised from its entries, and its display body holds only
the page's own text. Fixture: tests/data/liveblog/furniture.html (fictional, MIT)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.storage.models import Article, LiveEntry

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = Path(__file__).resolve().parents[1] / "data" / "liveblog" / "furniture.html"
CET = timezone(timedelta(hours=1))


def test_live_blog_reads_as_a_live_blog(publisher, allow_loopback, client):
    headers = {"Content-Type": "text/html; charset=utf-8"}
    publisher.overrides["/live.html"] = (200, headers, PAGE.read_bytes())
    main(["source", "add", publisher.url("/live.html")])
    assert main(["ingest", "--threads", "2", "--processes", "1"]) == 0
    article = Article.objects.get()
    entries = list(LiveEntry.objects.filter(article=article).order_by("-posted_at"))
    assert [e.title for e in entries] == [
        "Operators table new offer",
        "Wheat prices jump",
        "Talks collapse overnight",
        "Picket lines return",
    ]
    assert all(e.author for e in entries)
    # Published when the coverage began, updated with the newest entry.
    assert article.published_at == datetime(2026, 3, 4, 5, 32, tzinfo=CET)
    assert article.updated_at == datetime(2026, 3, 4, 11, 29, tzinfo=CET)
    # The display body is the standfirst only: no entry is shown twice.
    assert "stayed out for a second day" in article.body_html
    assert not any(e.title in article.body_html or e.body in article.body_html for e in entries)
    # Summary and key points are sentences of the entries, newest first, no headlines.
    assert article.summary == entries[0].body
    assert list(article.key_points) == [e.body for e in entries[1:]]
    titles = {e.title for e in entries}
    assert not titles & {article.summary, *article.key_points}
