"""The search page: the header's search box lands here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from newsdesk.search.engine import search
from newsdesk.search.query import QueryError, parse

PAGE_SIZE = 20
MAX_PAGE = 50


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), MAX_PAGE))
    except ValueError:
        return 1


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    page = _page_number(request.GET.get("page"))
    context: dict = {"q": raw, "title": f"Search: {raw}" if raw else "Search", "page": page}
    status = 200
    try:
        query = parse(raw)
    except QueryError as exc:
        context["error"] = str(exc)
        status = 400
    else:
        results = search(query, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        context.update(
            results=results,
            searched=not query.is_empty,
            previous_page=page - 1 if page > 1 else None,
            next_page=page + 1 if results.more and page < MAX_PAGE else None,
        )
    return render(request, "search/search.html", context, status=status)
