"""Tell a lost database apart from a broken item.

The steps record what goes wrong with one item (a page that will not parse, a stage
that crashes) on the item itself, so one bad item never stops the rest. A lost
database connection (PostgreSQL restarted, the network between worker and database
cut) says nothing about the item: recorded as the item's failure it would lose a good
article for good. So the steps ask ``database_lost`` first and, when it answers yes,
let the exception end the task: the queue runs it again (the broker's retries, the
recovery scan) once the database is back.
"""

from __future__ import annotations

from django.db import InterfaceError, OperationalError, connection


def database_lost(exc: BaseException) -> bool:
    """True when ``exc`` came from a database connection that no longer works.

    The dead connection is closed, so the next query (the task's own clean-up, the
    next task in this process) opens a new one instead of failing on the old one.
    SQLite's errors ("database is locked", "disk is full") leave its connection
    usable: they are the item's outcome, reported as before.
    """
    if not isinstance(exc, OperationalError | InterfaceError):
        return False
    if connection.is_usable():
        return False
    connection.close()
    return True
