"""Absolute, web-only URLs out of whatever a page writes in href/src/content attributes."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

# Browsers drop ASCII tab/newline anywhere in a URL and trim C0 controls and spaces at
# both ends (WHATWG URL); doing the same first is what defeats "jav&#x09;ascript:".
# U+FFFD is what an HTML parser leaves of a control character written as "&#14;".
_STRIPPED = re.compile(r"[\t\n\r\ufffd]")
_TRIMMED = "".join(map(chr, range(0x21)))
_WEB = frozenset({"http", "https"})
MAX_URL = 4096


def unmask(href: str) -> str:
    """The URL a browser would actually parse out of an attribute value."""
    return _STRIPPED.sub("", href).strip(_TRIMMED)


def absolute_url(href: str | None, base: str | None = None) -> str | None:
    """``href`` resolved against ``base`` if the result is http(s), else None."""
    if not href:
        return None
    href = unmask(href)
    if not href or len(href) > MAX_URL:
        return None
    if base and web_url(base):
        try:
            href = urljoin(base, href)
        except ValueError:
            return None
    return href if web_url(href) else None


def web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in _WEB and bool(parts.hostname)
