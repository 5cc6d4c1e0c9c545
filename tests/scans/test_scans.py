"""Organisations, roles and scans as a coordinator and others see them."""

from __future__ import annotations

import datetime

import pytest

from tests.factories import client_for_user, make_organisation, make_scan, make_user
from weerbaar.library.loader import current_version
from weerbaar.organisations.models import Role
from weerbaar.organisations.permissions import has_permission, visible_organisations
from weerbaar.scans.models import Scan

pytestmark = pytest.mark.django_db


def test_roles_see_the_right_organisations(user_for, voorbeeld, oosterveld):
    assert set(visible_organisations(user_for("coordinator"))) == {voorbeeld}
    assert set(visible_organisations(user_for("oosterveld"))) == {oosterveld}
    riec = set(visible_organisations(user_for("riec")))
    assert {voorbeeld, oosterveld} <= riec and riec == set(voorbeeld.region.organisations.all())
    assert voorbeeld in visible_organisations(user_for("beheerder"))


def test_permissions_per_role(user_for, voorbeeld):
    assert has_permission(user_for("coordinator"), voorbeeld, "scan.manage")
    assert has_permission(user_for("riec"), voorbeeld, "scan.manage")
    assert not has_permission(user_for("secretaris"), voorbeeld, "scan.manage")
    assert has_permission(user_for("secretaris"), voorbeeld, "scan.view_work")
    assert not has_permission(user_for("lezer"), voorbeeld, "scan.view_work")
    assert has_permission(user_for("lezer"), voorbeeld, "organisation.view")
    assert not has_permission(user_for("oosterveld"), voorbeeld, "organisation.view")


def test_single_organisation_user_goes_straight_to_it(client_for):
    response = client_for("coordinator").get("/")
    assert response.status_code == 302
    assert response["Location"] == "/o/voorbeeld/"


def test_riec_adviser_sees_the_region(client_for):
    body = client_for("riec").get("/").content.decode()
    for name in ("Gemeente Voorbeeld", "Gemeente Oosterveld", "Gemeente Dijkhuizen"):
        assert name in body


def test_dashboard_lists_scans(client_for, baseline_scan):
    body = client_for("lezer").get("/o/voorbeeld/").content.decode()
    assert baseline_scan.title in body
    assert "Nieuwe scan" not in body  # a lezer cannot start a scan


def test_coordinator_creates_a_baseline_scan(client_for, voorbeeld):
    version = current_version()
    response = client_for("coordinator").post(
        "/o/voorbeeld/scans/nieuw/",
        {
            "title": "Nieuwe 0-meting",
            "library_version": version.pk,
            "period_start": "2026-09-01",
            "period_end": "2026-12-01",
        },
    )
    scan = Scan.objects.get(title="Nieuwe 0-meting")
    assert response["Location"] == f"/o/voorbeeld/scans/{scan.pk}/"
    assert scan.kind == "nulmeting"
    assert scan.library_version == version
    assert scan.members.filter(task="coordinator").exists()


