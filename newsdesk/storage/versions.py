"""Page versions: counters that move whenever what a public page shows may change.

Whole pages are cached for anonymous readers under the current values of the counters
they depend on (see ``newsdesk.reading.page_cache``): ``pages`` for the pages that list
everything (front, latest, sections, sources), and one counter per article, story, source
and hashtag for their own pages, so an ingest that touches one story does not throw away
every other story's page. An article's page (and its API object) depends on its own
counter and its story's: the story's size and the related lists of its members change
when another article joins it; and on its source's row (the source's display policy
decides how much of the text it shows). A comment posted, edited, hidden or removed moves its
article's counter; the worker moves an article's or a story's when it stores the
model's summary or briefing. Every ``save()`` or delete of an article, story or source
moves the counters it touches (signals, so the admin and the worker are covered alike);
the worker moves an article's counters once more after the set-based writes of its
last stages (folding, tags, story, related coverage), which send no signal.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from newsdesk.enrich.hashtags import tag_key
from newsdesk.storage.models import Article, ArticleTag, PageVersion, Source, Story

PAGES = "pages"
# How long a process answers from the values it last read. Every kept page's request
# asks for its counters; reading them is most of what such a request costs. Another
# process's write shows on the pages at most this much later; this process's own
# writes show at once (``bump`` forgets what it moved when its transaction commits).
SEEN_SECONDS = 0.5


@dataclass(frozen=True, slots=True)
class Seen:
    value: int
    at: float  # time.monotonic() when read


@dataclass(frozen=True, slots=True)
class SeenPage:
    names: list[str]
    at: float


# name -> the value last read by this process (a dict's get and set hold under the GIL).
_seen: dict[str, Seen] = {}
# article id -> the counters its page depends on, as last read.
_pages: dict[int, SeenPage] = {}
PAGES_KEPT = 20_000


def article(article_id: int) -> str:
    return f"article:{article_id}"


def story(story_id: int) -> str:
    return f"story:{story_id}"


def source(source_id: int) -> str:
    return f"source:{source_id}"


def source_row(source_id: int) -> str:
    """The source's own row (name, icon, display policy): what its articles' pages show
    of it. ``source`` also moves with every article of the source; this one does not."""
    return f"source-row:{source_id}"


def hashtag(text: str) -> str:
    """By the tag's key, hashed: a key may be longer than the counter's name."""
    return f"tag:{hashlib.sha256(tag_key(text).encode()).hexdigest()[:32]}"


def bump(names: Iterable[str] = (PAGES,)) -> None:
    """What these counters stand for changed: pages kept under them are stale from now on."""
    wanted = sorted(set(names))
    if not wanted:
        return
    table = PageVersion._meta.db_table
    # One upsert (SQLite >= 3.24 and PostgreSQL share this syntax), in the writer's
    # transaction: the new values and the new rows become visible together, so no
    # reader keeps old rows under a new value. Sorted: concurrent writers lock the
    # rows in one order.
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{table}" ("name", "value") VALUES '  # noqa: S608
            + ", ".join(["(%s, 1)"] * len(wanted))
            + f' ON CONFLICT ("name") DO UPDATE SET "value" = "{table}"."value" + 1',
            wanted,
        )

    def forget() -> None:
        for name in wanted:
            _seen.pop(name, None)

    # A reader between the write and the commit may read (and keep) the old value.
    forget()
    transaction.on_commit(forget)


def forget_seen() -> None:
    """Read every counter from the database next time (tests: a rolled-back test's
    values are not the next test's)."""
    _seen.clear()
    _pages.clear()


def current(names: Iterable[str]) -> tuple[int, ...]:
    """The counters' values as committed now (as of ``SEEN_SECONDS`` ago at most), in
    the order given (0: never moved).

    Asked on every request a kept page answers: plain SQL, since building the ORM's
    query costs ten times what SQLite takes to answer it.
    """
    wanted = list(names)
    if not wanted:
        return ()
    now = time.monotonic()
    seen = [_seen.get(n) for n in wanted]
    if all(v is not None and now - v.at < SEEN_SECONDS for v in seen):
        return tuple(v.value for v in seen if v is not None)
    table = PageVersion._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT "name", "value" FROM "{table}" WHERE "name" IN '  # noqa: S608
            f"({', '.join(['%s'] * len(wanted))})",
            wanted,
        )
        found = dict(cursor.fetchall())
    values = tuple(int(found.get(n, 0)) for n in wanted)
    for name, value in zip(wanted, values, strict=True):
        _seen[name] = Seen(value, now)
    return values


def article_names(item: Article) -> list[str]:
    """The counters of every page that may show this article."""
    names = [PAGES, source(item.source_id)]
    if item.story_id is not None:
        names.append(story(item.story_id))
    if item.pk is not None:
        names.append(article(item.pk))
        keys = ArticleTag.objects.filter(article_id=item.pk).values_list("hashtag__key", flat=True)
        names.extend(hashtag(k) for k in keys)
    return names


def article_page(article_id: int) -> list[str]:
    """The counters an article's own page depends on: one primary-key lookup (plain SQL
    for the reason ``current`` gives), reused by this process for ``SEEN_SECONDS``."""
    now = time.monotonic()
    kept = _pages.get(article_id)
    if kept is not None and now - kept.at < SEEN_SECONDS:
        return kept.names
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT "story_id", "source_id" FROM "{Article._meta.db_table}" '  # noqa: S608
            'WHERE "id" = %s',
            [article_id],
        )
        row = cursor.fetchone()
    names = [article(article_id)]
    if row is not None:
        story_id, source_id = row
        names.append(source_row(source_id))
        if story_id is not None:
            names.append(story(story_id))
    if len(_pages) >= PAGES_KEPT:  # a crawler walking every article: start again
        _pages.clear()
    _pages[article_id] = SeenPage(names, now)
    return names


def bump_article(article_id: int) -> None:
    row = Article.objects.filter(pk=article_id).only("source_id", "story_id").first()
    if row is not None:
        bump(article_names(row))


def _changed(sender: type, **kwargs: Any) -> None:
    instance = kwargs.get("instance")
    if isinstance(instance, Article):
        # A pending article is on no page: the feed's insertions need not move anything.
        if instance.status == "pending" and kwargs.get("created"):
            return
        bump(article_names(instance))
    elif isinstance(instance, Story):
        # A new story has no article yet (the article's own bump follows).
        if not kwargs.get("created"):
            bump([PAGES, story(instance.pk)])
    elif isinstance(instance, Source):
        bump([PAGES, source(instance.pk), source_row(instance.pk)])


def _comment_changed(sender: type, **kwargs: Any) -> None:
    article_id = getattr(kwargs.get("instance"), "article_id", None)
    if article_id is not None:
        bump([article(article_id)])


def connect() -> None:
    for model in (Article, Story, Source):
        post_save.connect(
            _changed, sender=model, dispatch_uid=f"page-version-save-{model.__name__}"
        )
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"page-version-delete-{model.__name__}"
        )
    # By label: the comments live in a room above this one (the article page lists them).
    for signal, name in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(
            _comment_changed,
            sender="discussion.Comment",
            dispatch_uid=f"page-version-{name}-comment",
        )
