"""The coordinator's pages: create a survey, copy and edit a questionnaire, open and close."""

from __future__ import annotations

import pytest
from django.urls import reverse

from weerbaar.surveys.models import Questionnaire, Survey, SurveyStatus


def test_coordinator_creates_a_survey_with_a_pinned_definition(
    client_for, voorbeeld, baseline_scan, shipped
):
    client = client_for("coordinator")
    url = reverse("surveys:create", kwargs={"org": voorbeeld.slug, "scan_id": baseline_scan.pk})
    form = client.get(url)
    assert form.status_code == 200
    resp = client.post(
        url, {"questionnaire": shipped["raadsleden"].pk, "mode": "open", "title": ""}
    )
    assert resp.status_code == 302
    survey = Survey.objects.filter(scan=baseline_scan).latest("pk")
    assert survey.definition == shipped["raadsleden"].definition
    assert survey.open_code and survey.status == SurveyStatus.DRAFT
    detail = client.get(resp["Location"])
    assert detail.status_code == 200
    assert survey.open_code in detail.content.decode()


def test_create_form_offers_valid_questionnaires_with_version_and_origin(
    voorbeeld, baseline_scan, shipped
):
    from weerbaar.surveys import services
    from weerbaar.surveys.forms import SurveyForm

    copy = services.copy_questionnaire(shipped["medewerkers"], voorbeeld)
    broken = services.copy_questionnaire(shipped["raadsleden"], voorbeeld)
    services.save_questionnaire_source(broken, "kind: questionnaire\nid: [")
    qs = services.available_questionnaires(voorbeeld).filter(is_valid=True)
    labels = dict(SurveyForm(questionnaires=qs).fields["questionnaire"].choices)
    original = shipped["medewerkers"]
    assert labels[original.pk] == f"{original.title} ({original.version}, meegeleverd)"
    assert labels[copy.pk] == f"{copy.title} ({copy.version}, eigen kopie)"
    assert broken.pk not in labels


def test_bad_field_period_is_reported_on_the_same_page(
    client_for, voorbeeld, baseline_scan, shipped
):
    client = client_for("coordinator")
    url = reverse("surveys:create", kwargs={"org": voorbeeld.slug, "scan_id": baseline_scan.pk})
    resp = client.post(
        url,
        {
            "questionnaire": shipped["medewerkers"].pk,
            "mode": "personal",
            "title": "Mijn titel",
            "opens_at": "2026-03-10T09:00",
            "closes_at": "2026-03-01T09:00",
        },
    )
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "De sluitdatum moet na de openingsdatum liggen" in body
    assert 'value="Mijn titel"' in body


def test_open_and_close_the_field_period(client_for, voorbeeld, staff_survey):
    client = client_for("coordinator")
    staff_survey.status = SurveyStatus.DRAFT
    staff_survey.save()
    url = reverse("surveys:status", kwargs={"org": voorbeeld.slug, "survey_id": staff_survey.pk})
    client.post(url, {"action": "open"})
    staff_survey.refresh_from_db()
    assert staff_survey.status == SurveyStatus.OPEN
    client.post(url, {"action": "close"})
    staff_survey.refresh_from_db()
    assert staff_survey.status == SurveyStatus.CLOSED
    resp = client.post(url, {"action": "open"}, follow=True)
    assert "niet opnieuw worden geopend" in resp.content.decode()
    staff_survey.refresh_from_db()
    assert staff_survey.status == SurveyStatus.CLOSED


def test_copy_edit_and_validate_a_questionnaire(client_for, voorbeeld, shipped):
    client = client_for("coordinator")
    original = shipped["medewerkers"]
    resp = client.post(
        reverse(
            "surveys:questionnaire_copy",
            kwargs={"org": voorbeeld.slug, "questionnaire_id": original.pk},
        )
    )
    copy = Questionnaire.objects.filter(organisation=voorbeeld).latest("pk")
    assert resp["Location"].endswith(f"/vragenlijsten/{copy.pk}/")
    url = reverse(
        "surveys:questionnaire", kwargs={"org": voorbeeld.slug, "questionnaire_id": copy.pk}
    )
    assert client.get(url).status_code == 200
    # An edit with a routing error: errors on the same page, with line, and the text kept.
    broken = copy.source.replace(
        "- {question: q3_verdacht_gezien, equals: ja}",
        "- {question: q3_verdacht_gezien, equals: jawel}",
        1,
    )
    resp = client.post(url, {"source": broken, "action": "validate"})
    body = resp.content.decode()
    assert resp.status_code == 200
    assert "has no option" in body and "regel" in body
    assert "equals: jawel" in body
    copy.refresh_from_db()
    assert copy.is_valid and "jawel" not in copy.source
    resp = client.post(url, {"source": broken, "action": "save"})
    copy.refresh_from_db()
    assert resp.status_code == 200
    assert not copy.is_valid and "jawel" in copy.source
    assert "jawel" not in str(copy.definition)
    # A valid edit is saved.
    fixed = copy.source.replace("jawel", "ja").replace(
        "Bij welke afdeling bent u werkzaam?", "Op welke afdeling werkt u?"
    )
    resp = client.post(url, {"source": fixed, "action": "save"})
    assert resp.status_code == 302
    copy.refresh_from_db()
    assert copy.is_valid
    assert copy.definition["pages"][0]["questions"][0]["text"]["nl"] == "Op welke afdeling werkt u?"
    # The shipped original is unchanged.
    original.refresh_from_db()
    assert "Bij welke afdeling" in original.source


