"""Stage 3: article metadata from JSON-LD, OpenGraph/meta tags and the document itself.

Structured data first (it is what publishers maintain for search engines), then meta
tags, then the DOM; for the date, what the page shows without declaring it (URL, any
JSON-LD object, ``<time>``), and htmldate only when it shows none of these. Deliberately not
``trafilatura.extract_metadata``: it costs about as much as trafilatura's body
extraction (category, tag and licence scans newsdesk does not use), and the speed
budget of ingest cannot afford it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement

from newsdesk.extract.dates import parse_date
from newsdesk.extract.title import clean_title
from newsdesk.plaintext import one_line
from newsdesk.text import jsonld
from newsdesk.text.dates import sane_date
from newsdesk.text.links import safe_url

# schema.org types of an article page ("BlogPosting", "NewsArticle", "ReportageNewsArticle",
# "Review"...); not "WebPage" or "Blog", which describe the site or the listing.
_ARTICLE_TYPES = re.compile(r"article|posting|report|review|analysis", re.I)
_LANG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$", re.I)
_BY = re.compile(r"^\s*(?:(?:written|posted|words)\s+)?(?:by|von|par|por|di|door|av)\s+", re.I)
_PUBLISHED_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "dcterms.date",
    "date",
    "citation_publication_date",
)
_UPDATED_KEYS = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
)
_AUTHOR_KEYS = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "byl",
    "citation_author",
)
# One walk of the page, each element tested by one predicate (a union of four paths
# walked it four times); the cheap ``contains`` comes first so that the class of most
# elements is never normalised. Same elements, same document order.
_BYLINE_XPATH = etree.XPath(
    './/*[@rel="author" or @itemprop="author"'
    ' or (contains(@class, "byline") and ('
    'contains(concat(" ", normalize-space(@class), " "), " byline ")'
    ' or contains(@class, "byline__name")))'
    ' or (contains(@class, "author") and ('
    'contains(@class, "author-name") or contains(@class, "author__name")))]'
)
# Deliberately narrow: a broad "class contains author" also matches comment authors and
# "Name (required)" form labels, and a wrong byline is worse than none.
# Bylines in the page run on into dates, handles and buttons ("Jane Doe @jdoe Nov 19,
# 2019 • 2 min read", "Jane Doe | November 18, 2019 Print this article"): a name ends
# before the first of these.
_NAME_END = re.compile(
    r"\s[|•·]\s|[|•·@\d]|\s(?:published|updated|posted|print)\b"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d"
    r"|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
    re.I,
)
_NAME_WORDS = 8
# "/2024/03/05/" or "/2024-03-05-": a date in an article's URL path.
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?=[/\-_.]|$)")


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str = ""
    byline: str = ""
    published_at: datetime | None = None
    updated_at: datetime | None = None
    site_name: str = ""
    canonical_url: str | None = None
    language: str | None = None
    image: str | None = None
    robots: str = ""  # the page's robots directives for every crawler ("nosnippet,noarchive")
    icon: str | None = None  # the site's icon: apple-touch-icon first, then rel=icon
    # Every schema.org @type the page declares in JSON-LD, and its og:type: what the
    # publisher says the page is (pagetype.py weighs it against the page's shape).
    schema_types: frozenset[str] = frozenset()
    og_type: str = ""


def extract_metadata(
    tree: HtmlElement, url: str | None, now: datetime, documents: tuple[Any, ...]
) -> Metadata:
    """The page's metadata; ``documents`` are its JSON-LD scripts (``jsonld.documents``)."""
    metas = _metas(tree)
    # Read once, used twice (the base URL and the canonical URL; the title and the
    # headline check): each is a walk of the whole page.
    canonical = [str(h) for h in tree.xpath('.//link[@rel="canonical"]/@href')[:1]]
    heading = _first_text(tree, ".//h1")
    base = _base(tree, url, metas, canonical)
    article, schema_types = _jsonld_article(documents)
    site_name = one_line(
        metas.get("og:site_name")
        or _name(article.get("publisher"))
        or metas.get("application-name"),
        200,
    )
    host = urlsplit(base or "").hostname or ""
    raw_title = (
        _text(article.get("headline"))
        or metas.get("og:title")
        or metas.get("twitter:title")
        or _first_text(tree, ".//title")
        or heading
    )
    published = _first_date(
        [
            article.get("datePublished"),
            article.get("dateCreated"),
            *(metas.get(key) for key in _PUBLISHED_KEYS),
            *tree.xpath(".//time[@itemprop='datePublished']/@datetime"),
        ],
        now,
    )
    if published is None:
        published = _first_date(_undeclared_dates(tree, url, documents), now)
    if published is None:
        published = sane_date(_htmldate(tree, url), now)
    updated = _first_date(
        [article.get("dateModified"), *(metas.get(key) for key in _UPDATED_KEYS)], now
    )
    return Metadata(
        title=one_line(clean_title(raw_title or "", site_name, host, heading), 500),
        byline=one_line(_byline(article, metas, tree), 300),
        published_at=published,
        updated_at=updated,
        site_name=site_name,
        canonical_url=_canonical(canonical, metas, article, base) or safe_url(url),
        language=_language(tree, metas, article),
        image=_image(metas, article, base),
        robots=robots_directives(metas.get("robots", ""), metas.get("newsdesk", "")),
        icon=_icon(tree, base),
        schema_types=schema_types,
        og_type=metas.get("og:type", ""),
    )


