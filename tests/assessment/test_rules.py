"""Recommendation rules propose catalogue measures for findings and cite what triggered them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from weerbaar.assessment import services
from weerbaar.assessment.content import app_document
from weerbaar.assessment.models import Recommendation
from weerbaar.assessment.rules.engine import evaluate, validate_rules
from weerbaar.assessment.rules.facts import reporting_awareness_fact
from weerbaar.assessment.rules.proposals import decide, run_rules
from weerbaar.registers.models import ControlMeasure, FunctionEntry, ProcessEntry

pytestmark = pytest.mark.django_db


def by_rule(scan, rule_id):
    return list(Recommendation.objects.filter(scan=scan, rule_id=rule_id))


def process(scan, library_id, money=True, **controls):
    p = ProcessEntry.objects.create(scan=scan, library_process_id=library_id, money_flows=money)
    for control_type, state in controls.items():
        ControlMeasure.objects.create(process=p, control_type=control_type, state=state)
    return p


def test_money_flows_without_working_four_eyes_proposes_four_eyes(fresh_scan):
    p = process(fresh_scan, "PR-betaling-facturen-zorg", four_eyes="on_paper")
    run_rules(fresh_scan, survey_figures={})
    (rec,) = by_rule(fresh_scan, "RR-vier-ogen-geldstromen")
    assert rec.measure_id == "M-vier-ogen"
    assert rec.subject_key == f"process:{p.pk}"
    (cite,) = rec.triggers
    assert cite["type"] == "process" and cite["library_id"] == "PR-betaling-facturen-zorg"
    assert cite["values"]["four_eyes"] == "on_paper"
    assert cite["values"]["money_flows"] is True
    assert "Betaling facturen zorgaanbieders" in cite["rationale"]["nl"]
    assert cite["rationale"]["en"] != cite["rationale"]["nl"]


def test_working_four_eyes_or_no_money_proposes_nothing(fresh_scan):
    process(fresh_scan, "PR-betaling-facturen-zorg", four_eyes="in_practice")
    process(fresh_scan, "PR-brp", money=False)
    run_rules(fresh_scan, survey_figures={})
    assert not by_rule(fresh_scan, "RR-vier-ogen-geldstromen")


def test_unstaffable_four_eyes_proposes_compensating_controls(fresh_scan):
    p = process(fresh_scan, "PR-vergunningverlening", four_eyes="absent")
    FunctionEntry.objects.create(
        scan=fresh_scan,
        library_function_id="F-vergunningverlener",
        name="Vergunningverlener",
        incumbents=1,
        four_eyes_possible=False,
    )
    run_rules(fresh_scan, survey_figures={})
    recs = by_rule(fresh_scan, "RR-compenserend-vier-ogen-proces")
    measures = {r.measure_id for r in recs}
    catalogue = fresh_scan.framework.measure_index
    assert measures, "a compensating control is proposed"
    for m in measures:
        assert "M-vier-ogen" in catalogue[m]["compensates_for"]
        assert catalogue[m]["small_organisation"] is True
    assert all(r.subject_key == f"process:{p.pk}" for r in recs)
    assert "Vergunningverlener" in recs[0].triggers[0]["rationale"]["nl"]
    # Not the plain four-eyes proposal: it cannot be staffed.
    assert not by_rule(fresh_scan, "RR-vier-ogen-geldstromen")


def test_single_incumbent_deciding_alone_gets_compensating_control(fresh_scan):
    f = FunctionEntry.objects.create(
        scan=fresh_scan,
        name="Medewerker vastgoed",
        incumbents=1,
        four_eyes_possible=False,
        decision_authority="decides",
    )
    run_rules(fresh_scan, survey_figures={})
    recs = by_rule(fresh_scan, "RR-compenserend-eenpitter")
    assert recs and all(r.subject_key == f"function:{f.pk}" for r in recs)
    assert recs[0].triggers[0]["values"]["four_eyes_possible"] is False


def test_long_tenure_without_possible_rotation_gets_compensating_control(fresh_scan):
    f = FunctionEntry.objects.create(
        scan=fresh_scan,
        name="Toezichthouder fysieke leefomgeving",
        incumbents=3,
        typical_tenure_years=15,
        rotation_possible=False,
    )
    run_rules(fresh_scan, survey_figures={})
    recs = by_rule(fresh_scan, "RR-compenserend-roulatie")
    catalogue = fresh_scan.framework.measure_index
    assert recs and all(r.subject_key == f"function:{f.pk}" for r in recs)
    assert all("M-roulatie" in catalogue[r.measure_id]["compensates_for"] for r in recs)
    assert recs[0].triggers[0]["values"]["langzitter"] is True


def test_permit_officer_without_screening_gets_vog_p(fresh_scan):
    f = FunctionEntry.objects.create(
        scan=fresh_scan,
        library_function_id="F-vergunningverlener",
        name="Vergunningverlener",
        incumbents=3,
        four_eyes_possible=True,
        screening_required="vog",
        screening_done="no",
    )
    run_rules(fresh_scan, survey_figures={})
    (rec,) = by_rule(fresh_scan, "RR-vergunningverlener-vog-p")
    assert rec.measure_id == "M-vog-p"
    assert rec.triggers[0]["library_id"] == "F-vergunningverlener"
    assert rec.triggers[0]["values"]["screening_done"] == "no"
    assert rec.subject_key == f"function:{f.pk}"


def test_screened_permit_officer_gets_no_vog_p(fresh_scan):
    FunctionEntry.objects.create(
        scan=fresh_scan,
        library_function_id="F-vergunningverlener",
        name="Vergunningverlener",
        incumbents=3,
        screening_required="vog_p",
        screening_done="yes",
        external_hires=False,
    )
    run_rules(fresh_scan, survey_figures={})
    assert not by_rule(fresh_scan, "RR-vergunningverlener-vog-p")


def test_unmet_inventory_norm_proposes_an_inventory(fresh_scan):
    services.save_item(
        fresh_scan,
        "D3c.N1",
        status="voldoet_niet",
        finding="Geen overzicht",
        evidence_text="",
        expected_version=0,
    )
    run_rules(fresh_scan, survey_figures={})
    (rec,) = by_rule(fresh_scan, "RR-inventarisatie-kwetsbare-functies")
    assert rec.measure_id == "M-inventarisatie-kwetsbaar"
    assert rec.subject_key == "norm:D3c.N1"
    assert rec.triggers[0]["values"] == {"status": "voldoet_niet"}
    assert "3c.1" in rec.triggers[0]["rationale"]["nl"]


def test_met_inventory_norm_proposes_nothing(fresh_scan):
    services.save_item(
        fresh_scan, "D3c.N1", status="voldoet", finding="", evidence_text="", expected_version=0
    )
    run_rules(fresh_scan, survey_figures={})
    assert not by_rule(fresh_scan, "RR-inventarisatie-kwetsbare-functies")


@pytest.mark.parametrize(("pct", "fires"), [(42.0, True), (49.9, True), (50.0, False), (63, False)])
def test_survey_q9c_below_half_proposes_reporting_procedure_and_awareness(fresh_scan, pct, fires):
    run_rules(fresh_scan, survey_figures={"Q9c": (pct, 120)})
    recs = by_rule(fresh_scan, "RR-melden-signalen-q9c")
    if not fires:
        assert not recs
        return
    assert {r.measure_id for r in recs} == {"M-werkproces-signalen", "M-periodieke-bewustwording"}
    cite = recs[0].triggers[0]
    assert cite["type"] == "survey_figure" and cite["key"] == "survey:Q9c"
    assert cite["values"]["percentage"] == pct
    assert f"{pct:.0f}%" in cite["rationale"]["nl"]


def test_reporting_awareness_fact_is_typed():
    fact = reporting_awareness_fact(42)
    assert fact.values["question"] == "Q9c" and fact.values["percentage"] == 42.0


def test_rerun_does_not_duplicate_or_undo_decisions(fresh_scan, user_for):
    process(fresh_scan, "PR-betaling-facturen-zorg", four_eyes="absent")
    services.save_item(
        fresh_scan,
        "D3c.N1",
        status="voldoet_niet",
        finding="",
        evidence_text="",
        expected_version=0,
    )
    first = run_rules(fresh_scan, survey_figures={"Q9c": 40})
    count = Recommendation.objects.filter(scan=fresh_scan).count()
    assert len(first.created) == count >= 4

    accepted, rejected = (
        by_rule(fresh_scan, "RR-vier-ogen-geldstromen")[0],
        by_rule(fresh_scan, "RR-inventarisatie-kwetsbare-functies")[0],
    )
    decide(accepted, decision="accepted", text="Eigen tekst", user=user_for("coordinator"))
    decide(rejected, decision="rejected", reason="Loopt al", user=user_for("coordinator"))

    second = run_rules(fresh_scan, survey_figures={"Q9c": 40})
    assert second.created == []
    assert Recommendation.objects.filter(scan=fresh_scan).count() == count
    accepted.refresh_from_db()
    rejected.refresh_from_db()
    assert (accepted.status, accepted.text) == ("accepted", "Eigen tekst")
    assert (rejected.status, rejected.reason) == ("rejected", "Loopt al")


def test_rejecting_needs_a_reason(fresh_scan):
    services.save_item(
        fresh_scan,
        "D3c.N1",
        status="voldoet_niet",
        finding="",
        evidence_text="",
        expected_version=0,
    )
    run_rules(fresh_scan, survey_figures={})
    rec = by_rule(fresh_scan, "RR-inventarisatie-kwetsbare-functies")[0]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        decide(rec, decision="rejected", reason="  ")
    rec.refresh_from_db()
    assert rec.status == "proposed"


def test_shipped_rules_are_valid_against_the_catalogue(baseline_scan):
    doc = app_document("recommendation_rules")
    assert validate_rules(doc, baseline_scan.framework.measure_index) == []


def test_validator_refuses_unknown_fields_and_wrong_types():
    doc = {
        "rules": [
            {
                "id": "X",
                "fact": "process",
                "when": {"field": "colour", "op": "eq", "value": "red"},
                "propose": {"measures": ["M-nope"]},
                "rationale": {"nl": "{nope}", "en": "x"},
            },
            {
                "id": "Y",
                "fact": "function",
                "when": {"field": "incumbents", "op": "eq", "value": "one"},
                "propose": {"measures": ["M-vier-ogen"]},
                "rationale": {"nl": "x", "en": "x"},
            },
        ]
    }
    errors = validate_rules(doc, {"M-vier-ogen": {}})
    assert any("no field 'colour'" in e for e in errors)
    assert any("unknown measure 'M-nope'" in e for e in errors)
    assert any("placeholder {nope}" in e for e in errors)
    assert any("'one' is not a valid incumbents" in e for e in errors)


values = st.fixed_dictionaries({"a": st.integers(-5, 5), "b": st.sampled_from(["x", "y", "z"])})
leaf = st.one_of(
    st.builds(lambda v: {"field": "a", "op": "lt", "value": v}, st.integers(-5, 5)),
    st.builds(lambda v: {"field": "b", "op": "eq", "value": v}, st.sampled_from(["x", "y"])),
    st.builds(lambda v: {"field": "b", "op": "in", "value": v}, st.lists(st.sampled_from("xyz"))),
)
conditions = st.recursive(
    leaf,
    lambda inner: st.one_of(
        st.builds(lambda c: {"all": c}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda c: {"any": c}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda c: {"not": c}, inner),
    ),
    max_leaves=8,
)


@given(conditions, values)
def test_engine_logic_matches_boolean_algebra(condition, vals):
    assert evaluate({"not": condition}, vals) is (not evaluate(condition, vals))
    assert evaluate({"all": [condition, condition]}, vals) == evaluate(condition, vals)
    assert evaluate({"any": [condition, {"not": condition}]}, vals) is True


@given(conditions)
def test_missing_fields_never_match_a_comparison(condition):
    assert evaluate({"field": "a", "op": "lt", "value": 3}, {}) is False
    assert evaluate({"field": "a", "op": "eq", "value": None}, {"a": None}) is False


def fake_results(pct, suppressed=False, audience="staff"):
    return [
        {
            "survey": {"id": 1, "title": "Enquête", "audience": audience},
            "items": [
                {
                    "id": "q9_stellingen_risico.c",
                    "suppressed": suppressed,
                    "n": 80,
                    "categories": [
                        {"value": "eens", "pct": {"answered": pct}},
                        {"value": "oneens", "pct": {"answered": 100 - pct}},
                    ],
                }
            ],
        }
    ]


def test_q9c_is_read_from_the_survey_results(fresh_scan, monkeypatch):
    from weerbaar.surveys.results import services as results_services

    monkeypatch.setattr(results_services, "scan_results", lambda scan: fake_results(37.5))
    run_rules(fresh_scan)
    recs = by_rule(fresh_scan, "RR-melden-signalen-q9c")
    assert {r.measure_id for r in recs} == {"M-werkproces-signalen", "M-periodieke-bewustwording"}
    assert recs[0].triggers[0]["values"]["percentage"] == 37.5
    assert recs[0].triggers[0]["values"]["respondents"] == 80


@pytest.mark.parametrize(
    "results", [fake_results(30.0, suppressed=True), fake_results(30.0, audience="council")]
)
def test_suppressed_or_council_figures_are_not_used(fresh_scan, monkeypatch, results):
    from weerbaar.surveys.results import services as results_services

    monkeypatch.setattr(results_services, "scan_results", lambda scan: results)
    run_rules(fresh_scan)
    assert not by_rule(fresh_scan, "RR-melden-signalen-q9c")
