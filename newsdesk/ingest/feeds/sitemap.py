"""XML sitemaps (sitemaps.org 0.9), Google News sitemaps and sitemap indexes, via lxml.

lxml is configured so that nothing outside the bytes is ever read: no DTD loading,
no entity resolution, no network, no huge-tree mode (depth and text-node limits
stay on). guard.py has already removed every DOCTYPE, so an XXE or an external DTD
cannot even be declared (XXE, external DTDs). ``recover`` keeps the entries of a
sitemap that breaks half-way (a common result of a size-capped download).
"""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from newsdesk.ingest.feeds.collection import collect
from newsdesk.ingest.feeds.dates import from_text
from newsdesk.ingest.feeds.draft import Draft, short_text
from newsdesk.ingest.feeds.guard import prepare_xml
from newsdesk.ingest.feeds.model import FeedLimits, FeedParseError, ParsedFeed, SourceKind
from newsdesk.text.links import safe_url

# The protocol's own maximum per file; entries past it are not read at all.
MAX_ENTRIES = 50_000


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
        dtd_validation=False,
    )


def parse_sitemap(
    body: bytes, *, url: str, content_type: str | None, limits: FeedLimits, now: datetime
) -> ParsedFeed:
    prepared = prepare_xml(body, content_type, limits, cut_items=False)
    try:
        root = etree.fromstring(prepared.data, _parser())
    except etree.LxmlError as exc:
        raise FeedParseError(
            "malformed", f"The sitemap is not readable XML ({short_text(str(exc), 200)})."
        ) from None
    if root is None:
        raise FeedParseError("malformed", "The sitemap is empty or not XML.")
    warnings = list(prepared.warnings)
    name = _local(root)
    if name == "sitemapindex":
        return _index(root, url, limits, warnings)
    if name != "urlset":
        raise FeedParseError(
            "not_a_feed",
            f"The XML document is not a sitemap (root element <{short_text(name, 50)}>).",
        )
    drafts: list[Draft] = []
    entries = 0
    for child in root.iterchildren(tag=etree.Element):
        if _local(child) != "url":
            continue
        entries += 1
        if entries > MAX_ENTRIES:
            break
        drafts.append(_draft(child, url, limits, now))
    if entries > MAX_ENTRIES:
        warnings.append(f"More than {MAX_ENTRIES} URLs; the rest were not read.")
    collected = collect(drafts, limits)
    return ParsedFeed(
        kind=SourceKind.SITEMAP,
        title="",
        site_url=None,
        items=collected.items,
        ttl_seconds=None,
        truncated=collected.truncated or entries > MAX_ENTRIES,
        warnings=tuple(warnings) + collected.warnings,
    )


def _draft(node: etree._Element, base: str, limits: FeedLimits, now: datetime) -> Draft:
    # One pass over the children: a sitemap may hold 50,000 of these.
    fields: dict[str, str] = {}
    news: dict[str, str] = {}
    image_loc = None
    for child in node.iterchildren(tag=etree.Element):
        name = _local(child)
        if name == "news":
            news = _children(child)
            for part in child.iterchildren(tag=etree.Element):
                if _local(part) == "publication":
                    news.setdefault("publication.name", _children(part).get("name", ""))
        elif name == "image":
            image_loc = image_loc or _children(child).get("loc")
        elif name not in fields:
            fields[name] = (child.text or "").strip()[:10_000]
    keywords = news.get("keywords", "")
    return Draft(
        url=safe_url(fields.get("loc"), base, limits.url_chars),
        guid=None,
        title=news.get("title", ""),
        author=news.get("publication.name", ""),
        published_at=from_text(news.get("publication_date"), now),
        updated_at=from_text(fields.get("lastmod"), now),
        image=safe_url(image_loc, base, limits.url_chars),
        tags=tuple(k.strip() for k in keywords[:2000].split(",") if k.strip()),
    )


def _index(root: etree._Element, base: str, limits: FeedLimits, warnings: list[str]) -> ParsedFeed:
    children: list[str] = []
    seen: set[str] = set()
    total = 0
    for node in root.iterchildren(tag=etree.Element):
        if _local(node) != "sitemap":
            continue
        total += 1
        loc = safe_url(_children(node).get("loc"), base, limits.url_chars)
        if loc and loc not in seen and len(children) < limits.max_children:
            seen.add(loc)
            children.append(loc)
    truncated = total > limits.max_children
    if truncated:
        warnings.append(f"{total} child sitemaps; only the first {limits.max_children} kept.")
    return ParsedFeed(
        kind=SourceKind.SITEMAP_INDEX,
        title="",
        site_url=None,
        items=(),
        ttl_seconds=None,
        truncated=truncated,
        warnings=tuple(warnings),
        children=tuple(children),
    )


def _local(node: etree._Element) -> str:
    tag = node.tag
    if not isinstance(tag, str):
        return ""
    return tag[tag.rfind("}") + 1 :].lower()


def _children(node: etree._Element) -> dict[str, str]:
    """Local name -> stripped text of the direct children (first of each name wins)."""
    out: dict[str, str] = {}
    for child in node.iterchildren(tag=etree.Element):
        name = _local(child)
        if name not in out:
            out[name] = (child.text or "").strip()[:10_000]
    return out
