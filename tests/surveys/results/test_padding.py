"""Padding: whoever imports paper questionnaires knows those rows.

A coordinator who imports invented rows next to a few real respondents subtracts their own
rows from every published number. The results are protected for the rows each importer does
not know as well (``compute_results(..., known=...)``), so the integer attacker with that
knowledge (:func:`.integer_attacker.subtract_known`) pins no withheld cell and proves no
small count of the other rows. Through the database, imported rows carry their import, and
the importer is the one who knows them.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from weerbaar.surveys import fieldwork
from weerbaar.surveys.imports import import_responses
from weerbaar.surveys.models import PaperImport, ResponseSet, Survey
from weerbaar.surveys.results import compute_results
from weerbaar.surveys.results.services import submitted_rows_known, survey_results

from . import integer_attacker as ia
from .datasets import answers_for, datasets, load

SETTINGS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}


def importer_attack(name: str, k: int, rows: list, known: list) -> ia.Attack:
    """The attack of every importer in ``known`` (each knowing only their own rows)."""
    definition = load(name)
    results = compute_results(definition, rows, k=k, known=known)
    full = ia.build(definition, rows, results)
    outcome = ia.Attack(full.model, k, {})
    for who in sorted({x for x in known if x is not None}):
        own = [row for row, x in zip(rows, known, strict=True) if x == who]
        a = ia.subtract_known(full, ia.build(definition, own, results))
        a = ia.run(a, time_limit=2.0, budget=20.0)
        outcome.recovered.update({f"{who}: {n}": how for n, how in a.recovered.items()})
        outcome.undecided += [f"{who}: {n}" for n in a.undecided]
    outsider = ia.run(full, time_limit=2.0, budget=20.0)
    outcome.recovered.update(outsider.recovered)
    outcome.undecided += outsider.undecided
    return outcome


def _padding_rows(definition: dict, answers: dict, question: str, per_option: int) -> list:
    q = next(q for p in definition["pages"] for q in p["questions"] if q["id"] == question)
    return [
        ({**answers, question: o["value"]}, None) for o in q["options"] for _ in range(per_option)
    ]


def test_padding_next_to_one_respondent_reveals_nothing():
    """Five invented questionnaires per answer next to one real respondent: without the
    importer's knowledge the page would show 6 / 5 / 5 for Q8 and the importer would read
    the real answer; now nothing about the real respondent can be pinned."""
    definition = load("medewerkers_min")
    base = {
        "q2_gedragslijnen": dict.fromkeys("abde", "ken_duidelijk"),
        "q11_druk": "nee",
        "q15_collega": "nee",
        "q18_cijfers": {"a": 7, "b": 7},
        "q19_integriteit": dict.fromkeys("abcdefgh", "eens"),
    }
    real = {**base, "q8_verwacht": "ja"}
    pad = _padding_rows(definition, base, "q8_verwacht", 5)
    rows = [(real, None), *pad]
    known = [None] + ["user:1"] * len(pad)
    naive = compute_results(definition, rows, k=5)
    naive_q8 = next(i for i in naive["items"] if i["id"] == "q8_verwacht")
    assert {c["value"]: c["count"] for c in naive_q8["categories"]}["ja"] == 6  # the leak
    attack = importer_attack("medewerkers_min", 5, rows, known)
    assert not attack.recovered, attack.recovered
    assert not attack.undecided, attack.undecided
    # The importer's attack has teeth: on the page computed without their knowledge it
    # pins the real respondent's answer.
    full = ia.build(definition, rows, naive)
    own = ia.build(definition, rows[1:], naive)
    told = ia.run(ia.subtract_known(full, own), time_limit=2.0, budget=20.0)
    assert told.recovered


def test_an_importer_learns_nothing_from_a_question_the_others_never_reached():
    """The seven real respondents answered "nee" to Q8 and so never saw Q9 and Q10; the
    importer's eleven paper questionnaires answered "ja". Q9 and Q10 are withheld (small
    counts of the paper rows); the importer can tell those withheld cells hold only their own
    rows, which says nothing about another respondent's answer (that nobody else reached Q9
    follows from Q8, whose counts are published). Every other cell stays protected."""
    definition = load("medewerkers_min")
    rng = random.Random(2026)

    def respondent(q8: str) -> dict:
        while True:
            answers = answers_for(definition, "andere", rng, 3.0)
            if answers.get("q8_verwacht") == q8:
                return answers

    others = [(respondent("nee"), "andere") for _ in range(7)]
    paper = [(respondent("ja"), "andere") for _ in range(11)]
    assert not any("q9_stellingen" in a for a, _d in others)
    assert all("q9_stellingen" in a for a, _d in paper)
    rows = others + paper
    known = [None] * len(others) + ["user:1"] * len(paper)
    attack = importer_attack("medewerkers_min", 3, rows, known)
    assert not attack.recovered, attack.recovered
    assert not attack.undecided, attack.undecided


@st.composite
def padded(draw: Any, names: tuple[str, ...]) -> tuple[str, int, list, list]:
    """A generated response set, some of it imported (by one or two importers), plus
    invented rows next to it."""
    name, k, rows = draw(datasets(names))
    definition = load(name)
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    importers = ["user:1", "user:2"][: draw(st.integers(1, 2))]
    share = draw(st.sampled_from([0.0, 0.2, 0.6]))
    known: list = [rng.choice(importers) if rng.random() < share else None for _ in rows]
    departments = sorted({d for _a, d in rows}, key=str)
    for _ in range(draw(st.integers(0, 3 * k))):
        dep = rng.choice(departments)
        rows.append((answers_for(definition, dep, rng, 3.0), dep))
        known.append(rng.choice(importers))
    return name, k, rows, known


@settings(max_examples=10, **SETTINGS)
@given(padded(("medewerkers_min",)))
def test_importers_learn_nothing_about_the_other_rows(data):
    attack = importer_attack(*data)
    assert not attack.recovered, attack.recovered
    assert not attack.undecided, attack.undecided


@settings(max_examples=5, **SETTINGS)
@given(padded(("raadsleden",)))
def test_importers_learn_nothing_in_a_council_survey(data):
    attack = importer_attack(*data)
    assert not attack.recovered, attack.recovered
    assert not attack.undecided, attack.undecided


@pytest.mark.django_db
def test_imported_rows_are_known_to_their_importer_only(open_staff_survey, user_for):
    """Imported rows carry their import (never an invitation); the results know who
    imported them; web rows are known to nobody."""
    survey: Survey = open_staff_survey
    coordinator = user_for("coordinator")
    csv = b"q8_verwacht_signalen\nnee\nnee\nja\n"
    result = import_responses(survey, csv, "papier.csv", imported_by=coordinator)
    assert result.ok, result.errors
    paper = PaperImport.objects.get(survey=survey)
    rows = ResponseSet.objects.filter(survey=survey)
    assert {r.paper_import_id for r in rows} == {paper.pk}
    ResponseSet.objects.create(survey=survey, answers={"q8_verwacht_signalen": "ja"})
    _rows, known = submitted_rows_known(survey)
    assert sorted(known, key=str) == sorted([f"user:{coordinator.pk}"] * 3 + [None], key=str)
    fieldwork.close_survey(survey)
    assert survey_results(survey)["n_respondents"] == 4
