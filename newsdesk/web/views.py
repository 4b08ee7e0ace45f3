"""Public pages. Each view loads what one page shows and hands it to a template."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from newsdesk.plaintext import paragraphs
from newsdesk.storage.models import Article, ArticleStatus, FetchLog, Source
from newsdesk.web import coverage
from newsdesk.web.frontpage import top_stories, trending
from newsdesk.worker.ai import AnswerView, article_summary, live_changes

PAGE_SIZE = 30
FRONT_LATEST = 15
CHANGES_WINDOW = timedelta(hours=1)


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
    """Top stories first; when no story has several publishers yet, the latest articles."""
    now = timezone.now()
    cards = top_stories(now)
    latest = (
        _ready_articles()
        .filter(copy_of__isnull=True)
        .exclude(story_id__in=[c.story.pk for c in cards])
        .order_by("-sort_at", "-id")[:FRONT_LATEST]
    )
    return render(
        request,
        "newsdesk/front.html",
        {
            "cards": cards,
            "trending": trending(now),
            "latest": latest,
            "title": "Top stories" if cards else "Latest news",
        },
    )


@require_GET
def latest(request: HttpRequest) -> HttpResponse:
    # Wire copies are folded into their original: one item per text.
    queryset = _ready_articles().filter(copy_of__isnull=True).order_by("-sort_at", "-id")
    page = _page(request, queryset)
    return render(request, "newsdesk/latest.html", {"page": page, "title": "Latest news"})


MAX_ID = 2**63  # beyond a 64-bit key the database errors instead of missing


def ready_article(article_id: int) -> Article:
    if not 0 < article_id < MAX_ID:
        raise Http404("No such article.")
    return get_object_or_404(
        Article.objects.select_related("source"), pk=article_id, status=ArticleStatus.READY
    )


def original_of(item: Article) -> Article | None:
    """The original a copy was folded into (None for an original or a lost original)."""
    if item.copy_of_id is None:
        return None
    return Article.objects.filter(pk=item.copy_of_id, status=ArticleStatus.READY).only("id").first()


def article_context(item: Article, **extra: Any) -> dict[str, Any]:
    """Everything the article page shows; sections without content are left empty."""
    entries = coverage.live_entries(item)
    story = coverage.story_of(item)
    story_size = (
        Article.objects.filter(story=story, status=ArticleStatus.READY).count() if story else 0
    )
    changes = None
    if entries:
        changes = live_changes(item, timezone.now() - CHANGES_WINDOW)
    context: dict[str, Any] = {
        "article": item,
        "paragraphs": [] if item.body_html else paragraphs(item.body_text).split("\n\n"),
        "entries": entries,
        "tags": coverage.hashtags(item),
        "summary": article_summary(item),
        "changes": changes if changes and changes.sentences else None,
        "story": story if story_size > 1 else None,
        "also": coverage.also_published_by(item),
        "related": coverage.related_articles(item),
        "answer": None,
        "question": "",
    }
    context.update(extra)
    return context


def answer_context(answer: AnswerView) -> dict[str, Any]:
    return {
        "answer": answer,
        "quotes": [{"text": q, "link": coverage.quote_link(q)} for q in answer.quotes],
    }


@require_GET
def article(request: HttpRequest, article_id: int) -> HttpResponse:
    item = ready_article(article_id)
    original = original_of(item)
    if original is not None:
        # One text, one page: a wire copy's readers land on the original, where this
        # copy's publisher is listed under "also published by".
        return redirect("article", original.pk)
    return render(request, "newsdesk/article.html", article_context(item))


@require_GET
def sources(request: HttpRequest) -> HttpResponse:
    rows = Source.objects.annotate(
        ready=Count("articles", filter=Q(articles__status=ArticleStatus.READY))
    ).order_by("name", "id")
    return render(request, "newsdesk/sources.html", {"sources": rows})


@require_GET
def source(request: HttpRequest, source_id: int) -> HttpResponse:
    if not 0 < source_id < MAX_ID:
        raise Http404("No such source.")
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
