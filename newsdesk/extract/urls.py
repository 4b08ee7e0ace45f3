"""Absolute, web-only URLs out of whatever a page writes in href/src/content attributes."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

# Browsers drop ASCII tab/newline anywhere in a URL and trim C0 controls and spaces at
# both ends (WHATWG URL); doing the same first is what defeats "jav&#x09;ascript:".
_STRIPPED = re.compile(r"[\t\n\r]")
_WEB = frozenset({"http", "https"})
MAX_URL = 4096


def absolute_url(href: str | None, base: str | None = None) -> str | None:
    """``href`` resolved against ``base`` if the result is http(s), else None."""
    if not href:
        return None
    href = _STRIPPED.sub("", href).strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
        "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b"
        "\x1c\x1d\x1e\x1f "
    )
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
