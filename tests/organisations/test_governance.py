"""Role governance: nobody gives themselves access to an organisation's data.

Attacks go through the real views with CSRF checks on, as the RIEC adviser and the platform
beheerder would send them; every change is audited, e-mailed and shown on the members page.
"""

from __future__ import annotations

import pytest
from django.core import mail

from tests.factories import (
    VerifiedClient,
    make_organisation,
    make_region,
    make_riec_adviser,
    make_user,
)
from weerbaar.audit.models import AuditEvent
from weerbaar.organisations.models import (
    Membership,
    MembershipRequest,
    Organisation,
    RequestStatus,
    Role,
)
from weerbaar.organisations.permissions import has_permission, roles_for, visible_organisations

pytestmark = pytest.mark.django_db


class CsrfClient:
    """A logged-in client that enforces CSRF and sends the token like a browser would."""

    def __init__(self, user) -> None:
        self.user = user
        self.client = VerifiedClient(enforce_csrf_checks=True)
        self.client.force_login(user)

    def get(self, url: str):
        return self.client.get(url)

    def post(self, url: str, data: dict | None = None):
        # Any page with a form sets the CSRF cookie; the home page has the language switch.
        self.client.get("/", follow=True)
        token = self.client.cookies["csrftoken"].value
        return self.client.post(url, {**(data or {}), "csrfmiddlewaretoken": token})


def members_url(org: Organisation) -> str:
    return f"/o/{org.slug}/leden/"


def decide_url(org: Organisation, req: MembershipRequest) -> str:
    return f"/o/{org.slug}/leden/verzoeken/{req.pk}/"


def fresh_roles(user, org: Organisation) -> set[str]:
    user.__dict__.pop("_weerbaar_roles", None)
    return roles_for(user, org)


# ----------------------------------------------------------------------------- self-promotion


def test_riec_adviser_cannot_make_themselves_coordinator(voorbeeld, user_for):
    riec = CsrfClient(user_for("riec"))
    assert riec.get("/o/voorbeeld/").status_code == 200  # RIEC advisers read
    for role in Role.values:
        response = riec.post(members_url(voorbeeld), {"email": riec.user.email, "role": role})
        assert response.status_code == 403
    assert not Membership.objects.filter(user=riec.user).exists()
    assert not MembershipRequest.objects.filter(email=riec.user.email).exists()
    assert not has_permission(riec.user, voorbeeld, "survey.raw")
    # Nor do they change k or the details of the municipalities they oversee.
    settings = riec.post("/o/voorbeeld/instellingen/", {"name": "Overgenomen", "min_cell_size": 3})
    assert settings.status_code == 403
    assert riec.get(members_url(voorbeeld)).status_code == 403


def test_riec_adviser_cannot_confirm_or_withdraw_roles(voorbeeld, user_for):
    riec = CsrfClient(user_for("riec"))
    req = MembershipRequest.objects.get(organisation=voorbeeld, status=RequestStatus.PENDING)
    assert riec.post(decide_url(voorbeeld, req), {"decision": "confirm"}).status_code == 403
    membership = Membership.objects.filter(organisation=voorbeeld).first()
    url = f"/o/voorbeeld/leden/{membership.pk}/intrekken/"
    assert riec.post(url).status_code == 403
    req.refresh_from_db()
    assert req.status == RequestStatus.PENDING
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_beheerder_cannot_make_themselves_coordinator_of_a_running_organisation(
    voorbeeld, user_for
):
    beheerder = CsrfClient(user_for("beheerder"))
    for role in Role.values:
        response = beheerder.post(
            members_url(voorbeeld), {"email": beheerder.user.email, "role": role}
        )
        assert response.status_code == 403
    assert not Membership.objects.filter(user=beheerder.user).exists()
    assert not MembershipRequest.objects.filter(email=beheerder.user.email).exists()
    assert Role.COORDINATOR not in fresh_roles(beheerder.user, voorbeeld)
    assert not has_permission(beheerder.user, voorbeeld, "survey.raw")


def test_beheerder_sets_up_the_first_coordinator_directly():
    org = make_organisation()
    beheerder = CsrfClient(make_user(superuser=True))
    response = beheerder.post(
        members_url(org), {"email": "Eerste@Gemeente.test", "role": Role.COORDINATOR}
    )
    assert response.status_code == 302
    first = Membership.objects.get(organisation=org, role=Role.COORDINATOR)
    assert first.user.email == "eerste@gemeente.test"
    assert [m.to for m in mail.outbox if "/wachtwoord/" in m.body] == [["eerste@gemeente.test"]]
    # After that the beheerder gives no more roles, not even a second coordinator.
    again = beheerder.post(
        members_url(org), {"email": beheerder.user.email, "role": Role.COORDINATOR}
    )
    assert again.status_code == 403
    assert not Membership.objects.filter(organisation=org, user=beheerder.user).exists()


