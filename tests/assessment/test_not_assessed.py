"""Nothing measured is shown as "nog niet beoordeeld", never as a phase; recommendations that
come out empty say why."""

from __future__ import annotations

import pytest
from django.urls import reverse

from weerbaar.assessment import services
from weerbaar.assessment.maturity import pillar_maturity
from weerbaar.assessment.rules.proposals import run_rules

pytestmark = pytest.mark.django_db


def test_a_new_scan_has_no_phase_per_pillar(fresh_scan):
    rows = pillar_maturity(fresh_scan)
    assert rows and not any(r["assessed"] for r in rows)


def test_one_verdict_makes_its_pillar_assessed(fresh_scan):
    pillar = fresh_scan.framework.pillars[0]
    services.save_item(
        fresh_scan,
        pillar["items"][0]["id"],
        status="voldoet",
        finding="",
        evidence_text="",
        expected_version=0,
    )
    assessed = {r["pillar"]["id"]: r["assessed"] for r in pillar_maturity(fresh_scan)}
    assert assessed[pillar["id"]] is True
    assert sum(assessed.values()) == 1


def test_the_pages_say_not_assessed_instead_of_phase_1(client_for, fresh_scan):
    client = client_for("coordinator")
    kwargs = {"org": "voorbeeld", "scan_id": fresh_scan.pk}
    for page in (
        reverse("assessment:dashboard", kwargs=kwargs),
        reverse("scans:detail", kwargs=kwargs),
    ):
        body = client.get(page).content.decode()
        assert "nog niet beoordeeld" in body, page
        assert "fase 1 · Startend" not in body, page


def test_rules_without_findings_say_why(fresh_scan):
    result = run_rules(fresh_scan)
    assert not result.created
    assert "nog geen bevindingen" in result.why_nothing_new()


def test_rules_that_find_nothing_to_propose_say_what_they_looked_at(fresh_scan):
    norm = fresh_scan.framework.norms[0]["id"]
    services.save_item(
        fresh_scan, norm, status="voldoet", finding="", evidence_text="", expected_version=0
    )
    result = run_rules(fresh_scan)
    assert not result.created
    assert "zelfevaluatie: 1" in result.why_nothing_new()


def test_the_page_shows_the_reason_after_running_the_rules(client_for, fresh_scan):
    url = reverse(
        "assessment:recommendations", kwargs={"org": "voorbeeld", "scan_id": fresh_scan.pk}
    )
    client = client_for("coordinator")
    response = client.post(url, follow=True)
    assert "nog geen bevindingen om de regels op toe te passen" in response.content.decode()
