"""Whole public pages kept in the cache for anonymous readers, keyed by the page version.

At a year of news a front or story page costs tens of queries; most readers are not
signed in and see the same bytes. A page is kept under the current page version
(``newsdesk.storage.versions``: they move when an article is ready, edited or
removed, or a story or source changes), so a new article is on the front page on the first
request after it is ready (within ``versions.SEEN_SECONDS`` when another process wrote
it). ``PAGE_SECONDS`` bounds what the version does not track (a source's fetch log, "2
hours ago"): a kept page that old is rendered again by a thread of its own while readers
are still served the kept one (so a page nothing changed on never keeps a reader
waiting), and one nobody renewed within ``KEEP_SECONDS`` is rendered on the request.

Pages that show one article, story, source or hashtag depend on that one's counters
only, so an ingest keeps the rest of them. The API's two most asked reads are kept the
same way (they sit on the same counters).

Only a request that can be nobody in particular is served from the cache: no session
cookie (a signed-in reader always has one), no pending messages. Only a response that
is the same for every such reader is kept: a 200 that set no cookie and put no CSRF
token in a form. So a public page shows anonymous readers no form that posts: the
article page's "ask" form is a GET (``newsdesk.web.questions``), and the forms that
change a reader's own things (comments, follows, saves) are shown to signed-in
readers only, on pages rendered for them.
"""

from __future__ import annotations

import hashlib
import io
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from django.http import HttpRequest, HttpResponse

from newsdesk import config
from newsdesk.reading.articles import valid_id
from newsdesk.storage import versions

logger = logging.getLogger(__name__)

PAGE_SECONDS = 30
# A kept page older than PAGE_SECONDS whose counters have not moved is still served
# while a thread of its own renders it again (a reader never waits for the renewal of a
# page nothing changed on); one nobody renewed by then is rendered on the request.
KEEP_SECONDS = 4 * PAGE_SECONDS
# Renewals rendering at once per process (one more is not started: the next reader asks).
RENEWALS = 2
# A rendering that takes longer than this no longer holds back the other readers.
RENDER_SECONDS = 10
# The WSGI environment's mark of a renewal (no client can set a key with a dot in it).
RENEW = "newsdesk.renew"
# What a renewal copies of the reader's request: the address and the headers it sent.
RENEW_ENVIRON = frozenset(
    (
        "REQUEST_METHOD",
        "SCRIPT_NAME",
        "PATH_INFO",
        "QUERY_STRING",
        "SERVER_NAME",
        "SERVER_PORT",
        "SERVER_PROTOCOL",
        "REMOTE_ADDR",
        "wsgi.url_scheme",
        "wsgi.version",
        "wsgi.errors",
        "wsgi.multithread",
        "wsgi.multiprocess",
        "wsgi.run_once",
    )
)
_renewals = threading.BoundedSemaphore(RENEWALS)
# The header a test (or an operator with curl) reads to see whether the cache answered.
HIT_HEADER = "X-Page-Cache"
# How much of each article pages show, and whether a model writes summaries and briefings.
SHOWN_SETTINGS = ("NEWSDESK_DISPLAY_POLICY", "NEWSDESK_LLM_URL", "NEWSDESK_LLM_MODEL")


@dataclass(frozen=True, slots=True)
class KeptPage:
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    made: float  # time.time() when rendered


View = Callable[..., HttpResponse]
# The page-version counters a page depends on, from the view's keyword arguments.
Depends = Callable[[dict[str, Any]], list[str]]


