"""API objects. Serializers are pure: a model instance and a base URL in, a schema out."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from newsdesk.reading import surroundings
from newsdesk.reading.ai_results import article_summary
from newsdesk.reading.display import display_of, excerpt
from newsdesk.storage.models import Article, LiveEntry, Source, Story


class SourceOut(Schema):
    """A publisher endpoint newsdesk polls, with its fetch health."""

    id: int
    name: str
    url: str
    site_url: str
    kind: str
    enabled: bool
    last_fetch_at: datetime | None
    last_status: int | None
    last_error: str
    error_count: int
    items_per_day: float
    next_fetch_at: datetime | None


class ArticleSummaryOut(Schema):
    """An article's metadata: where it lives, who published it and when."""

    id: int
    url: str
    page_url: str
    title: str
    publisher: str
    source_id: int
    byline: str
    published_at: datetime | None
    updated_at: datetime | None
    language: str
    image: str | None
    story_id: int | None
    copy_of: int | None  # the original this wire copy was folded into


class CopyOut(Schema):
    """Another publisher that carried the same wire text."""

    url: str
    publisher: str


class ListedArticleOut(ArticleSummaryOut):
    """An article in a list, with the publishers whose copies were folded into it."""

    also_published_by: list[CopyOut]  # the same text at other publishers (wire copies)


class RelatedOut(Schema):
    """An article from another publisher about the same subject."""

    id: int
    url: str
    page_url: str
    title: str
    publisher: str
    published_at: datetime | None
    tier: str = Field(
        description='"story": the same event; "subject": other coverage of the same names.'
    )


class LiveEntryOut(Schema):
    """One timestamped entry of a live blog."""

    posted_at: datetime | None
    author: str
    title: str
    body: str


class ArticleOut(ArticleSummaryOut):
    """The whole article: clean text, hashtags, summary, related coverage and live entries."""

    canonical_url: str | None
    body_text: str
    body_html: str
    related: list[RelatedOut]
    also_published_by: list[CopyOut]
    live_entries: list[LiveEntryOut]
    hashtags: list[str]
    summary: str
    key_points: list[str]
    page_type: str = Field(
        "",
        description="What the linked page is: `article`, `liveblog`, `listing` (a page of links) "
        "or `other` (gallery, product, forum...); empty when the page was never read.",
    )
    text_from_feed: bool = Field(
        False,
        description="The text is the feed's own, not the page's: the page is not an article "
        "or could not be fetched.",
    )
    display: str = Field(
        "full",
        description="How much text is given: `full`, `excerpt` (first paragraphs) or `headline` "
        "(no text), by the operator's policy for this source and the publisher's robots directives.",
    )


class AskIn(Schema):
    """A reader's question about one article."""

    question: str = Field(..., max_length=20_000, description="A question about the article.")


class AskOut(Schema):
    """An answer made of sentences quoted verbatim from the article."""

    answer: str
    quotes: list[str]  # each occurs verbatim in the article's body_text
    method: str  # "extractive" or "llm"
    note: str
    queued: bool = Field(
        False, description="A language model's answer is being prepared; ask again shortly."
    )


class StoryBriefOut(Schema):
    """A story (one event covered by several publishers), without its articles."""

    id: int
    headline: str
    page_url: str
    publisher_count: int
    first_seen: datetime | None
    last_seen: datetime | None


class StoryOut(StoryBriefOut):
    """A story with every ready article that covers it."""

    publishers: list[str]
    articles: list[ArticleSummaryOut]


class BriefingSentenceOut(Schema):
    """A sentence of the briefing, credited to the article it comes from."""

    text: str
    publisher: str
    article_id: int


class AgreedOut(BriefingSentenceOut):
    """A point several publishers report, with who else reported it."""

    also_reported_by: list[str]


class AdditionOut(Schema):
    """What one publisher adds that the others do not report."""

    publisher: str
    article_id: int
    sentences: list[str]


class BriefingOut(Schema):
    """What the sources report about a story, every sentence attributed."""

    story_id: int
    method: str
    note: str
    model: str
    queued: bool = Field(
        False, description="A language model's briefing is being prepared; this one is offline."
    )
    sentences: list[BriefingSentenceOut]
    agreed: list[AgreedOut]
    additions: list[AdditionOut]


