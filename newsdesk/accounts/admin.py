"""Operators see readers' profiles (display name, ban) and token metadata, never secrets."""

from django.contrib import admin

from newsdesk.accounts.models import ApiToken, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "display_name", "banned_at", "ban_reason")
    list_filter = (("banned_at", admin.EmptyFieldListFilter),)
    search_fields = ("user__username", "display_name", "user__email")
    raw_id_fields = ("user",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at")
    search_fields = ("user__username", "name", "prefix")

    def has_add_permission(self, request) -> bool:
        return False  # a token's secret is shown once, to its owner
