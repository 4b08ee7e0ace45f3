"""Posting, editing and deleting a comment: the rules shared by the pages and the API."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsdesk.accounts.models import profile_of
from newsdesk.discussion import spam
from newsdesk.discussion.models import MAX_DEPTH, Comment, CommentStatus, Report
from newsdesk.discussion.rendering import fingerprint, render

log = logging.getLogger("newsdesk.discussion")

TOO_FAST = "You are commenting too fast; please wait a minute and send again."


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of a submission: the comment (new or the earlier duplicate) or why not."""

    comment: Comment | None
    problem: str = ""
    status: int = 201
    duplicate: bool = False


def _should_hold(author) -> bool:
    first = settings.NEWSDESK_COMMENT_HOLD_FIRST
    if first <= 0 or author.is_staff:
        return False
    approved = Comment.objects.filter(author=author, status=CommentStatus.VISIBLE).count()
    return approved < first


def reply_target(parent: Comment | None) -> Comment | None:
    """Deep threads stop nesting: a reply past the limit joins its parent's level."""
    while parent is not None and parent.depth >= MAX_DEPTH:
        parent = parent.parent
    return parent


def submit(author, article_id: int, body: str, parent: Comment | None, address: str) -> Outcome:
    """Post ``body`` (already cleaned and length-checked) under an article, or say why not."""
    if profile_of(author).banned:
        return Outcome(None, "Your account may no longer post comments.", 403)
    if parent is not None and (
        parent.article_id != article_id or parent.status == CommentStatus.HIDDEN
    ):
        return Outcome(None, "The comment you replied to is not available.", 400)
    # Both counters advance on every attempt, so a flood from one address over many
    # accounts (or one account over many addresses) is cut off either way.
    account_ok = spam.per_account().hit(str(author.pk))
    address_ok = spam.per_address().hit(address)
    if not (account_ok and address_ok):
        log.info("comment rate limit: user %s address %s", author.pk, address)
        return Outcome(None, TOO_FAST, 429)
    earlier = spam.duplicate_of(author, article_id, body)
    if earlier is not None:
        return Outcome(earlier, "", 200, duplicate=True)
    parent = reply_target(parent)
    comment = Comment.objects.create(
        article_id=article_id,
        author=author,
        parent=parent,
        depth=parent.depth + 1 if parent else 0,
        body=body,
        body_html=render(body),
        body_hash=fingerprint(body),
        status=CommentStatus.HELD if _should_hold(author) else CommentStatus.VISIBLE,
    )
    return Outcome(comment)


def edit(comment: Comment, body: str) -> None:
    comment.body = body
    comment.body_html = render(body)
    comment.body_hash = fingerprint(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "body_hash", "edited_at"])


def delete(comment: Comment) -> None:
    """The author's delete: the text goes, the place in the thread stays for its replies."""
    comment.status = CommentStatus.DELETED
    comment.body = ""
    comment.body_html = ""
    comment.save(update_fields=["status", "body", "body_html"])


@transaction.atomic
def report(comment: Comment, reporter, reason: str, note: str) -> bool:
    """File a report; False when this reader had already reported the comment."""
    _, created = Report.objects.get_or_create(
        comment=comment, reporter=reporter, defaults={"reason": reason, "note": note}
    )
    if created:
        Comment.objects.filter(pk=comment.pk).update(report_count=comment.reports.count())
    return created
