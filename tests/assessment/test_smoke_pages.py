"""The self-assessment pages open for the people who work on the scan."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def urls(scan):
    org = scan.organisation.slug
    return [
        reverse("assessment:dashboard", kwargs={"org": org, "scan_id": scan.pk}),
        reverse(
            "assessment:group", kwargs={"org": org, "scan_id": scan.pk, "assessment_group": "D3"}
        ),
        reverse(
            "assessment:group", kwargs={"org": org, "scan_id": scan.pk, "assessment_group": "P4"}
        ),
        reverse("assessment:recommendations", kwargs={"org": org, "scan_id": scan.pk}),
    ]


@pytest.mark.parametrize("role", ["coordinator", "secretaris", "riec"])
def test_pages_open_for_scan_workers(role, client_for, baseline_scan):
    client = client_for(role)
    for url in urls(baseline_scan):
        response = client.get(url)
        assert response.status_code == 200, url


def test_scan_page_shows_the_assessment_section(client_for, baseline_scan):
    from weerbaar.assessment.scan_sections import section_context

    context = section_context(None, baseline_scan)
    assert context["assessed"] == context["total"] - 1  # one item left 'onbekend' in the demo
    assert [r["result"].level for r in context["maturity"]] == [1, 1, 1, 2, 1]
    url = reverse(
        "scans:detail",
        kwargs={"org": baseline_scan.organisation.slug, "scan_id": baseline_scan.pk},
    )
    body = client_for("secretaris").get(url).content.decode()
    assert 'id="section-assessment"' in body


def test_reader_cannot_see_work_in_progress(client_for, baseline_scan):
    client = client_for("lezer")
    for url in urls(baseline_scan):
        assert client.get(url).status_code == 403


def test_recommendations_can_be_filtered_by_status(client_for, baseline_scan):
    url = reverse(
        "assessment:recommendations",
        kwargs={"org": baseline_scan.organisation.slug, "scan_id": baseline_scan.pk},
    )
    client = client_for("coordinator")
    rejected = client.get(url, {"status": "rejected"})
    assert [r["rec"].status for r in rejected.context["rows"]] == ["rejected"]
    everything = client.get(url, {"status": "nonsense"})
    assert len(everything.context["rows"]) == baseline_scan.recommendations.count()


def test_english_user_reads_rationales_in_english(client_for, baseline_scan):
    client = client_for("coordinator")
    client.cookies["django_language"] = "en"
    url = reverse(
        "assessment:recommendations",
        kwargs={"org": baseline_scan.organisation.slug, "scan_id": baseline_scan.pk},
    )
    body = client.get(url, headers={"Accept-Language": "en"}).content.decode()
    assert "Recommendations" in body
    assert "was assessed as" in body  # the D3c.N1 inventory rule, in English


def test_deciding_with_htmx_returns_only_the_recommendation(client_for, baseline_scan):
    rec = baseline_scan.recommendations.filter(status="proposed").first()
    url = reverse(
        "assessment:recommendation",
        kwargs={
            "org": baseline_scan.organisation.slug,
            "scan_id": baseline_scan.pk,
            "recommendation_id": rec.pk,
        },
    )
    response = client_for("coordinator").post(
        url,
        {
            f"r{rec.pk}-decision": "accepted",
            f"r{rec.pk}-text": "Aangepaste tekst",
            f"r{rec.pk}-reason": "",
            f"r{rec.pk}-lock_version": str(rec.lock_version),
        },
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert body.lstrip().startswith("<article")
    assert "Beslissing vastgelegd." in body and "Aangepaste tekst" in body
    rec.refresh_from_db()
    assert (rec.status, rec.text) == ("accepted", "Aangepaste tekst")


def test_stale_decision_is_refused(client_for, baseline_scan):
    rec = baseline_scan.recommendations.filter(status="proposed").first()
    url = reverse(
        "assessment:recommendation",
        kwargs={
            "org": baseline_scan.organisation.slug,
            "scan_id": baseline_scan.pk,
            "recommendation_id": rec.pk,
        },
    )
    response = client_for("riec").post(
        url,
        {
            f"r{rec.pk}-decision": "rejected",
            f"r{rec.pk}-text": "Mijn tekst",
            f"r{rec.pk}-reason": "Mijn reden",
            f"r{rec.pk}-lock_version": str(rec.lock_version + 5),
        },
    )
    body = response.content.decode()
    assert "Iemand anders heeft over deze aanbeveling beslist" in body
    assert "Mijn tekst" in body and "Mijn reden" in body
    rec.refresh_from_db()
    assert rec.status == "proposed"
    # The kept input is now based on the stored version, so deciding again works.
    assert f'name="r{rec.pk}-lock_version" value="{rec.lock_version}"' in body
