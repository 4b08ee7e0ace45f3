"""Operators manage who follows what and can revoke an app's login."""

from django.contrib import admin

from newsdesk.greader.models import ReaderSubscription, ReaderToken


@admin.register(ReaderSubscription)
class ReaderSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("user", "source", "folder", "created_at")
    list_filter = ("folder",)
    autocomplete_fields = ("source",)
    search_fields = ("user__username", "source__name", "source__url")


@admin.register(ReaderToken)
class ReaderTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "client", "created_at", "expires_at", "last_used_at", "revoked")
    list_filter = ("revoked",)
    readonly_fields = ("user", "client", "created_at", "last_used_at")
    fields = ("user", "client", "created_at", "expires_at", "last_used_at", "revoked")

    def has_add_permission(self, request) -> bool:
        return False  # tokens are issued by logging in from an app
