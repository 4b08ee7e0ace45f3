"""Stage 6: the only HTML newsdesk ever renders from publishers, through nh3 (ammonia).

An explicit allowlist of structure-only tags; links keep ``href`` alone, resolved
against the page first so that relative links still work and so that the scheme is
checked on the URL a browser would actually follow.
"""

from __future__ import annotations

import nh3

from newsdesk.extract.urls import absolute_url
from newsdesk.plaintext import scrub

TAGS = frozenset(
    {
        "p",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "blockquote",
        "a",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "sub",
        "sup",
        "br",
        "pre",
        "code",
        "figure",
        "figcaption",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
# "*" set explicitly: nh3 would otherwise allow its default generic attributes (lang, title).
ATTRIBUTES: dict[str, set[str]] = {"*": set(), "a": {"href"}}
SCHEMES = frozenset({"http", "https", "mailto"})
# Dropped with everything inside: their content is code, or markup a browser would parse
# differently from html5ever (mXSS through <noscript>, <svg>, <math>).
DROP_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "template",
        "noscript",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "textarea",
        "select",
        "title",
        "xmp",
        "noembed",
        "noframes",
        "head",
    }
)
LINK_REL = "nofollow noopener"
MAX_CHARS = 2_000_000


def sanitize_html(html: str, base_url: str | None) -> str:
    """Safe display HTML: allowlisted tags, absolute http/https/mailto links only."""
    if not html:
        return ""
    html = scrub(html[:MAX_CHARS])

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "a" and attribute == "href":
            return _href(value, base_url)
        return value

    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=keep,
        url_schemes=set(SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()


def _href(value: str, base_url: str | None) -> str | None:
    candidate = value.strip()
    if candidate.lower().startswith("mailto:"):
        return candidate if "\n" not in candidate and "\t" not in candidate else None
    if base_url is None:
        # Without a base a relative link would point into newsdesk itself: keep only
        # absolute web links.
        return absolute_url(candidate)
    return absolute_url(candidate, base_url)
