"""The SQLite side of the article index: an FTS5 table kept in step by triggers.

The triggers live on ``storage_article``. SQLite cannot alter most columns in place, so
Django rebuilds a table when a later migration changes it, and a rebuilt table has lost
its triggers: ``ensure_triggers`` (run after every ``migrate``) puts back what is missing
and rebuilds the index from the table, so search never silently stops following the
articles.
"""

# ruff: noqa: S608 (constant DDL assembled from module constants; no outside value)
from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

from newsdesk.search.index import BODY_CHARS, FTS_TABLE

BODY = f"substr({{row}}.body_text, 1, {BODY_CHARS})"

TABLE = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, body_text, "
    "content='storage_article', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    f"INSERT INTO {FTS_TABLE}(rowid, title, body_text) "
    f"SELECT id, title, {BODY.format(row='storage_article')} FROM storage_article",
]
TRIGGERS = {
    "search_article_ai": f"CREATE TRIGGER IF NOT EXISTS search_article_ai AFTER INSERT ON "
    f"storage_article BEGIN INSERT INTO {FTS_TABLE}(rowid, title, body_text) "
    f"VALUES (new.id, new.title, {BODY.format(row='new')}); END",
    "search_article_ad": f"CREATE TRIGGER IF NOT EXISTS search_article_ad AFTER DELETE ON "
    f"storage_article BEGIN INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body_text) "
    f"VALUES ('delete', old.id, old.title, {BODY.format(row='old')}); END",
    # Only when the indexed text changed: status and bookkeeping saves cost nothing.
    "search_article_au": f"CREATE TRIGGER IF NOT EXISTS search_article_au AFTER UPDATE OF "
    f"title, body_text ON storage_article "
    f"WHEN old.title IS NOT new.title OR old.body_text IS NOT new.body_text BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body_text) "
    f"VALUES ('delete', old.id, old.title, {BODY.format(row='old')}); "
    f"INSERT INTO {FTS_TABLE}(rowid, title, body_text) "
    f"VALUES (new.id, new.title, {BODY.format(row='new')}); END",
}
DROP = [
    "DROP TRIGGER IF EXISTS search_article_au",
    "DROP TRIGGER IF EXISTS search_article_ad",
    "DROP TRIGGER IF EXISTS search_article_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]


def ensure_triggers(connection: BaseDatabaseWrapper) -> bool:
    """Recreate missing triggers and rebuild the index; whether anything was missing."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE (type = 'trigger' AND name IN (%s, %s, %s)) "
            "OR (type = 'table' AND name = %s)",
            [*TRIGGERS, FTS_TABLE],
        )
        present = {row[0] for row in cursor.fetchall()}
        if FTS_TABLE not in present or present >= set(TRIGGERS):
            return False  # not migrated yet, or intact
        for statement in TRIGGERS.values():
            cursor.execute(statement)
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    return True
