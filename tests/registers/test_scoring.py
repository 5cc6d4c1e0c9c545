"""The vulnerability score: traceable, in range, and never worse for a better control."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from weerbaar.library.loader import LibraryValidationError, validate_path
from weerbaar.registers.method import (
    METHOD_PATH,
    MethodError,
    parse_method,
    read_method_file,
    shipped_method,
)
from weerbaar.registers.models import CONTROL_STATE_ORDER
from weerbaar.registers.scoring import score_function, score_process, screening_state

METHOD = shipped_method()
CRITERIA = list(METHOD.criterion_weights)
PROCESS_CONTROL_TYPES = list(METHOD.process_controls)

criterion_scores = st.dictionaries(
    st.sampled_from(CRITERIA), st.one_of(st.none(), st.integers(0, 3))
)
states = st.sampled_from(CONTROL_STATE_ORDER)
process_controls = st.lists(st.tuples(st.sampled_from(PROCESS_CONTROL_TYPES), states), max_size=8)

function_values = st.fixed_dictionaries(
    {
        "incumbents": st.integers(1, 20),
        "typical_tenure_years": st.one_of(st.none(), st.integers(0, 40)),
        "dual_roles": st.booleans(),
        "local_ties": st.booleans(),
        "has_mandate": st.booleans(),
        "information_access": st.sampled_from(["normal", "sensitive", "broad"]),
        "external_contact": st.booleans(),
        "decision_authority": st.sampled_from(["none", "prepares", "decides"]),
        "financial_flows": st.booleans(),
        "external_hires": st.booleans(),
        "screening_required": st.sampled_from(["none", "vog", "vog_p"]),
        "screening_done": st.sampled_from(["yes", "partly", "no", "not_applicable"]),
        "screening_done_external": st.sampled_from(["yes", "partly", "no", "not_applicable"]),
        "screening_on_change": st.sampled_from(["yes", "partly", "no", "not_applicable"]),
        "rotation_state": states,
        "four_eyes_state": states,
        "compensating_state": states,
        "compensating_control": st.just(""),
    }
)

EPS = 1e-9


def better_or_equal(state: str) -> st.SearchStrategy[str]:
    return st.sampled_from(CONTROL_STATE_ORDER[CONTROL_STATE_ORDER.index(state) :])


# ----------------------------------------------------------------------------- the method


def test_shipped_method_is_valid_library_data():
    """`weerbaar library validate` accepts the method file: schema and semantics."""
    assert validate_path(METHOD_PATH) == []
    method = read_method_file(METHOD_PATH)
    assert set(method.criterion_weights) == {f"VC{i}" for i in range(1, 9)}
    assert method.design_choice["nl"] and method.design_choice["en"]


def test_method_with_decreasing_effects_is_refused(tmp_path: Path):
    data = yaml.safe_load(METHOD_PATH.read_text(encoding="utf-8"))
    data["state_effects"][2]["effect"] = 0.05  # works in practice counts less than on paper
    with pytest.raises(MethodError):
        parse_method(data)
    path = tmp_path / "method.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LibraryValidationError):
        read_method_file(path)


def test_method_file_with_unknown_field_is_refused_with_its_line(tmp_path: Path):
    text = METHOD_PATH.read_text(encoding="utf-8").replace(
        "scale: {min: 0, max: 100}", "scale: {min: 0, max: 100}\nweigths: {}"
    )
    path = tmp_path / "method.yaml"
    path.write_text(text, encoding="utf-8")
    errors = validate_path(path)
    assert errors and "weigths" in errors[0].message


# ----------------------------------------------------------------------------- processes


@settings(max_examples=150, deadline=None)
@given(criterion_scores, process_controls)
def test_process_score_stays_in_range_and_its_breakdown_adds_up(criteria, controls):
    result = score_process(METHOD, criteria, controls)
    assert 0 <= result.score <= 100
    assert 0 <= result.inherent <= 100
    assert math.isclose(result.total, result.score, abs_tol=EPS)
    assert math.isclose(
        sum(c.points for c in result.inherent_contributions), result.inherent, abs_tol=EPS
    )
    assert result.reduction <= METHOD.process_max_reduction + EPS


@settings(max_examples=200, deadline=None)
@given(criterion_scores, process_controls, st.sampled_from(PROCESS_CONTROL_TYPES), states)
def test_adding_a_control_never_raises_a_process_score(criteria, controls, new_type, new_state):
    before = score_process(METHOD, criteria, controls).score
    after = score_process(METHOD, criteria, [*controls, (new_type, new_state)]).score
    assert after <= before + EPS


@settings(max_examples=200, deadline=None)
@given(criterion_scores, process_controls.filter(bool), st.data())
def test_improving_a_control_never_raises_a_process_score(criteria, controls, data):
    i = data.draw(st.integers(0, len(controls) - 1))
    control_type, state = controls[i]
    improved = list(controls)
    improved[i] = (control_type, data.draw(better_or_equal(state)))
    assert (
        score_process(METHOD, criteria, improved).score
        <= score_process(METHOD, criteria, controls).score + EPS
    )


@settings(max_examples=100, deadline=None)
@given(criterion_scores, st.sampled_from(CRITERIA))
def test_a_higher_criterion_score_never_lowers_the_inherent_vulnerability(criteria, criterion):
    current = criteria.get(criterion) or 0
    higher = {**criteria, criterion: min(3, current + 1)}
    assert (
        score_process(METHOD, higher, []).inherent
        >= score_process(METHOD, criteria, []).inherent - EPS
    )


def test_process_scores_outside_0_to_3_are_refused():
    with pytest.raises(ValueError):
        score_process(METHOD, {"VC1": 4}, [])


def test_worked_example_from_the_docs():
    """docs/vulnerability-method.md: the Wmo invoices example, computed by hand."""
    criteria = {"VC1": 2, "VC2": 3, "VC3": 2, "VC4": 1, "VC5": 3, "VC6": 2, "VC7": 1, "VC8": 3}
    # 17 of 24 points: inherent = 100 x 17 / 24 = 70.83
    result = score_process(
        METHOD,
        criteria,
        [("four_eyes", "absent"), ("two_signatures", "absent"), ("policy", "on_paper")],
    )
    assert result.inherent == pytest.approx(70.8333, abs=1e-3)
    # reduction = policy 0.05 x on paper 0.1 = 0.005
    assert result.reduction == pytest.approx(0.005)
    assert result.score == pytest.approx(70.4792, abs=1e-3)
    assert result.band.id == "high"
    # A working four-eyes principle: 0.005 + 0.25 x 0.7 = 0.18
    improved = score_process(
        METHOD,
        criteria,
        [("four_eyes", "in_practice"), ("two_signatures", "absent"), ("policy", "on_paper")],
    )
    assert improved.score == pytest.approx(70.8333 * 0.82, abs=1e-3)


def test_the_reduction_is_capped():
    criteria = dict.fromkeys(CRITERIA, 3)
    all_effective = [(t, "effective") for t in PROCESS_CONTROL_TYPES]
    result = score_process(METHOD, criteria, all_effective)
    assert result.capped
    assert result.score == pytest.approx(100 * (1 - METHOD.process_max_reduction))
    assert math.isclose(result.total, result.score, abs_tol=EPS)


def test_duplicate_controls_of_one_type_count_once_with_their_best_state():
    criteria = dict.fromkeys(CRITERIA, 2)
    once = score_process(METHOD, criteria, [("four_eyes", "in_practice")]).score
    twice = score_process(
        METHOD, criteria, [("four_eyes", "in_practice"), ("four_eyes", "absent")]
    ).score
    assert once == twice


# ----------------------------------------------------------------------------- functions


@settings(max_examples=150, deadline=None)
@given(function_values)
def test_function_score_stays_in_range_and_its_breakdown_adds_up(values):
    result = score_function(METHOD, values)
    assert 0 <= result.score <= 100
    assert math.isclose(result.total, result.score, abs_tol=EPS)


@settings(max_examples=200, deadline=None)
@given(
    function_values,
    st.sampled_from(["rotation_state", "four_eyes_state", "compensating_state"]),
    st.data(),
)
def test_improving_a_function_control_never_raises_its_score(values, field, data):
    improved = {**values, field: data.draw(better_or_equal(values[field]))}
    assert score_function(METHOD, improved).score <= score_function(METHOD, values).score + EPS


@settings(max_examples=200, deadline=None)
@given(function_values)
def test_doing_the_required_screening_never_raises_a_function_score(values):
    screened = {
        **values,
        "screening_done": "yes",
        "screening_done_external": "yes",
        "screening_on_change": "yes",
    }
    assert CONTROL_STATE_ORDER.index(screening_state(screened)) >= CONTROL_STATE_ORDER.index(
        screening_state(values)
    )
    assert score_function(METHOD, screened).score <= score_function(METHOD, values).score + EPS


def test_eenpitter_and_langzitter_raise_the_inherent_vulnerability():
    base = {"incumbents": 3, "typical_tenure_years": 1}
    alone = {"incumbents": 1, "typical_tenure_years": 1}
    long = {"incumbents": 3, "typical_tenure_years": METHOD.long_tenure_years}
    assert score_function(METHOD, alone).inherent > score_function(METHOD, base).inherent
    assert score_function(METHOD, long).inherent > score_function(METHOD, base).inherent
    keys = {c.key for c in score_function(METHOD, alone).contributions if c.kind == "attribute"}
    assert "eenpitter" in keys


def test_worked_function_example_from_the_docs():
    """docs/vulnerability-method.md: the real estate officer, computed by hand."""
    values = {
        "incumbents": 1,
        "typical_tenure_years": 12,
        "decision_authority": "decides",
        "financial_flows": True,
        "external_contact": True,
        "local_ties": True,
        "information_access": "normal",
        "screening_required": "vog",
        "screening_done": "no",
        "compensating_control": "Portefeuilleoverleg met de wethouder.",
        "compensating_state": "in_practice",
    }
    result = score_function(METHOD, values)
    assert METHOD.function_max_points == 120
    assert result.inherent == pytest.approx(100 * 70 / 120)
    assert result.reduction == pytest.approx(0.14)
    assert result.score == pytest.approx(58.3333 * 0.86, abs=1e-3)
    assert result.band.id == "high"
