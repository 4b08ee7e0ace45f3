"""The full-text index of articles, kept in step by the database itself.

SQLite: an FTS5 table over the article table's title and the start of its body, with
triggers on insert, update and delete. PostgreSQL: an expression GIN index (no copy,
nothing to keep in step). Both read the same text; see ``newsdesk.search.index``.
"""

from django.db import migrations

from newsdesk.search import sqlite_index
from newsdesk.search.index import pg_document

SQLITE_CREATE = [*sqlite_index.TABLE, *sqlite_index.TRIGGERS.values()]
SQLITE_DROP = sqlite_index.DROP
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
