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


@pytest.mark.xfail(
    strict=True,
    reason=(
        "Known gap (open in the anonymity issue): the attacker pins three withheld cells of "
        "matrix row q10_weerbaarheid.c in the merged 'overige afdelingen' group to their "
        "true value 0. Found by the property test above; kept so that the fix is noticed."
    ),
)
def test_merged_departments_do_not_reveal_empty_answer_categories():
    case = json.loads((Path(__file__).parent / "fixtures/known_gap_zero_cells.json").read_text())
    rows = [(answers, department) for answers, department in case["rows"]]
    assert_safe(attack(case["questionnaire"], case["k"], rows))
