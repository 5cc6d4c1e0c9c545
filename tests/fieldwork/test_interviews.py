"""Interview notes are need-to-know: over every role, only the interviewers and the secretaris."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import client_for_user, make_user
from weerbaar.audit.models import AuditEvent
from weerbaar.fieldwork import selectors
from weerbaar.fieldwork.models import InterviewNote
from weerbaar.organisations.models import Role

pytestmark = pytest.mark.django_db

READERS = {"coordinator", "secretaris"}
NOT_READERS = ["beheerder", "riec", "actiehouder", "lezer", "oosterveld"]


def session_url(session):
    return reverse(
        "fieldwork:session", kwargs={"org": "voorbeeld", "interviewsession_id": session.pk}
    )


def note_text(session) -> str:
    return session.notes.first().text


@pytest.mark.parametrize("role", sorted(READERS))
def test_readers_see_the_notes_and_the_read_is_audited(client_for, user_for, held_session, role):
    before = AuditEvent.objects.filter(action=AuditEvent.Action.READ).count()
    response = client_for(role).get(session_url(held_session))
    assert response.status_code == 200
    assert note_text(held_session)[:30] in response.content.decode()
    event = AuditEvent.objects.filter(action=AuditEvent.Action.READ).latest("pk")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.READ).count() == before + 1
    assert event.actor == user_for(role)
    assert event.after["what"] == "interview_notes"


@pytest.mark.parametrize("role", NOT_READERS)
def test_other_roles_never_see_the_notes(client_for, held_session, role):
    response = client_for(role).get(session_url(held_session))
    assert response.status_code in {200, 403, 404}
    for note in held_session.notes.all():
        assert note.text[:30] not in response.content.decode()


def test_researcher_and_department_head_never_see_the_notes(held_session, head_client, user_for):
    from django.contrib.auth import get_user_model

    researcher = get_user_model().objects.get(email="onderzoeker@voorbeeld.demo")
    for client in (head_client, client_for_user(researcher)):
        response = client.get(session_url(held_session))
        assert response.status_code in {403, 404}
        assert note_text(held_session)[:30] not in response.content.decode()


def test_a_coordinator_who_does_not_hold_the_session_does_not_read(voorbeeld, held_session):
    other = make_user(role=Role.COORDINATOR, organisation=voorbeeld)
    client = client_for_user(other)
    response = client.get(session_url(held_session))
    assert response.status_code == 200
    assert note_text(held_session)[:30] not in response.content.decode()
    response = client.post(session_url(held_session), {"text": "Ingebroken", "norm_ids": ["D1.N1"]})
    assert response.status_code == 403
    assert not InterviewNote.objects.filter(text="Ingebroken").exists()


def test_secretaris_reads_but_does_not_write(client_for, held_session):
    response = client_for("secretaris").post(
        session_url(held_session), {"text": "Van de secretaris", "norm_ids": ["D1.N1"]}
    )
    assert response.status_code == 403
    assert not InterviewNote.objects.filter(text="Van de secretaris").exists()


def test_a_quote_must_be_marked_anonymised(client_for, held_session):
    response = client_for("coordinator").post(
        session_url(held_session),
        {
            "text": "Jan de Vries zei: dat doen we altijd zo",
            "norm_ids": ["D4.N1"],
            "is_quote": "on",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "geanonimiseerd" in body
    assert "Jan de Vries zei: dat doen we altijd zo" in body  # what was typed is kept
    assert not InterviewNote.objects.filter(text__startswith="Jan de Vries").exists()

    response = client_for("coordinator").post(
        session_url(held_session),
        {
            "text": "Een collega zei: dat doen we altijd zo",
            "norm_ids": ["D4.N1"],
            "is_quote": "on",
            "anonymised": "on",
        },
    )
    assert response.status_code == 302
    assert InterviewNote.objects.get(text__startswith="Een collega").anonymised


def test_selectors_give_no_note_text(baseline_scan, held_session):
    rows = selectors.interviews_for_norm(baseline_scan, held_session.notes.first().norm_ids[0])
    assert rows
    assert {r["function"] for r in rows} >= set(held_session.function_list)
    texts = [n.text for n in InterviewNote.objects.all()]
    for row in rows + selectors.conversation_partners(baseline_scan):
        assert set(row) == {"function", "kind_label", "held_on", "url"}
        assert not any(t[:20] in str(row.values()) for t in texts)
    partners = selectors.conversation_partners(baseline_scan)
    assert all(r["held_on"] is not None for r in partners)
    assert "Gemeentesecretaris" not in {r["function"] for r in partners}  # only planned


def test_session_needs_a_function(client_for, baseline_scan):
    url = reverse(
        "fieldwork:session_create", kwargs={"org": "voorbeeld", "scan_id": baseline_scan.pk}
    )
    response = client_for("coordinator").post(url, {"kind": "interview", "functions": " "})
    assert response.status_code == 200
    assert "functie" in response.content.decode()
    response = client_for("coordinator").post(
        url, {"kind": "interview", "functions": "Wethouder Financiën", "planned_on": "2026-12-01"}
    )
    assert response.status_code == 302


def test_no_other_app_reads_the_notes():
    """Exports, the API, reports and the regional view never touch the interview notes."""
    from pathlib import Path

    import weerbaar

    src = Path(weerbaar.__file__).parent
    offenders = [
        str(path.relative_to(src))
        for path in src.rglob("*.py")
        if "fieldwork" not in path.parts
        and ("InterviewNote" in (text := path.read_text(encoding="utf-8")) or "read_notes" in text)
    ]
    assert not offenders


def test_an_added_interviewer_reads_and_writes(client_for, voorbeeld, held_session):
    colleague = make_user(role=Role.COORDINATOR, organisation=voorbeeld)
    url = reverse(
        "fieldwork:session_edit",
        kwargs={"org": "voorbeeld", "interviewsession_id": held_session.pk},
    )
    current = [str(u.pk) for u in held_session.interviewers.all()]
    response = client_for("coordinator").post(
        url,
        {
            "kind": held_session.kind,
            "functions": held_session.functions,
            "held_on": held_session.held_on.isoformat(),
            "interviewers": [*current, str(colleague.pk)],
            "lock_version": held_session.lock_version,
        },
    )
    assert response.status_code == 302
    page = client_for_user(colleague).get(session_url(held_session))
    assert note_text(held_session)[:30] in page.content.decode()


def test_only_coordinators_can_be_interviewers(client_for, user_for, held_session):
    url = reverse(
        "fieldwork:session_edit",
        kwargs={"org": "voorbeeld", "interviewsession_id": held_session.pk},
    )
    response = client_for("coordinator").post(
        url,
        {
            "kind": held_session.kind,
            "functions": held_session.functions,
            "interviewers": [str(user_for("lezer").pk)],
            "lock_version": held_session.lock_version,
        },
    )
    assert response.status_code == 200
    assert not held_session.interviewers.filter(pk=user_for("lezer").pk).exists()


def test_the_audit_log_never_keeps_what_a_note_says(client_for, held_session):
    """The append-only log records the note's writing, editing and deletion, not its text."""
    import json

    secret = "De wethouder kreeg een envelop van de ontwikkelaar"
    client_for("coordinator").post(
        session_url(held_session), {"text": secret, "norm_ids": ["D4.N1"]}
    )
    note = InterviewNote.objects.get(text=secret)
    note.text = secret + " (bevestigd)"
    note.save()
    note.delete()
    events = AuditEvent.objects.filter(object_type__icontains="interviewnote")
    assert events.count() >= 3
    stored = json.dumps([[e.before, e.after] for e in events], default=str)
    assert "envelop" not in stored
    assert "redacted:" in stored
