"""Public pages. Each view loads what one page shows and hands it to a template."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from newsdesk.storage.models import Article, ArticleStatus, FetchLog, Source

PAGE_SIZE = 30


def _ready_articles():
    return (
        Article.objects.filter(status=ArticleStatus.READY)
        .select_related("source")
        .defer("body_html", "body_text", "fetch_meta", "feed_summary_html")
    )


def _page(request: HttpRequest, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


@require_GET
def front(request: HttpRequest) -> HttpResponse:
    return latest(request)


@require_GET
def latest(request: HttpRequest) -> HttpResponse:
    page = _page(request, _ready_articles().order_by("-sort_at", "-id"))
    return render(request, "newsdesk/latest.html", {"page": page, "title": "Latest news"})


@require_GET
def article(request: HttpRequest, article_id: int) -> HttpResponse:
    item = get_object_or_404(
        Article.objects.select_related("source"), pk=article_id, status=ArticleStatus.READY
    )
    return render(request, "newsdesk/article.html", {"article": item})


@require_GET
def sources(request: HttpRequest) -> HttpResponse:
    rows = Source.objects.annotate(
        ready=Count("articles", filter=Q(articles__status=ArticleStatus.READY))
    ).order_by("name", "id")
    return render(request, "newsdesk/sources.html", {"sources": rows})


@require_GET
def source(request: HttpRequest, source_id: int) -> HttpResponse:
    item = get_object_or_404(Source, pk=source_id)
    page = _page(request, _ready_articles().filter(source=item).order_by("-sort_at", "-id"))
    fetches = FetchLog.objects.filter(source=item)[:10]
    failed = Article.objects.filter(source=item, status=ArticleStatus.FAILED).only(
        "url", "error_kind", "error", "title"
    )[:10]
    return render(
        request,
        "newsdesk/source.html",
        {"source": item, "page": page, "fetches": fetches, "failed": failed},
    )


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {"ok": True, "articles": Article.objects.filter(status=ArticleStatus.READY).count()}
    )
