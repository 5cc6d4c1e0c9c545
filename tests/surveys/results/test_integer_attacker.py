"""The integer attacker against whole results pages: no withheld count can be recomputed,
and no small count (1..k-1) can be proven small, from everything a coordinator sees.

Hypothesis generates response sets (departments of 1-4 next to larger ones, councils of
5-25, skewed answers, routed questions, multiple choice) for the small test questionnaire
and the shipped ones; :mod:`.integer_attacker` builds one integer program of every
published number of the page and asks HiGHS for the smallest and largest value of every
withheld cell.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from weerbaar.surveys.results import compute_results

from . import integer_attacker as ia
from .datasets import datasets, load

SETTINGS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}


def attack(name: str, k: int, rows: list) -> ia.Attack:
    definition = load(name)
    results = compute_results(definition, rows, k=k)
    return ia.run(ia.build(definition, rows, results), time_limit=2.0, budget=20.0)


def assert_safe(a: ia.Attack) -> None:
    assert not a.recovered, f"recovered: {a.recovered}"
    assert not a.undecided, f"undecided: {a.undecided}"


@settings(max_examples=12, **SETTINGS)
@given(datasets(("medewerkers_min",)))
def test_test_questionnaire_withstands_the_integer_attacker(data):
    assert_safe(attack(*data))


@settings(max_examples=8, **SETTINGS)
@given(datasets(("raadsleden",)))
def test_council_survey_withstands_the_integer_attacker(data):
    assert_safe(attack(*data))


@settings(max_examples=5, **SETTINGS)
@given(datasets(("medewerkers",)))
def test_staff_survey_withstands_the_integer_attacker(data):
    assert_safe(attack(*data))


def test_the_attacker_finds_what_two_markers_gave_away():
    """The attacker is not toothless: told which withheld cells are "< k" (the former two
    markers), it proves them small; with one marker it learns nothing."""
    definition = load("medewerkers_min")
    base = {
        "q2_gedragslijnen": dict.fromkeys("abde", "ken_duidelijk"),
        "q11_druk": "nee",
        "q15_collega": "nee",
        "q18_cijfers": {"a": 7, "b": 7},
        "q19_integriteit": dict.fromkeys("abcdefgh", "eens"),
    }
    rows = [({**base, "q8_verwacht": "ja"}, None)] * 2
    rows += [({**base, "q8_verwacht": "nee"}, None)] * 10
    rows += [({**base, "q8_verwacht": "weet_niet"}, None)] * 8
    results = compute_results(definition, rows, k=5)
    safe = ia.run(ia.build(definition, rows, results))
    assert not safe.recovered
    # The same page read as before (a "< k" cell lies in 1..k-1):
    for it in results["items"]:
        for c in it.get("categories", []):
            if c["count"] is None and c["value"] == "ja" and it["id"] == "q8_verwacht":
                c["suppressed"] = "primary"
    told = ia.run(ia.build(definition, rows, results, semantics="two-markers"))
    assert "T[q8_verwacht,ja]" in told.recovered


@pytest.mark.parametrize("name", ["medewerkers_min", "raadsleden"])
def test_the_attackers_model_holds_for_the_true_values(name):
    """A model error would make the attacker report nonsense: the true counts satisfy it."""
    import random

    from .datasets import answers_for

    definition = load(name)
    rng = random.Random(4)
    rows = [(answers_for(definition, None, rng, 1.0), None) for _ in range(12)]
    a = ia.build(definition, rows, compute_results(definition, rows, k=5))
    assert a.model.violated() == []


def test_merged_departments_do_not_reveal_empty_answer_categories():
    """Found by the property test (formerly a known gap): nobody in the merged group was
    shown matrix Q10, so its department cells are 0 by routing. An item withheld as a
    whole now has no breakdown rows, so no withheld cell stands for a known 0."""
    case = json.loads((Path(__file__).parent / "fixtures/known_gap_zero_cells.json").read_text())
    rows = [(answers, department) for answers, department in case["rows"]]
    assert_safe(attack(case["questionnaire"], case["k"], rows))


def test_hidden_cells_that_only_several_lines_together_pin():
    """Found by the property test: a department's two hidden cells sum to 0 only by two
    totals, the answered base and another department's row together (no single line
    shows it). The suppression now checks every table with an integer program."""
    case = json.loads((Path(__file__).parent / "fixtures/four_lines_pin_zeros.json").read_text())
    rows = [(answers, department) for answers, department in case["rows"]]
    assert_safe(attack(case["questionnaire"], case["k"], rows))


def test_an_exclusive_option_is_never_withheld_where_it_is_known_to_be_zero():
    """Found by the property test: everyone in the merged group chose "met collega", so
    "niets gedaan" (exclusive) is 0 there by what is shown; it is published as 0."""
    case = json.loads(
        (Path(__file__).parent / "fixtures/exclusive_option_known_zero.json").read_text()
    )
    rows = [(answers, department) for answers, department in case["rows"]]
    assert_safe(attack(case["questionnaire"], case["k"], rows))


def test_a_department_s_routing_answers_do_not_give_away_who_was_asked_the_follow_up():
    """Found by the property test: in one department both "ja" answers of Q15 were withheld,
    but the rest of the row gave their sum (2): the number shown Q16 there, and with
    "anders" chosen by nobody, the department's "anders niet gekozen" cell. The routing
    answers' sum is now protected in Q15's table like a withheld count."""
    case = json.loads(
        (Path(__file__).parent / "fixtures/routing_sum_small_in_department.json").read_text()
    )
    rows = [(answers, department) for answers, department in case["rows"]]
    assert_safe(attack(case["questionnaire"], case["k"], rows))


def test_the_routing_answers_sum_stays_protected_without_costing_the_totals():
    """The same by hand: in d1 "ja, meerdere" and "ja, enkele" are 1 each; with "nee" and
    "liever niet" shown there, their sum (2, who were asked Q16 in d1) would follow. The
    breakdown of Q15 cannot hide it without giving up the totals, so Q15 is published
    without breakdown rather than withheld as a whole."""
    base = {
        "q8_verwacht": "nee",
        "q11_druk": "nee",
        "q18_cijfers": {"a": 7, "b": 6},
        "q19_integriteit": {"a": "niet_eens", "b": "eens"},
    }

    def row(q15: str, q16: list[str] | None, department: str) -> tuple[dict, str]:
        answers = {**base, "q15_collega": q15} | ({"q16_gedaan": q16} if q16 else {})
        return answers, department

    rows = [row("ja_meerdere", ["zelf"], "d1"), row("ja_enkele", ["collega"], "d1")]
    rows += [row("nee", None, "d1")] * 4
    for department in ("d0", "d2"):
        rows += [row("ja_meerdere", ["zelf", "collega"], department)] * 3
        rows += [row("ja_enkele", ["niets"], department)] * 3
        rows += [row("nee", None, department)] * 3
    assert_safe(attack("medewerkers_min", 3, rows))
    results = compute_results(load("medewerkers_min"), rows, k=3)
    q15 = next(it for it in results["items"] if it["id"] == "q15_collega")
    assert [c["count"] for c in q15["categories"]] == [7, 7, 10, 0]
