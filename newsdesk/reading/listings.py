"""Every read of articles, sources, tags and stories that search, outbound feeds, OPML and
the Google Reader API make, in one place so that it can follow the site's read side.

Readers only ever see ready originals: a wire copy is shown through the article it was
folded into, on pages, in feeds and in search alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from newsdesk.enrich.hashtags import tag_key
from newsdesk.reading.articles import valid_id
from newsdesk.storage.models import Article, ArticleTag, Hashtag, Source, Story
from newsdesk.storage.models.articles import listed_rule, ready_rule

TRENDING_WINDOW = timedelta(hours=48)


def readable_articles_with_copies() -> QuerySet[Article]:
    """Ready articles, wire copies included, with their source, newest first."""
    return Article.objects.ready().select_related("source").order_by("-sort_at", "-id")


def readable_articles() -> QuerySet[Article]:
    """Ready originals with their source, newest first."""
    return readable_articles_with_copies().filter(listed_rule())


LATEST_EPOCH = 253_402_300_799  # 9999-12-31T23:59:59Z, the last second Python can hold


def from_epoch(seconds: float) -> datetime:
    """A client's Unix time as an aware datetime, clamped to what Python can hold."""
    return datetime.fromtimestamp(max(0.0, min(float(seconds), LATEST_EPOCH)), tz=UTC)


def articles_by_ids(ids: Iterable[int]) -> dict[int, Article]:
    wanted = [i for i in ids if valid_id(i)]
    # No ordering: sorted by time, SQLite would walk the time index past every article.
    return {a.pk: a for a in readable_articles().filter(pk__in=wanted).order_by()}


def latest_articles(limit: int) -> list[Article]:
    return list(readable_articles()[:limit])


def find_source(source_id: int) -> Source | None:
    if not valid_id(source_id):
        return None
    return Source.objects.filter(pk=source_id).first()


def source_ids_by_url(url: str) -> list[int]:
    return list(Source.objects.filter(url=url[:8192]).values_list("pk", flat=True))


def sources_by_ids(ids: Iterable[int]) -> list[Source]:
    return list(Source.objects.filter(pk__in=[i for i in ids if valid_id(i)]).order_by("id"))


def source_articles(source: Source, limit: int) -> list[Article]:
    return list(readable_articles().filter(source=source)[:limit])


def find_hashtag(tag: str) -> Hashtag | None:
    key = tag_key(tag[:200])
    return Hashtag.objects.filter(key=key).first() if key else None


def hashtag_articles(hashtag: Hashtag, limit: int) -> list[Article]:
    return list(readable_articles().filter(tags__hashtag=hashtag)[:limit])


def tags_between(rule: Q, start: datetime, end: datetime) -> QuerySet[ArticleTag]:
    """Uses of tags from ``start`` to ``end`` on articles that pass ``rule``, read from the
    ``tagged_at`` index, so trending costs the window's rows however long the archive.

    Each row's article is checked by its primary key (EXISTS) instead of joined: joined,
    SQLite (no table statistics) started from every ready article and counted a year of
    tags to find two days' (20 s for ``/api/hashtags`` at 100,000 articles, 1 s for the
    front page's trending; about 1 ms this way). Both bounds matter: with the lower one
    only, SQLite walks the ``(hashtag, -tagged_at)`` index for its grouping instead.
    """
    return ArticleTag.objects.filter(
        Exists(Article.objects.filter(rule, pk=OuterRef("article_id"))),
        tagged_at__gte=start,
        tagged_at__lte=end,
    )


def trending_hashtags(limit: int, now: datetime | None = None) -> list[tuple[Hashtag, int]]:
    """Tags on the most ready articles in the last two days, with that count."""
    end = now or timezone.now()
    rows = list(
        tags_between(ready_rule(), end - TRENDING_WINDOW, end)
        .values("hashtag_id")
        .annotate(recent=Count("id"))
        .order_by("-recent", "hashtag__display")[:limit]
    )
    tags = Hashtag.objects.in_bulk([r["hashtag_id"] for r in rows])
    return [(tags[r["hashtag_id"]], r["recent"]) for r in rows]


def find_story(story_id: int) -> Story | None:
    if not valid_id(story_id):
        return None
    return Story.objects.filter(pk=story_id).first()


def story_articles(story: Story, limit: int) -> list[Article]:
    return list(readable_articles().filter(story=story)[:limit])


def article_tags(articles: Iterable[Article]) -> dict[int, list[str]]:
    """Display tags per article id, best first, in one query."""
    ids = [a.pk for a in articles]
    tags: dict[int, list[str]] = {i: [] for i in ids}
    rows = (
        Hashtag.objects.filter(article_tags__article_id__in=ids)
        .values_list("article_tags__article_id", "display")
        .order_by("article_tags__rank")
    )
    for article_id, display in rows:
        tags[article_id].append(display)
    return tags


def sources_matching(value: str) -> list[int]:
    """Source ids a ``source:`` filter names: by name, publisher or address (any case)."""
    needle = value.strip()[:200]
    if not needle:
        return []
    query = Q(name__icontains=needle) | Q(site_url__icontains=needle) | Q(url__icontains=needle)
    if needle.isdigit() and valid_id(int(needle)):
        query |= Q(pk=int(needle))
    return list(Source.objects.filter(query).values_list("pk", flat=True)[:1000])


def hashtag_ids(values: Iterable[str]) -> list[int]:
    keys = [k for k in (tag_key(v[:200]) for v in values) if k]
    return list(Hashtag.objects.filter(key__in=keys).values_list("pk", flat=True))
