"""``{% picture url "card" %}`` and ``{% publisher_icon source %}``: images from our own origin.

Every image goes through the signed proxy (``newsdesk.media``): the reader's browser
never asks a publisher's server for anything. The box is known before the image
arrives (the proxy cuts to the shape), so width and height are set and nothing moves
when it loads. No URL, no element: the card closes up instead of showing a hole.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from newsdesk.media.body import proxy_pictures
from newsdesk.media.prefetch import icon_address
from newsdesk.media.signing import sign
from newsdesk.storage.models import Source

register = template.Library()

SIZES = {
    "card": "(min-width: 64rem) 20rem, (min-width: 40rem) 45vw, 100vw",
    "lead": "(min-width: 48rem) 46rem, 100vw",
    "icon": "1rem",
}


@register.simple_tag
def picture(url: str | None, shape: str = "card", css: str = "", eager: bool = False) -> str:
    signed = sign(url or "", shape)
    if signed is None:
        return ""
    return format_html(
        '<img class="{}" src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="" '
        'loading="{}" decoding="async">',
        css or f"pic-{shape}",
        signed.src,
        signed.srcset,
        SIZES[shape],
        signed.width,
        signed.height,
        "eager" if eager else "lazy",
    )


@register.simple_tag
def publisher_icon(source: Source | None) -> str:
    if source is None:
        return ""
    signed = sign(icon_address(source), "icon")
    if signed is None:
        return ""
    return format_html(
        '<img class="icon" src="{}" srcset="{}" width="16" height="16" alt="" loading="lazy" '
        'decoding="async">',
        signed.src,
        f"{signed.src} 1x, {signed.srcset.split(', ')[1].split(' ')[0]} 2x",
    )


@register.filter
def proxied_images(body_html: str, lead_url: str | None = None) -> SafeString:
    """The sanitized body with every picture served through our own signed proxy, the
    lead picture (shown above the body already) left out."""
    return mark_safe(proxy_pictures(body_html or "", lead_url))  # noqa: S308 - nh3 output
