"""Refresh one source: fetch, parse, store new items, schedule the next visit.

Everything that can go wrong with a publisher ends as a recorded error on its
source (health fields + a FetchLog row); nothing raised here stops a worker.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import replace
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from newsdesk.extract import Extraction, extract
from newsdesk.extract.pagetype import ARTICLE, LISTING, LIVEBLOG, OTHER
from newsdesk.ingest import schedule
from newsdesk.ingest.feeds import (
    FeedItem,
    FeedParseError,
    ParsedFeed,
    discover_feeds,
    page_links,
    parse_source,
    sniff,
)
from newsdesk.ingest.feeds import (
    SourceKind as ParsedKind,
)
from newsdesk.ingest.fetcher import FetchError, FetchRequest, FetchResult
from newsdesk.ingest.urls import UrlRejected, check_url
from newsdesk.plaintext import one_line
from newsdesk.storage.keys import text_key
from newsdesk.storage.models import Article, Source, SourceKind
from newsdesk.worker.articles import complete_from_page
from newsdesk.worker.health import RefreshOutcome, log_fetch, record_failure, record_success
from newsdesk.worker.items import Send, store_items
from newsdesk.worker.leases import OWNER
from newsdesk.worker.network import Network, network
from newsdesk.worker.outages import database_lost

log = logging.getLogger("newsdesk.refresh")

LEASE = timedelta(minutes=10)
MAX_SITEMAP_CHILDREN = 5
# A page that is neither an article nor plainly a listing is read as a page of links
# when it links to at least this many stories.
MIN_STORY_LINKS = 5
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.7, */*;q=0.5"
)


def claim(source_id: int, owner: str, now: datetime) -> bool:
    """Take the source's lease; False when another worker holds it (two would store the feed twice)."""
    return bool(
        Source.objects.filter(pk=source_id)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=now + LEASE, lease_owner=owner)
    )


def refresh_source(
    source_id: int, *, net: Network | None = None, send: Send | None = None
) -> RefreshOutcome:
    """``send`` queues one new article's work; it runs inside the transaction that stores
    the items, so a crash can never leave an article stored without its task."""
    net = net or network()
    # The process owner in the lease lets recovery free it when this process dies.
    owner = f"{OWNER}:{uuid.uuid4().hex[:8]}"
    now = timezone.now()
    if not claim(source_id, owner, now):
        return RefreshOutcome(source_id, ok=True, message="another worker holds the lease")
    try:
        source = Source.objects.get(pk=source_id)
        if not source.enabled:
            return RefreshOutcome(source_id, ok=True, message="disabled")
        return _refresh(source, net, now, send)
    except Exception as exc:  # the last wall: record, never kill the worker
        if database_lost(exc):
            raise  # not the source's fault: the task runs again once the database is back
        log.exception("refresh of source %s crashed", source_id)
        Source.objects.filter(pk=source_id).update(
            last_error_kind="internal",
            last_error=f"Internal error: {exc!r}"[:2000],
            next_fetch_at=now + timedelta(hours=1),
        )
        return RefreshOutcome(source_id, ok=False, message=f"internal error: {exc!r}")
    finally:
        Source.objects.filter(pk=source_id, lease_owner=owner).update(
            lease_until=None, lease_owner=""
        )


def _fetch(net: Network, url: str, *, etag: str = "", last_modified: str = "") -> FetchResult:
    return net.fetcher.fetch(
        FetchRequest(
            url,
            etag=etag or None,
            last_modified=last_modified or None,
            accept=FEED_ACCEPT,
            expect="feed",
        )
    )


