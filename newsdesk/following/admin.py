from django.contrib import admin

from newsdesk.following.models import DigestSubscription, Follow, Saved


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "key", "created_at", "seen_at")
    list_filter = ("kind",)
    search_fields = ("user__username", "key")


@admin.register(Saved)
class SavedAdmin(admin.ModelAdmin):
    list_display = ("user", "article_id", "saved_at")
    search_fields = ("user__username",)


@admin.register(DigestSubscription)
class DigestSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("user", "frequency", "since", "last_sent_at")
    list_filter = ("frequency",)
