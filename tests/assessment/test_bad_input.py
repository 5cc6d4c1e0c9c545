"""Bad input gets a clear message on the same page, and nothing typed is lost."""

from __future__ import annotations

import pytest
from django.urls import reverse

from weerbaar.assessment.models import AssessmentItem, Recommendation

pytestmark = pytest.mark.django_db


def group_url(scan, group="D1"):
    return reverse(
        "assessment:group",
        kwargs={"org": scan.organisation.slug, "scan_id": scan.pk, "assessment_group": group},
    )


def test_unknown_status_is_refused_and_text_kept(client_for, fresh_scan):
    response = client_for("coordinator").post(
        group_url(fresh_scan),
        {
            "item_id": "D1.N2",
            "action": "save",
            "i-D1-N2-status": "prima",
            "i-D1-N2-finding": "Mijn lange bevinding",
            "i-D1-N2-evidence_text": "Gesprek met OOV",
            "i-D1-N2-lock_version": "0",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Onbekende status" in body and "prima" in body
    assert "Mijn lange bevinding" in body and "Gesprek met OOV" in body
    assert not AssessmentItem.objects.filter(scan=fresh_scan, item_id="D1.N2").exists()


def test_unknown_norm_id_is_refused_and_text_shown(client_for, fresh_scan):
    response = client_for("coordinator").post(
        group_url(fresh_scan),
        {
            "item_id": "D9.N9",
            "action": "save",
            "i-D9-N9-status": "voldoet",
            "i-D9-N9-finding": "Tekst die niet verloren mag gaan",
            "i-D9-N9-lock_version": "0",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Onbekende norm" in body and "D9.N9" in body
    assert "Tekst die niet verloren mag gaan" in body
    assert not AssessmentItem.objects.filter(scan=fresh_scan).exists()


def test_norm_of_another_page_is_refused(client_for, fresh_scan):
    response = client_for("coordinator").post(
        group_url(fresh_scan, "D1"),
        {"item_id": "D2.N1", "action": "save", "i-D2-N1-status": "voldoet"},
    )
    assert response.status_code == 200
    assert "Onbekende norm" in response.content.decode()


def test_unknown_group_is_404(client_for, fresh_scan):
    assert client_for("coordinator").get(group_url(fresh_scan, "D9")).status_code == 404


def test_missing_or_tampered_version_is_a_form_error(client_for, fresh_scan):
    response = client_for("coordinator").post(
        group_url(fresh_scan),
        {
            "item_id": "D1.N2",
            "action": "save",
            "i-D1-N2-status": "voldoet",
            "i-D1-N2-finding": "Tekst",
            "i-D1-N2-lock_version": "abc",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "mist de versie" in body and "Tekst" in body
    assert not AssessmentItem.objects.filter(scan=fresh_scan, item_id="D1.N2").exists()


def test_missing_status_has_its_own_message(client_for, fresh_scan):
    response = client_for("coordinator").post(
        group_url(fresh_scan),
        {"item_id": "D1.N2", "action": "save", "i-D1-N2-lock_version": "0"},
    )
    body = response.content.decode()
    assert "Kies een status" in body and "%(value)s" not in body


def test_missing_file_is_a_clear_message(client_for, fresh_scan):
    response = client_for("coordinator").post(
        group_url(fresh_scan),
        {"item_id": "D1.N2", "action": "upload", "i-D1-N2-u-description": "Notulen"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kies een bestand" in body and "Notulen" in body


def test_reject_without_reason_keeps_the_edited_text(client_for, baseline_scan):
    rec = Recommendation.objects.filter(scan=baseline_scan, status="proposed").first()
    url = reverse(
        "assessment:recommendation",
        kwargs={"org": "voorbeeld", "scan_id": baseline_scan.pk, "recommendation_id": rec.pk},
    )
    response = client_for("coordinator").post(
        url,
        {
            f"r{rec.pk}-decision": "rejected",
            f"r{rec.pk}-text": "Mijn herschreven aanbeveling",
            f"r{rec.pk}-reason": "",
            f"r{rec.pk}-lock_version": str(rec.lock_version),
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Geef een reden op" in body
    assert "Mijn herschreven aanbeveling" in body
    rec.refresh_from_db()
    assert rec.status == "proposed"


def test_unknown_decision_is_refused(client_for, baseline_scan):
    rec = Recommendation.objects.filter(scan=baseline_scan).first()
    url = reverse(
        "assessment:recommendation",
        kwargs={"org": "voorbeeld", "scan_id": baseline_scan.pk, "recommendation_id": rec.pk},
    )
    response = client_for("coordinator").post(
        url,
        {
            f"r{rec.pk}-decision": "misschien",
            f"r{rec.pk}-text": "Tekst",
            f"r{rec.pk}-lock_version": str(rec.lock_version),
        },
    )
    assert response.status_code == 200
    assert "Onbekende beslissing" in response.content.decode()


def test_english_user_gets_english_messages(client_for, fresh_scan):
    client = client_for("coordinator")
    client.cookies["django_language"] = "en"
    response = client.post(
        group_url(fresh_scan),
        {
            "item_id": "D1.N2",
            "action": "save",
            "i-D1-N2-status": "prima",
            "i-D1-N2-lock_version": "0",
        },
        headers={"Accept-Language": "en"},
    )
    assert "Unknown status" in response.content.decode()


def test_unknown_norm_via_htmx_replaces_the_page_not_a_card(client_for, fresh_scan):
    response = client_for("coordinator").post(
        group_url(fresh_scan),
        {"item_id": "X.1", "action": "save", "i-X-1-finding": "Bewaar mij"},
        headers={"HX-Request": "true"},
    )
    assert response["HX-Retarget"] == "#main"
    body = response.content.decode()
    assert "Onbekende norm" in body and "Bewaar mij" in body
