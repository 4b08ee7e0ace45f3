"""The moderators' queue: reported and held comments first; hide, restore, ban, all logged."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.utils.html import format_html

from newsdesk.discussion import moderators
from newsdesk.discussion.models import Comment, CommentStatus, ModerationAction, Report


class QueueFilter(admin.SimpleListFilter):
    title = "queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("review", "Needs review (reported or held)"),
            ("reported", "Reported"),
            ("held", "Held"),
            ("hidden", "Hidden"),
        ]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        open_reports = Q(reports__resolved_at__isnull=True, reports__isnull=False)
        if self.value() == "review":
            return (
                queryset.filter(open_reports | Q(status=CommentStatus.HELD))
                .exclude(status__in=[CommentStatus.DELETED, CommentStatus.HIDDEN])
                .distinct()
            )
        if self.value() == "reported":
            return queryset.filter(open_reports).distinct()
        if self.value() == "held":
            return queryset.filter(status=CommentStatus.HELD)
        if self.value() == "hidden":
            return queryset.filter(status=CommentStatus.HIDDEN)
        return queryset


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    can_delete = False
    fields = ("reporter", "reason", "note", "created_at", "resolved_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("excerpt", "author", "status", "report_count", "created_at", "on_page")
    list_filter = (QueueFilter, "status")
    search_fields = ("body", "author__username", "author__reader__display_name")
    ordering = ("-report_count", "-created_at")
    list_select_related = ("author",)
    readonly_fields = (
        "article",
        "author",
        "parent",
        "depth",
        "body",
        "status",
        "created_at",
        "edited_at",
        "report_count",
    )
    fields = readonly_fields
    inlines = [ReportInline]
    actions = ["hide_comments", "restore_comments", "ban_authors"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # moderators hide (undoable, logged); only readers delete their own

    @admin.display(description="comment")
    def excerpt(self, comment: Comment) -> str:
        text = " ".join(comment.body.split())
        return text[:120] + ("…" if len(text) > 120 else "") or "(deleted)"

    @admin.display(description="page")
    def on_page(self, comment: Comment) -> str:
        return format_html('<a href="{}">view</a>', comment.get_absolute_url())

    @admin.action(description="Hide selected comments", permissions=["change"])
    def hide_comments(self, request, queryset: QuerySet) -> None:
        for comment in queryset:
            moderators.hide(request.user, comment)
        self.message_user(request, f"Hid {queryset.count()} comment(s).", messages.SUCCESS)

    @admin.action(
        description="Restore / approve selected comments (dismisses their reports)",
        permissions=["change"],
    )
    def restore_comments(self, request, queryset: QuerySet) -> None:
        for comment in queryset:
            moderators.restore(request.user, comment)
        self.message_user(request, f"Restored {queryset.count()} comment(s).", messages.SUCCESS)

    @admin.action(
        description="Ban the authors of selected comments (hides all they posted)",
        permissions=["change"],
    )
    def ban_authors(self, request, queryset: QuerySet) -> None:
        authors = {c.author for c in queryset.select_related("author")}
        for author in authors:
            if author.is_staff:
                self.message_user(request, f"{author} is staff: not banned.", messages.WARNING)
                continue
            moderators.ban(request.user, author, note="from the comment queue")
        self.message_user(request, f"Banned {len(authors)} reader(s).", messages.SUCCESS)


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ("at", "moderator", "kind", "comment", "reader", "note")
    list_filter = ("kind",)
    search_fields = ("moderator__username", "reader__username", "note")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the log is the record of what moderators did
