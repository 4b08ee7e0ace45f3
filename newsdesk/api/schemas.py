"""API objects. Serializers are pure: a model instance and a base URL in, a schema out."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema

from newsdesk.storage.models import Article, Source


class SourceOut(Schema):
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


class ArticleOut(ArticleSummaryOut):
    canonical_url: str | None
    body_text: str
    body_html: str


class ArticlePage(Schema):
    items: list[ArticleSummaryOut]
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None


class ErrorOut(Schema):
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
        "publisher": article.publisher or article.source.display_name,
        "source_id": article.source_id,
        "byline": article.byline,
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "language": article.language,
        "image": article.image or None,
    }


def article_summary_out(article: Article, base_url: str) -> ArticleSummaryOut:
    return ArticleSummaryOut(**_summary_fields(article, base_url))


def article_out(article: Article, base_url: str) -> ArticleOut:
    return ArticleOut(
        **_summary_fields(article, base_url),
        canonical_url=article.canonical_url or None,
        body_text=article.body_text,
        body_html=article.body_html,
    )
