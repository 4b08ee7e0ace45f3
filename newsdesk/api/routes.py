"""HTTP handling of the JSON API; the shapes live in ``schemas``."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from pydantic import Field

from newsdesk.api import schemas
from newsdesk.storage.models import Article, ArticleStatus, Source

api = NinjaAPI(title="newsdesk API", version="1", urls_namespace="api")

MAX_PAGE_SIZE = 100


def _base_url(request: HttpRequest) -> str:
    return settings.NEWSDESK_BASE_URL or request.build_absolute_uri("/").rstrip("/")


class ArticleFilters(Schema):
    source: int | None = Field(None, ge=1, description="Only articles of this source id.")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


def _page_link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@api.get("/articles", response=schemas.ArticlePage, tags=["articles"])
def list_articles(request: HttpRequest, filters: Query[ArticleFilters]):
    """Ready articles, newest first."""
    queryset = Article.objects.filter(status=ArticleStatus.READY).select_related("source")
    if filters.source is not None:
        queryset = queryset.filter(source_id=filters.source)
    count = queryset.count()
    start = (filters.page - 1) * filters.page_size
    rows = list(queryset.order_by("-sort_at", "-id")[start : start + filters.page_size])
    base = _base_url(request)
    return schemas.ArticlePage(
        items=[schemas.article_summary_out(a, base) for a in rows],
        count=count,
        page=filters.page,
        page_size=filters.page_size,
        next=_page_link(request, filters.page + 1) if start + filters.page_size < count else None,
        previous=_page_link(request, filters.page - 1) if filters.page > 1 else None,
    )


@api.get(
    "/articles/{article_id}",
    response={200: schemas.ArticleOut, 404: schemas.ErrorOut},
    tags=["articles"],
)
def get_article(request: HttpRequest, article_id: int):
    if not 0 < article_id < 2**63:
        raise HttpError(404, "No such article.")
    article = get_object_or_404(
        Article.objects.select_related("source"), pk=article_id, status=ArticleStatus.READY
    )
    return schemas.article_out(article, _base_url(request))


@api.get("/sources", response=list[schemas.SourceOut], tags=["sources"])
def list_sources(request: HttpRequest):
    return [schemas.source_out(s) for s in Source.objects.all()]
