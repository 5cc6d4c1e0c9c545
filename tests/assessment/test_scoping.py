"""Another organisation gets nothing: 404 on every assessment view, including downloads."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from weerbaar.assessment.models import EvidenceDocument, Recommendation
from weerbaar.scans.models import Scan

pytestmark = pytest.mark.django_db


def all_urls(scan):
    org = scan.organisation.slug
    doc = EvidenceDocument.objects.filter(item__scan=scan).first()
    rec = Recommendation.objects.filter(scan=scan).first()
    assert doc is not None and rec is not None, "the demo has evidence and recommendations"
    base = {"org": org, "scan_id": scan.pk}
    return [
        reverse("assessment:dashboard", kwargs=base),
        reverse("assessment:group", kwargs={**base, "assessment_group": "D1"}),
        reverse("assessment:group", kwargs={**base, "assessment_group": "P2"}),
        reverse("assessment:download", kwargs={**base, "evidencedocument_id": doc.pk}),
        reverse("assessment:delete_document", kwargs={**base, "evidencedocument_id": doc.pk}),
        reverse("assessment:recommendations", kwargs=base),
        reverse("assessment:recommendation", kwargs={**base, "recommendation_id": rec.pk}),
    ]


def test_other_organisation_gets_404_everywhere(client_for, baseline_scan):
    outsider = client_for("oosterveld")
    for url in all_urls(baseline_scan):
        for method in ("get", "post"):
            response = getattr(outsider, method)(url)
            assert response.status_code in {404, 405}, f"{method} {url}"
            assert b"Gemeente Voorbeeld" not in response.content


def test_own_objects_under_another_organisation_slug_are_not_found(
    client_for, baseline_scan, oosterveld
):
    """The download id of Voorbeeld's document, requested under Oosterveld's own URL."""
    doc = EvidenceDocument.objects.filter(item__scan=baseline_scan).first()
    own_scan = Scan.objects.create(
        organisation=oosterveld,
        title="Eigen scan",
        library_version=baseline_scan.library_version,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 2, 1),
    )
    url = reverse(
        "assessment:download",
        kwargs={"org": oosterveld.slug, "scan_id": own_scan.pk, "evidencedocument_id": doc.pk},
    )
    assert client_for("oosterveld").get(url).status_code == 404


def test_anonymous_is_sent_to_login(client, baseline_scan):
    for url in all_urls(baseline_scan):
        response = client.get(url)
        assert response.status_code in {302, 405}
        if response.status_code == 302:
            assert reverse("accounts:login") in response["Location"]


def test_only_managers_change_things(client_for, baseline_scan):
    secretaris = client_for("secretaris")
    urls = all_urls(baseline_scan)
    # The secretaris may look ...
    assert secretaris.get(urls[1]).status_code == 200
    # ... but not change the assessment, run the rules or decide.
    for url in (urls[1], urls[5], urls[6]):
        assert secretaris.post(url, {"item_id": "D1.N1"}).status_code == 403
