"""The database itself refuses changes to the audit log: SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from weerbaar.audit.models import AuditEvent, ChainHead

pytestmark = pytest.mark.django_db


def refused(sql: str, params: tuple | list = ()) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError:
        return True
    return False


@pytest.mark.parametrize(
    "change",
    [
        "actor_label = 'x'",
        "after = NULL",
        "sequence = sequence + 1000",
        "hash = prev_hash",
        "actor_ref = 12345",
        "organisation_id = NULL",
        "organisation_name = 'x'",
    ],
)
def test_raw_updates_are_refused(some_events, change):
    assert refused(f"UPDATE audit_auditevent SET {change}")  # noqa: S608


def test_raw_deletes_are_refused(some_events):
    assert refused("DELETE FROM audit_auditevent")
    last = AuditEvent.objects.order_by("-sequence").first()
    assert refused("DELETE FROM audit_auditevent WHERE id = %s", [last.pk])
    assert AuditEvent.objects.filter(pk=last.pk).exists()


def test_setting_the_actor_to_null_is_the_one_update_allowed(some_events, user_for):
    last = AuditEvent.objects.order_by("-sequence").first()
    assert refused(
        "UPDATE audit_auditevent SET actor_id = %s WHERE id = %s",
        [user_for("lezer").pk, last.pk],
    )
    assert not refused("UPDATE audit_auditevent SET actor_id = NULL WHERE id = %s", [last.pk])


def test_the_head_only_moves_forward_onto_the_next_event(some_events):
    head = ChainHead.objects.get()
    previous = AuditEvent.objects.get(sequence=head.sequence - 1)
    assert refused(
        "UPDATE audit_chainhead SET sequence = %s, hash = %s",
        [previous.sequence, previous.hash],
    )
    assert refused("UPDATE audit_chainhead SET sequence = sequence + 1")
    assert refused("UPDATE audit_chainhead SET hash = %s", ["f" * 64])
    assert refused("DELETE FROM audit_chainhead")


def test_the_guards_are_installed():
    from weerbaar.audit.guards import missing_guards

    assert missing_guards(connection) == []


def test_truncate_is_refused_on_postgresql(some_events):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; DELETE is refused instead")
    assert refused("TRUNCATE audit_auditevent")
    assert refused("TRUNCATE audit_chainhead")
    assert refused("TRUNCATE audit_auditevent CASCADE")