def _base(
    tree: HtmlElement, url: str | None, metas: dict[str, str], canonical: list[str]
) -> str | None:
    """The base for relative URLs: ``<base href>`` only when it is itself http(s), else
    the page URL; for a page read from a file, the page's own absolute og:url or
    canonical link."""
    for href in tree.xpath(".//head/base/@href")[:1]:
        resolved = safe_url(str(href), url)
        if resolved:
            return resolved
    own = [metas.get("og:url"), *canonical]
    return safe_url(url) or next((u for c in own if (u := safe_url(c))), None)


def _metas(tree: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (
            meta.get("property")
            or meta.get("name")
            or meta.get("itemprop")
            or meta.get("http-equiv")
        )
        content = meta.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), content.strip())
    return found


def _jsonld_article(documents: tuple[Any, ...]) -> tuple[dict[str, Any], frozenset[str]]:
    """The JSON-LD objects typed as an article (merged left to right, first value wins),
    and every type the page declares (what the publisher says the page is)."""
    best: dict[str, Any] = {}
    seen: set[str] = set()
    for obj in jsonld.objects(documents, nested=False):
        kinds = jsonld.types(obj)
        seen.update(k for k in kinds[:10] if len(k) < 100)
        if any(_ARTICLE_TYPES.search(kind) for kind in kinds):
            for key, value in obj.items():
                best.setdefault(key, value)
    return best, frozenset(seen)


def _text(value: Any) -> str:
    # JSON-LD is often written by templates that HTML-escape twice ("&#8216;").
    return html.unescape(value).strip() if isinstance(value, str) else ""


def _name(value: Any) -> str:
    if isinstance(value, list):
        return next((name for item in value if (name := _name(item))), "")
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _first_text(tree: HtmlElement, path: str) -> str:
    for elem in tree.iterfind(path):
        text = " ".join(elem.text_content().split())
        if text:
            return text
    return ""


def _first_date(values: list[Any], now: datetime) -> datetime | None:
    """The first plausible date: a template's "0001-01-01" must not hide a later, real one."""
    for value in values:
        parsed = sane_date(parse_date(value), now)
        if parsed is not None:
            return parsed
    return None


