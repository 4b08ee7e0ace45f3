"""Fixtures for the reader apps: an article to talk under, readers, a moderator."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from newsdesk.discussion import spam
from newsdesk.discussion.moderators import MODERATORS
from newsdesk.storage.keys import text_key
from newsdesk.storage.models import Article, ArticleStatus, Source

PASSWORD = "correct horse battery staple 7"


def make_article(source: Source, slug: str, title: str, **fields) -> Article:
    url = f"{source.site_url}news/{slug}"
    return Article.objects.create(
        source=source,
        item_key=text_key(url),
        url=url,
        url_key=text_key(url),
        title=title,
        publisher=source.name,
        body_text="The council met on Tuesday and approved the flood barrier.",
        status=ArticleStatus.READY,
        sort_at=fields.pop("sort_at", timezone.now()),
        **fields,
    )


@pytest.fixture
def source(db) -> Source:
    return Source.objects.create(
        url="https://ledger.example/feed.xml",
        name="Calder Ledger",
        site_url="https://ledger.example/",
    )


@pytest.fixture
def article(source) -> Article:
    return make_article(source, "flood-barrier", "Council approves the flood barrier")


@dataclass
class Reader:
    user: object
    client: Client

    def comment(self, article_id: int, body: str, parent: int | None = None, **extra):
        data = {"body": body, "stamp": spam.form_stamp(article_id), "website": ""}
        if parent:
            data["parent"] = str(parent)
        return self.client.post(f"/articles/{article_id}/comments/", data, **extra)


def make_reader(name: str, *, staff: bool = False, address: str = "127.0.0.1") -> Reader:
    user = get_user_model().objects.create_user(
        name, f"{name}@example.org", PASSWORD, is_staff=staff
    )
    client = Client(REMOTE_ADDR=address)
    client.force_login(user)
    return Reader(user, client)


@pytest.fixture
def no_holding(settings):
    settings.NEWSDESK_COMMENT_HOLD_FIRST = 0


@pytest.fixture
def alice(db) -> Reader:
    return make_reader("alice")


@pytest.fixture
def bob(db) -> Reader:
    return make_reader("bob", address="127.0.0.2")


@pytest.fixture
def moderator(db) -> Reader:
    reader = make_reader("mod", staff=True, address="127.0.0.9")
    reader.user.groups.add(Group.objects.get(name=MODERATORS))
    return reader


@pytest.fixture
def roomy(settings):
    """Limits high enough for a test that posts a lot on purpose."""
    settings.NEWSDESK_COMMENTS_PER_MINUTE = 1000
    settings.NEWSDESK_COMMENTS_PER_MINUTE_PER_ADDRESS = 1000
