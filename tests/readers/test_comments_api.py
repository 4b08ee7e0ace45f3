"""Comments in the JSON API: public reads, token or session writes, CSRF for cookies."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from newsdesk.accounts.models import ApiToken
from newsdesk.discussion.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(alice) -> str:
    return ApiToken.issue(alice.user, "script")[1]


def post(client: Client, article_id: int, body: dict, **extra):
    return client.post(
        f"/api/articles/{article_id}/comments",
        json.dumps(body),
        content_type="application/json",
        **extra,
    )


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_anyone_reads_threads_with_deleted_placeholders(client, alice, bob, article, no_holding):
    alice.comment(article.pk, "top https://example.org")
    top = Comment.objects.get()
    bob.comment(article.pk, "a reply", parent=top.pk)
    alice.client.post(f"/comments/{top.pk}/delete/")
    data = client.get(f"/api/articles/{article.pk}/comments").json()
    assert data["count"] == 1
    first, reply = data["comments"]
    assert (first["state"], first["text"], first["author"]) == ("deleted", None, None)
    assert (reply["parent_id"], reply["depth"], reply["text"]) == (top.pk, 1, "a reply")
    assert client.get("/api/articles/999999/comments").status_code == 404
    assert client.get(f"/api/articles/{article.pk}/comments?sort=password").status_code == 422


def test_token_writes_and_the_secret_is_not_stored(client, alice, article, token, no_holding):
    response = post(client, article.pk, {"text": "via the API"}, **bearer(token))
    assert response.status_code == 201, response.content
    assert response.json()["author"] == "alice"
    assert Comment.objects.get().author == alice.user
    stored = ApiToken.objects.get()
    assert token not in (stored.digest, stored.prefix)
    again = post(client, article.pk, {"text": "via the API"}, **bearer(token))
    assert again.status_code == 200 and Comment.objects.count() == 1  # deduplicated


@pytest.mark.parametrize("kind", ["missing", "invalid", "revoked", "query"])
def test_bad_tokens_are_401(client, alice, article, token, kind):
    extra: dict = {}
    url_suffix = ""
    if kind == "invalid":
        extra = bearer(token[:-2] + "xx")
    elif kind == "revoked":
        ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
        extra = bearer(token)
    elif kind == "query":
        url_suffix = f"?token={token}&access_token={token}"
    response = client.post(
        f"/api/articles/{article.pk}/comments{url_suffix}",
        json.dumps({"text": "hi"}),
        content_type="application/json",
        **extra,
    )
    assert response.status_code == 401
    assert Comment.objects.count() == 0


def test_session_writes_need_the_csrf_token(alice, article, no_holding):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice.user)
    assert post(browser, article.pk, {"text": "no token"}).status_code == 403
    browser.get(f"/articles/{article.pk}/")  # sets the CSRF cookie, as a page visit does
    csrf = browser.cookies["csrftoken"].value
    ok = post(browser, article.pk, {"text": "with token"}, HTTP_X_CSRFTOKEN=csrf)
    assert ok.status_code == 201
    foreign = post(
        browser,
        article.pk,
        {"text": "from elsewhere"},
        HTTP_X_CSRFTOKEN=csrf,
        HTTP_ORIGIN="https://evil.example",
    )
    assert foreign.status_code == 403
    assert list(Comment.objects.values_list("body", flat=True)) == ["with token"]


def test_other_readers_comments_are_not_found(client, alice, bob, article, token, no_holding):
    bob.comment(article.pk, "bob's words")
    theirs = Comment.objects.get()
    edit = client.patch(
        f"/api/comments/{theirs.pk}",
        json.dumps({"text": "changed"}),
        content_type="application/json",
        **bearer(token),
    )
    assert edit.status_code == 404
    assert client.delete(f"/api/comments/{theirs.pk}", **bearer(token)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.body == "bob's words"


def test_edit_and_delete_own_through_the_api(client, alice, article, token, no_holding):
    created = post(client, article.pk, {"text": "draft"}, **bearer(token)).json()
    edited = client.patch(
        f"/api/comments/{created['id']}",
        json.dumps({"text": "final"}),
        content_type="application/json",
        **bearer(token),
    )
    assert edited.status_code == 200 and edited.json()["text"] == "final"
    assert client.delete(f"/api/comments/{created['id']}", **bearer(token)).status_code == 204
    assert Comment.objects.get().status == "deleted"


def test_api_limits_and_validation(client, alice, article, token, no_holding, settings):
    settings.NEWSDESK_COMMENTS_PER_MINUTE = 2
    codes = [
        post(client, article.pk, {"text": f"n{n}"}, **bearer(token)).status_code for n in range(3)
    ]
    assert codes == [201, 201, 429]
    assert "too fast" in post(client, article.pk, {"text": "x"}, **bearer(token)).json()["detail"]
    assert post(client, article.pk, {"text": "x" * 100_000}, **bearer(token)).status_code == 422
    assert post(client, article.pk, {"text": "\u200b\u202e "}, **bearer(token)).status_code == 422
    assert post(client, 10**30, {"text": "x"}, **bearer(token)).status_code in (404, 422)


def test_comment_routes_are_in_the_schema(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "get" in paths["/api/articles/{article_id}/comments"]
    assert "post" in paths["/api/articles/{article_id}/comments"]
