"""Comments, the reports readers file on them, and the log of what moderators did."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

MAX_DEPTH = 6  # replies deeper than this attach to the deepest allowed ancestor
MAX_CHARS = 5000


class CommentStatus(models.TextChoices):
    VISIBLE = "visible", "Visible"
    HELD = "held", "Held for review"
    HIDDEN = "hidden", "Hidden by a moderator"
    DELETED = "deleted", "Deleted by its author"


class Comment(models.Model):
    article = models.ForeignKey(
        "storage.Article", on_delete=models.CASCADE, related_name="comments", db_index=False
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    body = models.TextField(blank=True, help_text="What the reader typed, cleaned; plain text.")
    body_html = models.TextField(blank=True, editable=False)
    body_hash = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(
        max_length=10, choices=CommentStatus.choices, default=CommentStatus.VISIBLE
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    report_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["article", "created_at"], name="comment_article"),
            models.Index(fields=["author", "-created_at"], name="comment_author"),
            models.Index(fields=["status", "-report_count"], name="comment_queue"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} by {self.author}"

    def get_absolute_url(self) -> str:
        return f"/articles/{self.article_id}/#comment-{self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.status == CommentStatus.DELETED

    def editable_until(self):
        return self.created_at + timedelta(minutes=settings.NEWSDESK_COMMENT_EDIT_MINUTES)

    def can_edit(self, user) -> bool:
        return (
            user.is_authenticated
            and user.pk == self.author_id
            and self.status in (CommentStatus.VISIBLE, CommentStatus.HELD)
            and timezone.now() <= self.editable_until()
        )

    def can_delete(self, user) -> bool:
        return (
            user.is_authenticated
            and user.pk == self.author_id
            and self.status != CommentStatus.DELETED
        )


class ReportReason(models.TextChoices):
    SPAM = "spam", "Spam or advertising"
    ABUSE = "abuse", "Harassment or hate"
    OFF_TOPIC = "off_topic", "Off topic"
    PERSONAL = "personal", "Personal information"
    OTHER = "other", "Something else"


class Report(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reports"
    )
    reason = models.CharField(max_length=12, choices=ReportReason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} on comment {self.comment_id}"


class ModerationAction(models.Model):
    """Every moderator action, kept: who did what to which comment or reader, and why."""

    class Kind(models.TextChoices):
        HIDE = "hide", "Hid a comment"
        RESTORE = "restore", "Restored a comment"
        APPROVE = "approve", "Approved a held comment"
        DISMISS = "dismiss", "Dismissed reports"
        BAN = "ban", "Banned a reader"
        UNBAN = "unban", "Lifted a ban"

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_received",
    )
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.moderator}: {self.get_kind_display()} ({self.at:%Y-%m-%d %H:%M})"