def test_beheerders_request_waits_for_the_secretaris_and_grants_nothing():
    org = make_organisation()
    secretaris = make_user(role=Role.SECRETARIS, organisation=org)
    beheerder_user = make_user(superuser=True)
    beheerder = CsrfClient(beheerder_user)
    response = beheerder.post(
        members_url(org), {"email": beheerder_user.email, "role": Role.COORDINATOR}
    )
    assert response.status_code == 302
    req = MembershipRequest.objects.get(organisation=org)
    assert req.status == RequestStatus.PENDING
    # Pending grants nothing.
    assert not Membership.objects.filter(organisation=org, user=beheerder_user).exists()
    assert Role.COORDINATOR not in fresh_roles(beheerder_user, org)
    assert not has_permission(beheerder_user, org, "survey.raw")
    # The requester cannot confirm their own request.
    assert beheerder.post(decide_url(org, req), {"decision": "confirm"}).status_code == 403
    req.refresh_from_db()
    assert req.status == RequestStatus.PENDING
    # The secretaris can.
    response = CsrfClient(secretaris).post(decide_url(org, req), {"decision": "reject"})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == RequestStatus.REJECTED and req.decided_by == secretaris
    assert not Membership.objects.filter(organisation=org, user=beheerder_user).exists()


def test_beheerder_cannot_plant_a_confirmer():
    """A secretaris is confirmed too, so a made-up account cannot confirm the beheerder."""
    org = make_organisation()
    make_user(role=Role.COORDINATOR, organisation=org)
    beheerder = CsrfClient(make_user(superuser=True))
    response = beheerder.post(
        members_url(org), {"email": "handlanger@example.org", "role": Role.SECRETARIS}
    )
    assert response.status_code == 403
    assert not MembershipRequest.objects.filter(email="handlanger@example.org").exists()


# ----------------------------------------------------------------------------- confirmation


def test_a_new_coordinator_needs_someone_else_to_confirm():
    org = make_organisation()
    coordinator = make_user(role=Role.COORDINATOR, organisation=org)
    secretaris = make_user(role=Role.SECRETARIS, organisation=org)
    requester = CsrfClient(coordinator)
    response = requester.post(
        members_url(org),
        {"email": "Tweede@Gemeente.test", "full_name": "Tweede", "role": Role.COORDINATOR},
    )
    assert response.status_code == 302
    req = MembershipRequest.objects.get(organisation=org, email="tweede@gemeente.test")
    page = requester.get(members_url(org)).content.decode()
    assert "tweede@gemeente.test" in page and "Wacht op een ander" in page
    assert requester.post(decide_url(org, req), {"decision": "confirm"}).status_code == 403
    assert not Membership.objects.filter(
        organisation=org, user__email="tweede@gemeente.test"
    ).exists()
    assert not visible_organisations(req.requested_by).exclude(pk=org.pk).exists()

    confirmer = CsrfClient(secretaris)
    assert (
        "Bevestigen voor tweede@gemeente.test" in confirmer.get(members_url(org)).content.decode()
    )
    mail.outbox.clear()
    assert confirmer.post(decide_url(org, req), {"decision": "confirm"}).status_code == 302
    granted = Membership.objects.get(organisation=org, user__email="tweede@gemeente.test")
    assert granted.role == Role.COORDINATOR
    # The new coordinator is told (a link to choose a password); the overseers are told too.
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert "tweede@gemeente.test" in recipients
    assert coordinator.email in recipients and secretaris.email in recipients
    # A decided request cannot be decided again.
    again = confirmer.post(decide_url(org, req), {"decision": "reject"})
    assert again.status_code == 403
    assert Membership.objects.filter(pk=granted.pk).exists()


def test_the_person_named_cannot_confirm_their_own_promotion():
    org = make_organisation()
    coordinator = make_user(role=Role.COORDINATOR, organisation=org)
    secretaris = make_user(role=Role.SECRETARIS, organisation=org)
    other = make_user(role=Role.COORDINATOR, organisation=org)
    CsrfClient(coordinator).post(
        members_url(org), {"email": secretaris.email, "role": Role.COORDINATOR}
    )
    req = MembershipRequest.objects.get(organisation=org)
    refused = CsrfClient(secretaris).post(decide_url(org, req), {"decision": "confirm"})
    assert refused.status_code == 403
    req.refresh_from_db()
    assert req.status == RequestStatus.PENDING
    assert CsrfClient(other).post(decide_url(org, req), {"decision": "confirm"}).status_code == 302
    assert Membership.objects.filter(
        organisation=org, user=secretaris, role=Role.COORDINATOR
    ).exists()


