"""Times every request into the page-latency histogram, labelled by route, not by URL."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from newsdesk.metrics.exposition import PAGE_SECONDS


class PageTimer:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        # The route pattern keeps the label set small (one per page kind, not per article).
        route = match.route if match is not None and match.route else "unmatched"
        method = request.method if request.method in {"GET", "HEAD", "POST"} else "other"
        PAGE_SECONDS.labels(route=route[:100], method=method).observe(time.perf_counter() - started)
        return response
