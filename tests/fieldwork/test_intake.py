"""Delegated intake: the afdelingshoofd sees only their own department; the coordinator merges."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from tests.test_isolation import SCOPED, fill_kwargs
from weerbaar.fieldwork.models import DepartmentIntake, IntakeStatus
from weerbaar.organisations.models import Department, Membership, Role
from weerbaar.registers.models import FunctionEntry, ProcessEntry

pytestmark = pytest.mark.django_db


def fill_url(intake):
    return reverse(
        "fieldwork:intake_fill", kwargs={"org": "voorbeeld", "departmentintake_id": intake.pk}
    )


def review_url(intake):
    return reverse(
        "fieldwork:intake_review", kwargs={"org": "voorbeeld", "departmentintake_id": intake.pk}
    )


def test_head_lands_on_their_own_intake(head_client, own_intake):
    response = head_client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("fieldwork:my_intakes", kwargs={"org": "voorbeeld"})
    page = head_client.get(response["Location"])
    assert page.status_code == 200
    assert fill_url(own_intake) in page.content.decode()
    fill = head_client.get(fill_url(own_intake))
    assert fill.status_code == 200
    assert "Vergunningen, Toezicht en Handhaving" in fill.content.decode()


def test_head_gets_404_for_another_department(head_client, other_intake):
    assert head_client.get(fill_url(other_intake)).status_code == 404
    response = head_client.post(
        fill_url(other_intake),
        {"action": "function", "function-name": "Boa", "function-incumbents": 1},
    )
    assert response.status_code == 404
    assert not other_intake.functions.filter(name="Boa").exists()


def test_head_sees_no_other_page_of_the_organisation(head_client, voorbeeld, own_intake):
    """Every organisation URL but their own intake is closed to the afdelingshoofd."""
    own = {
        reverse("fieldwork:my_intakes", kwargs={"org": "voorbeeld"}),
        fill_url(own_intake),
    }
    other_department = DepartmentIntake.objects.exclude(pk=own_intake.pk).first().department.name
    checked = 0
    for pattern, name, _callback in SCOPED:
        kwargs = fill_kwargs(pattern, voorbeeld)
        if "departmentintake_id" in kwargs:
            kwargs["departmentintake_id"] = (
                DepartmentIntake.objects.exclude(pk=own_intake.pk).first().pk
            )
        url = reverse(name, kwargs=kwargs)
        if url in own:
            continue
        response = head_client.get(url)
        assert response.status_code in {302, 403, 404, 405}, (url, response.status_code)
        if response.status_code == 302:
            assert response["Location"] not in {url}, url
            follow = head_client.get(response["Location"])
            assert follow.status_code in {403, 404} or response["Location"] in own, url
        assert other_department not in response.content.decode(), url
        checked += 1
    assert checked > 20


def test_head_fills_in_and_submits(head_client, own_intake):
    url = fill_url(own_intake)
    response = head_client.post(
        url,
        {
            "action": "process",
            "process-library_process_id": "PR-evenementenvergunning",
            "process-steps": "Aanvraag\nBesluit",
            "process-control_four_eyes": "on_paper",
        },
    )
    assert response.status_code == 302
    process = own_intake.processes.get(library_process_id="PR-evenementenvergunning")
    assert process.measures.get(control_type="four_eyes").state == "on_paper"

    # Neither a library process nor an own name: a Dutch message, the typed steps kept.
    response = head_client.post(
        url, {"action": "process", "process-steps": "Stap die ik niet kwijt wil"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Kies een proces uit de lijst of geef een eigen naam." in body
    assert "Stap die ik niet kwijt wil" in body

    response = head_client.post(
        url,
        {
            "action": "function",
            "function-name": "Toezichthouder evenementen",
            "function-incumbents": "2",
            "function-external_contact": "on",
        },
    )
    assert response.status_code == 302
    assert head_client.post(url, {"action": "submit"}).status_code == 302
    own_intake.refresh_from_db()
    assert own_intake.status == IntakeStatus.SUBMITTED

    # Submitted: nothing more is added.
    head_client.post(
        url, {"action": "function", "function-name": "Later", "function-incumbents": 1}
    )
    assert not own_intake.functions.filter(name="Later").exists()


def test_coordinator_invites_a_department_head(client_for, baseline_scan, voorbeeld):
    department = Department.objects.get(organisation=voorbeeld, name="Sociaal Domein")
    url = reverse(
        "fieldwork:intake_progress", kwargs={"org": "voorbeeld", "scan_id": baseline_scan.pk}
    )
    mail.outbox.clear()
    response = client_for("coordinator").post(
        url, {"department": department.pk, "email": "hoofd.sociaal@voorbeeld.demo"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(
        user__email="hoofd.sociaal@voorbeeld.demo", role=Role.AFDELINGSHOOFD
    )
    assert membership.department == department
    intake = DepartmentIntake.objects.get(scan=baseline_scan, department=department)
    assert intake.status == IntakeStatus.INVITED
    assert any(fill_url(intake) in m.body for m in mail.outbox)
    assert "Sociaal Domein" in client_for("coordinator").get(url).content.decode()


@pytest.mark.parametrize("role", ["secretaris", "lezer", "actiehouder", "riec"])
def test_only_managers_invite(client_for, baseline_scan, voorbeeld, role):
    department = Department.objects.get(organisation=voorbeeld, name="Sociaal Domein")
    url = reverse(
        "fieldwork:intake_progress", kwargs={"org": "voorbeeld", "scan_id": baseline_scan.pk}
    )
    response = client_for(role).post(url, {"department": department.pk, "email": "x@example.org"})
    assert response.status_code == 403
    assert not Membership.objects.filter(user__email="x@example.org").exists()


def submitted(baseline_scan):
    return DepartmentIntake.objects.get(scan=baseline_scan, status=IntakeStatus.SUBMITTED)


def test_coordinator_merges_a_submitted_intake(client_for, baseline_scan):
    intake = submitted(baseline_scan)
    before = ProcessEntry.objects.filter(scan=baseline_scan).count()
    response = client_for("coordinator").post(review_url(intake), {"action": "merge"})
    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.MERGED
    assert ProcessEntry.objects.filter(scan=baseline_scan).count() == before + 1
    entry = ProcessEntry.objects.filter(
        scan=baseline_scan, library_process_id="PR-brp", owner_department="Publiekszaken"
    ).latest("pk")
    assert entry.control_state("four_eyes") == "on_paper"
    assert FunctionEntry.objects.filter(
        scan=baseline_scan, name="Medewerker Burgerzaken", department="Publiekszaken"
    ).exists()
    # Merged once: a second merge adds nothing.
    client_for("coordinator").post(review_url(intake), {"action": "merge"})
    assert ProcessEntry.objects.filter(scan=baseline_scan).count() == before + 1


def test_coordinator_sends_back(client_for, baseline_scan):
    intake = submitted(baseline_scan)
    client_for("coordinator").post(review_url(intake), {"action": "send_back"})
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.IN_PROGRESS


@pytest.mark.parametrize("role", ["secretaris", "lezer", "actiehouder"])
def test_others_do_not_merge(client_for, baseline_scan, role):
    intake = submitted(baseline_scan)
    assert client_for(role).post(review_url(intake), {"action": "merge"}).status_code in {403, 404}
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.SUBMITTED


def test_coordinator_opening_the_fill_link_sees_the_review(client_for, own_intake):
    response = client_for("coordinator").get(fill_url(own_intake))
    assert response.status_code == 302
    assert response["Location"] == review_url(own_intake)
    assert (
        client_for("coordinator").post(fill_url(own_intake), {"action": "submit"}).status_code
        == 403
    )