def test_a_lone_coordinator_is_not_stuck_but_the_riec_adviser_still_cannot_decide():
    region_org = make_organisation(region=make_region())
    coordinator = make_user(role=Role.COORDINATOR, organisation=region_org)
    CsrfClient(coordinator).post(
        members_url(region_org), {"email": "secretaris@gemeente.test", "role": Role.SECRETARIS}
    )
    req = MembershipRequest.objects.get(organisation=region_org)
    riec = CsrfClient(make_riec_adviser(region_org.region))
    assert riec.post(decide_url(region_org, req), {"decision": "confirm"}).status_code == 403
    beheerder = CsrfClient(make_user(superuser=True))
    assert beheerder.post(decide_url(region_org, req), {"decision": "confirm"}).status_code == 302
    assert Membership.objects.filter(organisation=region_org, role=Role.SECRETARIS).exists()


def test_lezer_and_actiehouder_are_given_directly_by_the_coordinator():
    org = make_organisation()
    coordinator = CsrfClient(make_user(role=Role.COORDINATOR, organisation=org))
    response = coordinator.post(members_url(org), {"email": "raad@gemeente.test", "role": "lezer"})
    assert response.status_code == 302
    assert Membership.objects.filter(organisation=org, role="lezer").exists()
    assert not MembershipRequest.objects.filter(organisation=org).exists()


# ----------------------------------------------------------------------------- audit and mail


def test_membership_changes_are_audited_emailed_and_shown(voorbeeld, user_for):
    coordinator = CsrfClient(user_for("coordinator"))
    mail.outbox.clear()
    coordinator.post(members_url(voorbeeld), {"email": "nieuw@voorbeeld.demo", "role": "lezer"})
    membership = Membership.objects.get(organisation=voorbeeld, user__email="nieuw@voorbeeld.demo")
    created = AuditEvent.objects.get(
        object_type="organisations.Membership", object_id=str(membership.pk), action="create"
    )
    assert created.actor == coordinator.user and created.organisation == voorbeeld
    coordinator.post(f"/o/voorbeeld/leden/{membership.pk}/intrekken/")
    assert AuditEvent.objects.filter(
        object_type="organisations.Membership", object_id=str(membership.pk), action="delete"
    ).exists()
    overseers = {"coordinator@voorbeeld.demo", "secretaris@voorbeeld.demo"}
    change_mails = [m for m in mail.outbox if m.to[0] in overseers]
    assert {m.to[0] for m in change_mails} == overseers
    bodies = "\n".join(m.body for m in change_mails)
    assert "nieuw@voorbeeld.demo heeft de rol Lezer" in bodies
    assert "De rol Lezer (college, raad, rekenkamer) van nieuw@voorbeeld.demo is ingetrokken" in (
        bodies
    )
    page = CsrfClient(user_for("secretaris")).get(members_url(voorbeeld)).content.decode()
    assert "Geschiedenis" in page
    assert "van nieuw@voorbeeld.demo is ingetrokken" in page


def test_k_and_settings_changes_are_audited_emailed_and_shown(voorbeeld, user_for):
    coordinator = CsrfClient(user_for("coordinator"))
    mail.outbox.clear()
    data = {
        "name": voorbeeld.name,
        "cbs_code": voorbeeld.cbs_code,
        "inhabitants": voorbeeld.inhabitants or "",
        "province": voorbeeld.province,
        "min_cell_size": "7",
        "departments": "\n".join(voorbeeld.departments.values_list("name", flat=True)),
    }
    page = coordinator.get("/o/voorbeeld/instellingen/").content.decode()
    if 'name="lock_version"' in page:  # organisation settings are optimistically locked
        voorbeeld.refresh_from_db()
        data["lock_version"] = str(voorbeeld.lock_version)
    response = coordinator.post("/o/voorbeeld/instellingen/", data)
    assert response.status_code == 302
    event = AuditEvent.objects.filter(
        object_type="organisations.Organisation", object_id=str(voorbeeld.pk), action="update"
    ).first()
    assert event is not None
    assert event.before["min_cell_size"] == 5 and event.after["min_cell_size"] == 7
    text = "De minimale celgrootte k is gewijzigd van 5 in 7."
    recipients = {m.to[0] for m in mail.outbox if text in m.body}
    assert recipients == {"coordinator@voorbeeld.demo", "secretaris@voorbeeld.demo"}
    assert text in coordinator.get(members_url(voorbeeld)).content.decode()


def test_departments_are_audited(voorbeeld, user_for):
    from weerbaar.organisations import services

    before = AuditEvent.objects.filter(object_type="organisations.Department").count()
    services.set_departments(voorbeeld, ["Alleen deze"])
    assert AuditEvent.objects.filter(object_type="organisations.Department").count() > before
