"""Spam defences that need no third party: a honeypot, a signed form time, limits, duplicates.

The form carries a signed timestamp bound to the article: a bot that posts without
loading the form, replays an old one or moves it to another article is refused, and
a reader who left the tab open for hours is asked to send again (their text kept).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

from newsdesk.accounts.limits import Limit
from newsdesk.discussion.models import Comment, CommentStatus
from newsdesk.discussion.rendering import fingerprint

STAMP_SALT = "newsdesk.discussion.form-stamp"
STAMP_MAX_AGE = 2 * 3600  # seconds
HONEYPOT = "website"  # a field people never see and bots love to fill
DUPLICATE_WINDOW = timedelta(hours=24)


def form_stamp(article_id: int) -> str:
    return signing.TimestampSigner(salt=STAMP_SALT).sign(str(article_id))


def stamp_problem(stamp: str, article_id: int) -> str:
    """Why a form's stamp is refused ("" when it is good)."""
    try:
        value = signing.TimestampSigner(salt=STAMP_SALT).unsign(stamp, max_age=STAMP_MAX_AGE)
    except signing.SignatureExpired:
        return "This form was opened more than two hours ago; please send it again."
    except signing.BadSignature:
        return "This form could not be verified; please send it again."
    if value != str(article_id):
        return "This form belongs to another article; please send it again."
    return ""


def per_account() -> Limit:
    return Limit("comment-account", settings.NEWSDESK_COMMENTS_PER_MINUTE, 60)


def per_address() -> Limit:
    return Limit("comment-address", settings.NEWSDESK_COMMENTS_PER_MINUTE_PER_ADDRESS, 60)


def duplicate_of(author, article_id: int, body: str) -> Comment | None:
    """The same reader's same text under the same article in the last day."""
    return (
        Comment.objects.filter(
            author=author,
            article_id=article_id,
            body_hash=fingerprint(body),
            created_at__gte=timezone.now() - DUPLICATE_WINDOW,
        )
        .exclude(status=CommentStatus.DELETED)
        .first()
    )
