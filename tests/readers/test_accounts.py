"""Accounts: sign-up, log-in and out, password reset, lock-out, redirects after log-in."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from newsdesk.accounts.models import Profile
from tests.readers.conftest import PASSWORD, make_reader

pytestmark = pytest.mark.django_db

User = get_user_model()


def signup(client: Client, name: str = "carol", **extra) -> object:
    data = {
        "username": name,
        "display_name": "Carol C.",
        "email": f"{name}@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **extra,
    }
    return client.post("/account/signup/", data)


def login(client: Client, username: str, password: str, **extra):
    return client.post("/account/login/", {"username": username, "password": password}, **extra)


def test_signup_hashes_with_argon2_and_logs_in(client):
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(username="carol")
    assert user.password.startswith("argon2$")
    assert Profile.objects.get(user=user).display_name == "Carol C."
    assert client.get("/account/").status_code == 200  # logged in


def test_signup_errors_keep_what_was_typed(client):
    response = signup(client, password2="something else entirely 9")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="carol"' in html and 'value="Carol C."' in html
    assert User.objects.count() == 0


def test_signup_does_not_say_whose_address_it_is(client, alice):
    response = signup(client, email="ALICE@example.org")
    assert response.status_code == 400
    assert "cannot be used for a new account" in response.content.decode()


def test_profile_lists_visible_comments(client, alice, article, no_holding):
    alice.comment(article.pk, "My visible remark")
    html = client.get("/readers/alice/").content.decode()
    assert "My visible remark" in html
    assert article.title in html
    assert client.get("/readers/nobody/").status_code == 404


def test_same_message_for_unknown_account_and_wrong_password(client, alice):
    wrong = login(client, "alice", "not the password at all")
    unknown = login(client, "nobody-by-this-name", "not the password at all")
    assert wrong.status_code == unknown.status_code == 400
    message = re.compile(r'<div class="errors" role="alert">(.*?)</div>', re.S)
    assert message.search(wrong.content.decode()).group(1) == message.search(
        unknown.content.decode()
    ).group(1)


def test_password_reset_same_page_for_known_and_unknown_addresses(client, alice):
    known = client.post("/account/password-reset/", {"email": "alice@example.org"}, follow=True)
    unknown = client.post("/account/password-reset/", {"email": "who@example.org"}, follow=True)
    assert (
        known.redirect_chain == unknown.redirect_chain == [("/account/password-reset/sent/", 302)]
    )
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", known.content.decode()) == strip.sub("", unknown.content.decode())
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.org"]
    link = re.search(r"http://testserver(/account/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    new = "a completely new passphrase 11"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    alice.user.refresh_from_db()
    assert alice.user.check_password(new)


def test_logout_is_post_only(alice):
    assert alice.client.get("/account/logout/").status_code == 405
    assert alice.client.get("/account/").status_code == 200
    alice.client.post("/account/logout/")
    assert alice.client.get("/account/").status_code == 302


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/account/login/", {"username": "alice", "password": PASSWORD}),
        ("/account/signup/", {"username": "dave", "email": "d@example.org"}),
        ("/account/logout/", {}),
        ("/account/password-reset/", {"email": "alice@example.org"}),
    ],
)
def test_account_forms_need_the_csrf_token(alice, url, data):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice.user)
    assert strict.post(url, data).status_code == 403


@pytest.mark.parametrize(
    "target",
    [
        "//evil.com",
        "/\\evil.com",
        "https:evil.com",
        "/%09/evil.com",
        "\t//evil.com",
        "javascript:alert(1)",
        "https://evil.com/",
        "http://testserver@evil.com/",
    ],
)
def test_next_never_leaves_the_site(client, alice, target):
    response = client.post(
        "/account/login/", {"username": "alice", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert_on_site(response["Location"])
    new = Client()
    response = signup(new, name="erin", next=target)
    assert response.status_code == 302
    assert_on_site(response["Location"])


def assert_on_site(location: str) -> None:
    """A browser following ``location`` stays on this host (percent-escapes stay escaped)."""
    assert location.startswith("/") and location[1:2] not in ("/", "\\")
    assert not re.search(r"[\x00-\x20\\]", location)
    assert urlsplit(urljoin("http://testserver/account/login/", location)).hostname == "testserver"


def test_next_on_site_is_followed(client, alice):
    response = client.post(
        "/account/login/",
        {"username": "alice", "password": PASSWORD, "next": "/articles/5/#comments"},
    )
    assert response["Location"] == "/articles/5/#comments"


def test_lockout_is_per_account_and_address(settings, alice, bob):
    limit = settings.AXES_FAILURE_LIMIT
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(limit):
        login(attacker, "alice", "wrong password guess")
    locked = login(attacker, "alice", PASSWORD)
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    # The same account from another address, and another account from this address, work.
    assert login(Client(REMOTE_ADDR="198.51.100.4"), "alice", PASSWORD).status_code == 302
    assert login(attacker, "bob", PASSWORD).status_code == 302


def test_lockout_also_for_unknown_accounts(settings, db):
    attacker = Client(REMOTE_ADDR="203.0.113.8")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(attacker, "ghost", "guess")
    assert login(attacker, "ghost", "guess").status_code == 429


def test_spoofed_forwarded_for_neither_bypasses_nor_causes_a_lockout(settings, alice):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(settings.AXES_FAILURE_LIMIT):
        # A fresh made-up address every time does not give fresh attempts...
        login(attacker, "alice", "guess", HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}")
    assert login(attacker, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200").status_code == 429
    # ...and failures sent "from" the victim's address did not lock the victim out.
    victim = Client(REMOTE_ADDR="192.0.2.1")
    assert login(victim, "alice", PASSWORD).status_code == 302


def test_a_success_resets_the_count(settings, alice):
    client = Client(REMOTE_ADDR="203.0.113.10")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "alice", "guess")
    assert login(client, "alice", PASSWORD).status_code == 302
    client.post("/account/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "alice", "guess")
    assert login(client, "alice", PASSWORD).status_code == 302


def test_api_tokens_are_shown_once_and_stored_hashed(alice):
    html = alice.client.post("/account/tokens/", {"name": "my script"}).content.decode()
    secret = re.search(r'<code id="new-token">([^<]+)</code>', html).group(1)
    token = alice.user.api_tokens.get()
    assert secret not in (token.digest, token.prefix) and token.digest != secret
    assert secret not in alice.client.get("/account/tokens/").content.decode()
    other = make_reader("mallory", address="127.0.0.3")
    assert other.client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    alice.client.post(f"/account/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
