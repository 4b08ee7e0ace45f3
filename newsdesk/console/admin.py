"""The operator's console: add, edit, disable and refresh sources, see their health."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils import timezone

from newsdesk.extract import sanitize_html
from newsdesk.ingest.urls import UrlRejected
from newsdesk.storage.models import Article, FetchLog, Source
from newsdesk.worker.network import validate_source_url
from newsdesk.worker.tasks import enqueue_due_sources, fetch_new_sources

# The console says whose it is: newsdesk, not "Django administration".
admin.site.site_header = "newsdesk console"
admin.site.site_title = "newsdesk console"
admin.site.index_title = "Sources, articles and fetches"
admin.site.site_url = "/"

HEALTH_FIELDS = (
    "last_fetch_at",
    "last_success_at",
    "last_status",
    "last_error_kind",
    "last_error",
    "error_count",
    "disabled_reason",
    "items_per_day",
    "fetch_interval",
    "next_fetch_at",
    "last_item_count",
    "etag",
    "last_modified",
)


class SourceForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = "__all__"

    def clean_url(self) -> str:
        # The admin path gets the same SSRF check as `newsdesk source add`.
        try:
            return validate_source_url(self.cleaned_data["url"])
        except UrlRejected as exc:
            raise forms.ValidationError(f"Refused: {exc.reason}") from exc


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceForm
    list_display = (
        "__str__",
        "kind",
        "enabled",
        "error_count",
        "last_status",
        "last_fetch_at",
        "next_fetch_at",
        "items_per_day",
        "last_error",
    )
    list_filter = ("enabled", "kind", "display_policy")
    search_fields = ("name", "url", "site_url")
    readonly_fields = HEALTH_FIELDS
    fieldsets = (
        (None, {"fields": ("url", "name", "kind", "site_url", "icon_url", "enabled")}),
        ("What readers see", {"fields": ("display_policy",)}),
        (
            "Labels for story coverage",
            {"fields": ("country", "language_label", "ownership", "lean")},
        ),
        ("Health", {"fields": HEALTH_FIELDS}),
    )
    actions = ("refresh_now", "disable", "enable")

    @admin.action(description="Refresh now (and clear errors)")
    def refresh_now(self, request, queryset):
        n = queryset.update(
            enabled=True,
            error_count=0,
            disabled_reason="",
            next_fetch_at=timezone.now(),
            lease_until=None,
        )
        enqueue_due_sources(only=queryset.values_list("pk", flat=True))
        messages.info(request, f"{n} source(s) queued to be fetched now.")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            fetch_new_sources([obj.pk])  # named and filled by its first fetch, at once

    @admin.action(description="Disable")
    def disable(self, request, queryset):
        queryset.update(enabled=False, disabled_reason="Disabled by an operator.")

    @admin.action(description="Enable")
    def enable(self, request, queryset):
        queryset.update(
            enabled=True, disabled_reason="", error_count=0, next_fetch_at=timezone.now()
        )


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "source", "status", "published_at", "error_kind")
    list_filter = ("status", "source")
    search_fields = ("title", "url")
    raw_id_fields = ("source",)
    readonly_fields = (
        "item_key",
        "url_key",
        "content_hash",
        "fetch_meta",
        "created_at",
        "fetched_at",
    )

    def save_model(self, request, obj, form, change):
        # Staff edit a body as HTML: it passes the same sanitizer as a publisher's page,
        # so no script reaches the public article page (the CSP is the second wall).
        obj.body_html = sanitize_html(obj.body_html, obj.url)
        obj.feed_summary_html = sanitize_html(obj.feed_summary_html, obj.url)
        super().save_model(request, obj, form, change)


@admin.register(FetchLog)
class FetchLogAdmin(admin.ModelAdmin):
    list_display = ("started_at", "source", "purpose", "status", "elapsed_ms", "size", "error_kind")
    list_filter = ("purpose", "error_kind")
    raw_id_fields = ("source",)
