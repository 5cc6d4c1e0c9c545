"""Events recorded before the hash chain existed are chained in order by the migration."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.audit.conftest import verify
from weerbaar.audit.hashing import GENESIS
from weerbaar.audit.models import AuditEvent, ChainHead


def migrate(target: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


@pytest.mark.django_db(transaction=True)
def test_existing_events_are_hashed_in_order():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("audit")
    migrate([("audit", "0003_organisation_reference")])
    try:
        with connection.cursor() as cursor:
            # Start empty: at 0003 SQLite has no guards and PostgreSQL allows TRUNCATE.
            if connection.vendor == "postgresql":
                cursor.execute("TRUNCATE audit_auditevent")
            else:
                cursor.execute("DELETE FROM audit_auditevent")
            for i in range(3):
                cursor.execute(
                    "INSERT INTO audit_auditevent (timestamp, actor_label, object_type, "
                    "object_id, object_repr, action, before, after, organisation_name) "
                    "VALUES (CURRENT_TIMESTAMP, 'vroeger', 'scans.Scan', %s, 'x', 'update', "
                    "NULL, %s, '')",
                    [str(i), '{"n": 1.0, "lijst": [1, 2]}'],
                )
    finally:
        migrate(latest)
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [(e.sequence, e.object_id) for e in events] == [(1, "0"), (2, "1"), (3, "2")]
    assert events[0].prev_hash == GENESIS
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert ChainHead.objects.get().sequence == 3
    code, out, err = verify()
    assert code == 0, err
    assert f"head 3:{events[-1].hash}" in out
