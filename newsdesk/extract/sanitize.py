"""Stage 6: the only HTML newsdesk ever renders from publishers, through nh3 (ammonia).

An explicit allowlist of structure-only tags; links keep ``href`` alone, resolved
against the page first so that relative links still work and so that the scheme is
checked on the URL a browser would actually follow. Pictures keep an absolute http(s)
``src``, ``alt`` and plausible ``width``/``height``: never ``srcset`` (the site builds
its own, through its image proxy), never a ``data:`` URL. ``<picture>`` is unwrapped to
its ``<img>`` fallback (its ``<source>`` candidates are dropped with their URLs).
"""

from __future__ import annotations

import re

import nh3
from lxml import etree
from lxml.html import HTMLParser, document_fromstring

from newsdesk.plaintext import scrub
from newsdesk.text.links import safe_url, unmask

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
        "img",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
# "*" set explicitly: nh3 would otherwise allow its default generic attributes (lang, title).
ATTRIBUTES: dict[str, set[str]] = {
    "*": set(),
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
}
# A declared size beyond this is a lie or a mistake: the attribute is dropped (the
# picture stays, sized by the page). Real article pictures are far smaller.
MAX_DIMENSION = 10_000
MAX_ALT_CHARS = 500
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
# html5ever (inside nh3) is quadratic in nesting depth: 100,000 nested <div> take it
# ~25 s. libxml2 stops at depth 256, so deep input goes through lxml first. Only deep
# input: libxml2 and html5ever repair broken markup differently, and a pass through
# both on every call would make the sanitizer non-idempotent.
MAX_DEPTH = 256
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)[^>]*?(/?)>")
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
        "param",
        "keygen",
    }
)
# The tags of nh3's output, as ``_settled`` reads them (attribute values are always
# double-quoted there, and may hold a ">").
_OUT_TAG = re.compile(r"""<(/?)([A-Za-z][A-Za-z0-9]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")
_TABLE_TAGS = frozenset({"table", "thead", "tbody", "tr", "th", "td"})
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_CLOSES_P = frozenset({"p", "ul", "ol", "blockquote", "pre", "figure", "figcaption"}) | _HEADINGS
_INLINE_OR_P = frozenset({"a", "b", "code", "em", "i", "strong", "sub", "sup", "u", "p"})
_PARSER = HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False)
MAX_CHARS = 2_000_000
MAX_PASSES = 4


def sanitize_html(html: str, base_url: str | None) -> str:
    """Safe display HTML: allowlisted tags, absolute http/https/mailto links only."""
    if not html:
        return ""
    html = scrub(html[:MAX_CHARS])
    if _deep(html):
        html = _shallow(html)

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "a" and attribute == "href":
            return _href(value, base_url)
        if tag == "img":
            return _image_attribute(attribute, value, base_url)
        return value

    # html5ever repairs some invalid nesting (a link inside a link beside a table) into
    # markup that it repairs differently once more, so the first pass is not always a
    # fixed point. Stored HTML is sanitized again on render, and both must agree: clean
    # until the output stops changing (rarely three passes). A pass whose output
    # html5ever would read back as written (``_settled``) is the fixed point already,
    # and the pass that would only confirm it is skipped: most article bodies.
    cleaned = html
    for _ in range(MAX_PASSES):
        again = nh3.clean(
            cleaned,
            tags=set(TAGS),
            clean_content_tags=set(DROP_WITH_CONTENT),
            attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
            attribute_filter=keep,
            url_schemes=set(SCHEMES),
            link_rel=LINK_REL,
            strip_comments=True,
        ).strip()
        if again == cleaned:
            break
        cleaned = again
        if _settled(cleaned):
            break
    return cleaned


def _settled(html: str) -> bool:
    """Whether html5ever parses this output of nh3 back into the tree it was written
    from, so that cleaning it again changes nothing. Every tag is closed where it was
    opened; what makes html5ever build another tree is nesting its parser repairs: a
    table (its parts move), a block inside a paragraph (the paragraph ends), a heading
    in a heading, a link in a link, a list item in a list item, a newline opening a
    ``<pre>`` (dropped). Any of these, or anything unexpected, says "not settled" and
    costs only the pass that checks it."""
    stack: list[str] = []
    for match in _OUT_TAG.finditer(html):
        closing, tag = match.group(1), match.group(2).lower()
        if tag in _TABLE_TAGS:
            return False
        if closing:
            if not stack or stack[-1] != tag:
                return False
            stack.pop()
            continue
        if tag in _VOID:
            continue
        if (
            (tag in _CLOSES_P and "p" in stack)
            or (tag in _HEADINGS and any(open_tag in _HEADINGS for open_tag in stack))
            or (tag == "a" and "a" in stack)
            or (tag == "li" and _in_list_item(stack))
            or (tag == "pre" and html[match.end() : match.end() + 1] in ("\n", "\r"))
        ):
            return False
        stack.append(tag)
    return not stack


def _in_list_item(stack: list[str]) -> bool:
    """Whether a new ``<li>`` would close an open one: html5ever looks up through
    inline elements and paragraphs, and stops at any other block."""
    for tag in reversed(stack):
        if tag == "li":
            return True
        if tag not in _INLINE_OR_P:
            return False
    return False


def _href(value: str, base_url: str | None) -> str | None:
    candidate = value.strip()
    if candidate.lower().startswith("mailto:"):
        return candidate if "\n" not in candidate and "\t" not in candidate else None
    if base_url is None:
        # Without a base a relative link would point into newsdesk itself: keep only
        # absolute web links.
        return safe_url(candidate)
    return safe_url(candidate, base_url)


def _image_attribute(attribute: str, value: str, base_url: str | None) -> str | None:
    if attribute == "src":
        # Only a picture on the web: data:, javascript:, mailto: and relative paths
        # without a base never become an address the site asks for.
        return safe_url(value.strip(), base_url) if base_url else safe_url(value.strip())
    if attribute in ("width", "height"):
        digits = value.strip()
        if not digits.isascii() or not digits.isdigit() or len(digits) > 6:
            return None
        return digits if 0 <= int(digits) <= MAX_DIMENSION else None
    if attribute == "alt":
        return value[:MAX_ALT_CHARS]
    return None


def _deep(html: str) -> bool:
    """Whether open tags may nest deeper than ``MAX_DEPTH`` (over-estimates: unclosed
    <p> and <li> count as open)."""
    if html.count("<") <= MAX_DEPTH:
        return False
    depth = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if closing:
            depth = max(0, depth - 1)
        elif not self_closing and name.lower() not in _VOID:
            depth += 1
            if depth > MAX_DEPTH:
                return True
    return False


def _shallow(html: str) -> str:
    """``html`` re-serialized through libxml2: nesting capped, link URLs unmasked (its
    HTML writer would percent-escape a tab in "jav\tascript:" into a relative path)."""
    try:
        root = document_fromstring(
            ("<html><body>" + html).encode("utf-8", "replace"), parser=_PARSER
        )
    except (etree.ParserError, ValueError):
        return ""
    body = root.find("body")
    if body is None:
        return ""
    for link in body.iter("a"):
        href = link.get("href")
        if href is not None:
            link.set("href", unmask(href))
    parts = [_escape(body.text or "")]
    parts += [etree.tostring(child, encoding="unicode", method="html") for child in body]
    return "".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
