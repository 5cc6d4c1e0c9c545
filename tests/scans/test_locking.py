"""A phase change chosen on an outdated scan page gets the conflict page, not a wrong move."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.editing import second_editor
from tests.factories import make_scan
from weerbaar.core.locking import ConflictError
from weerbaar.scans import services
from weerbaar.scans.models import Scan, ScanStatus

pytestmark = pytest.mark.django_db


def test_a_phase_chosen_on_an_outdated_page_gets_the_conflict_page(voorbeeld, client_for):
    scan = make_scan(voorbeeld)  # voorbereiding
    kwargs = {"org": voorbeeld.slug, "scan_id": scan.pk}
    status_url = reverse("scans:status", kwargs=kwargs)
    anna, bram = client_for("coordinator"), second_editor(voorbeeld)
    page = bram.get(reverse("scans:detail", kwargs=kwargs)).content.decode()
    assert f'name="lock_version" value="{scan.lock_version}"' in page
    # Anna moves the scan on twice ...
    version = scan.lock_version
    for target in (ScanStatus.FIELDWORK, ScanStatus.ANALYSIS):
        assert anna.post(status_url, {"status": target, "lock_version": version}).status_code == 302
        version = Scan.objects.get(pk=scan.pk).lock_version
    # ... while Bram's page still shows voorbereiding: his "forward" to veldwerk would now be
    # a step back from analyse.
    response = bram.post(
        status_url, {"status": ScanStatus.FIELDWORK, "lock_version": scan.lock_version}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Iemand anders heeft dit intussen opgeslagen" in body
    [row] = response.context["conflict"].rows
    assert (row.label, row.stored, row.submitted) == ("Fase", "Analyse", "Veldwerk")
    assert Scan.objects.get(pk=scan.pk).status == ScanStatus.ANALYSIS
    # Moving anyway is a deliberate choice based on the stored version.
    assert f'name="lock_version" value="{version}"' in body
    assert (
        bram.post(status_url, {"status": ScanStatus.FIELDWORK, "lock_version": version}).status_code
        == 302
    )
    assert Scan.objects.get(pk=scan.pk).status == ScanStatus.FIELDWORK


def test_service_refuses_an_outdated_phase_change(voorbeeld):
    scan = make_scan(voorbeeld)
    version = scan.lock_version
    services.change_status(scan, ScanStatus.FIELDWORK, expected_version=version)
    with pytest.raises(ConflictError):
        services.change_status(
            Scan.objects.get(pk=scan.pk), ScanStatus.ANALYSIS, expected_version=version
        )
    assert Scan.objects.get(pk=scan.pk).status == ScanStatus.FIELDWORK
