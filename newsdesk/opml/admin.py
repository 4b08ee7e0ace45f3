"""Categories (OPML folders) are editable beside the sources they file."""

from django.contrib import admin

from newsdesk.opml.models import SourceCategory


@admin.register(SourceCategory)
class SourceCategoryAdmin(admin.ModelAdmin):
    list_display = ("path", "source")
    search_fields = ("path", "source__name", "source__url")
    autocomplete_fields = ("source",)
