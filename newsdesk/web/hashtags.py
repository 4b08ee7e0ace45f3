"""Hashtag pages: the articles and stories under one tag, newest first."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from newsdesk.reading.hashtags import find_hashtag, tagged_articles, tagged_stories
from newsdesk.reading.page_cache import cached_for_anonymous
from newsdesk.reading.pages import page_of
from newsdesk.storage import versions

PAGE_SIZE = 30


@require_safe
@cached_for_anonymous(lambda kw: [versions.hashtag(kw["tag"])])
def hashtag(request: HttpRequest, tag: str) -> HttpResponse:
    item = find_hashtag(tag)
    if item is None:
        raise Http404("No such hashtag.")
    if tag != item.display:  # one address per tag: /hashtags/belarus/ -> /hashtags/Belarus/
        return redirect(item.get_absolute_url())
    page = page_of(tagged_articles(item), request.GET.get("page"), PAGE_SIZE)
    return render(
        request,
        "newsdesk/hashtag.html",
        {
            "hashtag": item,
            "page": page,
            "stories": tagged_stories(item) if page.number == 1 else [],
        },
    )
