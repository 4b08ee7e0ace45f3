"""What moderators do to comments and readers; every action leaves a row in the log."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from newsdesk.accounts.models import profile_of
from newsdesk.discussion.models import Comment, CommentStatus, ModerationAction
from newsdesk.storage import versions

MODERATORS = "Moderators"
# Moderators work the comment queue and read the log; they cannot add or delete
# comments in the admin (removal is hiding, which can be undone).
MODERATOR_PERMISSIONS = [
    ("discussion", "view_comment"),
    ("discussion", "change_comment"),
    ("discussion", "view_report"),
    ("discussion", "change_report"),
    ("discussion", "view_moderationaction"),
    ("accounts", "view_profile"),
    ("accounts", "change_profile"),
]


def ensure_moderators_group(**_: object) -> None:
    """Create the Moderators group with its permissions (after every migrate; idempotent)."""
    group, _ = Group.objects.get_or_create(name=MODERATORS)
    for app_label, codename in MODERATOR_PERMISSIONS:
        if not apps.is_installed(f"newsdesk.{app_label}"):
            continue
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            group.permissions.add(permission)


def _log(moderator, kind: str, comment: Comment | None, reader=None, note: str = "") -> None:
    ModerationAction.objects.create(
        moderator=moderator,
        kind=kind,
        comment=comment,
        reader=reader if reader is not None else (comment.author if comment else None),
        note=note[:300],
    )


def _resolve_reports(comment: Comment) -> None:
    comment.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())


@transaction.atomic
def hide(moderator, comment: Comment, note: str = "") -> None:
    if comment.status == CommentStatus.DELETED:
        return
    comment.status = CommentStatus.HIDDEN
    comment.save(update_fields=["status"])
    _resolve_reports(comment)
    _log(moderator, ModerationAction.Kind.HIDE, comment, note=note)


@transaction.atomic
def restore(moderator, comment: Comment, note: str = "") -> None:
    """Show a hidden or held comment; its open reports are dismissed with it."""
    if comment.status == CommentStatus.DELETED:
        return
    kind = (
        ModerationAction.Kind.APPROVE
        if comment.status == CommentStatus.HELD
        else ModerationAction.Kind.RESTORE
        if comment.status == CommentStatus.HIDDEN
        else ModerationAction.Kind.DISMISS
    )
    comment.status = CommentStatus.VISIBLE
    comment.save(update_fields=["status"])
    _resolve_reports(comment)
    _log(moderator, kind, comment, note=note)


@transaction.atomic
def ban(moderator, reader, note: str = "") -> int:
    """Stop a reader from posting and hide what they posted; returns how many were hidden."""
    profile = profile_of(reader)
    if profile.banned_at is None:
        profile.banned_at = timezone.now()
        profile.ban_reason = note[:300]
        profile.save(update_fields=["banned_at", "ban_reason"])
    live = Comment.objects.filter(
        author=reader, status__in=[CommentStatus.VISIBLE, CommentStatus.HELD]
    )
    pages = {versions.article(a) for a in live.values_list("article_id", flat=True)}
    hidden = live.update(status=CommentStatus.HIDDEN)
    versions.bump(pages)  # a set-based write sends no signal: kept article pages move here
    _log(moderator, ModerationAction.Kind.BAN, None, reader=reader, note=note)
    return hidden


@transaction.atomic
def unban(moderator, reader, note: str = "") -> None:
    profile = profile_of(reader)
    profile.banned_at = None
    profile.ban_reason = ""
    profile.save(update_fields=["banned_at", "ban_reason"])
    _log(moderator, ModerationAction.Kind.UNBAN, None, reader=reader, note=note)
