"""Properties of the recommendation rules over random registers."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from weerbaar.assessment.models import Recommendation
from weerbaar.assessment.rules.facts import collect_facts
from weerbaar.assessment.rules.proposals import run_rules
from weerbaar.registers.models import ControlMeasure, FunctionEntry, ProcessEntry

pytestmark = pytest.mark.django_db

STATES = ["absent", "on_paper", "in_practice", "effective"]
PROCESSES = ["PR-betalen-facturen", "PR-subsidieverlening", "PR-vergunningverlening", "PR-brp"]
FUNCTIONS = ["F-vergunningverlener", "F-financieel-medewerker", "F-budgethouder", ""]

processes = st.lists(
    st.fixed_dictionaries(
        {
            "library_process_id": st.sampled_from(PROCESSES),
            "money_flows": st.booleans(),
            "four_eyes": st.none() | st.sampled_from(STATES),
            "two_signatures": st.none() | st.sampled_from(STATES),
        }
    ),
    max_size=4,
)
functions = st.lists(
    st.fixed_dictionaries(
        {
            "library_function_id": st.sampled_from(FUNCTIONS),
            "incumbents": st.integers(1, 4),
            "four_eyes_possible": st.booleans(),
            "decision_authority": st.sampled_from(["none", "prepares", "decides"]),
            "screening_required": st.sampled_from(["none", "vog", "vog_p"]),
            "screening_done": st.sampled_from(["yes", "partly", "no", "not_applicable"]),
            "screening_on_change": st.sampled_from(["yes", "partly", "no", "not_applicable"]),
            "compensating_state": st.sampled_from(STATES),
        }
    ),
    max_size=4,
)


def build(scan, procs, funcs):
    ProcessEntry.objects.filter(scan=scan).delete()
    FunctionEntry.objects.filter(scan=scan).delete()
    Recommendation.objects.filter(scan=scan).delete()
    for p in procs:
        entry = ProcessEntry.objects.create(
            scan=scan, library_process_id=p["library_process_id"], money_flows=p["money_flows"]
        )
        for control_type in ("four_eyes", "two_signatures"):
            if p[control_type]:
                ControlMeasure.objects.create(
                    process=entry, control_type=control_type, state=p[control_type]
                )
    for n, f in enumerate(funcs):
        FunctionEntry.objects.create(scan=scan, name=f"Functie {n}", **f)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(processes, functions, st.none() | st.floats(0, 100))
def test_rules_are_idempotent_and_cite_real_facts(fresh_scan, procs, funcs, q9c):
    build(fresh_scan, procs, funcs)
    figures = {} if q9c is None else {"Q9c": q9c}
    first = run_rules(fresh_scan, survey_figures=figures)
    count = Recommendation.objects.filter(scan=fresh_scan).count()
    second = run_rules(fresh_scan, survey_figures=figures)
    assert second.created == []
    assert Recommendation.objects.filter(scan=fresh_scan).count() == count == len(first.created)

    facts = {f.subject_key: f for f in collect_facts(fresh_scan, figures)}
    catalogue = fresh_scan.framework.measure_index
    for rec in Recommendation.objects.filter(scan=fresh_scan):
        assert rec.measure_id in catalogue
        (cite,) = rec.triggers
        assert cite["key"] == rec.subject_key in facts
        fact = facts[rec.subject_key]
        for field, value in cite["values"].items():
            assert fact.values[field] == value


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(processes)
def test_a_working_four_eyes_control_never_adds_four_eyes_proposals(fresh_scan, procs):
    build(fresh_scan, procs, [])
    run_rules(fresh_scan, survey_figures={})
    before = set(
        Recommendation.objects.filter(scan=fresh_scan).values_list("measure_id", "subject_key")
    )
    for entry in ProcessEntry.objects.filter(scan=fresh_scan):
        ControlMeasure.objects.create(process=entry, control_type="four_eyes", state="in_practice")
    Recommendation.objects.filter(scan=fresh_scan).delete()
    run_rules(fresh_scan, survey_figures={})
    after = set(
        Recommendation.objects.filter(scan=fresh_scan).values_list("measure_id", "subject_key")
    )
    assert after <= before
    assert not any(m == "M-vier-ogen" for m, _ in after)
