"""The REST API: authentication by token, the token's organisation only, problem+json,
pagination, published reports only, suppressed results, audited reads and changes."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.api.conftest import api_client
from weerbaar.actions.models import Action, ActionNote, ActionStatus
from weerbaar.api.models import ApiToken, Scope
from weerbaar.api.throttling import TokenRateThrottle
from weerbaar.api.tokens import revoke_token
from weerbaar.audit.models import AuditEvent
from weerbaar.incidents.selectors import statistics
from weerbaar.organisations.models import Membership, Role
from weerbaar.reports import approval, files
from weerbaar.reports.models import ReportVersion, Step
from weerbaar.scans.models import Scan
from weerbaar.surveys.fieldwork import results_released
from weerbaar.surveys.models import Survey
from weerbaar.surveys.results.export import results_table
from weerbaar.surveys.results.services import survey_results

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "status", "detail"} <= set(body)
    assert response["API-Version"] == "1.0.0"
    return body


# ----------------------------------------------------------------------------- authentication


def test_without_a_token_401_problem_with_bearer_challenge(client):
    response = client.get("/api/v1/scans")
    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_session_is_not_accepted(client_for):
    """A logged-in coordinator's session cookie opens nothing: only tokens do (so no CSRF)."""
    response = client_for("coordinator").get("/api/v1/scans")
    assert_problem(response, 401)


def test_unknown_token_401(client):
    assert_problem(api_client("wb_" + "x" * 43).get("/api/v1/scans"), 401)
    assert_problem(api_client("something-else").get("/api/v1/scans"), 401)


def test_revoked_token_401(token_for, user_for):
    token, key = token_for()
    assert api_client(key).get("/api/v1/scans").status_code == 200
    revoke_token(token, user=user_for("coordinator"))
    assert_problem(api_client(key).get("/api/v1/scans"), 401)


def test_expired_token_401(token_for):
    token, key = token_for()
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert_problem(api_client(key).get("/api/v1/scans"), 401)


def test_token_stops_when_its_creator_loses_the_role(token_for, user_for, voorbeeld):
    _token, key = token_for()
    Membership.objects.filter(
        user=user_for("coordinator"), organisation=voorbeeld, role=Role.COORDINATOR
    ).delete()
    assert_problem(api_client(key).get("/api/v1/scans"), 401)


def test_last_use_is_recorded(token_for):
    token, key = token_for()
    assert token.last_used_at is None
    api_client(key).get("/api/v1/organisations")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_scope_missing_403(api_for):
    body = assert_problem(api_for(scopes=[Scope.RESULTS.value]).get("/api/v1/scans"), 403)
    assert body["detail"]


# ----------------------------------------------------------------------------- conventions


def test_unknown_path_and_trailing_slash_404_problem(api_for):
    api = api_for()
    assert_problem(api.get("/api/v1/nothing-here"), 404)
    assert_problem(api.get("/api/v1/scans/"), 404)
    assert_problem(api.get("/api/v1/scans/999999"), 404)


def test_method_not_allowed_405_problem(api_for):
    assert_problem(api_for().delete("/api/v1/scans"), 405)


def test_pagination_with_links(api_for, voorbeeld):
    api = api_for()
    total = Scan.objects.filter(organisation=voorbeeld).count()
    assert total >= 2
    body = api.get("/api/v1/scans?page_size=1").json()
    assert body["count"] == total and body["page"] == 1 and body["page_size"] == 1
    assert len(body["results"]) == 1
    assert "next" in body["_links"] and "prev" not in body["_links"]
    assert "page=2" in body["_links"]["next"]["href"]
    assert body["_links"]["last"]["href"].startswith("http://testserver/api/v1/scans?")
    second = api.get(body["_links"]["next"]["href"]).json()
    assert second["page"] == 2 and "prev" in second["_links"]
    assert_problem(api.get("/api/v1/scans?page=999"), 404)


def test_dates_are_iso(api_for):
    scan = api_for().get("/api/v1/scans").json()["results"][0]
    datetime.date.fromisoformat(scan["period_start"])
    datetime.datetime.fromisoformat(scan["created_at"])


