"""Two moments: someone who saw the results at the release and again later (after k was
raised, after a refused late import) combines both pages; nothing withheld may become
recoverable.

The integer attacker gets one program with the facts of both pages (variables shared where
they mean the same thing: totals, and department cells when the groups are the same).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from weerbaar.surveys import fieldwork, services
from weerbaar.surveys.imports import import_responses
from weerbaar.surveys.models import ResponseSet
from weerbaar.surveys.results import compute_results
from weerbaar.surveys.results.moments import restrict_to
from weerbaar.surveys.results.services import survey_results

from . import integer_attacker as ia
from .datasets import datasets, load

SETTINGS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
GROUP_LEVEL = ("N[", "S[", "A[", "C[")


def combine(
    first: ia.Attack, later: ia.Attack, same_groups: bool, department_questions: set[str]
) -> ia.Attack:
    """One program with the facts of both pages. Totals are shared; department-level
    variables (and the answers to the department question, which are the groups) only
    when both pages have the same department groups."""
    group_level = GROUP_LEVEL + tuple(f"T[{q}," for q in department_questions)
    m = ia.Model()
    maps = []
    for attack, suffix in ((first, ""), (later, "" if same_groups else "@later")):
        src = attack.model
        mapping = {}
        for i, name in enumerate(src.names):
            new = name + suffix if name.startswith(group_level) else name
            mapping[i] = m.var(new, src.lo[i], src.hi[i], src.truth[i])
        for terms, lb, ub in src.rows:
            m.add({mapping[i]: c for i, c in terms.items()}, lb, ub)
        maps.append(mapping)
    # Targets: what the first page withholds or what is small at its k (a number the
    # first page shows is public, whatever the later page does with it), and the cells of
    # the later page's own department groups.
    targets = {maps[0][i]: kind for i, kind in first.targets.items()}
    first_vars = set(maps[0].values())
    for i, kind in later.targets.items():
        if maps[1][i] not in first_vars:
            targets[maps[1][i]] = kind
    return ia.Attack(m, first.k, targets)


def two_pages(name: str, rows: list, k_first: int, k_later: int, restrict: bool = True):
    definition = load(name)
    first = compute_results(definition, rows, k=k_first)
    later = compute_results(definition, rows, k=k_later)
    if restrict:
        later = restrict_to(later, copy.deepcopy(first))
    return definition, first, later


def attack_both(name: str, rows: list, k_first: int, k_later: int, restrict: bool = True):
    definition, first, later = two_pages(name, rows, k_first, k_later, restrict)
    same = [(g["key"], g["merged"]) for g in first["groups"]] == [
        (g["key"], g["merged"]) for g in later["groups"]
    ]
    a = ia.build(definition, rows, first)
    b = ia.build(definition, rows, later)
    departments = {
        q["id"]
        for page in definition["pages"]
        for q in page["questions"]
        if q.get("options_from") == "departments"
    }
    both = ia.run(combine(a, b, same, departments), time_limit=2.0, budget=30.0)
    alone = ia.run(b, time_limit=2.0, budget=30.0)  # the later page at its own k
    return both, alone


def test_two_pages_computed_each_on_its_own_would_give_a_cell_away():
    """A case found by generating data: the page at k=3 and the page at k=5, each safe on
    its own, together pin a withheld cell. With the later page restricted to what the
    first showed, they do not."""
    case = json.loads((Path(__file__).parent / "fixtures/two_moments_k3_k5.json").read_text())
    rows = [(answers, department) for answers, department in case["rows"]]
    args = (case["questionnaire"], rows, case["k_first"], case["k_later"])
    naive, _alone = attack_both(*args, restrict=False)
    assert naive.recovered
    both, alone = attack_both(*args)
    assert not both.recovered and not both.undecided, both.recovered
    assert not alone.recovered and not alone.undecided, alone.recovered


@st.composite
def raised(draw: Any) -> tuple[str, list]:
    name, _k, rows = draw(datasets(("medewerkers_min",)))
    return name, rows


@settings(max_examples=10, **SETTINGS)
@given(raised())
def test_raising_k_after_the_release_reveals_nothing_new(data):
    name, rows = data
    both, alone = attack_both(name, rows, 3, 5)
    assert not both.recovered, both.recovered
    assert not both.undecided, both.undecided
    assert not alone.recovered, alone.recovered
    assert not alone.undecided, alone.undecided


@settings(max_examples=5, **SETTINGS)
@given(raised(), st.sampled_from([4, 6, 8]))
def test_the_later_page_shows_only_what_the_first_showed(data, k_later):
    name, rows = data
    _definition, first, later = two_pages(name, rows, 3, k_later)
    by_id = {it["id"]: it for it in first["items"]}
    for it in later["items"]:
        before = by_id[it["id"]]
        first_counts = {c["value"]: c["count"] for c in before.get("categories") or []}
        same_groups = later["groups"] == first["groups"]
        for c in it.get("categories") or []:
            # The department question's answers are the groups: compared only when equal.
            if same_groups or c["value"] in first_counts:
                assert c["count"] is None or c["count"] == first_counts[c["value"]]
            assert c["count"] is not None or c["suppressed"] == "withheld"
        for name_, value in it["bases"].items():
            assert value is None or value == before["bases"][name_]
        if before.get("suppressed"):
            assert it["suppressed"]


@pytest.fixture
def closed_at_five(open_staff_survey):
    survey = open_staff_survey
    services.set_survey_k(survey, 5)
    answers = [
        {"q1_afdeling": None, "q8_verwacht_signalen": v}
        for v in ["ja"] * 6 + ["nee"] * 12 + ["weet_niet"] * 3
    ]
    ResponseSet.objects.bulk_create(
        ResponseSet(survey=survey, answers={k: v for k, v in a.items() if v}) for a in answers
    )
    fieldwork.close_survey(survey)
    return survey


@pytest.mark.django_db
def test_a_k_raised_after_closing_withholds_more_never_other_numbers(closed_at_five):
    survey = closed_at_five
    assert survey.released_k == 5
    first = survey_results(survey)
    services.set_survey_k(survey, 8)
    later = survey_results(survey)
    assert later["k"] == 8
    q8 = next(i for i in later["items"] if i["id"] == "q8_verwacht_signalen")
    q8_first = next(i for i in first["items"] if i["id"] == "q8_verwacht_signalen")
    counts = {c["value"]: c["count"] for c in q8["categories"]}
    assert counts["weet_niet"] is None  # 3 < 5: withheld on both pages
    assert counts["ja"] is None  # 6 < 8
    for c, c0 in zip(q8["categories"], q8_first["categories"], strict=True):
        assert c["count"] is None or c["count"] == c0["count"]


@pytest.mark.django_db
def test_a_late_paper_import_is_refused_and_the_page_stays_the_same(closed_at_five, user_for):
    survey = closed_at_five
    before = survey_results(survey)
    result = import_responses(
        survey, b"q8_verwacht_signalen\nja\n", "laat.csv", imported_by=user_for("coordinator")
    )
    assert not result.ok
    assert survey_results(survey) == before
