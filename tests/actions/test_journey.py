"""The follow-up overview measures from the latest completed self-assessment; a herhaalmeting
is offered only of a completed scan; editing an action keeps its due date."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from weerbaar.actions.overview import build_overview
from weerbaar.library.loader import current_version
from weerbaar.scans.models import ScanKind
from weerbaar.scans.services import create_scan

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_scan(voorbeeld):
    """A brand-new, empty scan: the newest of the organisation."""
    return create_scan(
        organisation=voorbeeld,
        title="Nieuwe lege scan",
        library_version=current_version(),
        period_start=datetime.date(2031, 1, 1),
        period_end=datetime.date(2031, 6, 30),
    )


def test_a_new_empty_scan_does_not_replace_the_measured_phases(voorbeeld):
    before = build_overview(voorbeeld)
    assert before.latest_scan is not None
    phases = [t.phase_now for t in before.pillars]
    create_scan(
        organisation=voorbeeld,
        title="Nieuwe lege scan",
        library_version=current_version(),
        period_start=datetime.date(2031, 1, 1),
        period_end=datetime.date(2031, 6, 30),
    )
    after = build_overview(voorbeeld)
    assert after.latest_scan == before.latest_scan
    assert [t.phase_now for t in after.pillars] == phases


def test_without_a_completed_assessment_the_overview_claims_no_phase(client_for, fresh_org):
    from tests.factories import client_for_user

    overview = build_overview(fresh_org["org"])
    assert overview.latest_scan is None
    body = client_for_user(fresh_org["secretaris"]).get(
        reverse("actions:overview", kwargs={"org": fresh_org["org"].slug})
    )
    text = body.content.decode()
    assert "nog niet beoordeeld" in text
    assert "Nog geen afgeronde zelfevaluatie" in text
    assert "Startend" not in text


def test_a_new_scan_offers_no_repeat_but_a_completed_one_does(client_for, new_scan, voorbeeld):
    client = client_for("coordinator")
    repeat_new = reverse("actions:repeat", kwargs={"org": "voorbeeld", "scan_id": new_scan.pk})
    detail = client.get(
        reverse("scans:detail", kwargs={"org": "voorbeeld", "scan_id": new_scan.pk})
    ).content.decode()
    assert repeat_new not in detail
    baseline = voorbeeld.scans.filter(kind=ScanKind.BASELINE).order_by("period_start").first()
    detail = client.get(
        reverse("scans:detail", kwargs={"org": "voorbeeld", "scan_id": baseline.pk})
    ).content.decode()
    assert reverse("actions:repeat", kwargs={"org": "voorbeeld", "scan_id": baseline.pk}) in detail


def test_a_repeat_of_a_new_scan_is_refused_with_a_reason(client_for, new_scan):
    client = client_for("coordinator")
    url = reverse("actions:repeat", kwargs={"org": "voorbeeld", "scan_id": new_scan.pk})
    assert "afgeronde scan" in client.get(url).content.decode()
    response = client.post(
        url, {"title": "Herhaling", "period_start": "2032-01-01", "period_end": "2032-06-30"}
    )
    assert response.status_code == 200
    assert "afgeronde scan" in response.content.decode()
    assert not new_scan.next_scans.exists()


def test_the_repeat_form_prefills_iso_dates(client_for, voorbeeld):
    baseline = voorbeeld.scans.filter(kind=ScanKind.BASELINE).order_by("period_start").first()
    url = reverse("actions:repeat", kwargs={"org": "voorbeeld", "scan_id": baseline.pk})
    body = client_for("coordinator").get(url).content.decode()
    expected = baseline.period_start.replace(year=baseline.period_start.year + 1)
    assert f'value="{expected.isoformat()}"' in body


def test_editing_an_action_without_touching_the_date_keeps_it(make_action, fresh_org):
    from tests.factories import client_for_user

    action = make_action(title="Datum blijft", due_date=datetime.date(2027, 6, 30))
    client = client_for_user(fresh_org["coordinator"])
    url = reverse("actions:edit", kwargs={"org": fresh_org["org"].slug, "action_id": action.pk})
    page = client.get(url).content.decode()
    assert 'value="2027-06-30"' in page
    assert "30-06-2027" not in page
