"""Changes to the self-assessment are in the audit log, with who did them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from weerbaar.assessment.models import AssessmentItem, EvidenceDocument, Recommendation
from weerbaar.assessment.rules.proposals import run_rules
from weerbaar.audit.models import AuditEvent

from .helpers import pdf_bytes

pytestmark = pytest.mark.django_db


def events(model, pk):
    return AuditEvent.objects.filter(object_type=model._meta.label, object_id=str(pk)).order_by(
        "pk"
    )


def test_saving_an_item_is_audited_with_actor_and_before_after(client_for, user_for, fresh_scan):
    client = client_for("coordinator")
    url = reverse(
        "assessment:group",
        kwargs={"org": "voorbeeld", "scan_id": fresh_scan.pk, "assessment_group": "D2"},
    )
    for version, finding in enumerate(["Eerste", "Tweede"]):
        client.post(
            url,
            {
                "item_id": "D2.N1",
                "action": "save",
                "i-D2-N1-status": "voldoet_deels",
                "i-D2-N1-finding": finding,
                "i-D2-N1-evidence_text": "",
                "i-D2-N1-lock_version": str(version),
            },
        )
    item = AssessmentItem.objects.get(scan=fresh_scan, item_id="D2.N1")
    log = list(events(AssessmentItem, item.pk))
    assert log[-1].action == AuditEvent.Action.UPDATE
    assert log[-1].actor == user_for("coordinator")
    assert log[-1].before["finding"] == "Eerste"
    assert log[-1].after["finding"] == "Tweede"
    assert log[-1].organisation == fresh_scan.organisation


def test_upload_is_audited(client_for, user_for, fresh_scan, evidence_storage):
    url = reverse(
        "assessment:group",
        kwargs={"org": "voorbeeld", "scan_id": fresh_scan.pk, "assessment_group": "D1"},
    )
    client_for("coordinator").post(
        url,
        {
            "item_id": "D1.N1",
            "action": "upload",
            "i-D1-N1-u-document": SimpleUploadedFile("a.pdf", pdf_bytes()),
        },
    )
    doc = EvidenceDocument.objects.get(item__scan=fresh_scan)
    (created,) = events(EvidenceDocument, doc.pk)
    assert created.action == AuditEvent.Action.CREATE
    assert created.actor == user_for("coordinator")
    assert created.after["original_name"] == "a.pdf"
    assert created.after["sha256"] == doc.sha256


def test_decisions_on_recommendations_are_audited(client_for, user_for, fresh_scan):
    from weerbaar.assessment import services

    services.save_item(
        fresh_scan,
        "D3c.N1",
        status="voldoet_niet",
        finding="",
        evidence_text="",
        expected_version=0,
    )
    run_rules(fresh_scan, survey_figures={})
    rec = Recommendation.objects.get(scan=fresh_scan)
    url = reverse(
        "assessment:recommendation",
        kwargs={"org": "voorbeeld", "scan_id": fresh_scan.pk, "recommendation_id": rec.pk},
    )
    response = client_for("coordinator").post(
        url,
        {
            f"r{rec.pk}-decision": "rejected",
            f"r{rec.pk}-text": rec.text,
            f"r{rec.pk}-reason": "Al in uitvoering",
            f"r{rec.pk}-lock_version": "0",
        },
    )
    assert response.status_code == 302
    last = events(Recommendation, rec.pk).last()
    assert last.action == AuditEvent.Action.UPDATE
    assert last.actor == user_for("coordinator")
    assert last.after["status"] == "rejected" and last.after["reason"] == "Al in uitvoering"
