"""Pictures inside an article body, served from our own origin.

The body reaching this module is the sanitizer's output: each ``<img>`` carries at most
an absolute http(s) ``src``, ``alt``, ``width`` and ``height``, double-quoted (nh3 writes
every attribute that way). Each picture is written again from scratch: a signed proxy
address and a ``srcset`` built here, the declared box scaled to what the proxy serves,
lazy loading. A picture the proxy cannot serve is left out rather than loaded from the
publisher; so are tracking pixels (a declared side of one pixel or less) and the lead
image repeated at the top of the body (the page shows it already). A ``<figure>`` left
with no picture goes with its caption, which described the picture.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.html import format_html

from newsdesk.media.signing import SHAPES, sign

# Quoted values may hold ">" (nh3 escapes only "&" and the quote): skip them whole.
_IMG_TAG = r'<img\b(?:[^>"]|"[^"]*")*>'
_IMG = re.compile(_IMG_TAG)
# A figure with no figure inside (nested ones are met from the innermost), or a picture.
_PIECE = re.compile(r"(?P<figure><figure>(?:(?!</?figure>).)*</figure>)|" + _IMG_TAG, re.S)
_ATTR = re.compile(r'\s([a-z]+)="([^"]*)"')
SIZES = "(min-width: 48rem) 46rem, 100vw"
LARGEST = SHAPES["body"].widths[-1]
# A file name this short ("1.jpg", "image") says nothing about which picture it is.
MIN_NAME_CHARS = 6


@dataclass(frozen=True, slots=True)
class BodyPicture:
    src: str
    alt: str
    width: int | None
    height: int | None


def proxy_pictures(body_html: str, lead_url: str | None = None, origin: str = "") -> str:
    """``body_html`` (sanitized) with every picture proxied, or left out.

    ``origin`` ("https://news.example") makes the proxy addresses absolute, for bodies
    read away from this site (a feed reader app resolves a relative address against the
    publisher's page, not against us).
    """
    lead = _identity(lead_url) if lead_url else None

    def proxied(tag: str) -> str:
        return _proxied(tag, lead, origin.rstrip("/"))

    def piece(match: re.Match[str]) -> str:
        if match.group("figure") is None:
            return proxied(match.group(0))
        inner = _IMG.sub(lambda m: proxied(m.group(0)), match.group(0))
        had = _IMG.search(match.group(0)) is not None
        return inner if not had or _IMG.search(inner) else ""

    return _PIECE.sub(piece, body_html or "")


def read_picture(tag: str) -> BodyPicture | None:
    attributes = {name: html.unescape(value) for name, value in _ATTR.findall(tag)}
    src = attributes.get("src", "")
    if not src.startswith(("https://", "http://")):
        return None
    return BodyPicture(
        src=src,
        alt=attributes.get("alt", ""),
        width=_dimension(attributes.get("width")),
        height=_dimension(attributes.get("height")),
    )


def _proxied(tag: str, lead: str | None, origin: str) -> str:
    picture = read_picture(tag)
    if picture is None:
        return ""
    if _is_pixel(picture) or (lead is not None and _identity(picture.src) == lead):
        return ""
    signed = sign(picture.src, "body")
    if signed is None:
        return ""
    box = ""
    if picture.width and picture.height:
        # The proxy never enlarges and caps the width: the box says what arrives, and
        # its ratio is the original's, so the page keeps the space before it loads.
        width = min(picture.width, LARGEST)
        box = format_html(
            ' width="{}" height="{}"', width, max(1, round(picture.height * width / picture.width))
        )
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" alt="{}"{} loading="lazy" decoding="async">',
        origin + signed.src,
        ", ".join(origin + candidate for candidate in signed.srcset.split(", ")),
        SIZES,
        picture.alt,
        box,
    )


def _is_pixel(picture: BodyPicture) -> bool:
    return (picture.width is not None and picture.width <= 1) or (
        picture.height is not None and picture.height <= 1
    )


def _dimension(value: str | None) -> int | None:
    if value is None or not value.isdigit() or len(value) > 6:
        return None
    return int(value)


def _identity(url: str) -> str:
    """What makes two addresses the same picture: the file name when it says something
    (CDNs put sizes in the path or query), else host and path."""
    parts = urlsplit(url)
    name = parts.path.rsplit("/", 1)[-1].lower()
    if len(name) >= MIN_NAME_CHARS and "." in name:
        return name
    return f"{(parts.hostname or '').lower()}{parts.path}"