def test_bad_query_parameter_400_with_invalid_params(api_for):
    body = assert_problem(api_for().get("/api/v1/scans?phase=klaar"), 400)
    assert body["invalidParams"][0]["name"] == "phase"
    for bad in ("abc", "²", "9" * 5000):
        body = assert_problem(api_for().get(f"/api/v1/actions?scan={bad}"), 400)
        assert body["invalidParams"][0]["name"] == "scan"


def test_rate_limit_429_problem(api_for, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"api-token": "3/min"})
    api = api_for()
    for _ in range(3):
        assert api.get("/api/v1/organisations").status_code == 200
    response = api.get("/api/v1/organisations")
    assert_problem(response, 429)
    assert int(response["Retry-After"]) > 0
    # Another token has its own count.
    assert api_for().get("/api/v1/organisations").status_code == 200


# ----------------------------------------------------------------------------- resources


def test_organisations_only_the_tokens(api_for, voorbeeld, oosterveld):
    body = api_for().get("/api/v1/organisations").json()
    assert [o["slug"] for o in body["results"]] == ["voorbeeld"]
    assert api_for().get(f"/api/v1/organisations/{voorbeeld.pk}").json()["k"] == voorbeeld.k
    assert_problem(api_for().get(f"/api/v1/organisations/{oosterveld.pk}"), 404)


def test_scans_with_their_phase(api_for, voorbeeld):
    body = api_for().get("/api/v1/scans?page_size=100").json()
    expected = {s.pk: s.status for s in Scan.objects.filter(organisation=voorbeeld)}
    assert {s["id"]: s["phase"] for s in body["results"]} == expected
    scan = Scan.objects.filter(organisation=voorbeeld).first()
    filtered = api_for().get(f"/api/v1/scans?phase={scan.status}").json()["results"]
    assert filtered and all(s["phase"] == scan.status for s in filtered)


def test_token_of_one_organisation_never_sees_another(api_for, voorbeeld):
    api = api_for("oosterveld")
    theirs = {
        "scans": set(Scan.objects.filter(organisation=voorbeeld).values_list("pk", flat=True)),
        "actions": set(
            Action.objects.filter(scan__organisation=voorbeeld).values_list("pk", flat=True)
        ),
        "reports": set(
            ReportVersion.objects.filter(scan__organisation=voorbeeld).values_list("pk", flat=True)
        ),
        "surveys": set(
            Survey.objects.filter(scan__organisation=voorbeeld).values_list("pk", flat=True)
        ),
    }
    assert all(theirs.values())
    for resource, ids in theirs.items():
        body = api.get(f"/api/v1/{resource}?page_size=100").json()
        assert not {r["id"] for r in body["results"]} & ids, resource
    assert "Gemeente Voorbeeld" not in api.get("/api/v1/organisations").content.decode()


def test_reports_are_approved_versions_only(api_for, voorbeeld, user_for):
    approved_version = approval.approved_only(
        ReportVersion.objects.filter(scan__organisation=voorbeeld)
    ).first()
    report = approved_version.report
    # A version offered for approval, not (yet) approved: never in the API.
    pending = approval.submit(
        report, user_for("coordinator"), revision=report.revision, gaps_seen=True
    )
    all_versions = ReportVersion.objects.filter(scan__organisation=voorbeeld)
    approved = set(approval.approved_only(all_versions).values_list("pk", flat=True))
    not_approved = set(all_versions.values_list("pk", flat=True)) - approved
    assert approved, "the demo has an approved report"
    assert pending.pk in not_approved
    body = api_for().get("/api/v1/reports?page_size=100").json()
    assert {r["id"] for r in body["results"]} == approved
    for pk in not_approved:
        assert_problem(api_for().get(f"/api/v1/reports/{pk}"), 404)
        assert_problem(api_for().get(f"/api/v1/reports/{pk}/files/html"), 404)


