"""Two people editing a survey's field period or a questionnaire copy: the second conflicts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.editing import form_data, second_editor
from weerbaar.surveys import services
from weerbaar.surveys.models import Questionnaire, Survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_survey(baseline_scan, shipped):
    return services.create_survey(
        scan=baseline_scan, questionnaire=shipped["medewerkers"], title="Test medewerkers"
    )


def test_second_period_save_gets_the_conflict_page_with_both_versions(
    client_for, voorbeeld, draft_survey
):
    url = reverse("surveys:period", kwargs={"org": voorbeeld.slug, "survey_id": draft_survey.pk})
    anna, bram = client_for("coordinator"), second_editor(voorbeeld)
    anna_page, bram_page = anna.get(url), bram.get(url)
    first = anna.post(url, form_data(anna_page, closes_at="2027-04-01T17:00"))
    assert first.status_code == 302, first.content.decode()[:2000]
    second = bram.post(url, form_data(bram_page, closes_at="2027-05-01T17:00"))
    assert second.status_code == 409
    [row] = second.context["form"].conflict.differences
    assert row.label == "Sluit op"
    assert "april 2027" in row.stored and "mei 2027" in row.submitted
    assert Survey.objects.get(pk=draft_survey.pk).closes_at.month == 4
    assert bram.post(url, form_data(second)).status_code == 302
    assert Survey.objects.get(pk=draft_survey.pk).closes_at.month == 5


def test_opening_the_survey_makes_an_open_period_form_stale(client_for, voorbeeld, draft_survey):
    url = reverse("surveys:period", kwargs={"org": voorbeeld.slug, "survey_id": draft_survey.pk})
    client = client_for("coordinator")
    page = client.get(url)
    services.open_survey(Survey.objects.get(pk=draft_survey.pk))  # sets opens_at to now
    response = client.post(url, form_data(page, closes_at="2027-05-01T17:00"))
    assert response.status_code == 409
    assert Survey.objects.get(pk=draft_survey.pk).opens_at is not None


def test_second_questionnaire_save_gets_the_conflict_page(client_for, voorbeeld, shipped):
    copy = services.copy_questionnaire(shipped["medewerkers"], voorbeeld)
    url = reverse(
        "surveys:questionnaire", kwargs={"org": voorbeeld.slug, "questionnaire_id": copy.pk}
    )
    anna, bram = client_for("coordinator"), second_editor(voorbeeld)
    anna_page, bram_page = anna.get(url), bram.get(url)
    anna_text = copy.source + "\n# Anna\n"
    bram_text = copy.source + "\n# Bram\n"
    assert anna.post(url, form_data(anna_page, source=anna_text, action="save")).status_code == 302
    second = bram.post(url, form_data(bram_page, source=bram_text, action="save"))
    assert second.status_code == 409
    [row] = second.context["form"].conflict.differences
    assert row.stored.endswith("# Anna") and row.submitted.endswith("# Bram")
    assert Questionnaire.objects.get(pk=copy.pk).source.rstrip().endswith("# Anna")
    # Validating is not saving: it keeps the version the user started from.
    validated = bram.post(url, form_data(second, action="validate"))
    assert validated.status_code == 200
    assert bram.post(url, form_data(validated, action="save")).status_code == 302
    assert Questionnaire.objects.get(pk=copy.pk).source.rstrip().endswith("# Bram")


def test_saving_invalid_text_twice_is_not_a_conflict_with_oneself(client_for, voorbeeld, shipped):
    copy = services.copy_questionnaire(shipped["medewerkers"], voorbeeld)
    url = reverse(
        "surveys:questionnaire", kwargs={"org": voorbeeld.slug, "questionnaire_id": copy.pk}
    )
    client = client_for("coordinator")
    page = client.get(url)
    broken = client.post(url, form_data(page, source="id: [", action="save"))
    assert broken.status_code == 200  # stored, but not valid: shown again with the problems
    again = client.post(url, form_data(broken, source=copy.source, action="save"))
    assert again.status_code == 302
    assert Questionnaire.objects.get(pk=copy.pk).is_valid
