"""Feed endpoints: the front page, a publisher, a hashtag, a story and a search."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from newsdesk.plaintext import one_line
from newsdesk.reading import listings
from newsdesk.search.engine import search as run_search
from newsdesk.search.query import QueryError, parse
from newsdesk.storage.models import Article
from newsdesk.syndication.channel import ITEMS, Channel, entries
from newsdesk.syndication.render import FORMATS, render

SITE = "newsdesk"


def base_url(request: HttpRequest) -> str:
    return settings.NEWSDESK_BASE_URL or request.build_absolute_uri("/").rstrip("/")


def _respond(
    request: HttpRequest, fmt: str, *, title: str, page: str, articles: list[Article]
) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("No such feed format.")
    base = base_url(request)
    title = one_line(title, 200)  # a search feed's title holds what the reader typed
    channel = Channel(
        title=f"{title} · {SITE}",
        description=f"{title}, as collected by {SITE}.",
        link=base + page,
        feed_stem=base + request.path.rsplit(".", 1)[0],
        items=entries(articles, base),
        feed_query=f"?{request.GET.urlencode()}" if request.GET else "",
    )
    return HttpResponse(render(channel, fmt), content_type=FORMATS[fmt])


@require_GET
@cache_control(public=True, max_age=300)
def front(request: HttpRequest, fmt: str) -> HttpResponse:
    return _respond(
        request,
        fmt,
        title="Latest news",
        page=reverse("front"),
        articles=listings.latest_articles(ITEMS),
    )


@require_GET
@cache_control(public=True, max_age=300)
def source(request: HttpRequest, source_id: str, fmt: str) -> HttpResponse:
    item = listings.find_source(int(source_id))
    if item is None:
        raise Http404("No such source.")
    return _respond(
        request,
        fmt,
        title=item.display_name,
        page=item.get_absolute_url(),
        articles=listings.source_articles(item, ITEMS),
    )


@require_GET
@cache_control(public=True, max_age=300)
def hashtag(request: HttpRequest, tag: str, fmt: str) -> HttpResponse:
    item = listings.find_hashtag(tag)
    if item is None:
        raise Http404("No such hashtag.")
    return _respond(
        request,
        fmt,
        title=f"#{item.display}",
        page=item.get_absolute_url(),
        articles=listings.hashtag_articles(item, ITEMS),
    )


@require_GET
@cache_control(public=True, max_age=300)
def story(request: HttpRequest, story_id: str, fmt: str) -> HttpResponse:
    item = listings.find_story(int(story_id))
    articles = listings.story_articles(item, ITEMS) if item else []
    if item is None or not articles:
        raise Http404("No such story.")
    return _respond(
        request,
        fmt,
        title=item.headline or f"Story {item.pk}",
        page=item.get_absolute_url(),
        articles=articles,
    )


@require_GET
@cache_control(public=True, max_age=300)
def search(request: HttpRequest, fmt: str) -> HttpResponse:
    raw = request.GET.get("q", "")
    try:
        query = parse(raw)
    except QueryError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    results = run_search(query, limit=ITEMS)
    return _respond(
        request,
        fmt,
        title=f"Search: {raw}" if raw else "Search",
        page=reverse("search") + "?" + request.GET.urlencode(),
        articles=[hit.article for hit in results.hits],
    )
