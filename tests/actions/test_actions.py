"""The action plan: status changes (audit-logged), owners, recommendations, scoping, bad input."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from weerbaar.actions import services
from weerbaar.actions.models import Action, ActionStatus
from weerbaar.assessment.models import Recommendation, RecommendationStatus
from weerbaar.audit.context import acting_as
from weerbaar.audit.models import AuditEvent

from .conftest import aware


def test_a_status_change_is_audit_logged_with_actor_before_and_after(make_action, fresh_org):
    action = make_action()
    owner = fresh_org["owner"]
    with acting_as(owner):
        services.change_status(action, ActionStatus.IN_PROGRESS, note="Gestart", user=owner)
    event = AuditEvent.objects.filter(
        object_type="actions.Action", object_id=str(action.pk), action="update"
    ).first()
    assert event is not None
    assert event.actor == owner
    assert event.before["status"] == "open" and event.after["status"] == "bezig"
    assert event.organisation == fresh_org["org"]
    note = action.notes.get()
    assert (note.status_from, note.status_to, note.text) == ("open", "bezig", "Gestart")


def test_dropping_an_action_needs_a_reason(make_action):
    action = make_action()
    with pytest.raises(ValidationError) as exc:
        services.change_status(action, ActionStatus.DROPPED, reason="  ")
    assert "reason" in exc.value.message_dict
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    services.change_status(action, ActionStatus.DROPPED, reason="Vervangen door regionale aanpak")
    action.refresh_from_db()
    assert action.status == ActionStatus.DROPPED
    assert action.dropped_reason == "Vervangen door regionale aanpak"


def test_an_unknown_status_is_refused_with_a_clear_message(make_action):
    with pytest.raises(ValidationError) as exc:
        services.change_status(make_action(), "klaar")
    assert "Onbekende status" in str(exc.value)


def test_done_records_when_and_reopening_clears_it(make_action):
    action = make_action()
    services.change_status(action, ActionStatus.DONE, now=aware(2027, 2, 1))
    assert action.completed_at == aware(2027, 2, 1)
    services.change_status(action, ActionStatus.IN_PROGRESS)
    assert action.completed_at is None


def test_a_new_action_cannot_be_due_in_the_past(fresh_org):
    with pytest.raises(ValidationError) as exc:
        services.create_action(
            scan=fresh_org["scan"],
            title="Te laat",
            due_date=datetime.date(2027, 1, 1),
            now=aware(2027, 2, 1),
        )
    assert "verleden" in exc.value.message_dict["due_date"][0]


def test_an_owner_outside_the_organisation_is_refused(fresh_org, user_for):
    with pytest.raises(ValidationError) as exc:
        services.create_action(
            scan=fresh_org["scan"], title="Actie", owner_user=user_for("coordinator")
        )
    assert "hoort niet bij" in exc.value.message_dict["owner_user"][0]


def test_a_new_action_is_owned_by_the_actiehouder_role_by_default(fresh_org):
    action = services.create_action(scan=fresh_org["scan"], title="Actie")
    assert action.owner_user is None and action.owner_role == "actiehouder"


def test_owners_see_their_own_actions_and_the_coordinator_sees_all(make_action, fresh_org):
    mine = make_action(title="Mijn actie")
    theirs = make_action(title="Andere actie", owner_user=fresh_org["owner2"])
    by_role = make_action(title="Voor de rol", owner_user=None, owner_role="actiehouder")
    by_gs = make_action(title="Voor de secretaris", owner_user=fresh_org["secretaris"])
    owner_sees = set(services.visible_actions(fresh_org["owner"], fresh_org["org"]))
    assert owner_sees == {mine, by_role}
    coordinator_sees = set(services.visible_actions(fresh_org["coordinator"], fresh_org["org"]))
    assert {mine, theirs, by_role, by_gs} <= coordinator_sees
    secretaris_sees = set(services.visible_actions(fresh_org["secretaris"], fresh_org["org"]))
    assert {mine, theirs, by_role, by_gs} <= secretaris_sees


def test_an_owner_cannot_open_someone_elses_action(make_action, fresh_org, client):
    other = make_action(owner_user=fresh_org["owner2"])
    client.force_login(fresh_org["owner"])
    url = reverse("actions:detail", kwargs={"org": "testdorp", "action_id": other.pk})
    assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("actions:status", kwargs={"org": "testdorp", "action_id": other.pk}),
            {"status-status": "gereed"},
        ).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.status == ActionStatus.OPEN


def test_my_actions_page_lists_only_own_actions(make_action, fresh_org, client):
    make_action(title="Mijn actie A")
    make_action(title="Actie van een ander B", owner_user=fresh_org["owner2"])
    client.force_login(fresh_org["owner"])
    body = client.get(reverse("actions:mine", kwargs={"org": "testdorp"})).content.decode()
    assert "Mijn actie A" in body and "Actie van een ander B" not in body
    body = client.get(reverse("actions:list", kwargs={"org": "testdorp"})).content.decode()
    assert "Mijn actie A" in body and "Actie van een ander B" not in body


def test_an_owner_can_update_progress_of_own_action(make_action, fresh_org, client):
    action = make_action()
    client.force_login(fresh_org["owner"])
    url = reverse("actions:status", kwargs={"org": "testdorp", "action_id": action.pk})
    response = client.post(url, {"status-status": "bezig", "status-note": "Eerste overleg"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "bezig"


def test_another_organisation_gets_404_for_an_action(voorbeeld, client_for):
    action = Action.objects.filter(scan__organisation=voorbeeld).first()
    assert action is not None, "the demo has an action plan"
    response = client_for("oosterveld").get(
        reverse("actions:detail", kwargs={"org": "voorbeeld", "action_id": action.pk})
    )
    assert response.status_code == 404
    response = client_for("oosterveld").get(
        reverse("actions:detail", kwargs={"org": "oosterveld", "action_id": action.pk})
    )
    assert response.status_code in (403, 404)


def test_an_action_title_names_what_the_measure_is_for(fresh_org):
    rec = Recommendation.objects.create(
        scan=fresh_org["scan"],
        rule_id="r3",
        measure_id="M-roulatie",
        subject_key="function:99",
        status=RecommendationStatus.ACCEPTED,
        text="Laat toezichthouders rouleren.",
        triggers=[{"type": "function", "key": "function:99", "label": "Toezichthouder"}],
    )
    (action,) = services.create_actions_from_recommendations(fresh_org["scan"])
    assert action.title == "Functieroulatie — Toezichthouder"
    assert action.recommendation == rec


def test_creating_actions_from_recommendations_is_idempotent(fresh_org):
    scan = fresh_org["scan"]
    accepted = Recommendation.objects.create(
        scan=scan,
        rule_id="r1",
        measure_id="M-vier-ogen",
        subject_key="norm:D3c.N1",
        status=RecommendationStatus.ACCEPTED,
        text="Voer het vier-ogenprincipe in bij vergunningverlening.",
    )
    Recommendation.objects.create(
        scan=scan, rule_id="r2", measure_id="M-roulatie", subject_key="x", text="Roulatie"
    )
    first = services.create_actions_from_recommendations(scan, now=aware(2026, 4, 1))
    second = services.create_actions_from_recommendations(scan, now=aware(2026, 4, 2))
    assert len(first) == 1 and second == []
    action = first[0]
    assert action.recommendation == accepted
    assert action.owner_role == "actiehouder" and action.owner_user is None
    assert action.title == "Vier-ogenprincipe"  # no trigger label: the measure's name only
    assert {"D3a", "D3c"} <= set(action.dimension_ids)
    assert action.pillar_ids == ["P4"]
    assert action.due_date == datetime.date(2026, 10, 1)
    assert Action.objects.filter(scan=scan).count() == 1


# ----------------------------------------------------------------------------- bad input


def test_a_past_due_date_keeps_the_form_with_a_clear_message(fresh_org, client):
    client.force_login(fresh_org["coordinator"])
    url = reverse("actions:create", kwargs={"org": "testdorp", "scan_id": fresh_org["scan"].pk})
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        url,
        {
            "title": "Mijn zorgvuldig geformuleerde actie",
            "description": "Lange toelichting die niet verloren mag gaan",
            "owner": "role:actiehouder",
            "due_date": yesterday.isoformat(),
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "ligt in het verleden" in body
    assert "Mijn zorgvuldig geformuleerde actie" in body
    assert "Lange toelichting die niet verloren mag gaan" in body
    assert not Action.objects.filter(title="Mijn zorgvuldig geformuleerde actie").exists()


def test_an_owner_from_another_organisation_keeps_the_form(fresh_org, client, user_for):
    client.force_login(fresh_org["coordinator"])
    url = reverse("actions:create", kwargs={"org": "testdorp", "scan_id": fresh_org["scan"].pk})
    outsider = user_for("actiehouder")
    response = client.post(
        url, {"title": "Actie voor een buitenstaander", "owner": f"user:{outsider.pk}"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "hoort niet bij Gemeente Testdorp" in body
    assert "Actie voor een buitenstaander" in body


def test_an_unknown_status_keeps_the_note_on_the_page(make_action, fresh_org, client):
    action = make_action()
    client.force_login(fresh_org["coordinator"])
    url = reverse("actions:status", kwargs={"org": "testdorp", "action_id": action.pk})
    response = client.post(url, {"status-status": "klaar", "status-note": "Mijn notitie blijft"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Onbekende status" in body and "Mijn notitie blijft" in body


def test_dropping_without_reason_keeps_the_form(make_action, fresh_org, client):
    action = make_action()
    client.force_login(fresh_org["coordinator"])
    url = reverse("actions:status", kwargs={"org": "testdorp", "action_id": action.pk})
    response = client.post(url, {"status-status": "vervallen", "status-note": "Toelichting X"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Geef een reden" in body and "Toelichting X" in body
    action.refresh_from_db()
    assert action.status == "open"


def test_an_unknown_filter_shows_a_message_not_an_error(fresh_org, client):
    client.force_login(fresh_org["coordinator"])
    url = reverse("actions:list", kwargs={"org": "testdorp"})
    response = client.get(url, {"status": "klaar", "dimension": "D99"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Onbekende status" in body and "Onbekende dimensie" in body


def test_the_list_filters_by_status_and_dimension(make_action, fresh_org, client):
    make_action(title="Actie D3", dimension_ids=["D3c"])
    done = make_action(title="Actie D1 gereed", dimension_ids=["D1"])
    services.change_status(done, "gereed")
    client.force_login(fresh_org["coordinator"])
    url = reverse("actions:list", kwargs={"org": "testdorp"})
    body = client.get(url, {"dimension": "D3"}).content.decode()
    assert "Actie D3" in body and "Actie D1 gereed" not in body
    body = client.get(url, {"status": "gereed"}).content.decode()
    assert "Actie D3" not in body and "Actie D1 gereed" in body


def test_a_lezer_cannot_change_the_action_plan(client_for, voorbeeld):
    action = Action.objects.filter(scan__organisation=voorbeeld).first()
    url = reverse("actions:status", kwargs={"org": "voorbeeld", "action_id": action.pk})
    assert client_for("lezer").post(url, {"status-status": "gereed"}).status_code == 403


def test_the_coordinator_edits_owner_and_due_date(make_action, fresh_org, client):
    action = make_action()
    client.force_login(fresh_org["coordinator"])
    url = reverse("actions:edit", kwargs={"org": "testdorp", "action_id": action.pk})
    form = client.get(url)
    assert form.status_code == 200 and action.title in form.content.decode()
    response = client.post(
        url,
        {
            "title": "Nieuwe titel",
            "owner": "role:gemeentesecretaris",
            "due_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "dimension_ids": ["D2"],
            "library_process_ids": ["PR-betaling-facturen-zorg"],
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.library_process_ids == ["PR-betaling-facturen-zorg"]
    assert action.title == "Nieuwe titel"
    assert (action.owner_user, action.owner_role) == (None, "gemeentesecretaris")
    assert action.dimension_ids == ["D2"]


def test_an_owner_cannot_edit_the_action_itself(make_action, fresh_org, client):
    action = make_action()
    client.force_login(fresh_org["owner"])
    url = reverse("actions:edit", kwargs={"org": "testdorp", "action_id": action.pk})
    assert client.get(url).status_code == 403


def test_evidence_needs_text_or_a_valid_link(make_action, fresh_org, client):
    action = make_action()
    client.force_login(fresh_org["owner"])
    url = reverse("actions:evidence", kwargs={"org": "testdorp", "action_id": action.pk})
    response = client.post(url, {"evidence-text": "", "evidence-url": "javascript:alert(1)"})
    assert response.status_code == 400
    assert "Vul een volledige link in" in response.content.decode()
    response = client.post(url, {"evidence-text": "", "evidence-url": ""})
    assert "Beschrijf het bewijs" in response.content.decode()
    ok = client.post(
        url, {"evidence-text": "Verslag", "evidence-url": "https://voorbeeld.example/verslag"}
    )
    assert ok.status_code == 302
    assert action.evidence.get().url == "https://voorbeeld.example/verslag"
