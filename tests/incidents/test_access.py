"""Need-to-know over every role: an incident is seen by its reporter, victim and handler, the
VPT coordinators and the configured roles; by nobody else, not even every coordinator."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import client_for_user
from weerbaar.audit.models import AuditEvent
from weerbaar.incidents import access, services
from weerbaar.incidents.access import settings_for
from weerbaar.organisations.models import Role

from .conftest import report

EVERYONE = [
    "coordinator",
    "coordinator2",
    "secretaris",
    "actiehouder",
    "lezer",
    "onderzoeker",
    "reporter",
    "victim",
    "handler",
    "vpt",
    "signals",
    "beheerder",
    "riec",
]

# Who sees an ordinary incident (handler appointed), a serious one and a restricted one.
ORDINARY = {"reporter", "victim", "handler", "vpt"}
SERIOUS = ORDINARY | {"secretaris"}
RESTRICTED = {"reporter", "victim", "handler", "secretaris"}


def _incident(world, **fields):
    incident = report(world, **fields)
    services.appoint_handler(
        incident,
        world.users["handler"],
        world.users["secretaris" if fields.get("restricted") else "vpt"],
    )
    return incident


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, ORDINARY),
        ({"serious": True}, SERIOUS),
        ({"serious": True, "restricted": True}, RESTRICTED),
    ],
    ids=["ordinary", "serious", "restricted"],
)
@pytest.mark.parametrize("who", EVERYONE)
def test_need_to_know_over_every_role(world, who, fields, expected):
    incident = _incident(world, **fields)
    user = world.users[who]
    detail = reverse("incidents:detail", kwargs={"org": world.org.slug, "incident_id": incident.pk})
    listing = reverse("incidents:list", kwargs={"org": world.org.slug})
    client = client_for_user(user)
    before = AuditEvent.objects.filter(action=AuditEvent.Action.READ).count()
    response = client.get(detail)
    listed = client.get(listing)
    if who == "onderzoeker":  # the external researcher sees nothing of the organisation
        assert response.status_code == 403 and listed.status_code == 403
        return
    assert listed.status_code == 200
    if who in expected:
        assert response.status_code == 200
        assert "Dreigende beller." in response.content.decode()
        assert detail in listed.content.decode()
        read = AuditEvent.objects.filter(action=AuditEvent.Action.READ).order_by("-pk").first()
        assert read.actor == user and read.object_id == str(incident.pk)
        assert read.after["what"] == "incident"
        assert "Dreigende" not in read.object_repr
    else:
        assert response.status_code == 302
        assert response["Location"] == listing
        assert detail not in listed.content.decode()
        assert AuditEvent.objects.filter(action=AuditEvent.Action.READ).count() == before
        # The documents of the incident are closed to them as well.
        for name in ("incidents:aangifte", "incidents:letter"):
            url = reverse(name, kwargs={"org": world.org.slug, "incident_id": incident.pk})
            assert client.get(url).status_code == 302


def test_a_configured_role_sees_every_incident_but_not_restricted_ones(world):
    ordinary = _incident(world)
    restricted = _incident(world, restricted=True, serious=True)
    coordinator = world.users["coordinator"]
    assert not access.can_see_incident(coordinator, ordinary)
    conf = settings_for(world.org)
    conf.all_roles = [Role.COORDINATOR.value]
    conf.save()
    assert access.can_see_incident(coordinator, ordinary)
    assert not access.can_see_incident(coordinator, restricted)


def test_a_missing_and_a_hidden_incident_get_the_same_answer(world):
    incident = _incident(world)
    client = client_for_user(world.users["coordinator"])
    hidden = client.get(
        reverse("incidents:detail", kwargs={"org": world.org.slug, "incident_id": incident.pk}),
        follow=True,
    )
    missing = client.get(
        reverse("incidents:detail", kwargs={"org": world.org.slug, "incident_id": 999999}),
        follow=True,
    )
    assert hidden.redirect_chain == missing.redirect_chain
    assert "bestaat niet of is niet voor u zichtbaar" in hidden.content.decode()


def test_only_handlers_record_contact_and_steps(world):
    incident = _incident(world, when=timezone.now() - datetime.timedelta(hours=1))
    url = reverse("incidents:contact", kwargs={"org": world.org.slug, "incident_id": incident.pk})
    moment = timezone.localtime() - datetime.timedelta(minutes=5)
    data = {"contact_at": moment.strftime("%Y-%m-%dT%H:%M"), "note": "Gebeld."}
    # The victim sees the incident but does not handle it.
    assert client_for_user(world.users["victim"]).post(url, data).status_code == 403
    assert client_for_user(world.users["coordinator"]).post(url, data).status_code == 302
    incident.refresh_from_db()
    assert incident.contact_at is None
    early = client_for_user(world.users["handler"]).post(
        url, {"contact_at": "2026-03-02T10:00", "note": "Gebeld."}
    )
    assert early.status_code == 400
    assert "Het contact ligt vóór de registratie." in early.content.decode()
    assert "Gebeld.</textarea>" in early.content.decode()  # nothing typed is lost
    response = client_for_user(world.users["handler"]).post(url, data)
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.contact_at is not None and incident.contact_note == "Gebeld."


def test_attachments_are_checked_and_downloads_audited(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    incident = _incident(world)
    handler = client_for_user(world.users["handler"])
    url = reverse("incidents:attach", kwargs={"org": world.org.slug, "incident_id": incident.pk})
    bad = handler.post(url, {"file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")})
    assert bad.status_code == 400
    assert "Dit soort bestand wordt hier niet aangenomen" in bad.content.decode()
    good = handler.post(url, {"file": SimpleUploadedFile("foto.pdf", b"%PDF-1.4\n%%EOF\n")})
    assert good.status_code == 302
    attachment = incident.attachments.get()
    download = reverse(
        "incidents:attachment",
        kwargs={
            "org": world.org.slug,
            "incident_id": incident.pk,
            "incidentattachment_id": attachment.pk,
        },
    )
    response = handler.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.READ, object_id=str(attachment.pk), actor=world.users["handler"]
    ).exists()
    assert client_for_user(world.users["coordinator"]).get(download).status_code == 302


def test_settings_only_for_the_secretaris_and_beheerder(world):
    url = reverse("incidents:settings", kwargs={"org": world.org.slug})
    for who, status in (
        ("secretaris", 200),
        ("beheerder", 200),
        ("coordinator", 403),
        ("vpt", 403),
    ):
        assert client_for_user(world.users[who]).get(url).status_code == status, who
    data = {
        "coordinators": [world.users["coordinator"].pk],
        "serious_roles": [Role.SECRETARIS.value],
        "signal_handlers": [world.users["signals"].pk],
        "retention_action": "anonymise",
        "signal_retention_months": 12,
        **{
            f"retention_{c}": 24
            for c in ("agressie", "bedreiging", "intimidatie", "benadering", "omkoping")
        },
    }
    response = client_for_user(world.users["secretaris"]).post(url, data)
    assert response.status_code == 302
    conf = settings_for(world.org)
    assert conf.coordinators == [world.users["coordinator"].pk]
    # Who may see cases is in the audit log, with the people named.
    change = AuditEvent.objects.filter(
        object_type="incidents.IncidentSettings", action=AuditEvent.Action.UPDATE
    ).latest("pk")
    assert change.before["coordinators"] == [world.users["vpt"].pk]
    assert change.after["coordinators"] == [world.users["coordinator"].pk]
    # Only members of the organisation can be named.
    outsider = client_for_user(world.users["secretaris"]).post(
        url, {**data, "coordinators": [world.users["riec"].pk]}
    )
    assert (
        outsider.status_code == 200 and "Selecteer een geldige keuze" in outsider.content.decode()
    )
    assert conf.months_for("agressie") == 24 and conf.signal_retention_months == 12
