"""The article links of a page of links: a publisher's home page or section page read
as a feed whose items are the stories it links to.

A home page links to far more than its stories: menus, section fronts, tag pages,
login, social profiles, images, other sites. What marks a story link on any site, with
no per-site rule:

- it stays on the site (the page's host, ``www.`` aside, or one of its subdomains);
- its anchor reads like a headline: several words (or, in scripts written without
  spaces, several characters), not a one-word menu entry;
- its address is shaped like an article's: a slug with hyphens, a date or a numeric
  id, or a path several segments deep; never the site's root, a file that is not a
  page (image, PDF, feed), or a path through the generic places that are not stories
  (tag, category, author, search, login, page 2...).

Links are kept in page order (a front page puts its top stories first), one item per
address (an image and a headline linking to the same story are one item, titled by
the headline), at most ``MAX_LINKS``. Like every parser here: bytes in, frozen values
out, never raises, no network.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from lxml import etree

from newsdesk.ingest.feeds.draft import short_text
from newsdesk.ingest.feeds.keys import hashed
from newsdesk.ingest.feeds.model import FeedItem, ParsedFeed, SourceKind
from newsdesk.text.links import safe_url

# A home page is read up to here (the stories are linked long before).
MAX_HTML_BYTES = 5 * 1024 * 1024
# Stories followed from one page per pass: a front page's newest and most prominent.
MAX_LINKS = 100
# A headline has at least this many words, or this many characters where words are not
# separated by spaces (Chinese, Japanese, Thai).
HEADLINE_WORDS = 4
HEADLINE_CHARS = 12
# Path segments of the places on any site that are not stories.
NOT_STORIES = frozenset(
    {
        "tag",
        "tags",
        "category",
        "categories",
        "topic",
        "topics",
        "section",
        "sections",
        "author",
        "authors",
        "profile",
        "user",
        "users",
        "search",
        "login",
        "logout",
        "signin",
        "sign-in",
        "signup",
        "register",
        "account",
        "subscribe",
        "subscription",
        "newsletter",
        "newsletters",
        "contact",
        "about",
        "about-us",
        "privacy",
        "privacy-policy",
        "terms",
        "cookies",
        "cookie-policy",
        "help",
        "faq",
        "feed",
        "feeds",
        "rss",
        "page",
        "archive",
        "archives",
        "cart",
        "checkout",
        "shop",
        "store",
        "jobs",
        "careers",
        "advertise",
        "wp-login.php",
        "wp-admin",
    }
)
# Addresses of files that are not pages.
_NOT_PAGES = re.compile(
    r"\.(?:jpe?g|png|gif|webp|avif|svg|ico|pdf|zip|gz|mp3|mp4|m4a|webm|mov|css|js|json|xml|rss|txt|docx?|xlsx?|pptx?|epub)$",
    re.I,
)
_DATE = re.compile(r"(?:^|/)(?:19|20)\d\d(?:/|-)(?:0?[1-9]|1[0-2])(?:/|-|$)")
_ID = re.compile(r"\d{4,}")
_SPACE = re.compile(r"\s+")


def page_links(html: bytes, url: str) -> ParsedFeed:
    """The story links of the page at ``url`` as feed items (title = the headline)."""
    items: list[FeedItem] = []
    root = _parse(html)
    if root is None:
        return _feed(items, url)
    base = url
    for node in root.iter("base"):
        base = safe_url(node.get("href"), url) or url
        break
    site = _site(url)
    page = _without_fragment(url)
    found: dict[str, str] = {}
    for anchor in root.iter("a"):
        target = safe_url(anchor.get("href"), base)
        if target is None:
            continue
        target = _without_fragment(target)
        if target == page:
            continue
        headline = _headline(anchor)
        if not _reads_like_headline(headline) or not _is_story_address(target, site):
            continue
        if len(headline) > len(found.get(target, "")):
            if target not in found and len(found) >= MAX_LINKS:
                continue
            found[target] = headline
    for target, headline in found.items():
        items.append(FeedItem.link(hashed("url", target), target, short_text(headline, 300)))
    return _feed(items, url)


def _parse(html: bytes) -> etree._Element | None:
    data = html[:MAX_HTML_BYTES]
    try:
        return etree.fromstring(
            data,
            etree.HTMLParser(
                encoding=_utf8_or_none(data),
                no_network=True,
                remove_comments=True,
                remove_pis=True,
            ),
        )
    except (etree.LxmlError, ValueError, LookupError):
        return None


def _utf8_or_none(data: bytes) -> str | None:
    """UTF-8 when the bytes are (most pages, declared or not: libxml2 would read
    undeclared ones as Latin-1 and garble every headline); else the page's own
    declaration decides."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A character cut by the size cap is still UTF-8.
        return "utf-8" if exc.start >= len(data) - 3 else None
    return "utf-8"


def _feed(items: list[FeedItem], url: str) -> ParsedFeed:
    return ParsedFeed(
        kind=SourceKind.PAGE_OF_LINKS,
        title="",
        site_url=url,
        items=tuple(items),
        ttl_seconds=None,
        truncated=len(items) >= MAX_LINKS,
        warnings=(),
    )


def _headline(anchor: etree._Element) -> str:
    # A teaser often wraps a kicker, the headline and a summary in one link: the
    # heading inside it is the headline.
    for heading in anchor.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        text = _SPACE.sub(" ", "".join(heading.itertext())).strip()
        if text:
            return text
    text = _SPACE.sub(" ", "".join(anchor.itertext())).strip()
    return text or _SPACE.sub(" ", anchor.get("title") or "").strip()


def _reads_like_headline(text: str) -> bool:
    words = text.split()
    if len(words) >= HEADLINE_WORDS:
        return True
    # Scripts without spaces between words: a long run of letters is a sentence.
    return len(words) <= 2 and sum(ch.isalpha() and ord(ch) > 0x2E7F for ch in text) >= (
        HEADLINE_CHARS
    )


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _is_story_address(url: str, site: str) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not site or (host != site and not host.endswith("." + site)):
        return False
    segments = [s for s in parts.path.lower().split("/") if s]
    if not segments or any(s in NOT_STORIES for s in segments):
        return False
    if _NOT_PAGES.search(parts.path):
        return False
    last = segments[-1].rsplit(".", 1)[0]
    return (
        last.count("-") + last.count("_") >= 2
        or bool(_ID.search(parts.path) or _DATE.search(parts.path))
        or len(segments) >= 3
    )


def _without_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(fragment="")) if parts.fragment else url
