"""Publisher and reader text is escaped on every page that shows it (no stored XSS)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from newsdesk.enrich.hashtags import tag_key
from newsdesk.storage.models import Article, ArticleTag, Hashtag, LiveEntry, Source

pytestmark = pytest.mark.django_db

EVIL = '"><img src=x onerror=alert(1)>'
ESCAPED = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"


@pytest.fixture
def hostile(newsroom):
    Source.objects.filter(pk=newsroom.gazette.source_id).update(name=EVIL, country=EVIL)
    Article.objects.filter(pk=newsroom.gazette.pk).update(title=EVIL, publisher=EVIL)
    Article.objects.filter(pk=newsroom.wire.pk).update(title=EVIL + " treaty", is_live=True)
    tag = Hashtag.objects.create(key=tag_key(EVIL), display=EVIL)
    for article in (newsroom.wire, newsroom.gazette, newsroom.observer):
        ArticleTag.objects.create(article=article, hashtag=tag, rank=0, tagged_at=article.sort_at)
    LiveEntry.objects.create(
        article=newsroom.wire,
        key="evil",
        posted_at=newsroom.now - timedelta(minutes=5),
        author=EVIL,
        title=EVIL,
        body=EVIL + " entry with enough words to be a sentence here.",
    )
    return newsroom


def assert_escaped(html: str) -> None:
    assert "<img src=x" not in html
    assert "onerror=alert(1)>" not in html.replace(ESCAPED, "")


def test_every_page_escapes_hostile_text(client, hostile):
    pages = [
        "/",
        "/latest/",
        f"/articles/{hostile.wire.pk}/",
        f"/articles/{hostile.gazette.pk}/",
        f"/stories/{hostile.wire.story_id}/",
        f"/sources/{hostile.gazette.source_id}/",
        "/sources/",
    ]
    tag = Hashtag.objects.get(display=EVIL)
    pages.append(tag.get_absolute_url())
    seen_escaped = 0
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_escaped(html)
        seen_escaped += ESCAPED in html
    assert seen_escaped >= 6  # the hostile text is shown, escaped, not dropped


def test_hostile_question_is_escaped_in_the_answer_page(client, hostile):
    response = client.get(f"/articles/{hostile.museum.pk}/ask/", {"question": EVIL})
    html = response.content.decode()
    assert_escaped(html)
    assert f'value="{ESCAPED}"' in html


def test_api_returns_hostile_text_as_data(client, hostile):
    response = client.get(f"/api/articles/{hostile.wire.pk}")
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert EVIL in data["hashtags"]
    assert data["live_entries"][0]["author"] == EVIL
    assert any(r["publisher"] == EVIL for r in data["related"])
