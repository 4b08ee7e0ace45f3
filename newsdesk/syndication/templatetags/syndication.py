"""``{% feed_links "source" source.pk source.display_name %}``: autodiscovery links."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html_join

register = template.Library()

TYPES = (
    ("rss", "application/rss+xml", "RSS"),
    ("atom", "application/atom+xml", "Atom"),
    ("json", "application/feed+json", "JSON Feed"),
)


@register.simple_tag
def feed_links(kind: str, key: object = None, title: str = "") -> str:
    """Three <link rel="alternate"> tags for the feed of this page."""
    args = [] if key is None else [key]
    try:
        urls = [reverse(f"feed_{kind}", args=[*args, fmt]) for fmt, _, _ in TYPES]
    except NoReverseMatch:
        return ""
    return format_html_join(
        "\n",
        '<link rel="alternate" type="{}" title="{}" href="{}">',
        (
            (mime, f"{title} ({label})" if title else label, url)
            for url, (_, mime, label) in zip(urls, TYPES, strict=True)
        ),
    )
