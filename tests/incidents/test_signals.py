"""The signal channel: an anonymous reporter keeps no trace (no account, address, browser or
time) and talks with the handlers through a one-time code; need-to-know as for incidents."""

from __future__ import annotations

import datetime

from django.test import Client
from django.urls import reverse

from tests.factories import client_for_user
from weerbaar.audit.models import AuditEvent
from weerbaar.incidents import services
from weerbaar.incidents.models import CaseEvent, Signal, SignalMessage

SIGNAL = {
    "process": "vergunningverlening",
    "kind": "application",
    "description": "Drie aanvragen voor hetzelfde pand via hetzelfde adviesbureau.",
}


def submit_anonymously(world) -> tuple[Signal, str]:
    client = Client(REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Spoorzoeker/1.0")
    response = client.post(reverse("meldpunt:report", kwargs={"org": world.org.slug}), SIGNAL)
    assert response.status_code == 200
    signal = Signal.objects.get(organisation=world.org)
    code = response.context["code"]
    assert code in response.content.decode()  # shown once, to the reporter
    return signal, code


def test_an_anonymous_signal_stores_no_address_browser_time_or_person(world):
    audit_before = AuditEvent.objects.count()
    signal, code = submit_anonymously(world)
    stored = {f.name: getattr(signal, f.attname) for f in Signal._meta.concrete_fields}
    text = repr(stored)
    assert "203.0.113.77" not in text and "Spoorzoeker" not in text
    assert signal.reporter is None and signal.anonymous
    # Only a date: no field of the signal or its messages holds a time of day.
    for model in (Signal, SignalMessage):
        assert not [
            f.name for f in model._meta.concrete_fields if f.get_internal_type() == "DateTimeField"
        ]
    assert isinstance(signal.received_on, datetime.date)
    # Nothing in the audit log or the case events says when it came in.
    assert AuditEvent.objects.count() == audit_before
    assert not CaseEvent.objects.filter(signal=signal).exists()
    # The code itself is not stored, only its hash.
    assert code.replace("-", "") not in text


def test_the_dialogue_with_the_one_time_code(world):
    signal, code = submit_anonymously(world)
    handler = world.users["signals"]
    services.handler_message(signal, "Dank u. Weet u welk adviesbureau?", handler)
    url = reverse("meldpunt:dialogue", kwargs={"org": world.org.slug})
    reporter = Client()
    assert reporter.get(url).status_code == 200
    wrong = reporter.post(url, {"code": "AAAAA-BBBBB-CCCCC-DDDDD"})
    assert wrong.status_code == 400
    assert "Deze code is onbekend" in wrong.content.decode()
    page = reporter.post(url, {"code": code.lower().replace("-", " ")})
    assert page.status_code == 200
    assert "Weet u welk adviesbureau?" in page.content.decode()
    added = reporter.post(url, {"code": code, "body": "Bureau De Wit, Stationsstraat."})
    assert added.status_code == 200
    assert "Uw aanvulling is verstuurd." in added.content.decode()
    assert list(signal.messages.values_list("from_reporter", "body")) == [
        (False, "Dank u. Weet u welk adviesbureau?"),
        (True, "Bureau De Wit, Stationsstraat."),
    ]
    services.close_signal(signal, "Doorgestuurd naar het RIEC; dank voor uw melding.", handler)
    closed = reporter.post(url, {"code": code})
    assert "Doorgestuurd naar het RIEC" in closed.content.decode()
    refused = reporter.post(url, {"code": code, "body": "Nog iets."})
    assert refused.status_code == 400
    assert "Dit signaal is afgesloten." in refused.content.decode()


def test_bad_input_on_the_public_page_keeps_what_was_typed(world):
    client = Client()
    url = reverse("meldpunt:report", kwargs={"org": world.org.slug})
    response = client.post(url, {**SIGNAL, "process": "onzin"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Controleer de gemarkeerde velden" in body
    assert SIGNAL["description"] in body
    assert not Signal.objects.filter(organisation=world.org).exists()


def test_need_to_know_for_signals(world):
    signal, _code = submit_anonymously(world)
    url = reverse("incidents:signal_detail", kwargs={"org": world.org.slug, "signal_id": signal.pk})
    for who in ("coordinator", "coordinator2", "secretaris", "vpt", "lezer", "beheerder", "riec"):
        response = client_for_user(world.users[who]).get(url)
        assert response.status_code == 302, who
    response = client_for_user(world.users["signals"]).get(url)
    assert response.status_code == 200
    assert SIGNAL["description"] in response.content.decode()
    read = AuditEvent.objects.filter(action=AuditEvent.Action.READ).order_by("-pk").first()
    assert read.actor == world.users["signals"] and read.after["what"] == "signal"
    # An appointed handler sees it too.
    services.triage_signal(
        signal,
        services.TriageInput(
            category="omkoping",
            urgency="high",
            forwarded_to=["riec"],
            actions_taken="Bibob-toets",
            handler=world.users["coordinator"],
        ),
        world.users["signals"],
    )
    assert client_for_user(world.users["coordinator"]).get(url).status_code == 200


def test_handlers_triage_answer_and_close_through_the_pages(world):
    signal, _code = submit_anonymously(world)
    client = client_for_user(world.users["signals"])
    kw = {"org": world.org.slug, "signal_id": signal.pk}
    response = client.post(
        reverse("incidents:signal_triage", kwargs=kw),
        {"category": "omkoping", "urgency": "high", "forwarded_to": ["riec", "police"]},
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == "in_progress" and signal.forwarded_to == ["police", "riec"]
    empty = client.post(reverse("incidents:signal_close", kwargs=kw), {"feedback": ""})
    assert empty.status_code == 400
    assert (
        client.post(reverse("incidents:signal_answer", kwargs=kw), {"body": "Dank"}).status_code
        == 302
    )
    assert (
        client.post(reverse("incidents:signal_close", kwargs=kw), {"feedback": "Klaar"}).status_code
        == 302
    )
    signal.refresh_from_db()
    assert signal.status == "closed" and signal.closed_on is not None
    assert list(CaseEvent.objects.filter(signal=signal).values_list("kind", flat=True)) == [
        "signal_triaged",
        "signal_answered",
        "signal_closed",
    ]
    # Someone who is not a handler cannot act on it.
    other = client_for_user(world.users["coordinator2"])
    assert (
        other.post(reverse("incidents:signal_answer", kwargs=kw), {"body": "x"}).status_code == 302
    )
    assert signal.messages.count() == 1


def test_a_member_reports_with_or_without_their_name(world):
    lezer = world.users["lezer"]
    client = client_for_user(lezer)
    url = reverse("incidents:signal_create", kwargs={"org": world.org.slug})
    assert client.post(url, {**SIGNAL, "anonymous": "on"}).status_code == 200
    anonymous = Signal.objects.get(organisation=world.org)
    assert anonymous.reporter is None and anonymous.anonymous
    assert client.post(url, SIGNAL).status_code == 200
    named = Signal.objects.exclude(pk=anonymous.pk).get(organisation=world.org)
    assert named.reporter == lezer and not named.anonymous
    listing = client.get(reverse("incidents:signal_list", kwargs={"org": world.org.slug}))
    body = listing.content.decode()
    assert f"/signalen/{named.pk}/" in body and f"/signalen/{anonymous.pk}/" not in body
    own = client.get(
        reverse("incidents:signal_detail", kwargs={"org": world.org.slug, "signal_id": named.pk})
    )
    assert own.status_code == 200
    assert "Beoordeling" not in own.content.decode()  # the reporter reads, does not triage


def test_the_meldpunt_is_kept_out_of_the_access_log():
    from weerbaar.core.logprivacy import is_respondent_path

    assert is_respondent_path("/meldpunt/voorbeeld/")
    assert is_respondent_path("https://weerbaar.example/meldpunt/voorbeeld/antwoorden/")
    assert not is_respondent_path("/o/voorbeeld/signalen/")
