"""HTTP side of the Google Reader API (paths as the apps call them under /greader/).

Every view except ClientLogin needs ``Authorization: GoogleLogin auth=TOKEN``; every
edit is a POST carrying the write token ``T``. No view reads the session cookie, so
there is nothing for a cross-site request to ride on (hence ``csrf_exempt``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from newsdesk.greader import streams, tokens
from newsdesk.greader.items import item_json, states, usec
from newsdesk.greader.models import ItemState, ReaderSubscription
from newsdesk.reading import listings
from newsdesk.reading.cursors import CursorError, Position, decode_position, encode_position

MAX_IDS = 10_000
MAX_CONTENTS = 1_000
MAX_EDIT_IDS = 1_000
QUERY_TOKEN_NAMES = ("auth", "Auth", "access_token", "token")


def _text(body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")


def _unauthorized(bad_write_token: bool = False) -> HttpResponse:
    response = _text("Unauthorized", 401)
    if bad_write_token:
        response["X-Reader-Google-Bad-Token"] = "true"  # the apps fetch a new T and retry
    return response


def _values(request: HttpRequest, name: str) -> list[str]:
    """A parameter from the body and the query string (the apps use both)."""
    return request.POST.getlist(name) + request.GET.getlist(name)


def _value(request: HttpRequest, name: str, default: str = "") -> str:
    values = _values(request, name)
    return values[0] if values else default


def _number(request: HttpRequest, name: str, default: int, low: int, high: int) -> int | None:
    raw = _value(request, name)
    if not raw:
        return default
    try:
        return max(low, min(int(raw), high))
    except ValueError:
        return None


def reader_view(*, write: bool = False) -> Callable:
    def decorate(view: Callable) -> Callable:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if any(name in request.GET for name in QUERY_TOKEN_NAMES):
                return _unauthorized()  # a token in a URL ends up in logs: refused
            token = tokens.header_token(request)
            user = tokens.user_for(token) if token else None
            if token is None or user is None:
                return _unauthorized()
            if write:
                if request.method != "POST":
                    return _text("Use POST.", 405)
                if not tokens.write_token_ok(token, _value(request, "T")):
                    return _unauthorized(bad_write_token=True)
            request.reader_token = token  # type: ignore[attr-defined]
            return view(request, user, *args, **kwargs)

        return wrapper

    return decorate


@csrf_exempt
def client_login(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _text("Use POST.", 405)  # a password in a URL would end up in logs
    token = tokens.log_in(
        request,
        request.POST.get("Email", ""),
        request.POST.get("Passwd", ""),
        client=request.POST.get("client", "") or request.headers.get("User-Agent", ""),
    )
    if token is None:
        return _text("Error=BadAuthentication\n", 401)
    return _text(f"SID={token}\nLSID=null\nAuth={token}\n")


@reader_view()
def token(request: HttpRequest, user) -> HttpResponse:
    return _text(tokens.write_token(request.reader_token))  # type: ignore[attr-defined]


@reader_view()
def user_info(request: HttpRequest, user) -> JsonResponse:
    return JsonResponse(
        {
            "userId": str(user.pk),
            "userName": user.get_username(),
            "userProfileId": str(user.pk),
            "userEmail": user.email or "",
        }
    )


@reader_view()
def subscription_list(request: HttpRequest, user) -> JsonResponse:
    rows = []
    subs = list(streams.subscriptions(user).order_by("folder", "id"))
    followed = streams.followed_source_ids(user) - {s.source_id for s in subs}
    # Sources followed on the site appear as subscriptions without a folder.
    subs += [
        ReaderSubscription(user=user, source=source, created_at=source.created_at)
        for source in listings.sources_by_ids(followed)
    ]
    for sub in subs:
        source = sub.source
        rows.append(
            {
                "id": f"feed/{source.pk}",
                "title": sub.title or source.display_name,
                "categories": (
                    [{"id": streams.LABEL + sub.folder, "label": sub.folder}] if sub.folder else []
                ),
                "url": source.url,
                "htmlUrl": source.site_url or source.url,
                "iconUrl": "",
                "firstitemmsec": str(int(sub.created_at.timestamp() * 1000)),
            }
        )
    return JsonResponse({"subscriptions": rows})


@reader_view()
def tag_list(request: HttpRequest, user) -> JsonResponse:
    folders = (
        streams.subscriptions(user).exclude(folder="").values_list("folder", flat=True).distinct()
    )
    tags = [{"id": streams.STARRED}] + [
        {"id": streams.LABEL + name, "type": "folder"} for name in sorted(set(folders))
    ]
    return JsonResponse({"tags": tags})


@reader_view()
def unread_count(request: HttpRequest, user) -> JsonResponse:
    unread = streams.apply_filters(
        streams.reader_articles(user), user, streams.Filters(exclude=streams.READ)
    )
    rows = unread.order_by().values("source_id").annotate(n=Count("id"), newest=Max("sort_at"))
    counts = [
        {
            "id": f"feed/{r['source_id']}",
            "count": r["n"],
            "newestItemTimestampUsec": usec(r["newest"]),
        }
        for r in rows
    ]
    total = sum(r["count"] for r in counts)
    counts.append({"id": streams.READING_LIST, "count": total, "newestItemTimestampUsec": "0"})
    return JsonResponse({"max": total, "unreadcounts": counts})


def _stream_page(request: HttpRequest, user, stream: str, most: int):
    """The stream's articles for this request's filters and continuation, or an error."""
    count = _number(request, "n", 20, 1, most)
    older = _number(request, "ot", 0, 0, listings.LATEST_EPOCH)
    newer = _number(request, "nt", 0, 0, listings.LATEST_EPOCH)
    if count is None or older is None or newer is None:
        return _text("n, ot and nt must be whole numbers.", 400)
    try:
        queryset = streams.articles_for(user, stream)
    except streams.StreamError as exc:
        return _text(str(exc), 400)
    filters = streams.Filters(
        exclude=_value(request, "xt"),
        include=_value(request, "it"),
        older_than=older or None,
        newer_than=newer or None,
    )
    queryset = streams.apply_filters(queryset, user, filters)
    oldest_first = _value(request, "r") == "o"
    queryset = queryset.order_by(*(("sort_at", "id") if oldest_first else ("-sort_at", "-id")))
    continuation = _value(request, "c")
    if continuation:
        try:
            at = decode_position(continuation)
        except CursorError as exc:
            return _text(str(exc), 400)
        if oldest_first:
            queryset = queryset.filter(Q(sort_at__gt=at.at) | Q(sort_at=at.at, id__gt=at.id))
        else:
            queryset = queryset.filter(Q(sort_at__lt=at.at) | Q(sort_at=at.at, id__lt=at.id))
    rows = list(queryset[: count + 1])
    more = len(rows) > count
    rows = rows[:count]
    following = encode_position(Position(rows[-1].sort_at, rows[-1].pk)) if more else None
    return rows, following


@reader_view()
def stream_item_ids(request: HttpRequest, user) -> HttpResponse:
    page = _stream_page(request, user, _value(request, "s"), MAX_IDS)
    if isinstance(page, HttpResponse):
        return page
    rows, following = page
    body: dict[str, object] = {
        "itemRefs": [
            {"id": str(a.pk), "directStreamIds": [], "timestampUsec": usec(a.sort_at)} for a in rows
        ]
    }
    if following:
        body["continuation"] = following
    return JsonResponse(body)


def _items_response(
    request: HttpRequest, user, stream: str, rows: list, following: str | None
) -> JsonResponse:
    origin = request.build_absolute_uri("/").rstrip("/")
    folders = {s.source_id: (s.folder, s.title) for s in streams.subscriptions(user)}
    state = states(user, rows)
    items = []
    for article in rows:
        folder, title = folders.get(article.source_id, ("", ""))
        items.append(
            item_json(
                article,
                state.get(article.pk),
                folder,
                title or article.source.display_name,
                origin,
            )
        )
    body: dict[str, object] = {
        "direction": "ltr",
        "id": stream or streams.READING_LIST,
        "title": "newsdesk",
        "updated": int(timezone.now().timestamp()),
        "items": items,
    }
    if following:
        body["continuation"] = following
    return JsonResponse(body)


@reader_view()
def stream_contents(request: HttpRequest, user, stream: str = "") -> HttpResponse:
    stream = stream or _value(request, "s") or streams.READING_LIST
    page = _stream_page(request, user, stream, MAX_CONTENTS)
    if isinstance(page, HttpResponse):
        return page
    rows, following = page
    return _items_response(request, user, stream, rows, following)


@reader_view()
def stream_items_contents(request: HttpRequest, user) -> HttpResponse:
    wanted = [streams.parse_item_id(v) for v in _values(request, "i")[:MAX_CONTENTS]]
    ids = [i for i in wanted if i is not None]
    visible = streams.reader_articles(user).filter(pk__in=ids)
    by_id = {a.pk: a for a in visible}
    rows = [by_id[i] for i in dict.fromkeys(ids) if i in by_id]  # in the order asked
    return _items_response(request, user, streams.READING_LIST, rows, None)


def _set_state(user, article_ids: list[int], **flags: bool) -> None:
    now = timezone.now()
    existing = set(
        ItemState.objects.filter(user=user, article_id__in=article_ids).values_list(
            "article_id", flat=True
        )
    )
    ItemState.objects.filter(user=user, article_id__in=existing).update(updated_at=now, **flags)
    ItemState.objects.bulk_create(
        [
            ItemState(user=user, article_id=i, updated_at=now, **flags)
            for i in article_ids
            if i not in existing
        ],
        ignore_conflicts=True,
    )


@reader_view(write=True)
def edit_tag(request: HttpRequest, user) -> HttpResponse:
    wanted = [streams.parse_item_id(v) for v in _values(request, "i")[:MAX_EDIT_IDS]]
    ids = [i for i in wanted if i is not None]
    # Only the reader's own items: an id from elsewhere is silently not theirs to mark.
    ids = list(streams.reader_articles(user).filter(pk__in=ids).values_list("pk", flat=True))
    add = {streams.normalize(t) for t in _values(request, "a")}
    remove = {streams.normalize(t) for t in _values(request, "r")}
    for tag, value in [(t, True) for t in add] + [(t, False) for t in remove]:
        if tag == streams.READ:
            _set_state(user, ids, read=value)
        elif tag == streams.STARRED:
            _set_state(user, ids, starred=value)
        elif tag == streams.KEPT_UNREAD and value:
            _set_state(user, ids, read=False)
    return _text("OK")


@reader_view(write=True)
def mark_all_as_read(request: HttpRequest, user) -> HttpResponse:
    stream = _value(request, "s") or streams.READING_LIST
    try:
        queryset = streams.articles_for(user, stream)
    except streams.StreamError as exc:
        return _text(str(exc), 400)
    raw = _value(request, "ts")
    if raw:
        try:
            before = listings.from_epoch(int(raw) / 1_000_000)  # microseconds
        except ValueError:
            return _text("ts must be a whole number of microseconds.", 400)
        queryset = queryset.filter(sort_at__lte=before)
    unread = streams.apply_filters(queryset, user, streams.Filters(exclude=streams.READ))
    ids = list(unread.values_list("pk", flat=True))
    for start in range(0, len(ids), 1000):
        _set_state(user, ids[start : start + 1000], read=True)
    return _text("OK")
