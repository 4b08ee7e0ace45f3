"""``StoryStore`` on the database: the live pipeline's (and replay's) clustering state.

Every method costs a bounded number of indexed queries: candidate lookups read at most
``scan`` posting rows per term through the ``(term, -id)`` index, so the cost per
article stays flat however many articles are stored.

The store is a unit of work: rows it reads are cached, and story/member writes are
buffered and written with a few set-based queries in ``flush()`` (the clusterer saves
up to ~60 neighbours and their stories per article; one ORM ``update()`` each cost
~80 queries and most of the time in query compilation). Reads are served from the
buffer first, and the buffer is flushed before any query whose answer depends on it
(posting scans, a story's member list, merges), so callers see their own writes. The
caller must call ``flush()`` (or use the store as a context manager) before committing.

The hot statements are plain SQL (the ORM's query compilation was most of the cost per
article). They are portable (SQLite >= 3.24 for the upsert, and PostgreSQL): only
identifiers from model metadata through ``quote_name`` are interpolated (hence the
``noqa: S608``); every value is a bound parameter adapted by its model field.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from types import TracebackType
from typing import Any

from django.db import connection
from django.db.models import Model

from newsdesk.storage.models import (
    Article,
    ArticlePosting,
    Story,
    StoryMember,
    StoryPosting,
    TermStat,
)
from newsdesk.storage.story_repair import StoryRepairQueries
from newsdesk.stories.model import ArticleState, StoryState
from newsdesk.stories.store import in_window

N_ROW = ""  # TermStat row whose df is the number of documents counted
_CHUNK = 500  # stay under SQLite's bound-variable limit
_UNION_CHUNK = 100  # per-term subqueries per statement (SQLite allows 500 compound terms)


STORY_COLUMNS = {
    "story_id",
    "centroid",
    "top_terms",
    "size",
    "first_seen",
    "last_seen",
    "headline",
    "headline_id",
    "publishers",
}
ARTICLE_COLUMNS = {
    "doc_id",
    "story_id",
    "vector",
    "published_at",
    "publisher",
    "title",
    "copy_of",
    "top_terms",
    "seq",
}


def _scan_floor(since: datetime | None, until: datetime | None) -> datetime | None:
    """Postings older than the window start less one window end a scan (as in memory)."""
    if since is None:
        return None
    return since - (until - since) if until is not None else since


def _posting_sql(model: type[Model], key: str, count: int) -> str:
    """One statement reading, for each of ``count`` terms, its newest ``scan`` postings.

    A UNION ALL of per-term ``ORDER BY id DESC LIMIT`` subqueries rather than a window
    function: each arm walks the ``(term, -id)`` index and stops after ``scan`` rows, so
    the cost stays bounded by ``scan`` however long a term's posting list grows.
    """
    qn = connection.ops.quote_name
    table, key_col = qn(model._meta.db_table), qn(model._meta.get_field(key).column)
    arm = (
        "SELECT * FROM (SELECT {i} AS nth, {id} AS pid, {key} AS item, "
        "CASE WHEN {at} < %s THEN 1 ELSE 0 END AS old FROM {table} "
        "WHERE {term} = %s ORDER BY {id} DESC LIMIT %s) AS arm{i}"
    )
    return " UNION ALL ".join(
        arm.format(i=i, id=qn("id"), key=key_col, at=qn("at"), table=table, term=qn("term"))
        for i in range(count)
    )


def _newest_postings(
    model: type[Model], key: str, terms: Sequence[str], floor: datetime | None, scan: int
) -> list[list[int]]:
    """Per term (in order), the items of its newest ``scan`` postings, newest first,
    cut at the first posting older than ``floor`` (one statement per 100 terms)."""
    # The ORM's own conversion, so the comparison matches ``at__lt=floor`` exactly
    # (SQLite stores datetimes as text); no floor compares against NULL: never old.
    at = model._meta.get_field("at").get_db_prep_value(floor, connection) if floor else None
    per_term: list[list[tuple[int, int, int]]] = [[] for _ in terms]
    with connection.cursor() as cursor:
        for start in range(0, len(terms), _UNION_CHUNK):
            chunk = terms[start : start + _UNION_CHUNK]
            params: list[Any] = []
            for term in chunk:
                params += [at, term[:120], scan]
            cursor.execute(_posting_sql(model, key, len(chunk)), params)
            for nth, pid, item, old in cursor.fetchall():
                per_term[start + nth].append((pid, item, old))
    out = []
    for rows in per_term:
        rows.sort(reverse=True)  # newest first, as the scan reads them
        recent = []
        for _, item, old in rows:
            if old:
                break
            recent.append(item)
        out.append(recent)
    return out


def _ranked_hits(
    model: type[Model],
    key: str,
    terms: Sequence[str],
    floor: datetime | None,
    scan: int,
    *,
    once_per_term: bool,
) -> list[int]:
    """Ids posted under the terms, most terms shared first, ties in the order the scan
    meets them (exactly as ``MemoryStoryStore`` ranks, so both stores agree)."""
    hits: Counter[int] = Counter()
    for recent in _newest_postings(model, key, terms, floor, scan):
        for item in dict.fromkeys(recent) if once_per_term else recent:
            hits[item] += 1
    return [item for item, _ in hits.most_common()]


def _extra(state: StoryState | ArticleState, columns: set[str]) -> dict:
    """Fields of the state without a column, JSON-ready (tuples become lists)."""
    out = {}
    for f in fields(state):
        if f.name not in columns:
            value = getattr(state, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


def _from_extra(cls: type, extra: dict) -> dict:
    known = {f.name for f in fields(cls)}
    return {
        k: tuple(v) if isinstance(v, list) else v for k, v in (extra or {}).items() if k in known
    }


def _select(model: type[Model], where: str, params: Sequence[Any], tail: str = "") -> list[dict]:
    """Rows of ``model`` as ``{attname: python value}``, through the ORM's own converters
    (JSON decoding, SQLite's text datetimes), without compiling an ORM query per read."""
    qn = connection.ops.quote_name
    table = model._meta.db_table
    columns = model._meta.concrete_fields
    converters = []
    for field in columns:
        col = field.get_col(table)
        converters.append(connection.ops.get_db_converters(col) + col.get_db_converters(connection))
    select = ", ".join(qn(f.column) for f in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select} FROM {qn(table)} WHERE {where} {tail}", list(params))  # noqa: S608
        raw = cursor.fetchall()
    out = []
    for values in raw:
        row = {}
        for field, convert, col, value in zip(columns, converters, columns, values, strict=True):
            for fn in convert:
                value = fn(value, col, connection)
            row[field.attname] = value
        out.append(row)
    return out


def _where_in(column: str, count: int) -> str:
    return f"{connection.ops.quote_name(column)} IN ({', '.join(['%s'] * count)})"


def _story_state(row: dict) -> StoryState:
    return StoryState(
        story_id=str(row["id"]),
        centroid=row["centroid"],
        top_terms=tuple(row["top_terms"]),
        size=row["size"],
        first_seen=row["first_seen"],
        last_seen=row["last_seen"],
        headline=row["headline"],
        headline_id=row["headline_doc"],
        publishers=tuple(row["publishers"]),
        **_from_extra(StoryState, row["extra"]),
    )


def _article_state(row: dict) -> ArticleState:
    return ArticleState(
        doc_id=row["doc_id"],
        story_id=str(row["story_id"]),
        vector=row["vector"],
        published_at=row["published_at"],
        publisher=row["publisher"],
        title=row["title"],
        copy_of=row["copy_of"],
        top_terms=tuple(row["top_terms"]),
        seq=row["seq"],
        **_from_extra(ArticleState, row["extra"]),
    )


def _story_values(story: StoryState) -> dict[str, Any]:
    return {
        "headline": story.headline,
        "headline_doc": story.headline_id,
        "centroid": story.centroid,
        "top_terms": list(story.top_terms),
        "size": story.size,
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "publishers": list(story.publishers),
        "publisher_count": len(set(story.publishers)),
        "extra": _extra(story, STORY_COLUMNS),
    }


def _member_values(article: ArticleState) -> dict[str, Any]:
    return {
        "story_id": int(article.story_id),
        "vector": article.vector,
        "top_terms": list(article.top_terms),
        "published_at": article.published_at,
        "publisher": article.publisher[:300],
        "title": article.title,
        "copy_of": article.copy_of,
        "seq": article.seq,
        "extra": _extra(article, ARTICLE_COLUMNS),
    }


def _changed(new: dict[str, Any], old: dict[str, Any] | None) -> tuple[str, ...]:
    return tuple(k for k, v in new.items() if old is None or old.get(k) != v)


def _bulk_update(model: type[Model], rows: Iterable[tuple[int, dict[str, Any]]]) -> None:
    """Write only the changed columns: one ``executemany`` of a plain UPDATE per set of
    changed columns (neighbour saves all change the same one or two). Values go through
    each field's own ``get_db_prep_save``, as the ORM would adapt them, but the SQL is
    built once instead of compiling an ORM query (or a CASE per row) for every save."""
    groups: dict[tuple[str, ...], list[list[Any]]] = defaultdict(list)
    for pk, values in rows:
        if values:
            groups[tuple(values)].append(
                [_prep(model, name, value) for name, value in values.items()] + [pk]
            )
    if not groups:
        return
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for names, params in groups.items():
            columns = ", ".join(f"{qn(model._meta.get_field(n).column)} = %s" for n in names)
            sql = f"UPDATE {qn(model._meta.db_table)} SET {columns} WHERE {qn('id')} = %s"  # noqa: S608
            cursor.executemany(sql, params)


def _prep(model: type[Model], name: str, value: Any) -> Any:
    return model._meta.get_field(name).get_db_prep_save(value, connection)


def _insert_postings(
    model: type[Model], key: str, rows: Sequence[tuple[str, int | None, datetime | None]]
) -> None:
    """Append postings in the given order (ids grow with it: readers scan newest first)."""
    if not rows:
        return
    qn = connection.ops.quote_name
    at = model._meta.get_field("at")
    columns = f"{qn('term')}, {qn(model._meta.get_field(key).column)}, {qn('at')}"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _CHUNK // 3):
            chunk = rows[start : start + _CHUNK // 3]
            params: list[Any] = []
            for term, item, when in chunk:
                params += [term, item, at.get_db_prep_save(when, connection)]
            marks = ", ".join(["(%s, %s, %s)"] * len(chunk))
            sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES {marks}"  # noqa: S608
            cursor.execute(sql, params)


def _linked(doc_id: str, existing: set[int]) -> int | None:
    return int(doc_id) if doc_id.isdigit() and int(doc_id) in existing else None


@dataclass(slots=True)
class _Member:
    """A member as this unit knows it: ``state`` is the newest, ``stored`` the row's."""

    pk: int | None  # None until inserted by ``flush``
    state: ArticleState
    stored: dict[str, Any] | None  # column values the row holds (None: no row yet)


class DatabaseStoryStore(StoryRepairQueries):
    """Implements ``newsdesk.stories.store.StoryStore``; callers hold ``PipelineLock``.

    One instance serves one unit of work (an article, or a replay) inside one
    transaction: it caches what it read and buffers what it wrote, so it must not
    outlive the lock, and ``flush()`` must run before the transaction commits.
    """

    def __init__(self) -> None:
        self._members: dict[str, _Member] = {}
        self._doc_of: dict[int, str] = {}  # member pk -> doc_id
        self._dirty_members: dict[str, None] = {}  # ordered: inserts keep save order
        self._article_postings: list[tuple[str, tuple[str, ...], datetime | None]] = []
        self._stories: dict[int, StoryState] = {}
        self._stored_stories: dict[int, dict[str, Any]] = {}
        self._dirty_stories: dict[int, None] = {}
        # Every re-post in call order (story, terms, time): ids must grow in that order.
        self._reposts: list[tuple[int, tuple[str, ...], datetime | None]] = []
        self._posted: dict[int, tuple[tuple[str, ...], int]] = {}
        self._n_docs: int | None = None
        self._absent: set[str] = set()  # doc_ids looked up and not stored (we hold the lock)

    def __enter__(self) -> DatabaseStoryStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.flush()

    # -- cache ------------------------------------------------------------------
    def _load(self, row: dict) -> ArticleState:
        known = self._members.get(row["doc_id"])
        if known is not None:  # the cached state is at least as new as the row
            return known.state
        state = _article_state(row)
        self._members[row["doc_id"]] = _Member(row["id"], state, _member_values(state))
        self._doc_of[row["id"]] = row["doc_id"]
        return state

    def _load_story(self, row: dict) -> StoryState:
        pk = row["id"]
        known = self._stories.get(pk)
        if known is not None:
            return known
        state = _story_state(row)
        self._stories[pk] = state
        self._stored_stories[pk] = _story_values(state)
        self._posted.setdefault(pk, (state.top_terms, state.size))
        return state

    def _load_stories(self, pks: Iterable[int]) -> None:
        missing = sorted({pk for pk in pks if pk not in self._stories})
        for start in range(0, len(missing), _CHUNK):
            chunk = missing[start : start + _CHUNK]
            for row in _select(Story, _where_in("id", len(chunk)), chunk):
                self._load_story(row)

    def flush(self) -> None:
        """Write every buffered change: a handful of queries however many rows."""
        if self._dirty_members or self._article_postings:
            self._flush_members()
        if self._dirty_stories or self._reposts:
            self._flush_stories()

    def _flush_members(self) -> None:
        dirty = [self._members[d] for d in self._dirty_members]
        self._dirty_members = {}
        new = [m for m in dirty if m.pk is None]
        if new:
            # In the live pipeline a doc_id is an Article id; a replay's ids link to nothing.
            wanted = {int(m.state.doc_id) for m in new if m.state.doc_id.isdigit()}
            existing: set[int] = set()
            ids = sorted(wanted)
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                existing.update(Article.objects.filter(pk__in=chunk).values_list("pk", flat=True))
            rows = StoryMember.objects.bulk_create(
                [
                    StoryMember(
                        doc_id=m.state.doc_id,
                        article_id=_linked(m.state.doc_id, existing),
                        **_member_values(m.state),
                    )
                    for m in new
                ]
            )
            for m, row in zip(new, rows, strict=True):
                if row.pk is None:  # no RETURNING (SQLite < 3.35): look the id up
                    row.pk = StoryMember.objects.values_list("pk", flat=True).get(
                        doc_id=m.state.doc_id
                    )
                m.pk = row.pk
                self._doc_of[row.pk] = m.state.doc_id
        updates: list[tuple[int, dict[str, Any]]] = []
        moved: dict[int, list[int]] = defaultdict(list)
        for m in dirty:
            assert m.pk is not None
            values = _member_values(m.state)
            if m.stored is None or m.stored["story_id"] != values["story_id"]:
                moved[values["story_id"]].append(m.pk)
            if m.stored is not None:
                updates.append((m.pk, {k: values[k] for k in _changed(values, m.stored)}))
            m.stored = values
        _bulk_update(StoryMember, updates)
        for story_pk, pks in moved.items():
            for start in range(0, len(pks), _CHUNK):
                Article.objects.filter(story_member__pk__in=pks[start : start + _CHUNK]).update(
                    story_id=story_pk
                )
        _insert_postings(
            ArticlePosting,
            "member",
            [
                (t[:120], self._members[doc_id].pk, at)
                for doc_id, terms, at in self._article_postings
                for t in terms
            ],
        )
        self._article_postings = []

    def _flush_stories(self) -> None:
        updates = []
        for pk in self._dirty_stories:
            values = _story_values(self._stories[pk])
            updates.append(
                (pk, {k: values[k] for k in _changed(values, self._stored_stories.get(pk))})
            )
            self._stored_stories[pk] = values
        self._dirty_stories = {}
        _bulk_update(Story, updates)
        # Re-post the story's terms so it sits among the newest entries of each term
        # (readers scan newest first). Append-only, like the memory store: entries under
        # terms the story has since lost stay (readers re-check the story), and a term
        # whose newest entry is already the story gets none.
        events, self._reposts = self._reposts, []
        if not events:
            return
        terms = list(dict.fromkeys(t[:120] for _, story_terms, _ in events for t in story_terms))
        newest = _newest_postings(StoryPosting, "story", terms, None, 1)
        last = {t: items[0] for t, items in zip(terms, newest, strict=True) if items}
        rows: list[tuple[str, int | None, datetime | None]] = []
        for pk, story_terms, at in events:
            for term in story_terms:
                term = term[:120]
                if last.get(term) != pk:
                    rows.append((term, pk, at))
                    last[term] = pk
        _insert_postings(StoryPosting, "story", rows)

    # -- document frequencies -------------------------------------------------
    def document_count(self) -> int:
        if self._n_docs is None:
            row = TermStat.objects.filter(term=N_ROW).values_list("df", flat=True).first()
            self._n_docs = int(row or 0)
        return self._n_docs

    def doc_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        wanted = [t for t in set(terms) if t]
        out: dict[str, int] = {}
        qn = connection.ops.quote_name
        table = qn(TermStat._meta.db_table)
        with connection.cursor() as cursor:
            # N rides along with the first chunk: the clusterer asks for it right after.
            extra = [N_ROW]
            for start in range(0, max(len(wanted), 1), _CHUNK):
                chunk = wanted[start : start + _CHUNK] + extra
                extra = []
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT {qn('term')}, {qn('df')} FROM {table} WHERE {qn('term')} IN ({marks})",  # noqa: S608
                    chunk,
                )
                out.update((term, int(df)) for term, df in cursor.fetchall())
        self._n_docs = int(out.pop(N_ROW, 0))
        return out

    def count_document(self, terms: Iterable[str]) -> None:
        self._n_docs = None
        distinct = sorted({t[:120] for t in terms if t} | {N_ROW})
        qn = connection.ops.quote_name
        table, term, df = qn(TermStat._meta.db_table), qn("term"), qn("df")
        with connection.cursor() as cursor:
            for start in range(0, len(distinct), _CHUNK):
                chunk = distinct[start : start + _CHUNK]
                # One upsert (SQLite >= 3.24 and PostgreSQL share this syntax) instead of
                # an insert-if-missing plus an ORM update.
                values = ", ".join(["(%s, 1)"] * len(chunk))
                cursor.execute(
                    f"INSERT INTO {table} ({term}, {df}) VALUES {values} "  # noqa: S608
                    f"ON CONFLICT ({term}) DO UPDATE SET {df} = {table}.{df} + 1",
                    chunk,
                )

    # -- stories ----------------------------------------------------------------
    def next_story_id(self) -> str:
        return str(Story.objects.create().pk)

    def get_story(self, story_id: str) -> StoryState | None:
        pk = int(story_id)
        known = self._stories.get(pk)
        if known is not None:
            return known
        self._load_stories([pk])
        return self._stories.get(pk)

    def save_story(self, story: StoryState) -> None:
        pk = int(story.story_id)
        self._stories[pk] = story
        self._dirty_stories[pk] = None
        # Bookkeeping-only saves (densities) keep the story's postings where they are.
        posted = (story.top_terms, story.size)
        if self._posted.get(pk) != posted:
            self._reposts.append((pk, story.top_terms, story.last_seen))
            self._posted[pk] = posted

    def candidate_stories(
        self,
        terms: Sequence[str],
        since: datetime | None,
        until: datetime | None,
        *,
        limit: int,
        scan: int,
    ) -> list[StoryState]:
        self.flush()
        ranked = _ranked_hits(
            StoryPosting, "story", terms, _scan_floor(since, until), scan, once_per_term=True
        )
        out: list[StoryState] = []
        for start in range(0, len(ranked), limit * 4):  # as for articles: usually one batch
            batch = ranked[start : start + limit * 4]
            self._load_stories(batch)
            for pk in batch:
                story = self._stories.get(pk)
                if story is None or not in_window(story.first_seen, story.last_seen, since, until):
                    continue
                out.append(story)
                if len(out) >= limit:
                    return out
        return out

    def merge_stories(self, kept: StoryState, absorbed_id: str) -> None:
        self.flush()  # rare: move rows with plain set-based updates on a synced database
        absorbed, kept_pk = int(absorbed_id), int(kept.story_id)
        StoryMember.objects.filter(story_id=absorbed).update(story_id=kept_pk)
        Article.objects.filter(story_id=absorbed).update(story_id=kept_pk)
        Story.objects.filter(pk=absorbed).delete()
        for m in self._members.values():
            if m.state.story_id == absorbed_id:
                m.state = replace(m.state, story_id=kept.story_id)
                if m.stored is not None:
                    m.stored = {**m.stored, "story_id": kept_pk}
        self._stories.pop(absorbed, None)
        self._stored_stories.pop(absorbed, None)
        self._posted.pop(absorbed, None)
        self.save_story(kept)

    # -- articles ---------------------------------------------------------------
    def get_article(self, doc_id: str) -> ArticleState | None:
        known = self._members.get(doc_id)
        if known is not None:
            return known.state
        if doc_id in self._absent:
            return None
        rows = _select(StoryMember, f"{connection.ops.quote_name('doc_id')} = %s", [doc_id])
        if not rows:
            self._absent.add(doc_id)
            return None
        return self._load(rows[0])

    def save_article(self, article: ArticleState) -> None:
        if self.get_article(article.doc_id) is not None:
            known: _Member | None = self._members[article.doc_id]
        else:
            known = None
            self._absent.discard(article.doc_id)
        if known is None:
            known = self._members[article.doc_id] = _Member(None, article, None)
            old_terms: tuple[str, ...] | None = None
        else:
            old_terms = known.state.top_terms
            known.state = article
        self._dirty_members[article.doc_id] = None
        if article.copy_of is None and old_terms != article.top_terms:
            self._article_postings.append((article.doc_id, article.top_terms, article.published_at))

    def story_articles(self, story_id: str, *, limit: int) -> list[ArticleState]:
        self.flush()
        qn = connection.ops.quote_name
        rows = _select(
            StoryMember,
            f"{qn('story_id')} = %s",
            [int(story_id)],
            f"ORDER BY {qn('seq')} DESC LIMIT {int(limit)}",
        )
        return [self._load(r) for r in rows]

    def candidate_articles(
        self,
        terms: Sequence[str],
        since: datetime | None,
        until: datetime | None,
        *,
        limit: int,
        scan: int,
    ) -> list[ArticleState]:
        self.flush()
        ranked = _ranked_hits(
            ArticlePosting, "member", terms, _scan_floor(since, until), scan, once_per_term=False
        )
        out: list[ArticleState] = []
        # Load in batches until ``limit`` pass the filters: every hit is considered, as
        # in memory, but usually only the first batch is read.
        for start in range(0, len(ranked), limit * 4):
            batch = ranked[start : start + limit * 4]
            missing = [pk for pk in batch if pk not in self._doc_of]
            if missing:
                for row in _select(StoryMember, _where_in("id", len(missing)), missing):
                    self._load(row)
            for pk in batch:
                doc_id = self._doc_of.get(pk)
                if doc_id is None:
                    continue
                article = self._members[doc_id].state
                if article.copy_of is not None:
                    continue
                if not in_window(article.published_at, article.published_at, since, until):
                    continue
                out.append(article)
                if len(out) >= limit:
                    break
            if len(out) >= limit:
                break
        # Their stories' density sums move next (the clusterer's neighbour update): read
        # them with one query instead of one per story.
        self._load_stories(int(a.story_id) for a in out)
        return out