class HashtagPage(Schema):
    """A page of articles under one hashtag, with the stories it appears in."""

    tag: str
    page_url: str
    items: list[ListedArticleOut]
    stories: list[StoryBriefOut]
    count: int  # articles in the whole list, every page together
    limit: int
    next_cursor: str | None  # pass as `cursor` for the next page; null on the last
    next: str | None  # the next page's address


class ArticlePage(Schema):
    """A page of articles, newest first, with links to the neighbouring pages."""

    items: list[ListedArticleOut]
    count: int  # articles in the whole list, every page together
    limit: int
    next_cursor: str | None  # pass as `cursor` for the next page; null on the last
    next: str | None  # the next page's address


class ErrorOut(Schema):
    """An error: `detail` says what went wrong in a sentence."""

    detail: str


def source_out(source: Source) -> SourceOut:
    return SourceOut(
        id=source.pk,
        name=source.display_name,
        url=source.url,
        site_url=source.site_url,
        kind=source.kind,
        enabled=source.enabled,
        last_fetch_at=source.last_fetch_at,
        last_status=source.last_status,
        last_error=source.last_error,
        error_count=source.error_count,
        items_per_day=source.items_per_day,
        next_fetch_at=source.next_fetch_at if source.enabled else None,
    )


def _summary_fields(article: Article, base_url: str) -> dict:
    return {
        "id": article.pk,
        "url": article.url,
        "page_url": base_url + article.get_absolute_url(),
        "title": article.title,
        "publisher": article.publisher_name,
        "source_id": article.source_id,
        "byline": article.byline,
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "language": article.language,
        "image": article.image or None,
        "story_id": article.story_id,
        "copy_of": article.copy_of_id,
    }


def article_summary_out(article: Article, base_url: str) -> ArticleSummaryOut:
    return ArticleSummaryOut(**_summary_fields(article, base_url))


def copy_out(article: Article) -> CopyOut:
    return CopyOut(url=article.url, publisher=article.publisher_name)


def listed_article_out(article: Article, copies: list[Article], base_url: str) -> ListedArticleOut:
    return ListedArticleOut(
        **_summary_fields(article, base_url), also_published_by=[copy_out(c) for c in copies]
    )


def related_out(article: Article, base_url: str, tier: str) -> RelatedOut:
    return RelatedOut(
        tier=tier,
        id=article.pk,
        url=article.url,
        page_url=base_url + article.get_absolute_url(),
        title=article.title,
        publisher=article.publisher_name,
        published_at=article.published_at or article.sort_at,
    )


def live_entry_out(entry: LiveEntry) -> LiveEntryOut:
    return LiveEntryOut(
        posted_at=entry.posted_at, author=entry.author, title=entry.title, body=entry.body
    )


def article_out(article: Article, base_url: str) -> ArticleOut:
    """The full object; reads related coverage, copies, entries and tags (a few queries)."""
    shown = article_summary(article)
    policy = display_of(article)
    full = policy.full
    return ArticleOut(
        **_summary_fields(article, base_url),
        canonical_url=article.canonical_url or None,
        body_text=article.body_text if full else "\n\n".join(excerpt(article, policy)),
        body_html=article.body_html if full else "",
        related=[
            related_out(r.article, base_url, r.tier) for r in surroundings.related_articles(article)
        ],
        also_published_by=[copy_out(c) for c in surroundings.also_published_by(article)],
        live_entries=[live_entry_out(e) for e in surroundings.live_entries(article)],
        hashtags=[t.display for t in surroundings.hashtags(article)],
        summary=shown.tldr if full else "",
        key_points=list(shown.key_points) if full else [],
        page_type=article.page_type,
        text_from_feed=article.text_from_feed,
        display=policy.mode,
    )


def story_brief_out(story: Story, base_url: str) -> StoryBriefOut:
    return StoryBriefOut(**_story_fields(story, base_url))


def _story_fields(story: Story, base_url: str) -> dict:
    return {
        "id": story.pk,
        "headline": story.headline,
        "page_url": base_url + story.get_absolute_url(),
        "publisher_count": story.publisher_count,
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
    }


def story_out(story: Story, articles: list[Article], base_url: str) -> StoryOut:
    publishers = list(dict.fromkeys(a.publisher_name for a in articles))
    return StoryOut(
        **_story_fields(story, base_url),
        publishers=publishers,
        articles=[article_summary_out(a, base_url) for a in articles],
    )