def test_bad_scan_input_keeps_what_was_entered(client_for):
    response = client_for("coordinator").post(
        "/o/voorbeeld/scans/nieuw/",
        {
            "title": "Mijn scan",
            "library_version": current_version().pk,
            "period_start": "2026-12-01",
            "period_end": "2026-01-01",
            "description": "Toelichting die niet verloren mag gaan",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Het einde van de periode ligt voor het begin." in body
    assert 'value="Mijn scan"' in body
    assert "Toelichting die niet verloren mag gaan" in body
    assert not Scan.objects.filter(title="Mijn scan").exists()


def test_invalid_date_gets_a_message_not_an_error(client_for):
    response = client_for("coordinator").post(
        "/o/voorbeeld/scans/nieuw/",
        {"title": "X", "library_version": "999999", "period_start": "morgen", "period_end": ""},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Controleer de gemarkeerde velden" in body
    assert 'value="X"' in body


def test_previous_scan_of_other_organisation_is_refused():
    from django.core.exceptions import ValidationError

    from weerbaar.scans.services import create_scan

    ours, theirs = make_organisation(), make_organisation()
    other = make_scan(theirs, created_by=make_user(role=Role.COORDINATOR, organisation=theirs))
    with pytest.raises(ValidationError) as exc:
        create_scan(
            organisation=ours,
            title="Stiekem",
            library_version=other.library_version,
            previous_scan=other,
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 2, 1),
        )
    assert "previous_scan" in exc.value.message_dict
    assert not Scan.objects.filter(title="Stiekem").exists()


def test_dashboard_leads_each_role_to_the_follow_up(client_for):
    secretaris = client_for("secretaris").get("/o/voorbeeld/").content.decode()
    assert "/o/voorbeeld/acties/overzicht/" in secretaris
    lezer = client_for("lezer").get("/o/voorbeeld/").content.decode()
    assert "/o/voorbeeld/voortgang/" in lezer and "/acties/" not in lezer
    assert "/o/voorbeeld/rapporten/" in lezer
    actiehouder = client_for("actiehouder").get("/o/voorbeeld/").content.decode()
    assert "/o/voorbeeld/acties/mijn/" in actiehouder


def test_status_moves_one_phase_at_a_time():
    org = make_organisation()
    coordinator = make_user(role=Role.COORDINATOR, organisation=org)
    scan = make_scan(org, created_by=coordinator, status="rapportage")
    client = client_for_user(coordinator)
    url = f"/o/{org.slug}/scans/{scan.pk}/status/"
    response = client.post(url, {"status": "voorbereiding"}, follow=True)
    scan.refresh_from_db()
    assert scan.status == "rapportage"
    assert "één fase vooruit of één fase terug" in response.content.decode()
    client.post(url, {"status": "opvolging"})
    scan.refresh_from_db()
    assert scan.status == "opvolging"


def test_lezer_cannot_change_status():
    org = make_organisation()
    scan = make_scan(org, status="rapportage")
    lezer = client_for_user(make_user(role=Role.LEZER, organisation=org))
    response = lezer.post(f"/o/{org.slug}/scans/{scan.pk}/status/", {"status": "opvolging"})
    assert response.status_code == 403
    scan.refresh_from_db()
    assert scan.status == "rapportage"


def test_a_scan_is_found_only_under_its_own_organisation():
    ours, theirs = make_organisation(), make_organisation()
    scan = make_scan(theirs)
    coordinator = client_for_user(make_user(role=Role.COORDINATOR, organisation=ours))
    assert coordinator.get(f"/o/{ours.slug}/scans/{scan.pk}/").status_code == 404
    assert coordinator.get(f"/o/{ours.slug}/scans/{make_scan(ours).pk}/").status_code == 200


def test_scan_page_shows_the_pinned_library_version(client_for, baseline_scan):
    body = client_for("secretaris").get(f"/o/voorbeeld/scans/{baseline_scan.pk}/").content.decode()
    assert baseline_scan.library_version.version in body
    assert "Veldwerk" in body


def test_min_cell_size_never_below_floor(voorbeeld):
    from django.core.exceptions import ValidationError

    voorbeeld.min_cell_size = 2
    with pytest.raises(ValidationError):
        voorbeeld.full_clean()
    assert voorbeeld.k == 3


def test_capabilities_add_their_link_to_the_organisation_page_for_permitted_roles(
    client_for,
):
    from weerbaar.scans.dashboard import DASHBOARD_LINKS, DashboardLink, register_dashboard_link

    register_dashboard_link(
        DashboardLink(
            key="test-members",
            order=99,
            label="Ledenlijst via registratie",
            url_name="organisations:members",
            permission="members.view",
        )
    )
    try:
        coordinator = client_for("coordinator")
        page = coordinator.get("/o/voorbeeld/").content.decode()
        assert "Ledenlijst via registratie" in page
        reader = client_for("lezer")
        assert "Ledenlijst via registratie" not in reader.get("/o/voorbeeld/").content.decode()
    finally:
        DASHBOARD_LINKS._entries.pop("test-members")
