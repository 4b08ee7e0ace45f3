"""Follows, "For you", saved articles and the new-coverage badge."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.enrich.hashtags import tag_key
from newsdesk.following.models import Follow, Saved
from newsdesk.storage.models import ArticleTag, Hashtag, Source, Story
from tests.readers.conftest import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(source, article):
    """Two publishers, a story with two articles, a hashtag on one of them."""
    other = Source.objects.create(
        url="https://herald.example/feed.xml",
        name="Vell Herald",
        site_url="https://herald.example/",
    )
    story = Story.objects.create(headline="Flood barrier approved")
    article.story = story
    article.save(update_fields=["story"])
    earlier = timezone.now() - timedelta(hours=3)
    follow_up = make_article(
        other, "barrier-cost", "What the barrier will cost", story=story, sort_at=earlier
    )
    unrelated = make_article(other, "comet", "Observatory finds a comet")
    tag = Hashtag.objects.create(key=tag_key("Comet"), display="Comet")
    ArticleTag.objects.create(article=unrelated, hashtag=tag, rank=0, tagged_at=timezone.now())
    return {"story": story, "other": other, "follow_up": follow_up, "comet": unrelated}


def follow(reader, kind: str, key: str, next_url: str = "/for-you/"):
    return reader.client.post("/for-you/follow/", {"kind": kind, "key": key, "next": next_url})


def test_follow_buttons_on_the_article_page(alice, article, desk):
    html = alice.client.get(f"/articles/{article.pk}/").content.decode()
    assert "Follow <bdi>Calder Ledger</bdi>" in html
    assert "Follow <bdi>this story</bdi>" in html
    assert "Save for later" in html
    response = follow(alice, "source", str(article.source_id), f"/articles/{article.pk}/")
    assert response["Location"] == f"/articles/{article.pk}/"
    html = alice.client.get(f"/articles/{article.pk}/").content.decode()
    assert "Following <bdi>Calder Ledger</bdi>" in html
    follow(alice, "source", str(article.source_id))  # again: unfollow
    assert not Follow.objects.exists()


def test_for_you_shows_what_you_follow_first(alice, article, desk):
    follow(alice, "hashtag", "#comet")
    html = alice.client.get("/for-you/").content.decode()
    followed = html[html.index('id="followed-h"') : html.index('id="following-h"')]
    assert "Observatory finds a comet" in followed
    assert "Council approves" not in followed
    latest = html[html.index('id="latest-h"') :]
    assert "Council approves" in latest and "Observatory finds a comet" not in latest
    assert Follow.objects.get().key == "comet"


def test_unknown_targets_cannot_be_followed(alice, desk):
    for kind, key in [("hashtag", "#nothing"), ("source", "999"), ("story", "x"), ("bogus", "1")]:
        follow(alice, kind, key)
    assert not Follow.objects.exists()
    html = alice.client.get("/for-you/").content.decode()
    assert "nothing by that name to follow" in html


def test_badge_when_a_followed_story_gets_new_coverage(alice, article, desk):
    follow(alice, "story", str(desk["story"].pk))
    assert 'class="badge new"' not in alice.client.get("/for-you/").content.decode()
    make_article(desk["other"], "barrier-vote", "Barrier vote: how they voted", story=desk["story"])
    html = alice.client.get("/for-you/").content.decode()
    assert '<span class="badge new">1 new</span>' in html
    assert "with new coverage" in html  # the masthead count
    response = alice.client.get(f"/for-you/stories/{desk['story'].pk}/")
    assert response["Location"] == f"/stories/{desk['story'].pk}/"
    assert 'class="badge new"' not in alice.client.get("/for-you/").content.decode()


def test_save_for_later(alice, article, desk):
    alice.client.post("/for-you/save/", {"article": article.pk, "next": "/for-you/"})
    html = alice.client.get("/for-you/").content.decode()
    saved = html[html.index('id="saved-h"') : html.index('id="following-h"')]
    assert "Council approves the flood barrier" in saved
    alice.client.post("/for-you/save/", {"article": article.pk})
    assert not Saved.objects.exists()
    assert alice.client.post("/for-you/save/", {"article": "99999"}).status_code == 404


def test_for_you_needs_an_account(client, db):
    assert client.get("/for-you/")["Location"].startswith("/account/login/")
    assert client.post("/for-you/follow/", {"kind": "story", "key": "1"}).status_code == 302
    assert not Follow.objects.exists()
