"""The hash chain: ``weerbaar audit verify`` finds every kind of tampering (SQLite and PostgreSQL).

Each test tampers with the table as someone with full database access would (guards lifted),
then checks that verify fails at the right event with a clear message and exit code 1.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import models

from tests.audit.conftest import tamper, verify
from weerbaar.audit.context import acting_as
from weerbaar.audit.hashing import GENESIS, event_hash
from weerbaar.audit.models import AppendOnlyError, AuditEvent, ChainHead

pytestmark = pytest.mark.django_db


def last() -> AuditEvent:
    return AuditEvent.objects.order_by("-sequence").first()


def test_events_are_chained_in_order(some_events):
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == GENESIS
    for before, event in zip(events, events[1:], strict=False):
        assert event.prev_hash == before.hash
        assert event.hash == event_hash(event)
    head = ChainHead.objects.get()
    assert (head.sequence, head.hash) == (events[-1].sequence, events[-1].hash)


def test_an_intact_chain_verifies_and_prints_its_head(some_events):
    code, out, err = verify()
    end = last()
    assert code == 0, err
    assert f"head {end.sequence}:{end.hash}" in out


def test_a_changed_event_is_found(some_events):
    target = last().sequence - 2
    tamper(
        "UPDATE audit_auditevent SET actor_label = 'iemand anders' WHERE sequence = %s", [target]
    )
    code, _out, err = verify()
    assert code == 1
    assert f"event {target} " in err and "was changed" in err


def test_changed_values_are_found(some_events):
    target = last().sequence
    tamper(
        "UPDATE audit_auditevent SET after = %s WHERE sequence = %s",
        ['{"title": "Vervalst"}', target],
    )
    code, _out, err = verify()
    assert code == 1 and f"event {target} " in err and "was changed" in err


def test_a_changed_actor_is_found(some_events, user_for):
    target = last().sequence
    tamper(
        "UPDATE audit_auditevent SET actor_id = %s WHERE sequence = %s",
        [user_for("coordinator").pk, target],
    )
    code, _out, err = verify()
    assert code == 1 and "actor" in err


def test_a_removed_event_is_found(some_events):
    target = last().sequence - 1
    tamper("DELETE FROM audit_auditevent WHERE sequence = %s", [target])
    code, _out, err = verify()
    assert code == 1
    assert f"event {target} is missing" in err


def _forge(sequence: int, prev_hash: str) -> AuditEvent:
    """A well-formed event with a correct hash, written around the chain logic."""
    forged = AuditEvent(
        sequence=sequence,
        actor_label="aanvaller",
        object_type="scans.Scan",
        object_id="1",
        object_repr="Vervalst",
        action="update",
        after={"title": "Vervalst"},
        prev_hash=prev_hash,
    )
    forged.hash = event_hash(forged)
    with acting_as(None, "test"):
        models.Model.save(forged, force_insert=True)
    return forged


def test_an_event_inserted_in_the_middle_is_found(some_events):
    end = last().sequence
    target = end - 1
    before = AuditEvent.objects.get(sequence=target - 1)
    # Make room by renumbering the events after the insertion point, then insert a forged
    # event with a correct hash over the right previous hash.
    tamper(
        "UPDATE audit_auditevent SET sequence = sequence + 1000000 WHERE sequence >= %s", [target]
    )
    tamper("UPDATE audit_auditevent SET sequence = sequence - 999999 WHERE sequence >= 1000000")
    _forge(target, before.hash)
    code, _out, err = verify()
    assert code == 1
    assert f"event {target + 1} " in err and "does not follow" in err


def test_an_event_added_at_the_end_is_found(some_events):
    end = last()
    _forge(end.sequence + 1, end.hash)
    code, _out, err = verify()
    assert code == 1 and "past the head" in err


def test_truncating_the_events_table_is_found(some_events):
    tamper("DELETE FROM audit_auditevent")
    code, _out, err = verify()
    assert code == 1 and "truncated" in err


def test_removing_the_last_events_is_found(some_events):
    end = last().sequence
    tamper("DELETE FROM audit_auditevent WHERE sequence >= %s", [end - 1])
    code, _out, err = verify()
    assert code == 1 and "truncated" in err


def test_emptying_both_tables_is_found_against_a_noted_head(some_events):
    end = last()
    noted = f"{end.sequence}:{end.hash}"
    tamper("DELETE FROM audit_auditevent")
    tamper("DELETE FROM audit_chainhead")
    assert verify()[0] == 0  # an empty log is a valid log ...
    code, _out, err = verify("--expect", noted)  # ... but not the one noted at the backup
    assert code == 1 and f"before the expected event {end.sequence}" in err


def test_a_rewritten_chain_is_found_against_a_noted_head(some_events):
    end = last()
    noted = f"{end.sequence}:{end.hash}"
    assert verify("--expect", noted)[0] == 0
    tamper("DELETE FROM audit_auditevent WHERE sequence = %s", [end.sequence])
    prev = AuditEvent.objects.get(sequence=end.sequence - 1)
    forged = _forge(end.sequence, prev.hash)
    tamper("UPDATE audit_chainhead SET sequence = %s, hash = %s", [forged.sequence, forged.hash])
    assert verify()[0] == 0  # a consistent rewrite of the end ...
    code, _out, err = verify("--expect", noted)  # ... differs from the noted head
    assert code == 1 and "rewritten" in err


def test_a_deleted_head_row_is_found(some_events):
    tamper("DELETE FROM audit_chainhead")
    code, _out, err = verify()
    assert code == 1 and "head row is missing" in err


def test_appending_refuses_to_restart_the_chain_without_its_head(some_events):
    from weerbaar.audit.models import ChainHeadMissing

    tamper("DELETE FROM audit_chainhead")
    with pytest.raises(ChainHeadMissing), acting_as(None, "test"):
        some_events.title = "Nog een"
        some_events.save()


def test_deleting_a_user_keeps_the_chain_intact(baseline_scan):
    person = get_user_model().objects.create_user("weg@example.org", "x" * 14)
    with acting_as(person):
        baseline_scan.title = "Door iemand die vertrekt"
        baseline_scan.save()
    person_id = person.pk
    person.delete()
    event = AuditEvent.objects.get(actor_label="weg@example.org")
    assert (event.actor_id, event.actor_ref) == (None, person_id)
    code, _out, err = verify()
    assert code == 0, err


def test_events_cannot_be_bulk_created():
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_create([AuditEvent(actor_label="x", action="read")])


def test_missing_guards_fail_verification(some_events):
    from django.db import connection

    from weerbaar.audit import guards

    assert guards.missing_guards(connection) == []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # ALTER TABLE needs no pending foreign key checks
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with guards.lifted(connection):
        assert guards.missing_guards(connection)
        code, _out, err = verify()
    assert code == 1 and "guard missing or disabled" in err
    assert verify()[0] == 0


def test_an_expected_head_must_be_well_formed():
    code, _out, err = verify("--expect", "zeven")
    assert code != 0 and "--expect" in err