def _refresh(source: Source, net: Network, now: datetime, send: Send | None) -> RefreshOutcome:
    started = timezone.now()
    try:
        result = _fetch(net, source.url, etag=source.etag, last_modified=source.last_modified)
    except FetchError as exc:
        return record_failure(source, exc, now, started)

    if result.permanent_redirect:
        # The fetcher validated every hop; store the new address only now (a 301 to a private URL never sticks).
        _move(source, result.permanent_redirect)
    source.last_status = result.status
    if result.not_modified:
        return record_success(source, result, now, started, new=(), note="not modified (304)")
    if result.content_hash == source.content_hash and source.kind != SourceKind.PAGE:
        return record_success(source, result, now, started, new=(), note="unchanged body")

    try:
        kind = sniff(result.body, result.content_type)
        if kind == ParsedKind.HTML:
            return _handle_html(source, result, net, now, started, send)
        if kind in (ParsedKind.BINARY, ParsedKind.UNKNOWN):
            raise FeedParseError(
                "not_a_feed",
                f"The address returned {result.content_type or 'unknown content'}, which is not a feed, sitemap or page.",
            )
        parsed = parse_source(result.body, url=result.url, content_type=result.content_type)
        items = list(parsed.items)
        more_children = False
        if kind == ParsedKind.SITEMAP_INDEX:
            items, more_children = _sitemap_children(source, parsed, net)
    except FeedParseError as exc:
        return record_failure(source, exc, now, started, result=result)

    _adopt_feed_metadata(source, parsed, kind)
    stored = store_items(source, items, send)
    if stored.capped or more_children:
        # Not all of this body is stored yet: forget its validators and hash so the next
        # pass (due at once) reads it again and takes the next items instead of "unchanged".
        result = replace(result, etag=None, last_modified=None)
        source.content_hash = ""
    else:
        source.content_hash = result.content_hash
    interval = schedule.refresh_interval(
        [i.published_at for i in items if i.published_at],
        now,
        ttl_seconds=parsed.ttl_seconds,
        cache_max_age=_max_age(result),
    )
    outcome = record_success(
        source,
        result,
        now,
        started,
        new=stored.new,
        interval=interval,
        items=items,
        note="; ".join(parsed.warnings),
        due_now=stored.capped or more_children,
    )
    return replace(outcome, queued=send is not None)


def _sitemap_children(
    source: Source, parsed: ParsedFeed, net: Network
) -> tuple[list[FeedItem], bool]:
    """The items of the next few child sitemaps; True while children remain unread.

    A pass reads ``MAX_SITEMAP_CHILDREN`` children from the source's cursor; the next
    pass resumes there, and after the last child the cursor starts over.
    """
    start = source.sitemap_cursor if source.sitemap_cursor < len(parsed.children) else 0
    end = start + MAX_SITEMAP_CHILDREN
    more = end < len(parsed.children)
    source.sitemap_cursor = end if more else 0
    items: list[FeedItem] = []
    for child in parsed.children[start:end]:
        try:
            res = _fetch(net, child)
            items.extend(parse_source(res.body, url=res.url, content_type=res.content_type).items)
        except (FetchError, FeedParseError, UrlRejected) as exc:
            log.warning("sitemap child %s skipped: %s", child, exc)
    return items, more


def _handle_html(
    source: Source,
    result: FetchResult,
    net: Network,
    now: datetime,
    started: datetime,
    send: Send | None,
) -> RefreshOutcome:
    """An HTML answer: find the feed it advertises, else read the page. A page of links
    (a home or section page) is followed like a sitemap; any other page is one article."""
    if source.kind in (SourceKind.AUTO, SourceKind.FEED, SourceKind.JSON_FEED):
        for link in discover_feeds(result.body, result.url):
            try:
                feed_url = check_url(link.url, net.policy)  # discovered URLs are validated again
            except UrlRejected:
                continue
            if Source.objects.filter(url_key=text_key(feed_url)).exclude(pk=source.pk).exists():
                continue
            _adopt_page_identity(source, result)
            source.url = feed_url
            source.kind = SourceKind.AUTO
            source.etag = source.last_modified = source.content_hash = ""
            source.next_fetch_at = now
            source.last_fetch_at = now
            source.save()
            log_fetch(
                source,
                result.url,
                started,
                status=result.status,
                size=len(result.body),
                error=f"HTML page; switched to its feed {feed_url}",
            )
            return RefreshOutcome(source.pk, ok=True, message=f"discovered feed {feed_url}")
        if source.kind != SourceKind.AUTO:
            return record_failure(
                source,
                FeedParseError(
                    "html_not_feed",
                    "The feed address now returns an HTML page that advertises no feed.",
                ),
                now,
                started,
                result=result,
            )
    page = extract(result.body, url=result.url, content_type=result.content_type)
    links = page_links(result.body, result.url)
    if _is_page_of_links(source, page, links):
        return _follow_links(source, result, page, links, now, started, send)
    source.kind = SourceKind.PAGE
    item = FeedItem.link(text_key(result.url), result.url)
    new = store_items(source, [item], None).new
    # The page is already in hand: complete the article now instead of fetching it twice.
    extracted = tuple(complete_from_page(Article.objects.get(pk=pk), result, page) for pk in new)
    note = "" if page.page_type in (ARTICLE, LIVEBLOG) else _page_note(page, links)
    outcome = record_success(
        source, result, now, started, new=new, interval=timedelta(hours=24), note=note
    )
    return replace(outcome, new_articles=(), extracted=extracted)


