"""HTTP handling of the JSON API; the shapes live in ``schemas``."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from pydantic import Field

from newsdesk.ai.answer import EMPTY_QUESTION
from newsdesk.api import schemas
from newsdesk.api.docs import ReferenceDocs
from newsdesk.api.paging import Ordering, base_url, keyset_page, next_link, refuse_unknown
from newsdesk.plaintext import one_line
from newsdesk.reading import articles, throttle
from newsdesk.reading.ai_results import ask, story_briefing
from newsdesk.reading.hashtags import find_hashtag, tagged_articles, tagged_stories
from newsdesk.reading.memo import counted
from newsdesk.reading.page_cache import cached_for_anonymous, one_article
from newsdesk.reading.surroundings import copy_groups, story_articles
from newsdesk.storage.models import Article, Source, Story

VALIDATION_ERROR = {
    "description": "The request's parameters or body are invalid; `detail` says which and why.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"detail": {"type": "array", "items": {"type": "object"}}},
                "required": ["detail"],
            }
        }
    },
}


class DocumentedAPI(NinjaAPI):
    """django-ninja answers invalid input with 422 but leaves it out of the schema;
    clients (and schemathesis) need every status an operation can return."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                if operation.get("parameters") or operation.get("requestBody"):
                    operation["responses"].setdefault("422", VALIDATION_ERROR)
        return schema


api = DocumentedAPI(
    title="newsdesk API",
    version="1",
    urls_namespace="api",
    description=(
        "Read the news newsdesk aggregates: articles (wire copies folded into their "
        "original), stories covered by several publishers with attributed briefings, "
        "hashtags and sources; ask a question about an article. JSON, no key needed; "
        "every page of the site has its data here."
    ),
    docs=ReferenceDocs(),
)
api.add_router("/", "newsdesk.discussion.api.router")  # comments (readers' writes)

MAX_PAGE_SIZE = 100


class ArticleFilters(Schema):
    """Which articles to list, and which page of them."""

    source: int | None = Field(
        None, ge=1, le=2**63 - 1, description="Only articles of this source id."
    )
    story: int | None = Field(None, ge=1, le=2**63 - 1, description="Only this story's articles.")
    language: str | None = Field(None, max_length=16, description='Language code, e.g. "en".')
    include_copies: bool = Field(
        False,
        description="List wire copies as items of their own (by default each text is one item, "
        "its other publishers under `also_published_by`).",
    )
    ordering: Ordering = Field("newest", description="newest (default) or oldest first.")
    limit: int = Field(20, ge=1, le=MAX_PAGE_SIZE)
    cursor: str | None = Field(None, max_length=200, description="`next_cursor` of the last page.")


# The answers of the two most asked reads are kept whole for anonymous clients under the
# counters their pages use (the list: every article; one article: its own and its
# story's), so a new or changed article is in the next answer. Neither read has a key or
# a rate limit; a client's cookies or session still bypass the cache.
@api.get(
    "/articles",
    response={200: schemas.ArticlePage, 400: schemas.ErrorOut},
    tags=["articles"],
)
@decorate_view(cached_for_anonymous())
def list_articles(request: HttpRequest, filters: Query[ArticleFilters]):
    """Ready articles, newest first; a wire copy is folded into its original unless asked for.
    Follow `next_cursor` (or `next`) for the next page."""
    refuse_unknown(request, ArticleFilters)
    queryset = articles.latest_articles(include_copies=filters.include_copies)
    if filters.source is not None:
        queryset = queryset.filter(source_id=filters.source)
    if filters.story is not None:
        queryset = queryset.filter(story_id=filters.story)
    if filters.language:
        queryset = queryset.filter(language__iexact=filters.language)
    page = keyset_page(
        queryset,
        time_field="sort_at",
        limit=filters.limit,
        cursor=filters.cursor,
        ordering=filters.ordering,
    )
    return schemas.ArticlePage(
        items=_listed(page.rows, base_url(request)),
        count=counted(queryset),
        limit=filters.limit,
        next_cursor=page.next_cursor,
        next=next_link(request, page.next_cursor),
    )


def _listed(rows: list[Article], base: str) -> list[schemas.ListedArticleOut]:
    copies = copy_groups(rows)
    return [schemas.listed_article_out(a, copies[a.pk], base) for a in rows]


