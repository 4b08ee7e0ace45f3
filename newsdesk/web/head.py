"""HEAD wherever GET works: pages, ``/healthz``, the API, the image proxy.

Link checkers and uptime monitors ask with HEAD. Rather than teach every view (and
django-ninja's router, which routes by method) a second verb, the request is answered
as the GET it stands for and the body is dropped; the headers, Content-Length
included, stay those of the GET.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase


class HeadAsGetMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            response.close()  # a file or generator never read: release it
            response.streaming_content = []  # type: ignore[attr-defined]
        elif response.content:  # type: ignore[attr-defined]
            response["Content-Length"] = str(len(response.content))  # type: ignore[attr-defined]
            response.content = b""  # type: ignore[attr-defined]
        return response