def _is_page_of_links(source: Source, page: Extraction, links: ParsedFeed) -> bool:
    """Followed as a page of links: once so, always (a front page led by one long story
    is still a front page); a listing; or, on first sight, a page that is no article
    but links to stories. A single-page source whose page never was an article (one
    stored before pages were told apart) becomes one too."""
    if source.kind == SourceKind.LINKS:
        return True
    if page.page_type == LISTING:
        return source.kind == SourceKind.AUTO or not _has_ready_article(source)
    return (
        source.kind == SourceKind.AUTO
        and page.page_type == OTHER
        and len(links.items) >= MIN_STORY_LINKS
    )


def _has_ready_article(source: Source) -> bool:
    return Article.objects.ready().filter(source=source).exists()


def _page_note(page: Extraction, links: ParsedFeed) -> str:
    return f"page type {page.page_type} ({page.page_reason}); {len(links.items)} story links"


def _follow_links(
    source: Source,
    result: FetchResult,
    page: Extraction,
    links: ParsedFeed,
    now: datetime,
    started: datetime,
    send: Send | None,
) -> RefreshOutcome:
    """Store the stories a home or section page links to; their pages are fetched next."""
    source.kind = SourceKind.LINKS
    _adopt_identity(source, page, result.url)
    items = list(links.items)
    stored = store_items(source, items, send)
    source.content_hash = "" if stored.capped else result.content_hash
    note = f"followed as a page of links: {_page_note(page, links)}"
    if not items:
        note += " (none found: nothing stored)"
    outcome = record_success(
        source,
        result,
        now,
        started,
        new=stored.new,
        interval=schedule.refresh_interval([], now, cache_max_age=_max_age(result)),
        items=items,
        note=note,
        due_now=stored.capped,
    )
    return replace(outcome, queued=send is not None)


def _adopt_page_identity(source: Source, result: FetchResult) -> None:
    """The page that led to the feed names the site and its icon: readers see the site's
    own name from the start, not the feed's address."""
    page = extract(result.body, url=result.url, content_type=result.content_type)
    _adopt_identity(source, page, result.url)


def _adopt_identity(source: Source, page: Extraction, url: str) -> None:
    """What the operator did not set: the site's name and icon, and the page's address."""
    if not source.name and page.site_name:
        source.name = one_line(page.site_name, 300)
    if not source.icon_url and page.icon:
        source.icon_url = page.icon
    if not source.site_url:
        source.site_url = url


def _adopt_feed_metadata(source: Source, parsed: ParsedFeed, kind: ParsedKind) -> None:
    source.kind = {
        ParsedKind.JSON_FEED: SourceKind.JSON_FEED,
        ParsedKind.SITEMAP: SourceKind.SITEMAP,
        ParsedKind.SITEMAP_INDEX: SourceKind.SITEMAP,
    }.get(kind, SourceKind.FEED)
    if not source.name and parsed.title:
        source.name = one_line(parsed.title, 300)
    if parsed.site_url and not source.site_url:
        source.site_url = parsed.site_url


def _move(source: Source, new_url: str) -> None:
    if Source.objects.filter(url_key=text_key(new_url)).exclude(pk=source.pk).exists():
        return  # another source already polls that address; keep ours rather than collide
    source.url = new_url


def _max_age(result: FetchResult) -> int | None:
    for part in result.headers.get("cache-control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name.lower() == "max-age" and value.strip().isdigit():
            return int(value.strip())
    return None
