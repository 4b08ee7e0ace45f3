"""Public pages. Each view loads what one page shows and hands it to a template."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from newsdesk.plaintext import paragraphs
from newsdesk.reading import articles, surroundings
from newsdesk.reading.ai_results import AnswerView, article_summary, live_changes
from newsdesk.reading.display import display_of, excerpt
from newsdesk.reading.front_page import top_stories, trending
from newsdesk.reading.page_cache import cached_for_anonymous, one_article
from newsdesk.reading.pages import page_of
from newsdesk.reading.sections import find_section, section_articles
from newsdesk.storage import versions
from newsdesk.storage.models import (
    Article,
    ArticleStatus,
    FetchLog,
    Source,
    SourceKind,
    ready_rule,
)
from newsdesk.web.quotes import quote_link

FRONT_LATEST = 15
CHANGES_WINDOW = timedelta(hours=1)


@require_safe
@cached_for_anonymous()
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
            "section_current": "top",
        },
    )


@require_safe
@cached_for_anonymous()
def latest(request: HttpRequest) -> HttpResponse:
    # Wire copies are folded into their original: one item per text.
    page = page_of(articles.latest_articles(), request.GET.get("page"))
    return render(
        request,
        "newsdesk/latest.html",
        {"page": page, "title": "Latest news", "section_current": "latest"},
    )


@require_safe
@cached_for_anonymous()
def section(request: HttpRequest, slug: str) -> HttpResponse:
    found = find_section(slug)
    if found is None:
        raise Http404("No such section.")
    page = page_of(section_articles(found), request.GET.get("page"))
    return render(
        request,
        "newsdesk/section.html",
        {"section": found, "page": page, "section_current": found.slug},
    )


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
    shown = display_of(item)
    context: dict[str, Any] = {
        "article": item,
        "display": shown,
        "excerpt": excerpt(item, shown) if shown.excerpt else [],
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


@require_safe
@cached_for_anonymous(one_article)
def article(request: HttpRequest, article_id: int) -> HttpResponse:
    """Kept whole for anonymous readers: the same bytes for each (no form token in it)."""
    item = ready_article(article_id)
    original = articles.original_of(item)
    if original is not None:
        # One text, one page: a wire copy's readers land on the original, where this
        # copy's publisher is listed under "also published by".
        return redirect("article", original.pk)
    return render(request, "newsdesk/article.html", article_context(item))


@require_safe
@cached_for_anonymous()
def sources(request: HttpRequest) -> HttpResponse:
    rows = list(
        Source.objects.annotate(ready=Count("articles", filter=ready_rule("articles__"))).order_by(
            "name", "id"
        )
    )
    if request.user.is_staff:
        for row in rows:
            _note_failed_page(row)
    return render(request, "newsdesk/sources.html", {"sources": rows})


def _note_failed_page(source: Source) -> None:
    """A page source without an article: the operator sees why its page gave none."""
    if source.kind != SourceKind.PAGE or getattr(source, "ready", 1):
        return
    failed = Article.objects.filter(source=source, status=ArticleStatus.FAILED).first()
    source.failed_reason = failed.error if failed else ""  # type: ignore[attr-defined]


@require_safe
@cached_for_anonymous(lambda kw: [versions.source(kw["source_id"])])
def source(request: HttpRequest, source_id: int) -> HttpResponse:
    if not articles.valid_id(source_id):
        raise Http404("No such source.")
    item = get_object_or_404(
        Source.objects.annotate(ready=Count("articles", filter=ready_rule("articles__"))),
        pk=source_id,
    )
    if request.user.is_staff:
        _note_failed_page(item)
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


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True, "articles": articles.ready_count()})
