"""Retention by the worker: closed incidents are anonymised (or deleted) after the period of
their category; closed signals after theirs. Open cases are never touched."""

from __future__ import annotations

import datetime

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from weerbaar.core.dates import add_months
from weerbaar.incidents import selectors, services
from weerbaar.incidents.access import settings_for
from weerbaar.incidents.models import CaseEvent, Incident, Signal, SignalMessage
from weerbaar.incidents.worker import run_pass

from .conftest import aware, report

REGISTERED = aware(2026, 2, 2, 9)
CLOSED = aware(2026, 3, 1, 12)


def closed_incident(world, category="agressie"):
    incident = report(world, when=REGISTERED, category=category, place="Balie", perpetrator="Jan")
    services.appoint_handler(incident, world.users["handler"], world.users["vpt"])
    services.record_contact(
        incident, world.users["handler"], "Gebeld", at=REGISTERED + datetime.timedelta(hours=5)
    )
    services.save_step(
        incident,
        services.StepInput(kind="aangifte", done_on=datetime.date(2026, 3, 1), note="Bij politie"),
        world.users["handler"],
    )
    services.add_attachment(
        incident,
        SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"),
        original_name="a.pdf",
        actor=world.users["handler"],
    )
    services.close_incident(incident, world.users["handler"], now=CLOSED)
    return incident


def test_add_months_clips_to_the_end_of_the_month():
    assert add_months(aware(2026, 1, 31), 1) == aware(2026, 2, 28)
    assert add_months(aware(2026, 11, 15), 3) == aware(2027, 2, 15)
    assert add_months(aware(2026, 3, 15), -24) == aware(2024, 3, 15)
    # Days that every month has are kept (an awareness session on 30 January, quarterly).
    assert add_months(datetime.date(2026, 1, 30), 3) == datetime.date(2026, 4, 30)


def test_a_closed_incident_is_anonymised_after_its_categorys_period(
    world, django_capture_on_commit_callbacks
):
    conf = settings_for(world.org)
    conf.retention_months = {"agressie": 12, "bedreiging": 60}
    conf.save()
    short = closed_incident(world, "agressie")
    long = closed_incident(world, "bedreiging")
    open_one = report(world, when=REGISTERED, category="agressie")
    file_name = short.attachments.get().file.name
    assert default_storage.exists(file_name)
    stats_before = selectors.statistics(
        world.org, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)
    )

    result = run_pass(now=aware(2027, 2, 28), organisations=[world.org])
    assert result.anonymised == 0  # not yet: 12 months after closing is 1 March 2027
    with django_capture_on_commit_callbacks(execute=True):
        result = run_pass(now=aware(2027, 3, 2), organisations=[world.org])
    assert result.anonymised == 1

    short.refresh_from_db()
    assert short.anonymised
    assert (short.description, short.place, short.perpetrator, short.contact_note) == (
        "",
        "",
        "",
        "",
    )
    assert short.victim is None and short.reporter is None and short.handler is None
    assert short.occurred_on == datetime.date(2026, 1, 1)  # the quarter only
    assert short.steps.get(kind="aangifte").note == ""
    assert not short.attachments.exists() and not default_storage.exists(file_name)
    assert not CaseEvent.objects.filter(incident=short).exists()
    # What the statistics need survives: quarter, category, time to contact, aangifte.
    assert selectors.clock(short).hours_to_contact == 5
    stats_after = selectors.statistics(
        world.org, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)
    )
    assert stats_after.as_json() == stats_before.as_json()

    long.refresh_from_db()
    open_one.refresh_from_db()
    assert not long.anonymised and long.description and not open_one.anonymised
    # A second pass changes nothing more.
    assert run_pass(now=aware(2027, 3, 3), organisations=[world.org]).anonymised == 0


def test_delete_instead_of_anonymise(world):
    conf = settings_for(world.org)
    conf.retention_action = "delete"
    conf.retention_months = {"agressie": 1}
    conf.save()
    incident = closed_incident(world)
    result = run_pass(now=aware(2026, 4, 2), organisations=[world.org])
    assert result.deleted == 1
    assert not Incident.objects.filter(pk=incident.pk).exists()


def test_closed_signals_are_anonymised_after_their_period(world):
    conf = settings_for(world.org)
    conf.signal_retention_months = 6
    conf.save()
    submitted = services.submit_signal(
        world.org,
        services.SignalInput(process="vergunningverlening", kind="approach", description="Geheim"),
    )
    signal = submitted.signal
    services.reporter_message(signal, "Aanvulling")
    services.close_signal(signal, "Dank", world.users["signals"])
    still_open = services.submit_signal(
        world.org, services.SignalInput(process="financien", kind="other", description="Open")
    ).signal
    later = datetime.datetime.combine(signal.closed_on, datetime.time(9))
    from django.utils import timezone

    run_pass(
        now=timezone.make_aware(later) + datetime.timedelta(days=150), organisations=[world.org]
    )
    signal.refresh_from_db()
    assert not signal.anonymised
    result = run_pass(
        now=timezone.make_aware(later) + datetime.timedelta(days=200), organisations=[world.org]
    )
    assert result.signals_anonymised == 1
    signal.refresh_from_db()
    assert signal.anonymised and signal.description == "" and signal.feedback == ""
    assert signal.code_hash == "" and not SignalMessage.objects.filter(signal=signal).exists()
    assert services.signal_for_code(world.org, submitted.code) is None
    assert signal.process == "vergunningverlening"  # counted in the statistics still
    assert not Signal.objects.get(pk=still_open.pk).anonymised
