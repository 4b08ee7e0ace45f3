from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate

from newsdesk.search import sqlite_index


def _ensure_index(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    # Once per migrate, after the app whose table carries the triggers (this app has no
    # models of its own, so Django sends it no post_migrate).
    if sender.label == "storage":
        sqlite_index.ensure_triggers(connections[using])


class SearchConfig(AppConfig):
    name = "newsdesk.search"
    label = "search"

    def ready(self) -> None:
        # A later migration of the article table can rebuild it on SQLite, which drops
        # the index's triggers: check them after every migrate.
        post_migrate.connect(_ensure_index, dispatch_uid="newsdesk.search.ensure_index")
