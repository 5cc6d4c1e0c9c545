"""Two people editing the same item never overwrite each other silently."""

from __future__ import annotations

import pytest
from django.urls import reverse

from weerbaar.assessment import services
from weerbaar.assessment.models import AssessmentConflict, AssessmentItem

pytestmark = pytest.mark.django_db


def group_url(scan, group="D3"):
    return reverse(
        "assessment:group",
        kwargs={"org": scan.organisation.slug, "scan_id": scan.pk, "assessment_group": group},
    )


def post_item(client, scan, item_id, version, status, finding, htmx=False):
    prefix = "i-" + item_id.replace(".", "-")
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        group_url(scan),
        {
            "item_id": item_id,
            "action": "save",
            f"{prefix}-status": status,
            f"{prefix}-finding": finding,
            f"{prefix}-evidence_text": "",
            f"{prefix}-lock_version": str(version),
        },
        headers=headers,
    )


def test_second_concurrent_save_gets_conflict_and_both_versions_are_kept(client_for, fresh_scan):
    coordinator = client_for("coordinator")
    riec = client_for("riec")
    # Both open the page at version 0 ...
    first = post_item(coordinator, fresh_scan, "D3c.N1", 0, "voldoet_niet", "Tekst van Anna")
    assert first.status_code == 302
    # ... and the second saves without having seen the first save.
    second = post_item(riec, fresh_scan, "D3c.N1", 0, "voldoet_deels", "Tekst van Bram")
    assert second.status_code == 200
    body = second.content.decode()
    assert "Iemand anders heeft dit onderdeel intussen opgeslagen" in body
    # Both texts are on the page: the stored one and the one just typed (still in the form).
    assert "Tekst van Anna" in body
    assert body.count("Tekst van Bram") >= 2

    item = AssessmentItem.objects.get(scan=fresh_scan, item_id="D3c.N1")
    assert item.finding == "Tekst van Anna"
    assert item.status == "voldoet_niet"
    assert item.lock_version == 1
    conflict = AssessmentConflict.objects.get(item=item)
    assert conflict.finding == "Tekst van Bram"
    assert conflict.status == "voldoet_deels"
    assert (conflict.based_on_version, conflict.stored_version) == (0, 1)


def test_conflict_form_lets_the_second_person_save_deliberately(client_for, fresh_scan):
    coordinator = client_for("coordinator")
    post_item(coordinator, fresh_scan, "D3c.N1", 0, "voldoet_niet", "Eerste")
    conflict_page = post_item(
        client_for("riec"), fresh_scan, "D3c.N1", 0, "voldoet_deels", "Tweede", htmx=True
    )
    # The re-shown form is based on the stored version now ...
    assert 'name="i-D3c-N1-lock_version" value="1"' in conflict_page.content.decode()
    # ... so saving again after reading both versions is accepted.
    again = post_item(client_for("riec"), fresh_scan, "D3c.N1", 1, "voldoet_deels", "Tweede")
    assert again.status_code == 302
    item = AssessmentItem.objects.get(scan=fresh_scan, item_id="D3c.N1")
    assert (item.finding, item.lock_version) == ("Tweede", 2)


def test_service_refuses_stale_version(fresh_scan, user_for):
    user = user_for("coordinator")
    ok = services.save_item(
        fresh_scan,
        "P4.I4",
        status="voldoet",
        finding="a",
        evidence_text="",
        expected_version=0,
        user=user,
    )
    assert ok.changed and ok.conflict is None
    stale = services.save_item(
        fresh_scan,
        "P4.I4",
        status="voldoet_niet",
        finding="b",
        evidence_text="",
        expected_version=0,
        user=user,
    )
    assert stale.conflict is not None
    assert stale.item.finding == "a"


def test_htmx_save_returns_only_the_card(client_for, fresh_scan):
    response = post_item(
        client_for("coordinator"), fresh_scan, "D3a.N1", 0, "voldoet", "Beschreven", htmx=True
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith("<article")
    assert "Opgeslagen." in body
