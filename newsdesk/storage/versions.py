"""The page version: one counter that moves whenever what a public page shows may change.

Whole pages are cached for anonymous readers under the current value (see
``newsdesk.web.page_cache``). Every ``save()`` or delete of an article, story or source
moves it (signals, so the admin and the worker are covered alike); the worker moves it
once more after the set-based writes of an article's last stages (folding, tags,
story, related coverage), which send no signal.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.db.models.signals import post_delete, post_save

from newsdesk.storage.models import Article, PageVersion, Source, Story

PAGES = "pages"


def bump() -> None:
    """The pages' data changed: every cached page is stale from now on."""
    # One statement; the row is made on first use (a fresh database has none).
    if not PageVersion.objects.filter(name=PAGES).update(value=F("value") + 1):
        PageVersion.objects.get_or_create(name=PAGES, defaults={"value": 1})


def current() -> int:
    """The counter as committed now: one primary-key-sized read."""
    found = PageVersion.objects.filter(name=PAGES).values_list("value", flat=True).first()
    return int(found or 0)


def _changed(sender: type, **kwargs: Any) -> None:
    # A pending article is on no page: the feed's insertions need not move the version.
    instance = kwargs.get("instance")
    if isinstance(instance, Article) and instance.status == "pending" and kwargs.get("created"):
        return
    # In the writer's transaction: the new value and the new rows become visible
    # together, so no reader keeps old rows under the new value.
    bump()


def connect() -> None:
    for model in (Article, Story, Source):
        post_save.connect(
            _changed, sender=model, dispatch_uid=f"page-version-save-{model.__name__}"
        )
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"page-version-delete-{model.__name__}"
        )
