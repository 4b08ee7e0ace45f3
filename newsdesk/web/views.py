"""Public pages. Each view loads what one page shows and hands it to a template."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from newsdesk.plaintext import paragraphs
from newsdesk.reading import articles, surroundings
from newsdesk.reading.ai_results import AnswerView, article_summary, live_changes
from newsdesk.reading.front_page import top_stories, trending
from newsdesk.reading.pages import page_of
from newsdesk.storage.models import Article, ArticleStatus, FetchLog, Source, ready_rule
from newsdesk.web.quotes import quote_link

FRONT_LATEST = 15
CHANGES_WINDOW = timedelta(hours=1)


@require_GET
def front(request: HttpRequest) -> HttpResponse:
    """Top stories first; when no story has several publishers yet, the latest articles."""
    now = timezone.now()
    cards = top_stories(now)
    latest = articles.latest_articles().exclude(story_id__in=[c.story.pk for c in cards])[
        :FRONT_LATEST
    ]
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
    page = page_of(articles.latest_articles(), request.GET.get("page"))
    return render(request, "newsdesk/latest.html", {"page": page, "title": "Latest news"})


def ready_article(article_id: int) -> Article:
    item = articles.ready_article(article_id)
    if item is None:
        raise Http404("No such article.")
    return item


def article_context(item: Article, **extra: Any) -> dict[str, Any]:
    """Everything the article page shows; sections without content are left empty."""
    entries = surroundings.live_entries(item)
    story = surroundings.story_of(item)
    changes = None
    if entries:
        changes = live_changes(item, timezone.now() - CHANGES_WINDOW)
    context: dict[str, Any] = {
        "article": item,
        "paragraphs": [] if item.body_html else paragraphs(item.body_text).split("\n\n"),
        "entries": entries,
        "tags": surroundings.hashtags(item),
        "summary": article_summary(item),
        "changes": changes if changes and changes.sentences else None,
        "story": story if story and articles.story_size(story.pk) > 1 else None,
        "also": surroundings.also_published_by(item),
        "related": surroundings.related_articles(item),
        "answer": None,
        "question": "",
    }
    context.update(extra)
    return context


def answer_context(answer: AnswerView) -> dict[str, Any]:
    return {
        "answer": answer,
        "quotes": [{"text": q, "link": quote_link(q)} for q in answer.quotes],
    }


@require_GET
def article(request: HttpRequest, article_id: int) -> HttpResponse:
    item = ready_article(article_id)
    original = articles.original_of(item)
    if original is not None:
        # One text, one page: a wire copy's readers land on the original, where this
        # copy's publisher is listed under "also published by".
        return redirect("article", original.pk)
    return render(request, "newsdesk/article.html", article_context(item))


@require_GET
def sources(request: HttpRequest) -> HttpResponse:
    rows = Source.objects.annotate(
        ready=Count("articles", filter=ready_rule("articles__"))
    ).order_by("name", "id")
    return render(request, "newsdesk/sources.html", {"sources": rows})


@require_GET
def source(request: HttpRequest, source_id: int) -> HttpResponse:
    if not 0 < source_id < articles.MAX_ID:
        raise Http404("No such source.")
    item = get_object_or_404(Source, pk=source_id)
    page = page_of(articles.source_articles(item), request.GET.get("page"))
    fetches = FetchLog.objects.filter(source=item)[:10]
    # The operator's view of what went wrong: failed articles are shown here only.
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
    return JsonResponse({"ok": True, "articles": articles.ready_count()})
