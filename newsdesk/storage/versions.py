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
import threading
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
# process's write shows on the pages at most this much later (a little more while
# another thread is reading them); this process's own writes show at once (``bump``
# forgets what it moved when its transaction commits).
SEEN_SECONDS = 0.5
# The counters read together: every one a request asked for in this long, up to so many.
# With hundreds of article or story addresses each request would otherwise read its own
# few counters (one statement per request, and on a busy server the statement's wait for
# the interpreter lock after it is most of the pages' tail); read together they cost a
# few statements per process every ``SEEN_SECONDS``.
ASKED_SECONDS = 10.0
READ_TOGETHER = 5000
IN_CHUNK = 500  # bound values per statement (SQLite's older limit is 999)


@dataclass(frozen=True, slots=True)
class Seen:
    value: int
    at: float  # time.monotonic() when read


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an article sits (its story, its source): the counters its page depends on.

    Kept until the article's own counter moves: every write that moves an article to
    another story or source moves it too (``bump_article``, the save signal, and the
    story store's set-based moves and merges), so a moved value is the only sign needed.
    """

    names: list[str]
    moved: int  # the article's counter when its row was read


# name -> the value last read by this process (a dict's get and set hold under the GIL).
_seen: dict[str, Seen] = {}
# name -> when a request of this process last asked for it: what the next read covers.
_asked: dict[str, float] = {}
# One thread reads for all; the others answer from what was read a moment ago.
_reading = threading.Lock()
# article id -> its page's counters, as of its counter's value then.
_placed: dict[int, Placement] = {}
PLACED_KEPT = 100_000


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
    _asked.clear()
    _placed.clear()


def current(names: Iterable[str]) -> tuple[int, ...]:
    """The counters' values as committed now (as of ``SEEN_SECONDS`` ago at most), in
    the order given (0: never moved).

    Asked on every request a kept page answers. When this request's values are due, it
    reads every counter the process's requests asked for lately, in a few statements,
    so the next requests for other pages find theirs read; requests arriving meanwhile
    answer from the values read the time before. Plain SQL, since building the ORM's
    query costs ten times what SQLite takes to answer it.
    """
    wanted = list(names)
    if not wanted:
        return ()
    now = time.monotonic()
    for name in wanted:
        _asked[name] = now
    seen = [_seen.get(n) for n in wanted]
    if all(v is not None and now - v.at < SEEN_SECONDS for v in seen):
        return tuple(v.value for v in seen if v is not None)
    if _reading.acquire(blocking=False):
        try:
            found = _read([*wanted, *_lately(now, set(wanted))], now)
        finally:
            _reading.release()
    elif all(v is not None and now - v.at < 2 * SEEN_SECONDS for v in seen):
        return tuple(v.value for v in seen if v is not None)
    else:  # never read, or forgotten by a write: nothing to answer from
        found = _read(wanted, now)
    return tuple(found[n] for n in wanted)


def _lately(now: float, besides: set[str]) -> list[str]:
    """The other counters requests asked for within ``ASKED_SECONDS``, newest first (at
    most ``READ_TOGETHER``); the ones not asked for since are let go."""
    # list() copies under the interpreter lock: other threads go on adding names.
    asked = list(_asked.items())
    recent = []
    for name, at in asked:
        if now - at > ASKED_SECONDS:
            _asked.pop(name, None)
            _seen.pop(name, None)
        elif name not in besides:
            recent.append((at, name))
    if len(recent) > READ_TOGETHER:
        recent = sorted(recent, reverse=True)[:READ_TOGETHER]
    return [name for _, name in recent]


def _read(names: list[str], now: float) -> dict[str, int]:
    table = PageVersion._meta.db_table
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(names), IN_CHUNK):
            chunk = names[start : start + IN_CHUNK]
            cursor.execute(
                f'SELECT "name", "value" FROM "{table}" WHERE "name" IN '  # noqa: S608
                f"({', '.join(['%s'] * len(chunk))})",
                chunk,
            )
            found.update((name, int(value)) for name, value in cursor.fetchall())
    out = {}
    for name in names:
        out[name] = found.get(name, 0)
        _seen[name] = Seen(out[name], now)
    return out


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
    """The counters an article's own page depends on: its own, its story's and its
    source's. Where the article sits is kept in the process until its own counter moves
    (see ``Placement``), so a request usually reads nothing here but that counter."""
    name = article(article_id)
    kept = _placed.get(article_id)
    if kept is not None and current([name]) == (kept.moved,):
        return kept.names
    # The row and the counter in one statement: as of one moment, so a move committed
    # after the row was read shows as a moved counter next time.
    table = PageVersion._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT "story_id", "source_id", (SELECT "value" FROM "{table}" '  # noqa: S608
            f'WHERE "name" = %s) FROM "{Article._meta.db_table}" WHERE "id" = %s',
            [name, article_id],
        )
        row = cursor.fetchone()
    if row is None:  # no such article: nothing kept for it
        return [name]
    story_id, source_id, moved = row
    now = time.monotonic()
    _seen[name], _asked[name] = Seen(int(moved or 0), now), now
    names = [name, source_row(source_id)]
    if story_id is not None:
        names.append(story(story_id))
    if len(_placed) >= PLACED_KEPT:  # a crawler walking every article: start again
        _placed.clear()
    _placed[article_id] = Placement(names, int(moved or 0))
    return names


@dataclass(frozen=True, slots=True)
class Move:
    """An article a set-based write moved from one story to another (either may be none)."""

    article_id: int
    from_story: int | None
    to_story: int | None


def moved_articles(moves: Iterable[Move]) -> None:
    """Articles moved to other stories by a set-based write: their pages, and both
    stories', are stale; no signal says so."""
    names: set[str] = set()
    for move in moves:
        names.add(article(move.article_id))
        names.update(story(s) for s in (move.from_story, move.to_story) if s is not None)
    bump(names)


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
