"""Deploy check: the application must not run as the owner of the audit table.

The owner of a table can disable its triggers, truncate it or alter it, so the guards of the
audit log hold only against a runtime role that does not own it (see docs/operations.md,
"Database roles"). Run by ``weerbaar check --deploy``.
"""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

AUDIT_TABLE = "audit_auditevent"


def runtime_role_problem(using: str = DEFAULT_DB_ALIAS) -> str:
    """Why the database role in use could undo the audit log's guards ("" when it cannot)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.tableowner, current_user, pg_has_role(current_user, t.tableowner, 'MEMBER'),"
            " (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user)"
            " FROM pg_tables t WHERE t.tablename = %s AND t.schemaname = current_schema()",
            [AUDIT_TABLE],
        )
        row = cursor.fetchone()
    if row is None:
        return ""  # not migrated yet: the migration check reports that
    owner, user, member_of_owner, superuser = row
    if superuser:
        return f"the application connects as {user}, a superuser"
    if member_of_owner:
        return f"the application connects as {user}, which owns {AUDIT_TABLE} (owner: {owner})"
    return ""


def check_audit_table_owner(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    try:
        problem = runtime_role_problem()
    except DatabaseError as exc:
        return [
            checks.Warning(
                f"Could not check who owns the audit table: {exc}",
                id="weerbaar.W102",
            )
        ]
    if not problem:
        return []
    return [
        checks.Warning(
            f"The audit log's guards can be undone: {problem}; it can disable the triggers, "
            "truncate or alter the audit table.",
            hint="Run migrations as the owner and the application as a role with only INSERT "
            "and SELECT on the audit table (docs/operations.md, 'Database roles').",
            id="weerbaar.W101",
        )
    ]


def register() -> None:
    checks.register(check_audit_table_owner, checks.Tags.security, deploy=True)
