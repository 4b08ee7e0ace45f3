"""A consistent copy of the live SQLite database, taken while the site runs.

SQLite's online backup API copies the database page by page; a writer that commits
meanwhile makes it restart from a consistent point, so the copy is always one
committed state (unlike copying the file, which can catch a half-written WAL). The
copy is checked (``PRAGMA integrity_check``) before it is reported done.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

PAGES_PER_STEP = 1024  # between steps the live site's writers get the database


class BackupError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Backup:
    source: Path
    target: Path
    bytes: int
    articles: int


def database_path() -> Path:
    if connection.vendor != "sqlite":
        raise BackupError(
            f"the database is {connection.vendor}: back it up with its own tools "
            "(pg_dump for PostgreSQL)."
        )
    return Path(connection.settings_dict["NAME"]).resolve()


def backup_sqlite(target: Path) -> Backup:
    source = database_path()
    target = target.expanduser().resolve()
    if target == source:
        raise BackupError("the backup must not overwrite the live database.")
    if target.exists():
        raise BackupError(f"{target} exists; choose a new file.")
    if not target.parent.is_dir():
        raise BackupError(f"no such directory: {target.parent}")
    live = sqlite3.connect(source, timeout=30)
    copy = sqlite3.connect(target)
    try:
        live.backup(copy, pages=PAGES_PER_STEP, sleep=0.005)
        # The copy is one file: a restore needs no -wal beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
        articles = copy.execute("SELECT COUNT(*) FROM storage_article").fetchone()[0]
    except sqlite3.Error as exc:
        copy.close()
        target.unlink(missing_ok=True)
        raise BackupError(f"backup failed: {exc}") from exc
    finally:
        live.close()
    copy.close()
    if verdict != "ok":
        target.unlink(missing_ok=True)
        raise BackupError(f"the copy failed its integrity check: {verdict}")
    return Backup(source, target, target.stat().st_size, articles)
