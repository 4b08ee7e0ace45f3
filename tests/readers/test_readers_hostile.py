"""Hostile text from readers and publishers is shown as text on every reader page, and every
reader page carries the security headers."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from newsdesk.accounts.models import Profile
from newsdesk.discussion.models import Comment
from newsdesk.enrich.hashtags import tag_key
from newsdesk.following.models import Follow, Saved
from newsdesk.storage.models import Article, ArticleTag, Hashtag, Source, Story
from tests.readers.conftest import PASSWORD

pytestmark = pytest.mark.django_db

EVIL = '"><img src=x onerror=alert(1)>'
ESCAPED = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"


def assert_escaped(html: str) -> None:
    assert "<img src=x" not in html
    assert "onerror=alert(1)>" not in html.replace(ESCAPED, "")


@pytest.fixture
def hostile(alice, bob, article, no_holding):
    """An evil publisher name, title, hashtag and story; an evil reader name and comment."""
    Source.objects.filter(pk=article.source_id).update(name=EVIL)
    story = Story.objects.create(headline=EVIL)
    Article.objects.filter(pk=article.pk).update(title=EVIL, publisher=EVIL, story=story)
    tag = Hashtag.objects.create(key=tag_key("evil" + EVIL), display=EVIL)
    ArticleTag.objects.create(article=article, hashtag=tag, rank=0, tagged_at=article.sort_at)
    Profile.objects.filter(user=alice.user).update(display_name=EVIL)
    alice.comment(article.pk, EVIL + " and " + EVIL.replace("img", "svg"))
    for kind, key in [
        ("source", str(article.source_id)),
        ("story", str(story.pk)),
        ("hashtag", tag.key),
    ]:
        Follow.objects.create(user=bob.user, kind=kind, key=key)
    Saved.objects.create(user=bob.user, article_id=article.pk)
    return article


def test_reader_pages_escape_hostile_text(hostile, alice, bob):
    comment = Comment.objects.get()
    pages = [
        (bob.client, f"/articles/{hostile.pk}/"),
        (bob.client, "/for-you/"),
        (bob.client, "/readers/alice/"),
        (bob.client, f"/comments/{comment.pk}/report/"),
        (alice.client, f"/comments/{comment.pk}/edit/"),
        (alice.client, f"/comments/{comment.pk}/delete/"),
        (alice.client, "/account/"),
        (Client(), f"/articles/{hostile.pk}/"),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_escaped(html)
        # Shown, as text (nh3 leaves the quote of a text node unescaped).
        assert ESCAPED in html or '"&gt;&lt;img src=x' in html, url
    # The compose page (a refused comment) puts the article title in <title> and the
    # typed text in a textarea: both escaped.
    typed = EVIL + "</textarea><script>alert(1)</script>"
    response = alice.client.post(
        f"/articles/{hostile.pk}/comments/", {"body": typed, "stamp": "forged"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert_escaped(html)
    assert "</textarea><script>" not in html
    assert f"<title>Comment on {ESCAPED} · newsdesk</title>" in html


def test_the_api_returns_hostile_comments_as_data(hostile, client):
    data = client.get(f"/api/articles/{hostile.pk}/comments").json()
    comment = data["comments"][0]
    assert comment["author"] == EVIL
    assert comment["text"].startswith(EVIL)
    assert "<img" not in comment["html"] and "&lt;img" in comment["html"]


def test_a_hostile_username_cannot_be_registered(client):
    response = client.post(
        "/account/signup/",
        {"username": EVIL, "email": "e@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 400
    assert not get_user_model().objects.filter(username=EVIL).exists()
    assert_escaped(response.content.decode())


HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/account/login/", 200),
        ("/account/signup/", 200),
        ("/account/password-reset/", 200),
        ("/readers/nobody/", 404),
        ("/comments/999/report/", 302),
        ("/for-you/", 302),
        ("/digest/unsubscribe/forged/", 400),
        ("/api/articles/1/comments", 404),
    ],
)
def test_every_reader_response_carries_the_security_headers(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    for name, value in HEADERS.items():
        assert value in response.get(name, ""), (path, name)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_csp_and_nosniff_on_a_lockout_and_a_429(settings, alice, article, no_holding):
    settings.NEWSDESK_COMMENTS_PER_MINUTE = 1
    alice.comment(article.pk, "one")
    limited = alice.comment(article.pk, "two")
    attacker = Client(REMOTE_ADDR="203.0.113.50")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.post("/account/login/", {"username": "alice", "password": "x"})
    locked = attacker.post("/account/login/", {"username": "alice", "password": "x"})
    for response in (limited, locked):
        assert response.status_code == 429
        for name, value in HEADERS.items():
            assert value in response.get(name, ""), name


def test_hsts_on_https_in_production(settings, client):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    response = client.get("/account/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_new_window_links_never_hand_over_the_opener(hostile, bob):
    """Every ``target=_blank`` link a reader page has carries noopener and noreferrer."""
    for url in (f"/articles/{hostile.pk}/", "/for-you/", "/readers/alice/", "/account/"):
        html = bob.client.get(url).content.decode()
        for tag in re.findall(r"<a\b[^>]*>", html):
            if "_blank" in tag:
                rel = re.search(r'rel="([^"]*)"', tag)
                assert rel and {"noopener", "noreferrer"} <= set(rel.group(1).split()), tag
