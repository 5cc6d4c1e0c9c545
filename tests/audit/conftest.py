"""Helpers for the audit tests: record events, tamper with the table behind the guards."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.factories import make_organisation, make_scan
from weerbaar.audit import guards
from weerbaar.audit.context import acting_as

postgres_only = pytest.mark.postgres_only
needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (scripts/with-postgres.sh)"
)


def tamper(sql: str, params: tuple | list = ()) -> None:
    """Run ``sql`` with the database guards lifted, as an attacker with full access would.

    On PostgreSQL this needs the owner of the table (the test cluster's superuser); the
    change is rolled back with the test's transaction.
    """
    if connection.vendor == "postgresql":
        # A superuser session may skip all triggers (the guards and the foreign keys).
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            try:
                cursor.execute(sql, params)
            finally:
                cursor.execute("SET LOCAL session_replication_role = origin")
        return
    with guards.lifted(connection), connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify(*args: str) -> tuple[int, str, str]:
    """``weerbaar audit verify``: (exit code, stdout, stderr)."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def some_events(db):
    """A few new events at the end of the chain (the demo's are before them)."""
    organisation = make_organisation()
    with acting_as(None, "test"):
        scan = make_scan(organisation)
        for title in ("Een", "Twee", "Drie"):
            scan.title = title
            scan.save()
    return scan
