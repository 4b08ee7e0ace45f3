"""Read and write OPML 2.0 subscription lists (no Django, no database).

Reading goes through defusedxml, which refuses DTDs, entity declarations and external
references outright: a billion-laughs or external-entity file is a clear error, never
expanded. Size, outline count and nesting depth are capped, and the tree is walked
with an explicit stack, so a hostile file costs bounded memory and time.
"""

from __future__ import annotations

from dataclasses import dataclass

# Only for writing our own document; every file we read goes through defusedxml.
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

MAX_BYTES = 20 * 1024 * 1024
MAX_OUTLINES = 20_000
MAX_DEPTH = 32
MAX_FOLDER_CHARS = 100


class OpmlError(ValueError):
    """The file is not an OPML list we can read; the message says why."""


@dataclass(frozen=True, slots=True)
class Subscription:
    url: str  # xmlUrl as written (validated later, like any source)
    title: str
    site_url: str
    folders: tuple[str, ...]  # enclosing outline titles, outermost first


@dataclass(frozen=True, slots=True)
class Problem:
    title: str
    reason: str


@dataclass(frozen=True, slots=True)
class OpmlList:
    subscriptions: tuple[Subscription, ...]
    problems: tuple[Problem, ...]  # outlines we could not take, with the reason


def _clean(value: str | None, limit: int) -> str:
    text = " ".join((value or "").split())
    return "".join(c for c in text if c.isprintable())[:limit]


def _folder(outline: Element) -> str:
    name = _clean(outline.get("text") or outline.get("title"), MAX_FOLDER_CHARS)
    return name.replace("/", "-")


def _category_folders(outline: Element) -> tuple[str, ...]:
    """OPML 2.0's ``category="/News/World,/Other"``: the first path, as folders."""
    first = (outline.get("category") or "").split(",")[0]
    return tuple(_clean(p, MAX_FOLDER_CHARS) for p in first.split("/") if p.strip())[:MAX_DEPTH]


def parse_opml(data: bytes) -> OpmlList:
    if len(data) > MAX_BYTES:
        raise OpmlError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise OpmlError(
            "The file declares a DTD or entities; OPML needs neither (refused for safety)."
        ) from None
    except (ParseError, ValueError) as exc:
        raise OpmlError(f"The file is not well-formed XML: {exc}") from None
    if root.tag != "opml":
        raise OpmlError(f"The file is not OPML (its root element is <{_clean(root.tag, 40)}>).")
    body = root.find("body")
    if body is None:
        raise OpmlError("The OPML file has no <body>.")
    subscriptions: list[Subscription] = []
    problems: list[Problem] = []
    seen = 0
    stack: list[tuple[Element, tuple[str, ...]]] = [(child, ()) for child in reversed(list(body))]
    while stack:
        outline, folders = stack.pop()
        if outline.tag != "outline":
            continue
        seen += 1
        title = _clean(outline.get("title") or outline.get("text"), 300)
        if seen > MAX_OUTLINES:
            problems.append(Problem("(rest of file)", f"More than {MAX_OUTLINES} outlines."))
            break
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url:
            subscriptions.append(
                Subscription(
                    url=url[:8192],
                    title=title,
                    site_url=(outline.get("htmlUrl") or "").strip()[:8192],
                    folders=folders or _category_folders(outline),
                )
            )
            continue
        children = list(outline)
        if not children:
            if outline.get("type") in ("rss", "atom") or outline.get("url"):
                problems.append(Problem(title or "(untitled)", "The outline has no xmlUrl."))
            continue
        if len(folders) >= MAX_DEPTH:
            problems.append(Problem(title, f"Nested deeper than {MAX_DEPTH} folders."))
            continue
        inner = (*folders, _folder(outline)) if _folder(outline) else folders
        stack.extend((child, inner) for child in reversed(children))
    return OpmlList(tuple(subscriptions), tuple(problems))


@dataclass(frozen=True, slots=True)
class ExportEntry:
    url: str
    title: str
    site_url: str
    folders: tuple[str, ...]


def build_opml(entries: list[ExportEntry], *, title: str) -> bytes:
    """OPML 2.0: one outline per source, nested in one outline per folder."""
    root = Element("opml", version="2.0")
    head = SubElement(root, "head")
    SubElement(head, "title").text = title
    body = SubElement(root, "body")
    folders: dict[tuple[str, ...], Element] = {(): body}
    for entry in sorted(entries, key=lambda e: (e.folders, e.title.lower(), e.url)):
        parent = body
        for depth in range(1, len(entry.folders) + 1):
            path = entry.folders[:depth]
            if path not in folders:
                name = _clean(path[-1], MAX_FOLDER_CHARS)
                folders[path] = SubElement(parent, "outline", text=name, title=name)
            parent = folders[path]
        name = _clean(entry.title, 300) or entry.url
        attributes = {"type": "rss", "text": name, "title": name}
        attributes["xmlUrl"] = entry.url
        if entry.site_url:
            attributes["htmlUrl"] = entry.site_url
        SubElement(parent, "outline", attributes)
    declaration = b'<?xml version="1.0" encoding="utf-8"?>\n'
    return declaration + tostring(root, encoding="utf-8", xml_declaration=False)
