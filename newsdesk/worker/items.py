"""Store a source's new items as pending articles, each once, whatever the races."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from newsdesk.extract import sanitize_html
from newsdesk.ingest.feeds import FeedItem
from newsdesk.plaintext import one_line
from newsdesk.storage.keys import text_key
from newsdesk.storage.models import Article, Source, feed_tag_keys

# A sitemap may list 50,000 URLs; a pass takes only the newest, the rest wait for the next.
MAX_NEW_PER_PASS = 200

Send = Callable[[int], object]


@dataclass(frozen=True, slots=True)
class Stored:
    new: tuple[int, ...]
    capped: bool  # more fresh items than one pass takes: the next pass continues


def store_items(source: Source, items: list[FeedItem], send: Send | None) -> Stored:
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
            pk = insert_item(source, item, now)
            if pk is not None:
                created.append(pk)
                if send is not None:
                    send(pk)
    return Stored(tuple(created), capped=len(fresh) > MAX_NEW_PER_PASS)


def insert_item(source: Source, item: FeedItem, now: datetime) -> int | None:
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
