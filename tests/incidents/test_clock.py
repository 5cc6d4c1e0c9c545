"""The 48-hour clock with a frozen clock (each pass is given its moment) against a real SMTP
server: a reminder at 24 hours, an escalation to the secretaris at 48, each sent once."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from tests.factories import client_for_user
from weerbaar.incidents import selectors, services
from weerbaar.incidents.models import SentReminder
from weerbaar.incidents.worker import run_pass

from .conftest import aware, report

REGISTERED = aware(2026, 3, 2, 9, 0)


def run(world, when):
    return run_pass(now=when, organisations=[world.org])


def kinds(result):
    return [kind for _pk, kind, _to in result.sent]


def test_reminder_at_24_hours_and_escalation_at_48_each_once(smtp, world):
    incident = report(world, when=REGISTERED)
    services.appoint_handler(incident, world.users["handler"], world.users["vpt"])
    assert kinds(run(world, REGISTERED + datetime.timedelta(hours=23, minutes=59))) == []
    assert smtp.messages == []
    assert kinds(run(world, REGISTERED + datetime.timedelta(hours=24))) == ["reminder"]
    assert kinds(run(world, REGISTERED + datetime.timedelta(hours=30))) == []
    ((to, message),) = smtp.messages
    assert to == [world.users["handler"].email]
    assert message["Subject"].startswith("Herinnering: contact met het slachtoffer")
    body = message.get_content()
    assert f"/o/{world.org.slug}/incidenten/{incident.pk}/" in body
    assert "Dreigende beller" not in body  # case content never goes out by mail
    assert kinds(run(world, REGISTERED + datetime.timedelta(hours=48))) == ["escalation"]
    assert kinds(run(world, REGISTERED + datetime.timedelta(hours=72))) == []
    assert len(smtp.messages) == 2
    to, message = smtp.messages[1]
    assert to == sorted([world.users[k].email for k in ("handler", "secretaris", "vpt")])
    assert message["Subject"].startswith("Escalatie: na 48 uur geen contact")
    assert all(r.sent_at for r in SentReminder.objects.filter(incident=incident))


def test_no_handler_the_reminder_goes_to_the_vpt_coordinators(smtp, world):
    report(world, when=REGISTERED)
    run(world, REGISTERED + datetime.timedelta(hours=25))
    assert [to for to, _m in smtp.messages] == [[world.users["vpt"].email]]


def test_contact_in_time_stops_the_clock(smtp, world):
    incident = report(world, when=REGISTERED)
    services.appoint_handler(incident, world.users["handler"], world.users["vpt"])
    services.record_contact(
        incident, world.users["handler"], "Gebeld", at=REGISTERED + datetime.timedelta(hours=3)
    )
    assert kinds(run(world, REGISTERED + datetime.timedelta(hours=60))) == []
    assert smtp.messages == []
    state = selectors.clock(incident)
    assert state.state == "contacted_in_time" and state.hours_to_contact == 3


def test_a_missed_worker_catches_up_with_the_escalation_only(smtp, world):
    report(world, when=REGISTERED)
    assert kinds(run(world, REGISTERED + datetime.timedelta(hours=50))) == ["escalation"]
    assert len(smtp.messages) == 1


def test_a_restricted_incident_is_escalated_only_to_who_may_see_it(smtp, world):
    incident = report(world, when=REGISTERED, restricted=True, serious=True)
    services.appoint_handler(incident, world.users["handler"], world.users["secretaris"])
    run(world, REGISTERED + datetime.timedelta(hours=49))
    assert [to for to, _m in smtp.messages] == [
        sorted([world.users["handler"].email, world.users["secretaris"].email])
    ]


def test_an_smtp_failure_is_retried_on_the_next_pass(smtp, world, settings):
    from tests.smtp import free_port

    report(world, when=REGISTERED)
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nobody listens: the connection is refused
    result = run(world, REGISTERED + datetime.timedelta(hours=25))
    assert result.failed == 1 and result.sent == []
    claim = SentReminder.objects.get(incident__organisation=world.org)
    assert claim.sent_at is None  # unconfirmed: retried by a later pass
    settings.EMAIL_PORT = working_port
    assert kinds(run(world, REGISTERED + datetime.timedelta(hours=26))) == ["reminder"]
    assert len(smtp.messages) == 1


def test_the_page_shows_the_time_left(world):
    incident = report(world)
    services.appoint_handler(incident, world.users["handler"], world.users["vpt"])
    state = selectors.clock(incident, now=incident.registered_at + datetime.timedelta(hours=10))
    assert (state.state, state.hours_left, state.minutes_left) == ("running", 38, 0)
    overdue = selectors.clock(incident, now=incident.registered_at + datetime.timedelta(hours=49))
    assert overdue.state == "overdue"
    url = reverse("incidents:detail", kwargs={"org": world.org.slug, "incident_id": incident.pk})
    body = client_for_user(world.users["handler"]).get(url).content.decode()
    assert "nog 47 uur en" in body


def test_the_worker_command_runs_the_clock(smtp, world):
    report(world, when=REGISTERED)
    out = StringIO()
    call_command("reminders", "run", "--now", "2026-03-03T10:00", stdout=out)
    assert "Incidents: 1 reminders or escalations sent" in out.getvalue()
    assert [to for to, _m in smtp.messages if world.org.slug in to[0]] == [
        [world.users["vpt"].email]
    ]


def test_the_incidents_run_command(smtp, world):
    report(world, when=REGISTERED)
    out = StringIO()
    call_command("incidents", "run", "--now", "2026-03-04T10:00", stdout=out)
    assert "Incidents: " in out.getvalue() and " sent" in out.getvalue()
    assert [to for to, _m in smtp.messages if world.org.slug in to[0]][0][0].startswith(
        "secretaris@"
    )
