"""The append-only audit log of changes to scan data."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from tests.factories import make_organisation, make_scan, make_user
from weerbaar.audit.context import acting_as
from weerbaar.audit.models import AppendOnlyError, AuditEvent
from weerbaar.organisations.models import Role


@pytest.mark.django_db
def test_change_to_a_scan_is_logged_with_actor_before_and_after(
    baseline_scan, client_for, user_for
):
    client = client_for("coordinator")
    current = baseline_scan.status
    target = "analyse" if current == "rapportage" else None
    assert target, "demo scan is expected in phase rapportage"
    response = client.post(f"/o/voorbeeld/scans/{baseline_scan.pk}/status/", {"status": target})
    assert response.status_code == 302
    event = AuditEvent.objects.filter(
        object_type="scans.Scan", object_id=str(baseline_scan.pk)
    ).first()
    assert event.action == "update"
    assert event.actor == user_for("coordinator")
    assert event.before["status"] == "rapportage"
    assert event.after["status"] == "analyse"
    assert event.organisation == baseline_scan.organisation
    assert "status" in event.changed_fields()


@pytest.mark.django_db
def test_audit_events_cannot_be_changed_or_deleted():
    organisation = make_organisation()
    with acting_as(None, "test"):
        scan = make_scan(organisation)
        scan.title = "Nieuwe titel"
        scan.save()
    event = AuditEvent.objects.first()
    assert (event.object_id, event.organisation) == (str(scan.pk), organisation)
    event.actor_label = "someone else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(actor_label="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
def test_database_refuses_changes_to_the_audit_log(baseline_scan):
    """On PostgreSQL and on SQLite alike (triggers on both)."""
    with acting_as(None, "test"):
        baseline_scan.title = "Nog een titel"
        baseline_scan.save()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_label = 'x'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
    for change in ("organisation_id = NULL", "organisation_name = 'x'"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE audit_auditevent SET {change}")  # noqa: S608


@pytest.mark.django_db
def test_deleting_a_user_keeps_their_audit_trail(baseline_scan, user_for):
    from django.contrib.auth import get_user_model

    person = get_user_model().objects.create_user("tijdelijk@example.org", "x" * 14)
    with acting_as(person):
        baseline_scan.title = "Door tijdelijke gebruiker"
        baseline_scan.save()
    person.delete()
    event = AuditEvent.objects.filter(actor_label="tijdelijk@example.org").get()
    assert event.actor is None
    assert event.after["title"] == "Door tijdelijke gebruiker"


@pytest.mark.django_db
def test_audit_log_page_is_for_insiders(baseline_scan, client_for):
    url = f"/o/voorbeeld/scans/{baseline_scan.pk}/auditlog/"
    assert client_for("coordinator").get(url).status_code == 200
    assert client_for("secretaris").get(url).status_code == 200
    assert client_for("lezer").get(url).status_code == 403


@pytest.mark.django_db
def test_deleting_a_scan_records_the_deletion_of_its_members():
    organisation = make_organisation()
    coordinator = make_user(role=Role.COORDINATOR, organisation=organisation)
    with acting_as(None, "test"):
        scan = make_scan(organisation, created_by=coordinator)
        scan.delete()
    deleted = AuditEvent.objects.filter(action="delete", organisation=organisation)
    assert {e.object_type for e in deleted} == {"scans.Scan", "scans.ScanMember"}


@pytest.mark.django_db
def test_deleting_an_organisation_keeps_its_trail_and_records_the_cascade():
    organisation = make_organisation()
    coordinator = make_user(role=Role.COORDINATOR, organisation=organisation)
    with acting_as(None, "test"):
        scan = make_scan(organisation, created_by=coordinator)
        organisation_id, name, scan_id = organisation.pk, organisation.name, str(scan.pk)
        organisation.delete()
    connection.check_constraints()  # the events recorded during the cascade are valid rows
    trail = AuditEvent.objects.filter(object_type="scans.Scan", object_id=scan_id)
    assert [e.action for e in trail] == ["delete", "create"]
    for event in trail:
        assert (event.organisation_id, event.organisation_name) == (organisation_id, name)
    deleted = AuditEvent.objects.filter(action="delete", organisation_id=organisation_id)
    assert {e.object_type for e in deleted} >= {"scans.Scan", "scans.ScanMember"}
