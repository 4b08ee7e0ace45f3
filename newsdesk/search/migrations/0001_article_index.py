"""The full-text index of articles, kept in step by the database itself.

SQLite: an FTS5 table over the article table's title and the start of its body, with
triggers on insert, update and delete. PostgreSQL: an expression GIN index (no copy,
nothing to keep in step). Both read the same text; see ``newsdesk.search.index``.
"""

# ruff: noqa: S608 (constant DDL assembled from module constants; no outside value)
from django.db import migrations

from newsdesk.search.index import BODY_CHARS, FTS_TABLE, pg_document

BODY = f"substr({{row}}.body_text, 1, {BODY_CHARS})"

SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, body_text, "
    "content='storage_article', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    f"INSERT INTO {FTS_TABLE}(rowid, title, body_text) "
    f"SELECT id, title, {BODY.format(row='storage_article')} FROM storage_article",
    f"CREATE TRIGGER search_article_ai AFTER INSERT ON storage_article BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, title, body_text) "
    f"VALUES (new.id, new.title, {BODY.format(row='new')}); END",
    f"CREATE TRIGGER search_article_ad AFTER DELETE ON storage_article BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body_text) "
    f"VALUES ('delete', old.id, old.title, {BODY.format(row='old')}); END",
    # Only when the indexed text changed: status and bookkeeping saves cost nothing.
    f"CREATE TRIGGER search_article_au AFTER UPDATE OF title, body_text ON storage_article "
    f"WHEN old.title IS NOT new.title OR old.body_text IS NOT new.body_text BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body_text) "
    f"VALUES ('delete', old.id, old.title, {BODY.format(row='old')}); "
    f"INSERT INTO {FTS_TABLE}(rowid, title, body_text) "
    f"VALUES (new.id, new.title, {BODY.format(row='new')}); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_article_au",
    "DROP TRIGGER IF EXISTS search_article_ad",
    "DROP TRIGGER IF EXISTS search_article_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
PG_CREATE = [f"CREATE INDEX search_article_text ON storage_article USING gin ({pg_document()})"]
PG_DROP = ["DROP INDEX IF EXISTS search_article_text"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("storage", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": PG_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": PG_DROP}),
        )
    ]
