"""Hashtag pages: the articles and stories under one tag, newest first."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from newsdesk.enrich.hashtags import tag_key
from newsdesk.storage.models import Article, ArticleStatus, Hashtag, Story

PAGE_SIZE = 30
STORIES_SHOWN = 10


def tagged_articles(hashtag: Hashtag):
    """Ready originals under the tag (a copy is shown through its original), newest first."""
    return (
        Article.objects.filter(
            status=ArticleStatus.READY, copy_of__isnull=True, tags__hashtag=hashtag
        )
        .select_related("source")
        .defer("body_html", "body_text", "fetch_meta", "feed_summary_html")
        .order_by("-sort_at", "-id")
    )


def find_hashtag(tag: str) -> Hashtag:
    return get_object_or_404(Hashtag, key=tag_key(tag[:200]))


@require_GET
def hashtag(request: HttpRequest, tag: str) -> HttpResponse:
    item = find_hashtag(tag)
    if tag != item.display:  # one address per tag: /hashtags/belarus/ -> /hashtags/Belarus/
        return redirect(item.get_absolute_url())
    page = Paginator(tagged_articles(item), PAGE_SIZE).get_page(request.GET.get("page"))
    stories = (
        Story.objects.filter(
            publisher_count__gte=2,
            articles__tags__hashtag=item,
            articles__status=ArticleStatus.READY,
        )
        .distinct()
        .order_by("-last_seen", "-id")[:STORIES_SHOWN]
    )
    return render(
        request,
        "newsdesk/hashtag.html",
        {"hashtag": item, "page": page, "stories": stories if page.number == 1 else []},
    )
