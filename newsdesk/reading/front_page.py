"""The front page's data: top stories with their lead and freshest other coverage, trending tags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Max, Q

from newsdesk.reading.display import display_of, snippet
from newsdesk.reading.listings import tags_between
from newsdesk.reading.memo import FRAGMENT_SECONDS, remember
from newsdesk.reading.ranking import (
    StoryStats,
    TagCounts,
    TrendingTag,
    TrendWindows,
    rank_stories,
    trending_tags,
)
from newsdesk.storage.models import Article, ArticleTag, Story, listed_rule

CANDIDATE_STORIES = 200  # the most recently active stories are ranked; older ones cannot lead
GROWTH_WINDOW = timedelta(hours=6)
OTHER_HEADLINES = 3
WINDOWS = TrendWindows()


@dataclass(frozen=True, slots=True)
class StoryCard:
    story: Story
    lead: Article
    others: tuple[Article, ...]  # freshest headlines of other publishers, one each
    publishers: int
    image: str = ""  # the lead's image, else the freshest other one's ("" for none)
    snippet: str = ""  # the lead's summary or feed description, within its display policy
    freshest: datetime | None = None  # the newest article's time


def _bucket(now: datetime) -> int:
    return int(now.timestamp() // FRAGMENT_SECONDS)


def top_stories(now: datetime, limit: int = 10) -> list[StoryCard]:
    """The ranked cards, computed once per ``FRAGMENT_SECONDS`` for every reader.

    During an ingest stories move every few seconds; readers see the ranking of at
    most half a minute ago instead of each paying for a fresh one.
    """
    key = f"front:stories:{limit}:{_bucket(now)}"
    return remember(key, FRAGMENT_SECONDS, lambda: _top_stories(now, limit))


def _top_stories(now: datetime, limit: int) -> list[StoryCard]:
    candidates = list(Story.objects.covered().recent_first()[:CANDIDATE_STORIES])
    if not candidates:
        return []
    by_id = {s.pk: s for s in candidates}
    recent = dict(
        Article.objects.ready()
        .filter(story_id__in=by_id, sort_at__gte=now - GROWTH_WINDOW)
        .values("story_id")
        .annotate(n=Count("id"))
        .values_list("story_id", "n")
    )
    stats = [
        StoryStats(s.pk, s.publisher_count, recent.get(s.pk, 0), s.last_seen) for s in candidates
    ]
    cards = []
    for ranked in rank_stories(stats, now, limit=limit):
        card = _card(by_id[ranked.story_id])
        if card is not None:
            cards.append(card)
    return cards


def _card(story: Story) -> StoryCard | None:
    articles = list(Article.objects.listed().filter(story=story).for_lists().newest_first()[:100])
    if not articles:
        return None
    lead = next((a for a in articles if str(a.pk) == story.headline_doc), articles[-1])
    seen = {lead.publisher_name}
    others = []
    for a in articles:
        name = a.publisher_name
        if name in seen:
            continue
        seen.add(name)
        others.append(a)
        if len(others) >= OTHER_HEADLINES:
            break
    pictured = [lead, *articles]
    image = next((a.image for a in pictured if a.image and display_of(a).text_allowed), "")
    return StoryCard(
        story,
        lead,
        tuple(others),
        story.publisher_count,
        image=image,
        snippet=snippet(lead),
        freshest=articles[0].sort_at,
    )


def trending(now: datetime, limit: int = 12) -> list[TrendingTag]:
    """Tags rising fastest, measured back from the newest tagged article.

    Anchoring at the newest article (when it is older than now) keeps a quiet site's
    front page meaningful: "the last hours of news", not "the last hours of clock".
    """
    newest = ArticleTag.objects.aggregate(m=Max("tagged_at"))["m"]
    if newest is None:
        return []
    key = f"front:trending:{limit}:{_bucket(now)}"
    return remember(key, FRAGMENT_SECONDS, lambda: _trending(now, newest, limit))


def _trending(now: datetime, newest: datetime, limit: int) -> list[TrendingTag]:
    ref = min(now, newest)
    recent_from = ref - timedelta(hours=WINDOWS.recent_hours)
    base_from = recent_from - timedelta(hours=WINDOWS.baseline_hours)
    rows = (
        # A wire copy is not a second use of a tag: listed articles only.
        tags_between(listed_rule(), base_from, ref)
        .values("hashtag__key", "hashtag__display")
        .annotate(
            recent=Count("id", filter=Q(tagged_at__gte=recent_from)),
            before=Count("id", filter=Q(tagged_at__lt=recent_from)),
        )
    )
    counts = [
        TagCounts(r["hashtag__key"], r["hashtag__display"], r["recent"], r["before"]) for r in rows
    ]
    return trending_tags(counts, limit=limit, windows=WINDOWS)
