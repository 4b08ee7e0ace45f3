"""Google Reader stream ids over a reader's subscriptions, as article querysets.

user/-/state/com.google/reading-list   every subscribed source
user/-/state/com.google/starred        starred items
user/-/state/com.google/read           read items
user/-/label/NAME                      subscriptions in folder NAME
feed/ID or feed/URL                    one subscribed source
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from newsdesk.following.models import Follow, FollowKind
from newsdesk.greader.models import ItemState, ReaderSubscription
from newsdesk.reading import listings
from newsdesk.reading.articles import valid_id
from newsdesk.storage.models import Article
from newsdesk.storage.models.articles import listed_rule

STATE = "user/-/state/com.google/"
READING_LIST = STATE + "reading-list"
READ = STATE + "read"
STARRED = STATE + "starred"
KEPT_UNREAD = STATE + "kept-unread"
LABEL = "user/-/label/"
_USER_PREFIX = re.compile(r"^user/[^/]{1,64}/")
LONG_ID_PREFIX = "tag:google.com,2005:reader/item/"


class StreamError(ValueError):
    pass


def normalize(stream: str) -> str:
    """``user/1234/state/...`` (a user's own id) means the same as ``user/-/state/...``."""
    return _USER_PREFIX.sub("user/-/", stream.strip()[:2000], count=1)


def subscriptions(user) -> QuerySet[ReaderSubscription]:
    """The reader's app subscriptions (with folders and own titles)."""
    return ReaderSubscription.objects.filter(user=user).select_related("source")


def followed_source_ids(user) -> set[int]:
    """Publishers the reader follows on the site: an app shows them too (no folder)."""
    keys = Follow.objects.filter(user=user, kind=FollowKind.SOURCE).values_list("key", flat=True)
    return {int(k) for k in keys if k.isdigit() and valid_id(int(k))}


def source_ids(user) -> set[int]:
    """Every source in the reader's reading list: app subscriptions and site follows."""
    return set(subscriptions(user).values_list("source_id", flat=True)) | followed_source_ids(user)


def _state(user, **flags) -> Exists:
    return Exists(ItemState.objects.filter(user=user, article=OuterRef("pk"), **flags))


def reader_articles(user) -> QuerySet[Article]:
    """Ready articles of the reader's sources; a wire copy only when the reader does not
    also follow the source of its original (one item per text, as on the site)."""
    ids = source_ids(user)
    return listings.readable_articles_with_copies().filter(
        Q(source_id__in=ids) & (listed_rule() | ~Q(copy_of__source_id__in=ids))
    )


def articles_for(user, stream: str) -> QuerySet[Article]:
    stream = normalize(stream)
    base = reader_articles(user)
    if stream in (READING_LIST, ""):
        return base
    if stream == STARRED:
        return base.filter(_state(user, starred=True))
    if stream == READ:
        return base.filter(_state(user, read=True))
    if stream.startswith(LABEL):
        folder = stream[len(LABEL) :]
        return base.filter(
            source_id__in=subscriptions(user).filter(folder=folder).values("source_id")
        )
    if stream.startswith("feed/"):
        return base.filter(source_id__in=_feed_sources(user, stream[len("feed/") :]))
    raise StreamError(f"Unknown stream {stream[:100]!r}.")


def _feed_sources(user, key: str) -> list[int]:
    ids = source_ids(user)
    if key.isdigit() and valid_id(int(key)):
        return [int(key)] if int(key) in ids else []
    return [i for i in listings.source_ids_by_url(key) if i in ids]


@dataclass(frozen=True, slots=True)
class Filters:
    exclude: str = ""  # xt
    include: str = ""  # it
    older_than: int | None = None  # ot, seconds
    newer_than: int | None = None  # nt, seconds


def apply_filters(queryset: QuerySet[Article], user, filters: Filters) -> QuerySet[Article]:
    for tag, keep in ((normalize(filters.exclude), False), (normalize(filters.include), True)):
        if tag == READ:
            queryset = queryset.filter(
                _state(user, read=True) if keep else ~_state(user, read=True)
            )
        elif tag == STARRED:
            queryset = queryset.filter(
                _state(user, starred=True) if keep else ~_state(user, starred=True)
            )
    if filters.older_than is not None:
        queryset = queryset.filter(sort_at__lt=listings.from_epoch(filters.older_than))
    if filters.newer_than is not None:
        queryset = queryset.filter(sort_at__gt=listings.from_epoch(filters.newer_than))
    return queryset


def parse_item_id(value: str) -> int | None:
    """Decimal ids, or the long form ``tag:google.com,2005:reader/item/<16 hex>``."""
    value = value.strip()
    try:
        if value.startswith(LONG_ID_PREFIX):
            number = int(value[len(LONG_ID_PREFIX) :], 16)
        else:
            number = int(value)
    except ValueError:
        return None
    if number < 0:  # the short form is a signed 64-bit view of the same number
        number += 2**64
    return number if valid_id(number) else None


def long_id(article_id: int) -> str:
    return f"{LONG_ID_PREFIX}{article_id:016x}"
