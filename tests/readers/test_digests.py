"""E-mail digests: HTML and text, List-Unsubscribe, one-click unsubscribe, once per period."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from newsdesk.following import digest
from newsdesk.following.models import DigestSubscription, Follow
from newsdesk.following.tasks import send_digests_task
from tests.readers.conftest import make_article

pytestmark = pytest.mark.django_db

EVIL = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def subscribed(alice, article, settings):
    settings.NEWSDESK_BASE_URL = "https://news.example.org"
    Follow.objects.create(user=alice.user, kind="source", key=str(article.source_id))
    alice.client.post("/for-you/digest/", {"frequency": "daily"})
    return alice


def test_daily_digest_has_html_text_and_one_click_unsubscribe(subscribed, article):
    assert digest.send_due() == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert "Council approves the flood barrier" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert f'href="https://news.example.org/articles/{article.pk}/"' in html
    unsubscribe = re.fullmatch(
        r"<(https://news\.example\.org/digest/unsubscribe/\S+/)>",
        message.extra_headers["List-Unsubscribe"],
    ).group(1)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.body and unsubscribe in html
    # The mail client's one-click POST: no cookie, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        unsubscribe.removeprefix("https://news.example.org")
    )
    assert response.status_code == 200
    assert DigestSubscription.objects.get().frequency == "never"


def test_a_forged_unsubscribe_link_changes_nothing(subscribed):
    token = digest.unsubscribe_token(subscribed.user.pk)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = Client().post(f"/digest/unsubscribe/{forged}/")
    assert response.status_code == 400
    assert DigestSubscription.objects.get().frequency == "daily"
    # Opening the real link (a GET, as link scanners do) only asks.
    Client().get(f"/digest/unsubscribe/{token}/")
    assert DigestSubscription.objects.get().frequency == "daily"


def test_sent_once_per_period_and_only_with_news(subscribed, article, source):
    assert digest.send_due() == 1
    assert digest.send_due() == 0  # the same day: nothing
    a_day_ago = timezone.now() - timedelta(days=1, minutes=1)
    DigestSubscription.objects.update(last_sent_at=a_day_ago)
    assert digest.send_due() == 0  # a day later, but nothing new since the last one
    make_article(source, "new", "A new article after the digest")
    DigestSubscription.objects.update(last_sent_at=a_day_ago)
    assert digest.send_due() == 1
    assert "A new article after the digest" in mail.outbox[-1].body
    assert "Council approves" not in mail.outbox[-1].body


def test_hostile_titles_are_escaped_in_the_html_mail(subscribed, article, source):
    make_article(source, "evil", EVIL)
    digest.send_due()
    html = mail.outbox[0].alternatives[0][0]
    assert "<img src=x" not in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_task_and_command_send_the_same_way(subscribed):
    result = send_digests_task.call()
    assert result == "1 digest(s) sent"
    DigestSubscription.objects.update(last_sent_at=None, since=timezone.now() - timedelta(days=1))
    call_command("send_digests")
    assert len(mail.outbox) == 2
