"""E-mail digests of what a reader follows: composed, sent, and unsubscribed from in one click."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from newsdesk.following import follows
from newsdesk.following.models import DigestSubscription, FollowKind, Frequency
from newsdesk.reading import catalog

log = logging.getLogger("newsdesk.following")

UNSUBSCRIBE_SALT = "newsdesk.following.unsubscribe"
PERIOD = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}
# A run an hour early still counts: the scheduler's ticks drift.
SLACK = timedelta(hours=1)
MAX_ITEMS = 40


def site_url() -> str:
    return settings.NEWSDESK_BASE_URL or "http://localhost:8000"


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps({"u": user_id}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_user(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    user_id = value.get("u") if isinstance(value, dict) else None
    return user_id if isinstance(user_id, int) else None


def subscribe(sub: DigestSubscription, frequency: str) -> None:
    if sub.frequency == Frequency.NEVER and frequency != Frequency.NEVER:
        sub.since = timezone.now() - PERIOD[Frequency(frequency)]
    sub.frequency = frequency
    sub.save(update_fields=["frequency", "since"])


@dataclass(frozen=True, slots=True)
class Digest:
    subject: str
    text: str
    html: str
    unsubscribe_url: str
    count: int


def compose(sub: DigestSubscription) -> Digest | None:
    """The digest for one reader since their last one; None when nothing new arrived."""
    wanted = follows.keys(sub.user)
    items = catalog.followed_articles(
        [int(k) for k in wanted[FollowKind.SOURCE]],
        wanted[FollowKind.HASHTAG],
        [int(k) for k in wanted[FollowKind.STORY]],
        since=sub.since,
        limit=MAX_ITEMS,
    )
    if not items:
        return None
    base = site_url()
    unsubscribe = base + reverse("digest_unsubscribe", args=[unsubscribe_token(sub.user_id)])
    context = {
        "items": items,
        "base": base,
        "unsubscribe": unsubscribe,
        "settings_url": base + reverse("digest_settings"),
        "frequency": sub.get_frequency_display().lower(),
    }
    subject = f"Your {context['frequency']} newsdesk digest: {len(items)} new article" + (
        "s" if len(items) != 1 else ""
    )
    return Digest(
        subject=subject,
        text=render_to_string("following/digest_email.txt", context),
        html=render_to_string("following/digest_email.html", context),
        unsubscribe_url=unsubscribe,
        count=len(items),
    )


def message(sub: DigestSubscription, digest: Digest) -> EmailMultiAlternatives:
    mail = EmailMultiAlternatives(
        subject=digest.subject,
        body=digest.text,
        to=[sub.user.email],
        headers={
            # One-click unsubscribe (RFC 8058): mail clients POST to this address.
            "List-Unsubscribe": f"<{digest.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    mail.attach_alternative(digest.html, "text/html")
    return mail


def send_due(now: datetime | None = None) -> int:
    """Send every digest that is due; returns how many were sent. Safe to run twice."""
    now = now or timezone.now()
    sent = 0
    due = DigestSubscription.objects.exclude(frequency=Frequency.NEVER).select_related("user")
    for sub in due.filter(user__is_active=True).exclude(user__email=""):
        if sub.last_sent_at and now - sub.last_sent_at < PERIOD[Frequency(sub.frequency)] - SLACK:
            continue
        try:
            digest = compose(sub)
            if digest is not None:
                message(sub, digest).send()
                sent += 1
        except Exception:  # one reader's failure (a bad address, SMTP hiccup) skips only them
            log.exception("digest for user %s failed", sub.user_id)
            continue
        # The next digest starts where this one ended, sent or empty.
        DigestSubscription.objects.filter(pk=sub.pk).update(since=now, last_sent_at=now)
    return sent
