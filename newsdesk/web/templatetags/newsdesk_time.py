"""``{% when dt %}``: "38 minutes ago" with the exact local time in a <time> element."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils import timezone
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def when(value: datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    exact = local.strftime("%A %-d %B %Y, %H:%M %Z")
    return format_html(
        '<time datetime="{}" title="{}">{}</time>', value.isoformat(), exact, naturaltime(value)
    )


@register.simple_tag
def due(value: datetime | None) -> str:
    """When something is next due: "due now" once its time has passed ("24 seconds ago"
    reads as if it had been missed)."""
    if value is None:
        return ""
    if value <= timezone.now():
        return "due now"
    return when(value)