def anonymous(request: HttpRequest) -> bool:
    """Nobody in particular: no session (so no sign-in) and no message waiting."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def page_key(request: HttpRequest, version: tuple[int, ...]) -> str:
    # Scheme and host: pages carry absolute links (canonical, feeds) built from them.
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    # Settings that change what a page shows (a restart with new ones, or a shared cache
    # that outlives one, never serves pages made under the old ones).
    where += "|" + "|".join(config.get(name) for name in SHOWN_SETTINGS)
    stamp = ".".join(str(v) for v in version)
    return f"page:{stamp}:{hashlib.sha256(where.encode()).hexdigest()[:40]}"


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # a form's token went into the page
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.modified)


def _kept_response(kept: KeptPage, how: str) -> HttpResponse:
    response = HttpResponse(kept.content, status=kept.status)
    for name, value in kept.headers:
        response[name] = value
    response[HIT_HEADER] = how
    return response


def _renew(environ: dict[str, Any]) -> None:
    """Render a page again through the whole site, as a reader's request would be (a
    thread of its own: its own database connection, closed when the response is)."""
    try:
        response = WSGIHandler()(environ, lambda status, headers, exc_info=None: None)
        for _ in response:
            pass
        response.close()
        connections.close_all()  # this thread's own, which ends here
    except Exception:
        logger.exception("renewing a kept page failed: %s", environ.get("PATH_INFO"))
    finally:
        _renewals.release()


def _renew_later(request: HttpRequest, lock_key: str) -> None:
    """Start rendering this page again unless a rendering of it is under way already
    (or ``RENEWALS`` are)."""
    if not cache.add(lock_key, True, RENDER_SECONDS):
        return
    if not _renewals.acquire(blocking=False):
        cache.delete(lock_key)
        return
    environ = {k: v for k, v in request.META.items() if k in RENEW_ENVIRON or k[:5] == "HTTP_"}
    environ.update({RENEW: lock_key, "wsgi.input": io.BytesIO(b"")})
    try:
        threading.Thread(target=_renew, args=(environ,), daemon=True).start()
    except RuntimeError:  # no thread to be had: the next reader asks again
        _renewals.release()
        cache.delete(lock_key)


def everything(kwargs: dict[str, Any]) -> list[str]:
    """A page that lists from every story and source: any change may show on it."""
    return [versions.PAGES]


def one_article(kwargs: dict[str, Any]) -> list[str]:
    """The article named by ``article_id`` (its page, or its API object: they show the
    same things, so they sit on the same counters); nothing for an id no article has."""
    text = str(kwargs.get("article_id", ""))
    if not text.isdigit() or not valid_id(int(text)):
        return []
    return versions.article_page(int(text))


def cached_for_anonymous(depends: Depends = everything) -> Callable[[View], View]:
    """Serve the view from the cache to anonymous readers while the counters it
    ``depends`` on (given the view's keyword arguments) have not moved.

    When they move, one request renders the page again; readers arriving while it
    does get the page as it was a moment ago (the newest kept one, whatever its
    version) instead of all rendering it at once. Nobody waits on another, and a page
    is never older than one rendering behind the data.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not anonymous(request):
                return view(request, *args, **kwargs)
            key = page_key(request, versions.current(depends(kwargs)))
            latest_key, lock_key = page_key(request, (-1,)), page_key(request, (-2,))
            # A renewal holds the page's lock already (it is the one rendering).
            mine = request.META.get(RENEW) == lock_key
            if not mine:
                kept = cache.get(key)
                if isinstance(kept, KeptPage):
                    # (A page kept by an older release has no time: renew it.)
                    if time.time() - getattr(kept, "made", 0.0) >= PAGE_SECONDS:
                        _renew_later(request, lock_key)
                    return _kept_response(kept, "hit")
                mine = cache.add(lock_key, True, RENDER_SECONDS)
            if not mine:
                last = cache.get(latest_key)
                if isinstance(last, KeptPage):
                    return _kept_response(last, "rendering")
            try:
                response = view(request, *args, **kwargs)
                if _keepable(request, response):
                    page = KeptPage(
                        response.status_code,
                        tuple(response.items()),
                        response.content,
                        time.time(),
                    )
                    cache.set_many({key: page, latest_key: page}, KEEP_SECONDS)
                    response[HIT_HEADER] = "miss"
            finally:
                if mine:
                    cache.delete(lock_key)
            return response

        return wrapper

    return decorate