def test_report_file_is_the_stored_file(api_for, voorbeeld):
    version = approval.approved_only(
        ReportVersion.objects.filter(scan__organisation=voorbeeld, kind="report")
    ).first()
    api = api_for()
    meta = api.get(f"/api/v1/reports/{version.pk}").json()
    assert meta["state"] in {Step.APPROVED, Step.WITHDRAWN}
    assert meta["files"]["html"].endswith(f"/api/v1/reports/{version.pk}/files/html")
    response = api.get(f"/api/v1/reports/{version.pk}/files/html", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response["Content-Disposition"].startswith("attachment")
    assert response.content == files.read(version, "html", version.language)
    assert_problem(api.get(f"/api/v1/reports/{version.pk}/files/exe"), 404)


def test_action_plans_and_actions(api_for, voorbeeld):
    api = api_for()
    plans = api.get("/api/v1/action-plans").json()["results"]
    counted = {p["scan"]: p["total"] for p in plans}
    for scan in Scan.objects.filter(organisation=voorbeeld):
        assert counted[scan.pk] == Action.objects.filter(scan=scan).count()
    action = Action.objects.filter(scan__organisation=voorbeeld).first()
    body = api.get(f"/api/v1/actions/{action.pk}").json()
    assert body["status"] == action.status and body["lock_version"] == action.lock_version
    assert isinstance(body["notes"], list)
    plan = api.get(f"/api/v1/action-plans/{action.scan_id}").json()
    assert plan["total"] == counted[action.scan_id]


def _open_action(voorbeeld) -> Action:
    return Action.objects.filter(scan__organisation=voorbeeld, status=ActionStatus.OPEN).first()


def test_patch_status_through_the_service_with_audit(api_for, voorbeeld, token_for):
    action = _open_action(voorbeeld)
    token, key = token_for(scopes=[Scope.READ.value, Scope.ACTIONS_WRITE.value])
    before = AuditEvent.objects.count()
    response = api_client(key).patch(
        f"/api/v1/actions/{action.pk}",
        {
            "status": "bezig",
            "note": "Gestart via het dashboard",
            "lock_version": action.lock_version,
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    assert response.json()["lock_version"] == action.lock_version
    note = ActionNote.objects.filter(action=action).latest("pk")
    assert (note.status_from, note.status_to) == ("open", "bezig")
    assert note.text == "Gestart via het dashboard"
    events = AuditEvent.objects.order_by("sequence")[before:]
    changed = [e for e in events if e.object_type == "actions.Action"]
    assert changed and token.prefix in changed[0].actor_label
    assert changed[0].actor.email == "coordinator@voorbeeld.demo"


def test_patch_with_an_old_version_409_and_nothing_changes(api_for, voorbeeld):
    action = _open_action(voorbeeld)
    old = action.lock_version
    action.title = action.title + " (bijgewerkt)"
    action.save()
    body = assert_problem(
        api_for().patch(
            f"/api/v1/actions/{action.pk}",
            {"status": "gereed", "lock_version": old},
            content_type="application/json",
        ),
        409,
    )
    action.refresh_from_db()
    assert body["lock_version"] == action.lock_version
    assert action.status == ActionStatus.OPEN


def test_patch_invalid_input_400(api_for, voorbeeld):
    action = _open_action(voorbeeld)
    api = api_for()
    url = f"/api/v1/actions/{action.pk}"
    body = assert_problem(
        api.patch(url, {"status": "klaar", "lock_version": 1}, content_type="application/json"),
        400,
    )
    assert body["invalidParams"][0]["name"] == "status"
    body = assert_problem(
        api.patch(
            url,
            {"status": "vervallen", "lock_version": action.lock_version},
            content_type="application/json",
        ),
        400,
    )
    assert body["invalidParams"][0]["name"] == "reason"
    assert_problem(api.patch(url, "niet json", content_type="application/json"), 400)
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_read_scope_cannot_patch_or_post(api_for, voorbeeld):
    action = _open_action(voorbeeld)
    api = api_for(scopes=[Scope.READ.value])
    assert_problem(
        api.patch(
            f"/api/v1/actions/{action.pk}",
            {"status": "gereed", "lock_version": action.lock_version},
            content_type="application/json",
        ),
        403,
    )
    assert_problem(
        api.post(
            f"/api/v1/actions/{action.pk}/notes", {"text": "x"}, content_type="application/json"
        ),
        403,
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_add_a_progress_note(api_for, voorbeeld):
    action = _open_action(voorbeeld)
    before = AuditEvent.objects.filter(object_type="actions.ActionNote").count()
    response = api_for().post(
        f"/api/v1/actions/{action.pk}/notes",
        {"text": "Offerte opgevraagd"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["text"] == "Offerte opgevraagd"
    assert AuditEvent.objects.filter(object_type="actions.ActionNote").count() == before + 1
    notes = api_for().get(f"/api/v1/actions/{action.pk}/notes").json()["results"]
    assert "Offerte opgevraagd" in [n["text"] for n in notes]
    assert_problem(
        api_for().post(
            f"/api/v1/actions/{action.pk}/notes", {"text": " "}, content_type="application/json"
        ),
        400,
    )


# ----------------------------------------------------------------------------- results


def _released_survey(organisation) -> Survey:
    for survey in Survey.objects.filter(scan__organisation=organisation):
        if results_released(survey):
            return survey
    raise AssertionError("the demo has a closed survey")


def test_survey_results_are_the_pages_suppressed_results_and_audited(api_for, voorbeeld):
    survey = _released_survey(voorbeeld)
    before = AuditEvent.objects.filter(action="read", object_type="surveys.Survey").count()
    body = api_for().get(f"/api/v1/surveys/{survey.pk}/results").json()
    header, *lines = results_table(survey_results(survey, include_texts=False))
    assert body["released"] is True
    assert body["columns"] == header
    assert [[row[c] for c in header] for row in body["rows"]] == lines
    assert body["rows"] and body["k"] == survey.effective_k
    reads = AuditEvent.objects.filter(action="read", object_type="surveys.Survey")
    assert reads.count() == before + 1
    assert reads.order_by("-sequence").first().after["via"] == "api"


def test_survey_results_never_hold_raw_answers(api_for, voorbeeld):
    survey = _released_survey(voorbeeld)
    text = api_for().get(f"/api/v1/surveys/{survey.pk}/results").content.decode()
    assert '"answers"' not in text and "respondent" not in text.lower()


def test_survey_results_need_the_results_scope(api_for, voorbeeld):
    survey = _released_survey(voorbeeld)
    assert_problem(
        api_for(scopes=[Scope.READ.value]).get(f"/api/v1/surveys/{survey.pk}/results"), 403
    )


def test_incident_statistics_as_the_report_and_audited(api_for, voorbeeld):
    before = AuditEvent.objects.filter(action="read", after__what="incident_statistics").count()
    body = api_for().get("/api/v1/incident-statistics?from=2025-01-01&to=2026-06-30").json()
    expected = statistics(voorbeeld, datetime.date(2025, 1, 1), datetime.date(2026, 6, 30))
    assert body == expected.as_json()
    after = AuditEvent.objects.filter(action="read", after__what="incident_statistics").count()
    assert after == before + 1
    body = assert_problem(api_for().get("/api/v1/incident-statistics?from=gisteren"), 400)
    assert body["invalidParams"][0]["name"] == "from"
    assert_problem(api_for().get("/api/v1/incident-statistics?from=2026-01-01&to=2025-01-01"), 400)


def test_token_requests_need_no_csrf_token_and_sessions_get_401(token_for, user_for, voorbeeld):
    from django.test import Client

    from tests.factories import mark_verified

    action = _open_action(voorbeeld)
    _token, key = token_for()
    strict = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {key}"})
    url = f"/api/v1/actions/{action.pk}/notes"
    assert (
        strict.post(url, {"text": "Zonder CSRF"}, content_type="application/json").status_code
        == 201
    )
    session = Client(enforce_csrf_checks=True)
    session.force_login(user_for("coordinator"))
    mark_verified(session, user_for("coordinator"))
    response = session.post(url, {"text": "Met sessie"}, content_type="application/json")
    assert_problem(response, 401)
    assert not ActionNote.objects.filter(text="Met sessie").exists()


def test_settings_page_links_to_the_token_page(client_for):
    body = client_for("coordinator").get("/o/voorbeeld/instellingen/").content.decode()
    assert "/o/voorbeeld/api-sleutels/" in body
