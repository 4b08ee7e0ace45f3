"""Shapes of the API list endpoints; serializers are pure (a model and a base URL in)."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema

from newsdesk.search.engine import Hit
from newsdesk.storage.models import Article, Hashtag, Story


class HitOut(Schema):
    """One search result: the article, its relevance score and a snippet around the matched words."""

    id: int
    url: str
    page_url: str
    title: str
    publisher: str
    source_id: int
    published_at: datetime | None
    language: str
    story_id: int | None
    score: float
    snippet: str  # plain text
    snippet_html: str  # escaped text, matched words in <mark>


class SearchOut(Schema):
    """A page of search results, best first; follow `next_cursor` (or `next`) for more."""

    query: str
    items: list[HitOut]
    limit: int
    next_cursor: str | None  # pass as `cursor` for the next page; null on the last
    next: str | None  # the next page's address


class StoryListItemOut(Schema):
    """One story in the list: its headline, how many publishers and articles cover it, when."""

    id: int
    headline: str
    page_url: str
    publisher_count: int
    size: int
    first_seen: datetime | None
    last_seen: datetime | None
    publishers: list[str]


class StoryListOut(Schema):
    """A page of stories, most recently updated first; follow `next_cursor` for more."""

    items: list[StoryListItemOut]
    limit: int
    next_cursor: str | None
    next: str | None


class TrendingOut(Schema):
    """A trending hashtag and how many ready articles carry it in the trending window."""

    tag: str
    page_url: str
    api_url: str
    articles: int  # tagged ready articles in the trending window


def hit_out(hit: Hit, base: str) -> HitOut:
    article: Article = hit.article
    return HitOut(
        id=article.pk,
        url=article.url,
        page_url=base + article.get_absolute_url(),
        title=article.title,
        publisher=article.publisher_name,
        source_id=article.source_id,
        published_at=article.published_at,
        language=article.language,
        story_id=article.story_id,
        score=hit.score,
        snippet=hit.snippet.text,
        snippet_html=hit.snippet.html,
    )


def story_item_out(story: Story, base: str) -> StoryListItemOut:
    publishers = story.publishers if isinstance(story.publishers, list) else []
    return StoryListItemOut(
        id=story.pk,
        headline=story.headline,
        page_url=base + story.get_absolute_url(),
        publisher_count=story.publisher_count,
        size=story.size,
        first_seen=story.first_seen,
        last_seen=story.last_seen,
        publishers=[str(p) for p in publishers][:100],
    )


def trending_out(hashtag: Hashtag, count: int, base: str) -> TrendingOut:
    return TrendingOut(
        tag=hashtag.display,
        page_url=base + hashtag.get_absolute_url(),
        api_url=f"{base}/api/hashtags/{hashtag.display}",
        articles=count,
    )
