"""Reads of sensitive data leave one "read" event each; respondents leave none."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client, RequestFactory
from django.urls import reverse

from weerbaar.assessment.models import AssessmentItem, EvidenceDocument
from weerbaar.audit.context import acting_as
from weerbaar.audit.models import AuditEvent
from weerbaar.audit.services import AnonymousReadError, record_read
from weerbaar.reports.models import Report
from weerbaar.surveys import services as surveys
from weerbaar.surveys.models import SurveyMode

pytestmark = pytest.mark.django_db


def reads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditEvent.Action.READ))


@pytest.fixture
def survey(baseline_scan):
    with acting_as(None, "test-setup"):
        shipped = {q.key: q for q in surveys.install_shipped_questionnaires()}
        created = surveys.create_survey(
            scan=baseline_scan, questionnaire=shipped["medewerkers"], title="Leestest"
        )
        return surveys.open_survey(created)


@pytest.fixture
def closed_survey(survey):
    """Results (and their exports) exist only after the field period."""
    with acting_as(None, "test-setup"):
        return surveys.close_survey(survey)


def assert_one_read(user, organisation, target, what: str) -> AuditEvent:
    events = reads()
    assert len(events) == 1, events
    event = events[0]
    assert (event.actor, event.actor_label) == (user, user.email)
    assert (event.organisation, event.organisation_name) == (organisation, organisation.name)
    assert (event.object_type, event.object_id) == (target._meta.label, str(target.pk))
    assert event.after["what"] == what
    return event


def test_results_page_is_recorded(client_for, user_for, voorbeeld, closed_survey):
    survey = closed_survey
    url = reverse("survey_results:results", args=[voorbeeld.slug, survey.pk])
    assert client_for("coordinator").get(url).status_code == 200
    assert_one_read(user_for("coordinator"), voorbeeld, survey, "survey_results")


@pytest.mark.parametrize("kind", ["resultaten-xlsx", "codeboek-csv", "resultaten-csv"])
def test_survey_exports_are_recorded(client_for, user_for, voorbeeld, closed_survey, kind):
    survey = closed_survey
    url = reverse("survey_results:export", args=[voorbeeld.slug, survey.pk, kind])
    assert client_for("coordinator").get(url).status_code == 200
    event = assert_one_read(user_for("coordinator"), voorbeeld, survey, "survey_export")
    assert event.after["kind"] == kind


def test_a_refused_export_records_nothing(client_for, voorbeeld, survey):
    url = reverse("survey_results:export", args=[voorbeeld.slug, survey.pk, "resultaten-csv"])
    assert client_for("lezer").get(url).status_code == 403
    assert reads() == []


def test_evidence_download_is_recorded(client_for, user_for, voorbeeld, baseline_scan):
    item = AssessmentItem.objects.filter(scan=baseline_scan).first()
    with acting_as(None, "test-setup"):
        doc = EvidenceDocument.objects.create(
            item=item,
            file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="bewijs.pdf"),
            original_name="bewijs.pdf",
            file_type="pdf",
            size=15,
            sha256="0" * 64,
        )
    url = reverse(
        "assessment:download",
        kwargs={"org": voorbeeld.slug, "scan_id": baseline_scan.pk, "evidencedocument_id": doc.pk},
    )
    response = client_for("secretaris").get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    event = assert_one_read(user_for("secretaris"), voorbeeld, doc, "evidence_document")
    assert event.object_repr == "bewijs.pdf"


def test_draft_report_download_is_recorded(client_for, user_for, voorbeeld, baseline_scan):
    report = Report.objects.get(scan=baseline_scan)
    url = reverse("reports:draft_download", args=[voorbeeld.slug, report.pk, "html"])
    assert client_for("coordinator").get(url).status_code == 200
    event = assert_one_read(user_for("coordinator"), voorbeeld, report, "report_draft")
    assert event.after["format"] == "html"


def test_reads_are_in_the_chain_and_the_audit_log_page(client_for, voorbeeld, baseline_scan):
    from tests.audit.conftest import verify

    report = Report.objects.get(scan=baseline_scan)
    client = client_for("coordinator")
    client.get(reverse("reports:draft_download", args=[voorbeeld.slug, report.pk, "html"]))
    assert verify()[0] == 0
    page = client.get(f"/o/voorbeeld/scans/{baseline_scan.pk}/auditlog/").content.decode()
    assert "ingezien" in page


def test_answering_a_survey_records_nothing(survey, baseline_scan):
    _invitation, token = surveys.new_invitation(survey, email="iemand@voorbeeld.demo")
    with acting_as(None, "test-setup"):
        open_survey = surveys.open_survey(
            surveys.create_survey(
                scan=baseline_scan,
                questionnaire=survey.questionnaire,
                mode=SurveyMode.OPEN,
                title="Open",
            )
        )
    before = AuditEvent.objects.count()
    client = Client()
    intro = reverse("respond:personal_intro", kwargs={"token": token})
    page = reverse("respond:personal_page", kwargs={"token": token})
    assert client.get(intro).status_code == 200
    client.post(intro)
    assert client.get(page).status_code == 200
    client.post(page, {"page": 0, "action": "next", "q-q1_afdeling": "andere"})
    client.post(page, {"page": 1, "action": "submit"})
    client.get(reverse("respond:personal_thanks", kwargs={"token": token}))
    other = Client()
    open_intro = reverse("respond:open_intro", kwargs={"code": open_survey.open_code})
    other.get(open_intro)
    other.post(open_intro)
    other.get(reverse("respond:open_page", kwargs={"code": open_survey.open_code}))
    assert AuditEvent.objects.count() == before


def test_reads_are_never_recorded_for_anonymous_visitors(survey):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(AnonymousReadError):
        record_read(request, survey, "survey_results")
    assert reads() == []


def test_respondent_views_do_not_record_reads():
    from pathlib import Path

    import weerbaar.surveys.respond_views as respond_views

    assert "audit" not in Path(respond_views.__file__).read_text(encoding="utf-8")