def _undeclared_dates(tree: HtmlElement, url: str | None, documents: tuple[Any, ...]) -> list[Any]:
    """Where a page that declares no date for its article still shows one, cheapest
    first: a date in its URL path, a ``datePublished`` of any JSON-LD object (a
    ``WebPage``), the first ``<time datetime>``. Read before htmldate, whose extensive
    search runs dateparser over the page's text (its locale tables alone take seconds
    to load in each process) and is left for pages that show none of these. Web-pages
    dates 0.825 -> 0.838 (tune 0.829 -> 0.844, check 0.821 -> 0.831), and htmldate runs
    on about half as many pages."""
    dates: list[Any] = []
    found = _URL_DATE.search(urlsplit(url or "").path)
    if found:
        year, month, day = (int(part) for part in found.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            dates.append(f"{year:04d}-{month:02d}-{day:02d}")
    dates += [obj.get("datePublished") for obj in jsonld.objects(documents, nested=False)]
    dates += tree.xpath(".//time/@datetime")[:1]
    return dates


def _htmldate(tree: HtmlElement, url: str | None) -> datetime | None:
    """htmldate's guess for a page that declares and shows no date: its quick search
    first, the extensive one (dates written out in the text, read by dateparser) only
    where that finds nothing. On the web-pages set the quick one is right on 110 of the
    185 dated pages that reach it, the extensive one on 133: almost all of the
    difference is pages where the quick one finds nothing (37), so the two in turn are
    right on 132 in half the time (dateparser runs on a fifth of those pages)."""
    for extensive in (False, True):
        try:
            found = find_date(
                tree,
                extensive_search=extensive,
                original_date=True,
                url=url,
                outputformat="%Y-%m-%dT%H:%M:%S",
            )
        except Exception:  # htmldate is a best-effort guess; its failure is "no date"
            return None
        if found:
            return parse_date(found)
    return None


def _byline(article: dict[str, Any], metas: dict[str, str], tree: HtmlElement) -> str:
    authors = article.get("author")
    items = authors if isinstance(authors, list) else [authors]
    names = [name for item in items[:10] if (name := _name(item))]
    if not names:
        names = [
            value for key in _AUTHOR_KEYS if (value := metas.get(key, "")) and not _is_url(value)
        ][:1]
    if not names:
        texts = (" ".join(elem.text_content().split()) for elem in _BYLINE_XPATH(tree)[:5])
        names = [name for text in texts if len(text) <= 200 and (name := _clean_name(text))][:1]
    cleaned = [_clean_name(name) for name in names]
    return ", ".join(dict.fromkeys(name for name in cleaned if name))


def _clean_name(text: str) -> str:
    """A person or desk name out of a byline string, or "" if it does not look like one."""
    text = _BY.sub("", text.strip())
    end = _NAME_END.search(text)
    name = (text[: end.start()] if end else text).strip(" ,;:-|\u2013\u2014")
    if _is_url(name) or not name or len(name.split()) > _NAME_WORDS:
        return ""
    return name


def _is_url(value: str) -> bool:
    return value.startswith(("http://", "https://", "//", "www."))


def _canonical(
    hrefs: list[str], metas: dict[str, str], article: dict[str, Any], base: str | None
) -> str | None:
    page = article.get("mainEntityOfPage")
    candidates = [
        *hrefs,
        metas.get("og:url"),
        _text(article.get("url")),
        _name(page) if not isinstance(page, dict) else _text(page.get("@id")),
    ]
    for candidate in candidates:
        resolved = safe_url(candidate, base)
        if resolved:
            return resolved
    return None


def _language(tree: HtmlElement, metas: dict[str, str], article: dict[str, Any]) -> str | None:
    candidates = [
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        metas.get("content-language"),
        metas.get("og:locale"),
        _text(article.get("inLanguage")),
    ]
    for candidate in candidates:
        code = (candidate or "").strip().replace("_", "-").split(",")[0].strip()
        if _LANG.match(code):
            primary, _, rest = code.partition("-")
            return primary.lower() + (
                "-" + rest.upper() if len(rest) == 2 else ("-" + rest if rest else "")
            )
    return None


def _image(metas: dict[str, str], article: dict[str, Any], base: str | None) -> str | None:
    image = article.get("image")
    if isinstance(image, list):
        image = image[0] if image else None
    if isinstance(image, dict):
        image = image.get("url") or image.get("@id")
    for candidate in (
        metas.get("og:image"),
        metas.get("og:image:url"),
        metas.get("twitter:image"),
        metas.get("twitter:image:src"),
        _text(image),
    ):
        resolved = safe_url(candidate, base)
        if resolved:
            return resolved
    return None


# Directives that narrow what may be shown of a page; the others (noindex, nofollow…)
# concern search engines, not a reader in front of the page.
_SHOWN_DIRECTIVES = re.compile(r"^(?:nosnippet|noarchive|none|max-snippet:-?\d+)$")


def robots_directives(*values: str) -> str:
    """The display-relevant directives in robots meta or ``X-Robots-Tag`` values, comma-joined.

    A header value may name a crawler ("googlebot: nosnippet"); only unnamed directives
    and those addressed to newsdesk apply here.
    """
    found: list[str] = []
    for value in values:
        for part in (value or "").lower().split(","):
            agent, sep, rest = part.partition(":")
            directive = part.strip()
            if sep and agent.strip() not in ("max-snippet", "newsdesk"):
                continue
            if sep and agent.strip() == "newsdesk":
                directive = rest.strip()
            directive = re.sub(r"\s+", "", directive)
            if _SHOWN_DIRECTIVES.match(directive) and directive not in found:
                found.append(directive)
    return ",".join(found)[:300]


def _icon(tree: HtmlElement, base: str | None) -> str | None:
    """The largest raster icon the page names (SVG icons are skipped: never served)."""
    for rels in (("apple-touch-icon", "apple-touch-icon-precomposed"), ("icon", "shortcut icon")):
        for link in tree.iter("link"):
            rel = " ".join((link.get("rel") or "").lower().split())
            href = (link.get("href") or "").strip()
            kind = (link.get("type") or "").lower()
            if rel in rels and href and "svg" not in kind and not href.lower().endswith(".svg"):
                resolved = safe_url(href, base)
                if resolved:
                    return resolved
    return None
