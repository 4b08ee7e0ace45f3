"""The Google Reader API end to end over HTTP, with the request sequences the apps send
(NetNewsWire's and Read You's Google Reader / FreshRSS accounts), on a live server."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from newsdesk.following.models import Follow, FollowKind
from newsdesk.greader.models import ItemState, ReaderSubscription, ReaderToken
from newsdesk.storage.models import Article

pytestmark = pytest.mark.django_db(transaction=True)

READING_LIST = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"


@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    def json(self):
        return json.loads(self.body)


def call(
    base: str,
    path: str,
    *,
    params: list[tuple[str, str]] | None = None,
    form: list[tuple[str, str]] | None = None,
    auth: str | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    url = f"{base}/greader/{path}"
    if params:
        url += "?" + urllib.parse.urlencode(params)
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data, headers=headers or {})
    if auth:
        request.add_header("Authorization", f"GoogleLogin auth={auth}")
    if data is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Reply(response.status, response.read(), dict(response.headers))
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.read(), dict(error.headers))


@dataclass
class App:
    """What a reader app keeps: the server address, the login token and T."""

    base: str
    auth: str = ""
    t: str = ""

    def login(self, email: str, password: str) -> Reply:
        reply = call(
            self.base,
            "accounts/ClientLogin",
            form=[("Email", email), ("Passwd", password), ("client", "NetNewsWire")],
        )
        if reply.status == 200:
            lines = dict(line.split("=", 1) for line in reply.body.decode().split("\n") if line)
            self.auth = lines["Auth"]
        return reply

    def get(self, path: str, **params: str) -> Reply:
        return call(self.base, f"reader/api/0/{path}", params=list(params.items()), auth=self.auth)

    def post(self, path: str, form: list[tuple[str, str]], **params: str) -> Reply:
        return call(
            self.base,
            f"reader/api/0/{path}",
            params=list(params.items()),
            form=form,
            auth=self.auth,
        )

    def token(self) -> str:
        reply = self.get("token")
        assert reply.status == 200
        self.t = reply.body.decode().strip()
        return self.t

    def ids(self, stream: str, **params: str) -> list[int]:
        reply = self.get("stream/items/ids", s=stream, n="1000", output="json", **params)
        assert reply.status == 200, reply.body
        return [int(r["id"]) for r in reply.json()["itemRefs"]]


@pytest.fixture
def reading_room(live_server):
    from tests.web.newsroom import build

    room = build()
    alice = User.objects.create_user("alice", "alice@example.org", "alice-pass-1")
    bob = User.objects.create_user("bob", "bob@example.org", "bob-pass-1")
    for article, folder in ((room.wire, "World"), (room.gazette, "World"), (room.museum, "")):
        ReaderSubscription.objects.get_or_create(user=alice, source=article.source, folder=folder)
    ReaderSubscription.objects.create(user=bob, source=room.observer.source, folder="Bob's")
    return room, alice, bob, live_server.url


def test_netnewswire_sequence(reading_room):
    room, _alice, _, base = reading_room
    app = App(base)
    assert app.login("alice@example.org", "alice-pass-1").status == 200
    app.token()
    tags = app.get("tag/list", output="json").json()["tags"]
    assert {"id": "user/-/label/World", "type": "folder"} in tags
    subs = app.get("subscription/list", output="json").json()["subscriptions"]
    assert {s["id"] for s in subs} == {
        f"feed/{a.source_id}" for a in (room.wire, room.gazette, room.museum)
    }
    world = next(s for s in subs if s["id"] == f"feed/{room.wire.source_id}")
    assert world["categories"] == [{"id": "user/-/label/World", "label": "World"}]
    assert world["url"] == room.wire.source.url
    unread = app.ids(READING_LIST, xt=READ)
    assert set(unread) == {room.wire.pk, room.gazette.pk, room.museum.pk}
    assert room.observer.pk not in unread  # bob's source, not alice's
    assert app.ids(STARRED) == []
    contents = app.post(
        "stream/items/contents", [("i", str(i)) for i in unread], output="json"
    ).json()
    items = {i["id"]: i for i in contents["items"]}
    wire = items[f"tag:google.com,2005:reader/item/{room.wire.pk:016x}"]
    assert wire["title"] == room.wire.title
    assert wire["alternate"][0]["href"] == room.wire.url
    assert wire["origin"]["streamId"] == f"feed/{room.wire.source_id}"
    assert "user/-/label/World" in wire["categories"] and READ not in wire["categories"]
    assert "Ostra" in wire["summary"]["content"]
    # Content leaves through the pipeline's sanitizer, whatever path stored it.
    Article.objects.filter(pk=room.gazette.pk).update(
        body_html='<p onclick="x()">Farmers<script>alert(1)</script><a href="javascript:y()">z</a></p>'
    )
    gazette = app.post("stream/items/contents", [("i", str(room.gazette.pk))]).json()["items"][0]
    content = gazette["summary"]["content"]
    assert "Farmers" in content
    assert all(bad not in content for bad in ("<script", "onclick", "javascript:"))
    # Pictures come through this site's proxy at absolute addresses (the app resolves a
    # relative one against the publisher's page); a tracking pixel never reaches the app.
    Article.objects.filter(pk=room.gazette.pk).update(
        body_html='<p>Farmers</p><img src="https://img.gazette.example/fields-wide.jpg" '
        'width="1200" height="800" alt="Fields"><img src="https://t.example/p.gif" width="1" '
        'height="1">'
    )
    gazette = app.post("stream/items/contents", [("i", str(room.gazette.pk))]).json()["items"][0]
    content = gazette["summary"]["content"]
    assert "img.gazette.example" not in content and "t.example" not in content
    assert content.count("<img") == 1 and 'alt="Fields"' in content
    (src,) = re.findall(r' src="([^"]+)"', content)
    (srcset,) = re.findall(r' srcset="([^"]+)"', content)
    srcs = [src] + [candidate.split(" ")[0] for candidate in srcset.split(", ")]
    assert srcs and all(src.startswith(f"{base}/media/") for src in srcs), srcs
    # Mark one read and one starred, as the app does when the reader opens and stars it.
    assert app.post("edit-tag", [("i", str(room.wire.pk)), ("a", READ), ("T", app.t)]).status == 200
    long_id = f"tag:google.com,2005:reader/item/{room.museum.pk:016x}"
    assert app.post("edit-tag", [("i", long_id), ("a", STARRED), ("T", app.t)]).status == 200
    assert room.wire.pk not in app.ids(READING_LIST, xt=READ)
    assert app.ids(STARRED) == [room.museum.pk]
    assert app.ids(READ) == [room.wire.pk]
    assert app.post("edit-tag", [("i", str(room.wire.pk)), ("r", READ), ("T", app.t)]).status == 200
    assert room.wire.pk in app.ids(READING_LIST, xt=READ)
    counts = app.get("unread-count", output="json").json()
    total = next(c for c in counts["unreadcounts"] if c["id"] == READING_LIST)
    assert total["count"] == 3


def test_read_you_sequence_with_continuations_and_mark_all(reading_room):
    room, _alice, _, base = reading_room
    app = App(base)
    app.login("alice", "alice-pass-1")
    info = app.get("user-info", output="json").json()
    assert info["userName"] == "alice" and info["userEmail"] == "alice@example.org"
    app.token()
    first = app.get(f"stream/contents/{READING_LIST}", n="2", output="json", xt=READ).json()
    assert len(first["items"]) == 2 and first["continuation"]
    rest = app.get(
        f"stream/contents/{READING_LIST}", n="2", output="json", xt=READ, c=first["continuation"]
    ).json()
    assert "continuation" not in rest
    seen = [i["id"] for i in first["items"] + rest["items"]]
    assert len(seen) == len(set(seen)) == 3
    oldest = app.ids(READING_LIST, r="o")
    assert oldest == sorted(oldest, key=lambda i: Article.objects.get(pk=i).sort_at)
    label = app.ids("user/-/label/World")
    assert set(label) == {room.wire.pk, room.gazette.pk}
    feed = app.ids(f"feed/{room.museum.source_id}")
    assert feed == [room.museum.pk]
    # Mark everything in the folder read up to now (microseconds, as Read You sends).
    now_usec = str(int(timezone.now().timestamp() * 1_000_000))
    reply = app.post(
        "mark-all-as-read", [("s", "user/-/label/World"), ("ts", now_usec), ("T", app.t)]
    )
    assert reply.status == 200 and reply.body == b"OK"
    assert app.ids(READING_LIST, xt=READ) == [room.museum.pk]
    older = app.ids(READING_LIST, ot=str(int((room.now - timedelta(hours=4)).timestamp())))
    assert older == [room.museum.pk]  # five hours old; the treaty articles are newer


def test_tokens_are_header_only_hashed_expiring_and_revocable(reading_room):
    room, alice, _, base = reading_room
    app = App(base)
    assert app.login("alice", "wrong-password").status == 401
    assert app.login("nobody@example.org", "alice-pass-1").status == 401
    assert (
        call(
            base, "accounts/ClientLogin", params=[("Email", "alice"), ("Passwd", "alice-pass-1")]
        ).status
        == 405
    )
    app.login("alice", "alice-pass-1")
    assert app.get("subscription/list").status == 200
    # Stored only as a hash.
    assert not ReaderToken.objects.filter(key_hash__contains=app.auth.split("/")[1]).exists()
    assert ReaderToken.objects.get(user=alice).key_hash != app.auth
    for bad in ("", "garbage", app.auth + "x", "1/" + "a" * 300):
        assert App(base, auth=bad).get("subscription/list").status == 401
    # A token in the query string is refused even when it is valid.
    query = call(base, "reader/api/0/subscription/list", params=[("auth", app.auth)])
    assert query.status == 401
    both = call(base, "reader/api/0/subscription/list", params=[("auth", app.auth)], auth=app.auth)
    assert both.status == 401
    # Edits need POST and the write token.
    app.token()
    assert app.get("edit-tag", i=str(room.wire.pk), a=READ, T=app.t).status == 405
    wrong = app.post("edit-tag", [("i", str(room.wire.pk)), ("a", READ), ("T", "wrong")])
    assert wrong.status == 401 and wrong.headers.get("X-Reader-Google-Bad-Token") == "true"
    assert not ItemState.objects.exists()
    # Expired and revoked tokens stop working.
    ReaderToken.objects.filter(user=alice).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert app.get("subscription/list").status == 401
    app.login("alice", "alice-pass-1")
    assert app.get("subscription/list").status == 200
    ReaderToken.objects.filter(user=alice).update(revoked=True)
    assert app.get("subscription/list").status == 401
    # A session cookie is no login here (so a cross-site form cannot use one).
    alice.is_staff = True
    alice.save()
    browser = Client()
    browser.force_login(alice)
    cookie = browser.cookies["sessionid"].value
    reply = call(base, "reader/api/0/subscription/list", headers={"Cookie": f"sessionid={cookie}"})
    assert reply.status == 401


def test_publishers_followed_on_the_site_are_in_the_reading_list(reading_room):
    room, _, bob, base = reading_room
    Follow.objects.create(user=bob, kind=FollowKind.SOURCE, key=str(room.museum.source_id))
    app = App(base)
    app.login("bob", "bob-pass-1")
    subs = {s["id"]: s for s in app.get("subscription/list").json()["subscriptions"]}
    assert set(subs) == {f"feed/{room.observer.source_id}", f"feed/{room.museum.source_id}"}
    assert subs[f"feed/{room.museum.source_id}"]["categories"] == []
    assert set(app.ids(READING_LIST)) == {room.observer.pk, room.museum.pk}
    assert app.ids(f"feed/{room.museum.source_id}") == [room.museum.pk]


def test_one_reader_cannot_see_or_mark_anothers_items(reading_room):
    room, _alice, _bob, base = reading_room
    alice_app, bob_app = App(base), App(base)
    alice_app.login("alice", "alice-pass-1")
    bob_app.login("bob", "bob-pass-1")
    bob_app.token()
    assert bob_app.ids(READING_LIST) == [room.observer.pk]
    # Bob asks for and edits Alice's items by id: nothing comes back, nothing changes.
    got = bob_app.post("stream/items/contents", [("i", str(room.wire.pk))], output="json").json()
    assert got["items"] == []
    bob_app.post("edit-tag", [("i", str(room.wire.pk)), ("a", STARRED), ("T", bob_app.t)])
    assert not ItemState.objects.filter(article=room.wire).exists()
    assert bob_app.ids(f"feed/{room.wire.source_id}") == []
    assert bob_app.ids("user/-/label/World") == []
    # Alice's write token does not work with Bob's login.
    alice_t = alice_app.token()
    reply = bob_app.post("edit-tag", [("i", str(room.observer.pk)), ("a", READ), ("T", alice_t)])
    assert reply.status == 401


def test_bad_parameters_are_400_not_500(reading_room):
    _room, _alice, _, base = reading_room
    app = App(base)
    app.login("alice", "alice-pass-1")
    app.token()
    for params in (
        {"s": READING_LIST, "n": "abc"},
        {"s": READING_LIST, "c": "tampered"},
        {"s": "user/-/state/com.google/nonsense"},
        {"s": READING_LIST, "ot": "x"},
    ):
        assert app.get("stream/items/ids", **params).status == 400, params
    huge = app.get("stream/items/ids", s=READING_LIST, n="1000000000", ot="99999999999999")
    assert huge.status == 200
    assert (
        app.post("mark-all-as-read", [("s", READING_LIST), ("ts", "soon"), ("T", app.t)]).status
        == 400
    )
    odd = app.post(
        "edit-tag", [("i", "-1"), ("i", "nope"), ("i", "9" * 40), ("a", READ), ("T", app.t)]
    )
    assert odd.status == 200 and not ItemState.objects.exists()
