"""Spam defences: rate limits per account and per address, honeypot, signed stamp, duplicates."""

from __future__ import annotations

import time

import pytest
from django.core import signing

from newsdesk.discussion import spam
from newsdesk.discussion.models import Comment
from tests.readers.conftest import make_reader

pytestmark = pytest.mark.django_db


class _OldSigner(signing.TimestampSigner):
    """A real signer whose clock reads three hours ago: a form opened long ago."""

    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) - 3 * 3600)


def test_too_many_comments_from_one_account_get_429_with_the_text_kept(
    alice, article, no_holding, settings
):
    settings.NEWSDESK_COMMENTS_PER_MINUTE = 5
    for n in range(5):
        assert alice.comment(article.pk, f"comment number {n}").status_code == 302
    response = alice.comment(article.pk, "one too many, please keep me")
    assert response.status_code == 429
    html = response.content.decode()
    assert "commenting too fast" in html
    assert "one too many, please keep me" in html
    assert Comment.objects.count() == 5


def test_many_accounts_from_one_address_hit_the_address_limit(article, no_holding, settings):
    settings.NEWSDESK_COMMENTS_PER_MINUTE = 100
    settings.NEWSDESK_COMMENTS_PER_MINUTE_PER_ADDRESS = 6
    sockpuppets = [make_reader(f"sock{n}", address="198.51.100.50") for n in range(7)]
    codes = [r.comment(article.pk, f"I agree, says {r.user}").status_code for r in sockpuppets]
    assert codes == [302] * 6 + [429]
    # A forged X-Forwarded-For does not open a fresh counter.
    extra = make_reader("sock-x", address="198.51.100.50")
    response = extra.comment(article.pk, "fresh?", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429


def test_thirty_a_minute_are_cut_off(alice, article, no_holding):
    codes = [alice.comment(article.pk, f"flood {n}").status_code for n in range(30)]
    assert 429 in codes
    assert Comment.objects.count() < 30


def test_honeypot_filled_is_dropped_silently(alice, article, no_holding):
    data = {"body": "Great deals", "stamp": spam.form_stamp(article.pk), "website": "http://spam"}
    response = alice.client.post(f"/articles/{article.pk}/comments/", data)
    assert response.status_code == 302  # the bot learns nothing
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    ("stamp", "why"),
    [
        ("", "This field is required"),
        ("12:forged:signature", "could not be verified"),
        ("old", "more than two hours ago"),
        ("other-article", "belongs to another article"),
    ],
)
def test_bad_stamps_are_refused_and_the_text_comes_back(alice, article, no_holding, stamp, why):
    if stamp == "old":
        stamp = _OldSigner(salt=spam.STAMP_SALT).sign(str(article.pk))
    elif stamp == "other-article":
        stamp = spam.form_stamp(article.pk + 1)
    data = {"body": "my careful words", "stamp": stamp, "website": ""}
    response = alice.client.post(f"/articles/{article.pk}/comments/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert why in html and "my careful words" in html
    # The form that comes back carries a fresh, valid stamp.
    fresh = html.split('name="stamp" value="', 1)[1].split('"', 1)[0]
    assert spam.stamp_problem(fresh, article.pk) == ""
    assert Comment.objects.count() == 0


def test_an_exact_duplicate_is_kept_once(alice, article, no_holding):
    first = alice.comment(article.pk, "Same words twice")
    again = alice.comment(article.pk, "  same   WORDS twice ")
    assert first["Location"] == again["Location"]
    assert Comment.objects.count() == 1
    # Other readers may of course say the same thing.
    other = make_reader("echo", address="127.0.0.4")
    other.comment(article.pk, "Same words twice")
    assert Comment.objects.count() == 2
