"""Refresh one source: fetch, parse, store new items, schedule the next visit.

Everything that can go wrong with a publisher ends as a recorded error on its
source (health fields + a FetchLog row); nothing raised here stops a worker.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from newsdesk.extract import extract, sanitize_html
from newsdesk.ingest import schedule
from newsdesk.ingest.feeds import (
    FeedItem,
    FeedParseError,
    ParsedFeed,
    discover_feeds,
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
from newsdesk.storage.models import Article, FetchLog, Source, SourceKind, feed_tag_keys
from newsdesk.worker.articles import ArticleOutcome, complete_from_page
from newsdesk.worker.leases import OWNER
from newsdesk.worker.network import Network, network
from newsdesk.worker.outages import database_lost

log = logging.getLogger("newsdesk.refresh")

LEASE = timedelta(minutes=10)
FETCH_LOG_KEEP = 50
MAX_SITEMAP_CHILDREN = 5
# A sitemap may list 50,000 URLs; a pass takes only the newest, the rest wait for the next.
MAX_NEW_PER_PASS = 200
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.7, */*;q=0.5"
)


@dataclass(frozen=True, slots=True)
class RefreshOutcome:
    """What happened, and the follow-up work it asks for (``newsdesk.worker.tasks`` queues it)."""

    source_id: int
    ok: bool
    new_articles: tuple[int, ...] = ()  # stored now, their pages still to fetch
    message: str = ""
    # Articles completed from a page already in hand: only the later stages are due.
    extracted: tuple[ArticleOutcome, ...] = ()
    # True when ``send`` already queued the new articles, in the transaction that stored them.
    queued: bool = False


Send = Callable[[int], object]


@dataclass(frozen=True, slots=True)
class Stored:
    new: tuple[int, ...]
    capped: bool  # more fresh items than one pass takes: the next pass continues


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
        return _record_failure(source, exc, now, started)

    if result.permanent_redirect:
        # The fetcher validated every hop; store the new address only now (a 301 to a private URL never sticks).
        _move(source, result.permanent_redirect)
    source.last_status = result.status
    if result.not_modified:
        return _record_success(source, result, now, started, new=(), note="not modified (304)")
    if result.content_hash == source.content_hash and source.kind != SourceKind.PAGE:
        return _record_success(source, result, now, started, new=(), note="unchanged body")

    try:
        kind = sniff(result.body, result.content_type)
        if kind == ParsedKind.HTML:
            return _handle_html(source, result, net, now, started)
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
        return _record_failure(source, exc, now, started, result=result)

    _adopt_feed_metadata(source, parsed, kind)
    stored = _store_items(source, items, send)
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
    outcome = _record_success(
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
    source: Source, result: FetchResult, net: Network, now: datetime, started: datetime
) -> RefreshOutcome:
    """An HTML answer: find the feed it advertises, or take the page itself as one article."""
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
            _log(
                source,
                result.url,
                started,
                status=result.status,
                size=len(result.body),
                error=f"HTML page; switched to its feed {feed_url}",
            )
            return RefreshOutcome(source.pk, ok=True, message=f"discovered feed {feed_url}")
        if source.kind != SourceKind.AUTO:
            return _record_failure(
                source,
                FeedParseError(
                    "html_not_feed",
                    "The feed address now returns an HTML page that advertises no feed.",
                ),
                now,
                started,
                result=result,
            )
    source.kind = SourceKind.PAGE
    item = FeedItem(
        key=text_key(result.url),
        url=result.url,
        guid=None,
        title="",
        author="",
        published_at=None,
        updated_at=None,
        summary_html="",
        content_html="",
        image=None,
    )
    new = _store_items(source, [item], None).new
    # The page is already in hand: complete the article now instead of fetching it twice.
    extracted = tuple(complete_from_page(Article.objects.get(pk=pk), result) for pk in new)
    outcome = _record_success(source, result, now, started, new=new, interval=timedelta(hours=24))
    return replace(outcome, new_articles=(), extracted=extracted)


def _adopt_page_identity(source: Source, result: FetchResult) -> None:
    """The page that led to the feed names the site and its icon: readers see the site's
    own name from the start, not the feed's address."""
    page = extract(result.body, url=result.url, content_type=result.content_type)
    if not source.name and page.site_name:
        source.name = one_line(page.site_name, 300)
    if not source.icon_url and page.icon:
        source.icon_url = page.icon
    if not source.site_url:
        source.site_url = result.url


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


