"""The DOM oracle: parse sanitized HTML the way a browser-like parser would and check
that nothing executable or navigational-to-script survived. Shared by the extract tests."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import fragment_fromstring

FORBIDDEN_TAGS = frozenset(
    {
        "script",
        "style",
        "form",
        "iframe",
        "frame",
        "frameset",
        "svg",
        "math",
        "object",
        "embed",
        "input",
        "button",
        "textarea",
        "select",
        "noscript",
        "template",
        "base",
        "meta",
        "link",
        "video",
        "audio",
        "source",
        "applet",
        "xmp",
        "plaintext",
        "title",
    }
)
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "data",
        "poster",
        "background",
        "xlink:href",
        "srcset",
        "cite",
        "longdesc",
        "dynsrc",
        "lowsrc",
    }
)
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
# A picture is allowed with these attributes only, and its src is a web address.
IMG_ATTRIBUTES = frozenset({"src", "alt", "width", "height"})
_URL_NOISE = re.compile(r"[\x00-\x20]")


def violations(markup: str) -> list[str]:
    """Every unsafe thing found in ``markup`` (empty list = safe)."""
    if not markup.strip():
        return []
    found: list[str] = []
    root = fragment_fromstring(markup, create_parent="div")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname.lower()
        if tag in FORBIDDEN_TAGS:
            found.append(f"tag <{tag}>")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if tag == "img" and local not in IMG_ATTRIBUTES:
                found.append(f"{local} on <img>")
            if tag == "img" and local == "src" and not value.startswith(("https://", "http://")):
                found.append(f"src={value!r} on <img>")
            if local.startswith("on"):
                found.append(f"event handler {local} on <{tag}>")
            if local == "style":
                found.append(f"style attribute on <{tag}>")
            if local in URL_ATTRIBUTES or name.lower() == "xlink:href":
                scheme = urlsplit(_URL_NOISE.sub("", value)).scheme.lower()
                if scheme not in ALLOWED_SCHEMES:
                    found.append(f"{local}={value!r} on <{tag}>")
    return found


def assert_safe(markup: str) -> None:
    problems = violations(markup)
    assert not problems, problems
