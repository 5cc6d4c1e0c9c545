"""Reporting an incident through the pages, bad input, and the demo in every state."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.factories import client_for_user
from weerbaar.incidents import selectors
from weerbaar.incidents.models import CaseEvent, Incident, Signal


def test_reporting_an_incident_starts_the_clock(world):
    client = client_for_user(world.users["reporter"])
    url = reverse("incidents:create", kwargs={"org": world.org.slug})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "category": "intimidatie",
            "occurred_on": "2026-03-01",
            "form": "at_home",
            "target_function": "Handhaver",
            "description": "Auto voor de deur, foto's gemaakt.",
            "victim": world.users["victim"].pk,
        },
    )
    incident = Incident.objects.get(organisation=world.org)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/incidenten/{incident.pk}/")
    assert incident.reporter == world.users["reporter"] and incident.victim == world.users["victim"]
    assert selectors.clock(incident).state == "running"
    assert CaseEvent.objects.filter(incident=incident, kind="incident_registered").exists()
    # The victim follows the incident.
    page = client_for_user(world.users["victim"]).get(response["Location"])
    assert "Auto voor de deur" in page.content.decode()
    assert "Incident geregistreerd" in page.content.decode()  # the history, in words


def test_bad_input_gets_a_dutch_message_and_loses_nothing(world):
    client = client_for_user(world.users["reporter"])
    url = reverse("incidents:create", kwargs={"org": world.org.slug})
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        url,
        {
            "category": "bedreiging",
            "occurred_on": tomorrow,
            "form": "phone",
            "target_function": "Baliemedewerker",
            "description": "Beller dreigde met geweld.",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "De datum van het incident ligt in de toekomst." in body
    assert "Beller dreigde met geweld." in body and 'value="Baliemedewerker"' in body
    missing = client.post(url, {"category": "bedreiging"})
    assert "Dit veld is verplicht." in missing.content.decode()
    assert not Incident.objects.filter(organisation=world.org).exists()


def test_a_step_with_a_bad_date_is_refused_on_the_same_page(world):
    from weerbaar.incidents import services

    from .conftest import report

    incident = report(world)
    services.appoint_handler(incident, world.users["handler"], world.users["vpt"])
    client = client_for_user(world.users["handler"])
    url = reverse("incidents:step", kwargs={"org": world.org.slug, "incident_id": incident.pk})
    response = client.post(
        url,
        {
            "step": "aangifte",
            "aangifte-kind": "aangifte",
            "aangifte-done_on": "2025-01-01",
            "aangifte-note": "Bij bureau Centrum",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Deze datum ligt vóór het incident." in body and "Bij bureau Centrum" in body
    ok = client.post(
        url,
        {
            "step": "aangifte",
            "aangifte-kind": "aangifte",
            "aangifte-done_on": "2026-03-02",
            "aangifte-note": "Bij bureau Centrum",
        },
    )
    assert ok.status_code == 302
    assert incident.steps.get(kind="aangifte").done_on == datetime.date(2026, 3, 2)
    summary = client.get(
        reverse("incidents:aangifte", kwargs={"org": world.org.slug, "incident_id": incident.pk})
    )
    assert "Dreigende beller." in summary.content.decode()
    letter = client.get(
        reverse("incidents:letter", kwargs={"org": world.org.slug, "incident_id": incident.pk})
    )
    assert "Geachte heer, mevrouw," in letter.content.decode()


def test_the_demo_has_incidents_and_signals_in_every_state(voorbeeld, user_for):
    incidents = Incident.objects.filter(organisation=voorbeeld)
    states = {selectors.clock(i).state for i in incidents}
    assert {"running", "overdue", "contacted_in_time", "contacted_late"} <= states
    assert incidents.filter(restricted=True).exists()
    assert incidents.filter(anonymised=True).exists()
    assert incidents.filter(closed_at__isnull=False, anonymised=False).exists()
    assert incidents.filter(attachments__isnull=False).exists()
    statuses = set(Signal.objects.filter(organisation=voorbeeld).values_list("status", flat=True))
    assert statuses == {"new", "in_progress", "closed"}
    assert Signal.objects.filter(organisation=voorbeeld, anonymous=False).exists()
    # The demo coordinator handles signals but does not see the incidents of others.
    client = client_for_user(user_for("coordinator"))
    body = client.get(reverse("incidents:list", kwargs={"org": "voorbeeld"})).content.decode()
    restricted = incidents.get(restricted=True)
    assert f"/incidenten/{restricted.pk}/" not in body


def test_every_member_finds_incidents_and_signals_from_the_organisation_page(client_for):
    for role in ("coordinator", "lezer", "actiehouder"):
        body = client_for(role).get("/o/voorbeeld/").content.decode()
        assert reverse("incidents:list", kwargs={"org": "voorbeeld"}) in body, role
        assert reverse("incidents:signal_list", kwargs={"org": "voorbeeld"}) in body, role
