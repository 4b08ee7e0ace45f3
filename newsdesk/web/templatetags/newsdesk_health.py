"""``{% plain_status source %}``: a source's trouble in words a reader understands.

Readers see when a source stopped working and the gist ("not reachable since …");
the operator (staff) sees the raw error beside it, which names hosts, ports and
exception text that mean nothing to a reader.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from newsdesk.storage.models import Source
from newsdesk.web.templatetags.newsdesk_time import when

register = template.Library()

UNREACHABLE = frozenset(
    {"connect", "timeout", "deadline", "tls", "network", "protocol", "host_busy", "blocked_address"}
)
REFUSED = frozenset({"http_error", "rate_limited", "blocked_by_cloudflare", "robots_disallowed"})
MISSING = frozenset({"not_found", "gone"})


def trouble(kind: str) -> str:
    if kind in UNREACHABLE:
        return "Not reachable"
    if kind in REFUSED:
        return "Refused by the publisher"
    if kind in MISSING:
        return "Gone from the publisher's site"
    return "Not readable"


@register.simple_tag
def plain_status(source: Source) -> str:
    since = source.last_success_at
    if since is None:
        return format_html("{} since it was added", trouble(source.last_error_kind))
    return format_html("{} since {}", trouble(source.last_error_kind), when(since))
