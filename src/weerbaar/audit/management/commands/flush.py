"""``weerbaar flush``: Django's flush, which also empties the (otherwise guarded) audit log.

The audit log refuses DELETE and TRUNCATE in the database. Emptying the whole database
(test runs, throwaway databases) lifts those guards for the duration; on PostgreSQL only the
owner of the tables can do that, so the application's own role cannot.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections

from weerbaar.audit import guards


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        with guards.lifted(connection):
            super().handle(**options)