@api.get(
    "/articles/{article_id}",
    response={200: schemas.ArticleOut, 404: schemas.ErrorOut},
    tags=["articles"],
)
@decorate_view(cached_for_anonymous(one_article))
def get_article(request: HttpRequest, article_id: int):
    """One ready article with its clean text, hashtags, summary and related coverage."""
    return schemas.article_out(_ready_article(article_id), base_url(request))


@api.get("/sources", response=list[schemas.SourceOut], tags=["sources"])
def list_sources(request: HttpRequest):
    """Every publisher endpoint newsdesk polls, with its fetch health."""
    return [schemas.source_out(s) for s in Source.objects.all()]


def _ready_article(article_id: int) -> Article:
    item = articles.ready_article(article_id)
    if item is None:
        raise HttpError(404, "No such article.")
    return item


@api.post(
    "/articles/{article_id}/ask",
    response={
        200: schemas.AskOut,
        400: schemas.ErrorOut,
        404: schemas.ErrorOut,
        429: schemas.ErrorOut,
    },
    tags=["ai"],
)
def ask_article(request: HttpRequest, article_id: int, payload: schemas.AskIn):
    """Answer a question from the article's text; every quote occurs verbatim in body_text."""
    if not throttle.allow(request):
        raise HttpError(429, "Too many questions; try again in a minute.")
    article = _ready_article(article_id)
    if not one_line(payload.question):
        raise HttpError(400, EMPTY_QUESTION)
    result = ask(article, payload.question)
    return schemas.AskOut(
        answer=result.answer,
        quotes=list(result.quotes),
        method=result.method,
        note=result.note,
        queued=result.queued,
    )


def _story(story_id: int) -> Story:
    if not articles.valid_id(story_id):
        raise HttpError(404, "No such story.")
    return get_object_or_404(Story, pk=story_id)


@api.get(
    "/stories/{story_id}",
    response={200: schemas.StoryOut, 404: schemas.ErrorOut},
    tags=["stories"],
)
def get_story(request: HttpRequest, story_id: int):
    """A story with every ready article (wire copies included, marked by ``copy_of``)."""
    story = _story(story_id)
    articles = story_articles(story)
    if not articles:
        raise HttpError(404, "No such story.")
    return schemas.story_out(story, articles, base_url(request))


@api.get(
    "/stories/{story_id}/briefing",
    response={200: schemas.BriefingOut, 404: schemas.ErrorOut},
    tags=["stories"],
)
def get_story_briefing(request: HttpRequest, story_id: int):
    """What the sources report, every sentence attributed to its publisher (stored).

    Never waits on a language model: while the model's briefing is being prepared the
    offline one is returned with ``queued`` true."""
    story = _story(story_id)
    data = story_briefing(story)
    if data is None:
        raise HttpError(404, "This story has no articles to brief.")
    return schemas.BriefingOut(story_id=story.pk, **data)


class TagPageQuery(Schema):
    """Which page of a hashtag's articles."""

    limit: int = Field(20, ge=1, le=MAX_PAGE_SIZE)
    cursor: str | None = Field(None, max_length=200, description="`next_cursor` of the last page.")


@api.get(
    "/hashtags/{tag}",
    response={200: schemas.HashtagPage, 400: schemas.ErrorOut, 404: schemas.ErrorOut},
    tags=["hashtags"],
)
def get_hashtag(request: HttpRequest, tag: str, query: Query[TagPageQuery]):
    """Articles under a tag (display form or any case: "KeithKellogg", "keithkellogg"), newest first."""
    refuse_unknown(request, TagPageQuery)
    hashtag = find_hashtag(tag)
    if hashtag is None:
        raise HttpError(404, "No such hashtag.")
    tagged = tagged_articles(hashtag)
    page = keyset_page(
        tagged, time_field="sort_at", limit=query.limit, cursor=query.cursor, ordering="newest"
    )
    base = base_url(request)
    return schemas.HashtagPage(
        tag=hashtag.display,
        page_url=base + hashtag.get_absolute_url(),
        items=_listed(page.rows, base),
        stories=[schemas.story_brief_out(s, base) for s in tagged_stories(hashtag)],
        count=tagged.count(),
        limit=query.limit,
        next_cursor=page.next_cursor,
        next=next_link(request, page.next_cursor),
    )
