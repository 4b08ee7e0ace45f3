"""The API's list endpoints (stories, trending hashtags, search): mounted on the site's API with one line (``api.add_router``)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from newsdesk.api import list_schemas as schemas
from newsdesk.api.paging import (
    MAX_LIMIT,
    Ordering,
    base_url,
    keyset_page,
    next_link,
    refuse_unknown,
)
from newsdesk.api.schemas import ErrorOut
from newsdesk.reading import listings
from newsdesk.reading.cursors import CursorError, decode_offset, encode_offset
from newsdesk.search.engine import search
from newsdesk.search.query import MAX_QUERY_CHARS, QueryError, parse
from newsdesk.storage.models import Story

router = Router()
CURSOR = Field(None, max_length=200, description="`next_cursor` of the previous page.")
BAD_INPUT = {400: ErrorOut}


class SearchQueryIn(Schema):
    """What to search for, and which page of the results."""

    q: str = Field(
        ...,
        max_length=MAX_QUERY_CHARS,
        description='Words; `"phrase"`, `-exclude`, `OR`, `source:`, `tag:`, `lang:`, '
        "`before:YYYY-MM-DD`, `after:YYYY-MM-DD`.",
    )
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    cursor: str | None = CURSOR


@router.get("/search", response={200: schemas.SearchOut, **BAD_INPUT}, tags=["search"])
def search_articles(request: HttpRequest, params: Query[SearchQueryIn]):
    """Ready articles matching the query, best first (relevance, then recency)."""
    refuse_unknown(request, SearchQueryIn)
    try:
        query = parse(params.q)
        offset = decode_offset(params.cursor) if params.cursor else 0
    except (QueryError, CursorError) as exc:
        raise HttpError(400, str(exc)) from None
    results = search(query, limit=params.limit, offset=offset)
    cursor = encode_offset(offset + len(results.hits)) if results.more else None
    base = base_url(request)
    return schemas.SearchOut(
        query=params.q,
        items=[schemas.hit_out(h, base) for h in results.hits],
        limit=params.limit,
        next_cursor=cursor,
        next=next_link(request, cursor),
    )


class StoryListIn(Schema):
    """Which stories to list, and which page of them."""

    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    cursor: str | None = CURSOR
    ordering: Ordering = Field("newest", description="By last article: newest or oldest first.")
    min_publishers: int = Field(1, ge=1, le=1000, description="Only stories this many covered.")


@router.get("/stories", response={200: schemas.StoryListOut, **BAD_INPUT}, tags=["stories"])
def list_stories(request: HttpRequest, params: Query[StoryListIn]):
    """Stories (coverage of one event), by their latest article."""
    refuse_unknown(request, StoryListIn)
    queryset = Story.objects.filter(
        last_seen__isnull=False, publisher_count__gte=params.min_publishers
    )
    page = keyset_page(
        queryset,
        time_field="last_seen",
        limit=params.limit,
        cursor=params.cursor,
        ordering=params.ordering,
    )
    base = base_url(request)
    return schemas.StoryListOut(
        items=[schemas.story_item_out(s, base) for s in page.rows],
        limit=params.limit,
        next_cursor=page.next_cursor,
        next=next_link(request, page.next_cursor),
    )


class TrendingIn(Schema):
    """How many trending hashtags to list."""

    limit: int = Field(20, ge=1, le=MAX_LIMIT)


@router.get("/hashtags", response={200: list[schemas.TrendingOut], **BAD_INPUT}, tags=["hashtags"])
def trending_hashtags(request: HttpRequest, params: Query[TrendingIn]):
    """Tags on the most articles of the last two days (``/hashtags/{tag}`` lists one)."""
    refuse_unknown(request, TrendingIn)
    base = base_url(request)
    return [schemas.trending_out(h, n, base) for h, n in listings.trending_hashtags(params.limit)]
