"""Maturity phase per pillar, derived from its items by the maturity method (data)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from weerbaar.assessment import services
from weerbaar.assessment.content import app_document
from weerbaar.assessment.maturity import derive_phase, pillar_maturity

STATUSES = ["voldoet", "voldoet_deels", "voldoet_niet", "onbekend"]
RANK = {"onbekend": 0, "voldoet_niet": 0, "voldoet_deels": 1, "voldoet": 2}
METHOD = app_document("maturity_method")
statuses = st.lists(st.sampled_from(STATUSES), min_size=1, max_size=12)


@pytest.mark.parametrize(
    ("items", "level"),
    [
        (["voldoet", "voldoet", "voldoet"], 4),
        (["voldoet", "voldoet", "voldoet_deels"], 3),
        (["voldoet", "voldoet", "voldoet_niet", "voldoet"], 2),
        (["voldoet", "voldoet", "onbekend", "voldoet"], 2),
        (["voldoet_deels", "voldoet_deels", "voldoet_niet"], 2),
        (["voldoet_deels", "voldoet_niet", "voldoet_niet"], 1),
        (["onbekend", "onbekend"], 1),
    ],
)
def test_phase_examples(items, level):
    assert derive_phase(items, METHOD).level == level


@given(statuses)
def test_every_pillar_gets_exactly_one_known_phase(items):
    result = derive_phase(items, METHOD)
    assert result.level in {1, 2, 3, 4}
    assert 0.0 <= result.score <= 1.0
    assert result.reasons, "the phase always comes with its reasoning"


@given(statuses, st.data())
def test_improving_an_item_never_lowers_the_phase(items, data):
    index = data.draw(st.integers(min_value=0, max_value=len(items) - 1))
    better = data.draw(st.sampled_from([s for s in STATUSES if RANK[s] >= RANK[items[index]]]))
    improved = [*items[:index], better, *items[index + 1 :]]
    if items[index] == "voldoet_niet" and better == "onbekend":
        return  # equal points, but 'unknown' is its own requirement: not an improvement
    assert derive_phase(improved, METHOD).level >= derive_phase(items, METHOD).level


@given(statuses)
def test_unknown_never_scores_higher_than_not_met(items):
    as_unknown = ["onbekend" if s == "voldoet_niet" else s for s in items]
    assert derive_phase(as_unknown, METHOD).level <= derive_phase(items, METHOD).level


def test_reasoning_names_what_the_next_phase_needs():
    result = derive_phase(["voldoet", "voldoet_niet", "voldoet"], METHOD)
    assert result.level == 2
    assert any("Fase 3 niet bereikt" in r for r in result.reasons)


@pytest.mark.django_db
def test_dashboard_derives_phase_from_saved_items(fresh_scan, client_for):
    fw = fresh_scan.framework
    pillar = fw.pillars[0]
    for item in pillar["items"]:
        services.save_item(
            fresh_scan,
            item["id"],
            status="voldoet",
            finding="",
            evidence_text="",
            expected_version=0,
        )
    rows = {r["pillar"]["id"]: r for r in pillar_maturity(fresh_scan)}
    assert rows[pillar["id"]]["result"].level == 4
    assert rows[pillar["id"]]["phase"]["id"] == "proactief"
    assert rows[fw.pillars[1]["id"]]["result"].level == 1
    from django.urls import reverse

    page = client_for("secretaris").get(
        reverse(
            "assessment:dashboard",
            kwargs={"org": fresh_scan.organisation.slug, "scan_id": fresh_scan.pk},
        )
    )
    body = page.content.decode()
    assert "Proactief" in body and "Startend" in body


@pytest.mark.django_db
def test_demo_baseline_follows_seed_004(baseline_scan):
    """The demo's 0-meting: awareness and information position weak, one pillar further."""
    rows = {r["pillar"]["id"]: r["result"].level for r in pillar_maturity(baseline_scan)}
    assert rows["P1"] == 1 and rows["P2"] == 1
    assert rows["P4"] == 2
    overview = {r["group"].id: r["counts"] for r in services.overview(baseline_scan)}
    assert overview["D1"]["voldoet_niet"] >= 2
    assert overview["T1"]["voldoet_niet"] >= 3
