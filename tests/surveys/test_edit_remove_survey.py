"""A survey gets a new title, and is removed only while it holds no responses or
invitations; removal is audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from weerbaar.audit.models import AuditEvent
from weerbaar.surveys import services
from weerbaar.surveys.models import Survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_survey(baseline_scan, shipped):
    import datetime

    from django.utils import timezone

    survey = services.create_survey(
        scan=baseline_scan, questionnaire=shipped["raadsleden"], title="Oude titel"
    )
    opens = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=2)
    return services.change_period(survey, opens, opens + datetime.timedelta(days=10))


def url(name: str, survey) -> str:
    return reverse(name, kwargs={"org": "voorbeeld", "survey_id": survey.pk})


def test_a_draft_survey_without_data_is_removed_and_audited(client_for, baseline_scan, shipped):
    survey = services.create_survey(
        scan=baseline_scan, questionnaire=shipped["raadsleden"], title="Weg ermee"
    )
    client = client_for("coordinator")
    assert "Enquête verwijderen" in client.get(url("surveys:detail", survey)).content.decode()
    response = client.post(url("surveys:remove", survey), {"lock_version": survey.lock_version})
    assert response.status_code == 302
    assert not Survey.objects.filter(pk=survey.pk).exists()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.DELETE, object_id=str(survey.pk), object_repr__contains="Weg"
    ).exists()


def test_a_survey_with_invitations_stays_with_a_clear_message(client_for, personal_link):
    invitation, _token = personal_link
    survey = invitation.survey
    client = client_for("coordinator")
    response = client.post(url("surveys:remove", survey), {"lock_version": survey.lock_version})
    assert Survey.objects.filter(pk=survey.pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert "bevat al gegevens" in page


def test_a_reader_cannot_remove_a_survey(client_for, baseline_scan, shipped):
    survey = services.create_survey(scan=baseline_scan, questionnaire=shipped["raadsleden"])
    assert client_for("lezer").post(url("surveys:remove", survey)).status_code == 403
    assert Survey.objects.filter(pk=survey.pk).exists()


def test_a_survey_gets_a_new_title_and_keeps_its_field_period(client_for, draft_survey):
    from django.utils import timezone

    period = (draft_survey.opens_at, draft_survey.closes_at)
    client = client_for("coordinator")
    page = client.get(url("surveys:period", draft_survey)).content.decode()
    assert draft_survey.title in page
    local = {
        k: timezone.localtime(v).strftime("%Y-%m-%dT%H:%M") if v else ""
        for k, v in (("opens_at", period[0]), ("closes_at", period[1]))
    }
    response = client.post(
        url("surveys:period", draft_survey),
        {"title": "Nieuwe titel", "lock_version": draft_survey.lock_version, **local},
    )
    assert response.status_code == 302
    draft_survey.refresh_from_db()
    assert draft_survey.title == "Nieuwe titel"
    assert (draft_survey.opens_at, draft_survey.closes_at) == period
