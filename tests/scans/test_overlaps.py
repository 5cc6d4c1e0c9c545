"""The scan page shows where the frameworks of its library version overlap, with verdicts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import make_scan
from weerbaar.assessment.services import get_or_create_item
from weerbaar.scans.overlaps import overlaps


def scan_url(scan) -> str:
    return reverse("scans:detail", kwargs={"org": scan.organisation.slug, "scan_id": scan.pk})


@pytest.mark.django_db
def test_overlap_section_lists_mapped_items_per_norm(client_for, voorbeeld):
    scan = make_scan(voorbeeld)
    rows = {row.norm["id"]: row for row in overlaps(scan)}
    assert [i.id for i in rows["T2.N4"].items] == ["P3.I4"]
    body = client_for("coordinator").get(scan_url(scan)).content.decode()
    assert "Overlap met andere kaders" in body
    assert "P3.I4 (Beleid" in body and "gelijk" in body


@pytest.mark.django_db
def test_overlap_section_shows_the_verdicts_the_scan_gave(client_for, voorbeeld):
    scan = make_scan(voorbeeld)
    for item_id, status in (("P3.I4", "voldoet_deels"), ("T2.N4", "voldoet")):
        item = get_or_create_item(scan, item_id)
        item.status = status
        item.save()
    row = next(r for r in overlaps(scan) if r.norm["id"] == "T2.N4")
    assert str(row.verdict) == "Voldoet"
    assert str(row.items[0].verdict) == "Voldoet deels"
    body = client_for("coordinator").get(scan_url(scan)).content.decode()
    assert "oordeel: Voldoet deels" in body


@pytest.mark.django_db
def test_readers_do_not_see_the_work_in_progress_section(client_for, voorbeeld):
    scan = make_scan(voorbeeld)
    body = client_for("lezer").get(scan_url(scan)).content.decode()
    assert "Overlap met andere kaders" not in body
