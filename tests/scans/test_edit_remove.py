"""A coordinator edits a scan, and removes it only while it holds no data (audited)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from weerbaar.audit.models import AuditEvent
from weerbaar.library.loader import current_version
from weerbaar.scans.models import Scan
from weerbaar.scans.services import create_scan

pytestmark = pytest.mark.django_db


@pytest.fixture
def empty_scan(voorbeeld, user_for):
    return create_scan(
        organisation=voorbeeld,
        title="Lege scan",
        library_version=current_version(),
        period_start=datetime.date(2030, 1, 1),
        period_end=datetime.date(2030, 6, 30),
        created_by=user_for("coordinator"),
    )


def url(name: str, scan) -> str:
    return reverse(name, kwargs={"org": "voorbeeld", "scan_id": scan.pk})


def test_the_edit_form_shows_the_stored_dates_and_saving_keeps_them(client_for, empty_scan):
    client = client_for("coordinator")
    page = client.get(url("scans:edit", empty_scan)).content.decode()
    assert 'value="2030-01-01"' in page and 'value="2030-06-30"' in page
    response = client.post(
        url("scans:edit", empty_scan),
        {
            "title": "Andere titel",
            "period_start": "2030-01-01",
            "period_end": "2030-06-30",
            "description": "",
            "lock_version": empty_scan.lock_version,
        },
    )
    assert response.status_code == 302
    empty_scan.refresh_from_db()
    assert empty_scan.title == "Andere titel"
    assert empty_scan.period_start == datetime.date(2030, 1, 1)


def test_an_end_before_the_start_is_a_clear_message(client_for, empty_scan):
    response = client_for("coordinator").post(
        url("scans:edit", empty_scan),
        {"title": "X", "period_start": "2030-06-01", "period_end": "2030-01-01"},
    )
    assert response.status_code == 200
    assert "Het einde van de periode ligt voor het begin." in response.content.decode()


def test_an_empty_scan_can_be_removed_and_the_removal_is_audited(client_for, empty_scan):
    pk = empty_scan.pk
    response = client_for("coordinator").post(
        url("scans:remove", empty_scan), {"lock_version": empty_scan.lock_version}
    )
    assert response.status_code == 302
    assert not Scan.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.DELETE, object_id=str(pk), object_repr="Lege scan"
    ).exists()


def test_a_scan_with_data_is_not_removed_and_the_page_says_why(client_for, baseline_scan):
    client = client_for("coordinator")
    response = client.post(
        url("scans:remove", baseline_scan), {"lock_version": baseline_scan.lock_version}
    )
    assert Scan.objects.filter(pk=baseline_scan.pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert "bevat al gegevens" in page
    assert "kan daarom niet worden verwijderd" in page


def test_only_a_coordinator_edits_or_removes(client_for, empty_scan):
    assert client_for("secretaris").get(url("scans:edit", empty_scan)).status_code == 403
    assert client_for("lezer").post(url("scans:remove", empty_scan)).status_code == 403
    assert Scan.objects.filter(pk=empty_scan.pk).exists()
