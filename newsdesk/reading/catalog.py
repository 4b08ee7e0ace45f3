"""What the reader apps (accounts, discussion, following) read of the pipeline's tables.

Part of the read side, so the same rules (ready, one item per wire story, the publisher's
name) hold for them as for the pages. The one place they touch ``newsdesk.storage``: articles by key, the sources, hashtags and
stories a reader follows, and the latest articles under them. Everything comes back as
small frozen records, so the reader apps never depend on the storage models' shape and
this module can be pointed at another read side without touching them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.urls import reverse

from newsdesk.enrich.hashtags import tag_key
from newsdesk.reading.articles import valid_id
from newsdesk.storage.models import Article, ArticleTag, Hashtag, Source, Story


@dataclass(frozen=True, slots=True)
class ArticleRef:
    id: int
    title: str
    publisher: str
    source_id: int
    story_id: int | None
    sort_at: datetime
    created_at: datetime

    @property
    def path(self) -> str:
        return reverse("article", args=[self.id])


@dataclass(frozen=True, slots=True)
class TagRef:
    key: str
    display: str

    @property
    def path(self) -> str:
        return reverse("hashtag", args=[self.display])


@dataclass(frozen=True, slots=True)
class SourceRef:
    id: int
    name: str

    @property
    def path(self) -> str:
        return reverse("source", args=[self.id])


@dataclass(frozen=True, slots=True)
class StoryRef:
    id: int
    headline: str

    @property
    def path(self) -> str:
        return reverse("story", args=[self.id])


def _listing():
    return (
        Article.objects.ready()
        .select_related("source")
        .only(
            "id",
            "title",
            "url",
            "publisher",
            "source_id",
            "source__name",
            "source__url",
            "source__site_url",
            "story_id",
            "sort_at",
            "created_at",
        )
    )


def _ref(row: Article) -> ArticleRef:
    return ArticleRef(
        id=row.pk,
        title=row.title or row.url,
        publisher=row.publisher_name,
        source_id=row.source_id,
        story_id=row.story_id,
        sort_at=row.sort_at,
        created_at=row.created_at,
    )


def article(article_id: int) -> ArticleRef | None:
    """A readable article, or None (unknown, out of range, or not ready)."""
    if not valid_id(article_id):
        return None
    row = _listing().filter(pk=article_id).first()
    return _ref(row) if row else None


def articles(ids: list[int]) -> dict[int, ArticleRef]:
    wanted = [i for i in ids if valid_id(i)]
    return {row.pk: _ref(row) for row in _listing().filter(pk__in=wanted)}


def article_tags(article_id: int) -> list[TagRef]:
    rows = ArticleTag.objects.filter(article_id=article_id).select_related("hashtag")[:12]
    return [TagRef(key=r.hashtag.key, display=r.hashtag.display) for r in rows]


def source(source_id: int) -> SourceRef | None:
    if not valid_id(source_id):
        return None
    row = Source.objects.filter(pk=source_id).first()
    return SourceRef(id=row.pk, name=row.display_name) if row else None


def sources(ids: list[int]) -> dict[int, SourceRef]:
    return {
        row.pk: SourceRef(id=row.pk, name=row.display_name)
        for row in Source.objects.filter(pk__in=[i for i in ids if valid_id(i)])
    }


def hashtag(text: str) -> TagRef | None:
    """A known hashtag by its display text or key (``#`` optional)."""
    key = tag_key(text.lstrip("#"))
    row = Hashtag.objects.filter(key=key).first() if key else None
    return TagRef(key=row.key, display=row.display) if row else None


def hashtags(keys: list[str]) -> dict[str, TagRef]:
    return {
        row.key: TagRef(key=row.key, display=row.display)
        for row in Hashtag.objects.filter(key__in=keys)
    }


def story(story_id: int) -> StoryRef | None:
    if not valid_id(story_id):
        return None
    row = Story.objects.filter(pk=story_id).only("id", "headline").first()
    return StoryRef(id=row.pk, headline=row.headline or f"Story {row.pk}") if row else None


def stories(ids: list[int]) -> dict[int, StoryRef]:
    return {
        row.pk: StoryRef(id=row.pk, headline=row.headline or f"Story {row.pk}")
        for row in Story.objects.filter(pk__in=[i for i in ids if valid_id(i)]).only(
            "id", "headline"
        )
    }


def followed_articles(
    source_ids: list[int],
    tag_keys: list[str],
    story_ids: list[int],
    *,
    since: datetime | None = None,
    limit: int = 30,
) -> list[ArticleRef]:
    """The newest originals from followed sources, hashtags and stories (wire copies folded)."""
    match = Q(source_id__in=source_ids) | Q(story_id__in=story_ids)
    if tag_keys:
        match |= Q(tags__hashtag__key__in=tag_keys)
    if not (source_ids or tag_keys or story_ids):
        return []
    rows = _listing().listed().filter(match)
    if since is not None:
        rows = rows.filter(created_at__gt=since)
    rows = rows.distinct().order_by("-sort_at", "-id")[:limit]
    return [_ref(r) for r in rows]


def latest_articles(*, exclude: set[int], limit: int = 20) -> list[ArticleRef]:
    rows = _listing().listed().exclude(pk__in=exclude).order_by("-sort_at", "-id")[:limit]
    return [_ref(r) for r in rows]


def new_coverage(seen: dict[int, datetime]) -> dict[int, int]:
    """For each story id, how many of its articles arrived after the given time."""
    counts: dict[int, int] = {}
    for story_id, since in seen.items():
        counts[story_id] = (
            Article.objects.ready().filter(story_id=story_id, created_at__gt=since).count()
        )
    return counts
