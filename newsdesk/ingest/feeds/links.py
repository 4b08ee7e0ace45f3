"""Publisher URLs made absolute and kept only when they are plain http(s).

Feeds carry relative links, ``xml:base`` attributes and outright hostile values
(``javascript:``, ``data:``, control characters hidden in the scheme). Whatever the
base, the *result* must pass the scheme allowlist (``xml:base="javascript:..."``).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

_SCHEMES = frozenset({"http", "https"})
# WHATWG URL parsing drops ASCII tab/newline anywhere and trims C0/space at the
# ends; "jav\tascript:" is javascript: to a browser, so remove them before judging.
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def safe_url(value: object, base: str | None = None, limit: int = 8192) -> str | None:
    """``value`` resolved against ``base``, or None unless it is absolute http(s)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > limit:
        return None
    text = _INVISIBLE.sub(lambda m: "%20" if m.group(0) == " " else "", text)
    try:
        # urljoin costs ~20 us; an absolute http(s) URL (most of them) needs no base.
        if base and not text[:8].lower().startswith(("http://", "https://")):
            text = urljoin(base, text)
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a port out of range
    except ValueError:
        return None
    if parts.scheme.lower() not in _SCHEMES or not parts.hostname:
        return None
    if len(text) > limit:
        return None
    return text


def safe_base(value: object, fallback: str | None) -> str | None:
    """A base URL for resolution: ``value`` when it is absolute http(s), else ``fallback``."""
    return safe_url(value, fallback) or fallback