def _store_items(source: Source, items: list[FeedItem], send: Send | None) -> Stored:
    """Insert the items not seen before, newest first, at most ``MAX_NEW_PER_PASS``.

    One transaction holds the rows and their tasks (``send``): a kill inside it stores
    neither, and the retried refresh stores both. The unique key makes repeats and
    races no-ops.
    """
    keys = {item.key for item in items}
    known = set(
        Article.objects.filter(source=source, item_key__in=keys).values_list("item_key", flat=True)
    )
    fresh = [i for i in items if i.key not in known and i.url]
    fresh.sort(key=lambda i: i.published_at or i.updated_at or timezone.now(), reverse=True)
    created: list[int] = []
    now = timezone.now()
    with transaction.atomic():
        for item in fresh[:MAX_NEW_PER_PASS]:
            pk = _insert(source, item, now)
            if pk is not None:
                created.append(pk)
                if send is not None:
                    send(pk)
    return Stored(tuple(created), capped=len(fresh) > MAX_NEW_PER_PASS)


def _insert(source: Source, item: FeedItem, now: datetime) -> int | None:
    published = item.published_at
    try:
        with transaction.atomic():
            article = Article.objects.create(
                source=source,
                item_key=item.key,
                url=item.url,
                url_key=text_key(item.url),
                title=one_line(item.title, 1000),
                byline=one_line(item.author, 300),
                published_at=published,
                updated_at=item.updated_at,
                sort_at=min(published, now) if published else now,
                image=item.image or "",
                feed_tags=feed_tag_keys(item.tags),
                feed_summary_html=sanitize_html(item.content_html or item.summary_html, item.url),
                fetch_meta={"guid": item.guid} if item.guid else {},
            )
    except IntegrityError:
        return None  # another worker stored it first
    return article.pk


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


def _record_success(
    source: Source,
    result: FetchResult,
    now: datetime,
    started: datetime,
    *,
    new: tuple[int, ...],
    interval: timedelta | None = None,
    items: list[FeedItem] | None = None,
    note: str = "",
    due_now: bool = False,
) -> RefreshOutcome:
    source.last_fetch_at = now
    source.last_success_at = now
    source.error_count = 0
    source.last_error = ""
    source.last_error_kind = ""
    source.etag = result.etag or ""
    source.last_modified = result.last_modified or ""
    if items is not None:
        source.last_item_count = len(items)
        source.items_per_day = _items_per_day(items, now)
    if interval is not None:
        source.fetch_interval = interval
    source.next_fetch_at = now if due_now else now + source.fetch_interval
    source.save()
    _log(
        source,
        result.url,
        started,
        status=result.status,
        size=len(result.body),
        headers=result.headers,
        new=len(new),
        error=note,
    )
    return RefreshOutcome(source.pk, ok=True, new_articles=new, message=note or f"{len(new)} new")


def _items_per_day(items: list[FeedItem], now: datetime) -> float:
    recent = [
        i.published_at for i in items if i.published_at and i.published_at > now - timedelta(days=7)
    ]
    return round(len(recent) / 7, 2)


def _record_failure(
    source: Source,
    exc: FetchError | FeedParseError,
    now: datetime,
    started: datetime,
    result: FetchResult | None = None,
) -> RefreshOutcome:
    status = getattr(exc, "status", None) or (result.status if result else None)
    decision = schedule.decide_after_error(
        kind=exc.kind,
        failures=source.error_count + 1,
        now=now,
        message=str(exc.message),
        retry_after=getattr(exc, "retry_after", None),
        status=status,
    )
    source.last_fetch_at = now
    source.last_status = status
    source.last_error_kind = exc.kind
    source.last_error = str(exc.message)[:2000]
    source.error_count += 1
    source.next_fetch_at = decision.next_fetch_at
    if decision.disable:
        source.enabled = False
        source.disabled_reason = decision.reason
    source.save()
    _log(
        source,
        source.url,
        started,
        status=status,
        size=len(result.body) if result else 0,
        headers=result.headers if result else {},
        error_kind=exc.kind,
        error=str(exc.message),
    )
    log.warning("source %s (%s): %s", source.pk, source.url, exc.message)
    return RefreshOutcome(source.pk, ok=False, message=str(exc.message))


def _log(
    source: Source,
    url: str,
    started: datetime,
    *,
    status: int | None = None,
    size: int = 0,
    headers: dict | None = None,
    new: int = 0,
    error_kind: str = "",
    error: str = "",
) -> None:
    elapsed = int((timezone.now() - started).total_seconds() * 1000)
    FetchLog.objects.create(
        source=source,
        url=url,
        purpose="feed",
        started_at=started,
        status=status,
        elapsed_ms=elapsed,
        size=size,
        headers=dict(headers or {}),
        new_items=new,
        error_kind=error_kind,
        error=error[:2000],
    )
    stale = FetchLog.objects.filter(source=source).values_list("pk", flat=True)[FETCH_LOG_KEEP:]
    FetchLog.objects.filter(pk__in=list(stale)).delete()