def test_invalid_copy_cannot_be_used_for_a_survey(client_for, voorbeeld, baseline_scan, shipped):
    from weerbaar.surveys import services

    copy = services.copy_questionnaire(shipped["medewerkers"], voorbeeld)
    services.save_questionnaire_source(copy, "kind: questionnaire\nid: [")
    client = client_for("coordinator")
    url = reverse("surveys:create", kwargs={"org": voorbeeld.slug, "scan_id": baseline_scan.pk})
    resp = client.post(url, {"questionnaire": copy.pk, "mode": "personal"})
    assert resp.status_code == 200
    assert not Survey.objects.filter(questionnaire=copy).exists()


def test_shipped_questionnaire_is_read_only(client_for, voorbeeld, shipped):
    client = client_for("coordinator")
    q = shipped["raadsleden"]
    url = reverse("surveys:questionnaire", kwargs={"org": voorbeeld.slug, "questionnaire_id": q.pk})
    assert client.get(url).status_code == 200
    client.post(url, {"source": "kind: questionnaire", "action": "save"})
    q.refresh_from_db()
    assert q.is_valid and q.source.startswith("# Council")


@pytest.mark.parametrize("role", ["lezer", "actiehouder"])
def test_readers_cannot_manage_surveys(client_for, voorbeeld, baseline_scan, staff_survey, role):
    client = client_for(role)
    urls = [
        reverse("surveys:create", kwargs={"org": voorbeeld.slug, "scan_id": baseline_scan.pk}),
        reverse("surveys:questionnaires", kwargs={"org": voorbeeld.slug}),
    ]
    for url in urls:
        assert client.get(url).status_code == 403
    status = reverse("surveys:status", kwargs={"org": voorbeeld.slug, "survey_id": staff_survey.pk})
    assert client.post(status, {"action": "close"}).status_code == 403


def test_other_organisation_cannot_see_or_use_voorbeeld_surveys(
    client_for, voorbeeld, oosterveld, staff_survey
):
    client = client_for("oosterveld")
    detail = reverse("surveys:detail", kwargs={"org": voorbeeld.slug, "survey_id": staff_survey.pk})
    assert client.get(detail).status_code == 404
    # Through its own organisation slug, the other survey does not exist either.
    own = reverse("surveys:detail", kwargs={"org": oosterveld.slug, "survey_id": staff_survey.pk})
    assert client.get(own).status_code == 404
    copy = Questionnaire.objects.filter(organisation=voorbeeld).first()
    url = reverse(
        "surveys:questionnaire", kwargs={"org": oosterveld.slug, "questionnaire_id": copy.pk}
    )
    assert client.get(url).status_code == 404
    copy_url = reverse(
        "surveys:questionnaire_copy", kwargs={"org": oosterveld.slug, "questionnaire_id": copy.pk}
    )
    assert client.post(copy_url).status_code == 404


def test_scan_page_lists_the_surveys(client_for, voorbeeld, baseline_scan):
    resp = client_for("coordinator").get(
        reverse("scans:detail", kwargs={"org": voorbeeld.slug, "scan_id": baseline_scan.pk})
    )
    body = resp.content.decode()
    assert "Enquête medewerkers" in body and "Vragenlijst raadsleden" in body
    assert "Nieuwe enquête" in body


def test_a_running_survey_keeps_its_definition_when_the_questionnaire_is_edited(
    voorbeeld, baseline_scan, shipped
):
    from weerbaar.surveys import services

    copy = services.copy_questionnaire(shipped["medewerkers"], voorbeeld)
    survey = services.create_survey(scan=baseline_scan, questionnaire=copy)
    before = survey.definition
    edited = copy.source.replace("Bij welke afdeling bent u werkzaam?", "Waar werkt u?")
    assert services.save_questionnaire_source(copy, edited) == []
    survey.refresh_from_db()
    assert survey.definition == before
    assert copy.definition != before


def test_a_questionnaire_must_fit_the_scans_library(voorbeeld, baseline_scan, shipped):
    from django.core.exceptions import ValidationError

    from weerbaar.surveys import services

    copy = services.copy_questionnaire(shipped["raadsleden"], voorbeeld)
    copy.definition["pages"][0]["questions"][0]["maps_to"] = ["D9.N9"]
    copy.save()
    with pytest.raises(ValidationError) as info:
        services.create_survey(scan=baseline_scan, questionnaire=copy)
    assert "D9.N9" in str(info.value)


def test_survey_page_links_to_results_and_invitations(client_for, voorbeeld, staff_survey):
    url = reverse("surveys:detail", kwargs={"org": voorbeeld.slug, "survey_id": staff_survey.pk})
    body = client_for("coordinator").get(url).content.decode()
    assert f"/enquetes/{staff_survey.pk}/resultaten/" in body
    assert f"/enquetes/{staff_survey.pk}/uitnodigingen/" in body


def test_change_the_field_period(client_for, voorbeeld, staff_survey):
    client = client_for("coordinator")
    url = reverse("surveys:period", kwargs={"org": voorbeeld.slug, "survey_id": staff_survey.pk})
    assert client.get(url).status_code == 200
    bad = client.post(url, {"opens_at": "2030-05-02T09:00", "closes_at": "2030-05-01T09:00"})
    assert bad.status_code == 200
    assert "De sluitdatum moet na de openingsdatum liggen" in bad.content.decode()
    assert 'value="2030-05-02T09:00"' in bad.content.decode()
    ok = client.post(url, {"opens_at": "", "closes_at": "2030-05-01T17:00"})
    assert ok.status_code == 302
    staff_survey.refresh_from_db()
    assert staff_survey.closes_at.year == 2030 and staff_survey.opens_at is None
    assert client_for("lezer").get(url).status_code == 403
