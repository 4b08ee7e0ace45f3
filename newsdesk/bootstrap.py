"""Django for the command line: settings, then ``django.setup()``, then migrations.

Commands import the models only after this has run, so their imports sit inside the
command functions (the lint test allows it in the command modules, for this reason).
"""

from __future__ import annotations

import os
import sys


def setup_django(migrate: bool = True) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    import django

    django.setup()
    if migrate:
        migrate_if_needed()


def migrate_if_needed() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print("Preparing the database…", file=sys.stderr)
        call_command("migrate", verbosity=0, interactive=False)
