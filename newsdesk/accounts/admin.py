"""Operators see readers' profiles (display name, ban) and token metadata, never secrets."""

from django.contrib import admin, messages

from newsdesk.accounts.models import ApiToken, Profile
from newsdesk.discussion import moderators


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "display_name", "banned_at", "ban_reason")
    list_filter = (("banned_at", admin.EmptyFieldListFilter),)
    search_fields = ("user__username", "display_name", "user__email")
    raw_id_fields = ("user",)
    # A ban goes through the actions, so that it is logged and hides the reader's comments.
    readonly_fields = ("banned_at", "ban_reason")
    actions = ["ban_readers", "lift_bans"]

    @admin.action(
        description="Ban selected readers (hides all they posted)", permissions=["change"]
    )
    def ban_readers(self, request, queryset) -> None:
        for profile in queryset.select_related("user"):
            if not profile.user.is_staff:
                moderators.ban(request.user, profile.user, note="from the readers list")
        self.message_user(request, "Banned.", messages.SUCCESS)

    @admin.action(description="Lift the ban of selected readers", permissions=["change"])
    def lift_bans(self, request, queryset) -> None:
        for profile in queryset.filter(banned_at__isnull=False).select_related("user"):
            moderators.unban(request.user, profile.user)
        self.message_user(request, "Bans lifted.", messages.SUCCESS)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at")
    search_fields = ("user__username", "name", "prefix")

    def has_add_permission(self, request) -> bool:
        return False  # a token's secret is shown once, to its owner
