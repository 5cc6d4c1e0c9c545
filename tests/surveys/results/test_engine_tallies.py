"""Results from stored tallies equal the results of counting the rows (property test).

The results page reads the counts per (department, knower) stored as tallies; whatever the
answers, departments, knowers and k, the published results (every count, base, percentage,
mean, breakdown and every suppression outcome) must be exactly those of counting the rows.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from weerbaar.surveys.results import compute_results
from weerbaar.surveys.results.engine import compute_results_from_tallies
from weerbaar.surveys.results.tallies import (
    from_json,
    merge_tallies,
    tally_rows,
    to_json,
)

FIXTURES = Path(__file__).parent / "fixtures"
DEPARTMENTS = ["11", "12", "13", "14"]
KNOWERS = [None, None, None, "user:1", "user:2", "import:3"]


def _definition():
    d = yaml.safe_load((FIXTURES / "medewerkers_min.yaml").read_text())
    extra = copy.deepcopy(d["pages"][-1]["questions"][-1])  # the free-text question
    number = {**extra, "id": "q21_jaren", "number": "21", "type": "number", "min": 0, "max": 40}
    number.pop("max_length", None)
    routed = copy.deepcopy(d["pages"][1]["questions"][-1])  # routed on a single leaf
    routed["id"] = "q17_gedaan"
    routed["show_if"] = {
        "any": [
            {"question": "q8_verwacht", "equals": "ja"},
            {"question": "q11_druk", "one_of": ["nee", "liever_niet"]},
        ]
    }
    d["pages"].append({"id": "extra", "title": d["pages"][-1]["title"], "questions": [number]})
    d["pages"][1]["questions"].append(routed)
    return d


DEFINITION = _definition()
QUESTIONS = [q for page in DEFINITION["pages"] for q in page["questions"]]


def _value(q):
    t = q["type"]
    if q.get("options_from") == "departments":
        return st.sampled_from([*DEPARTMENTS, "wil_niet_zeggen"])
    if t == "single":
        return st.sampled_from([o["value"] for o in q["options"]])
    if t == "multiple":
        return st.lists(st.sampled_from([o["value"] for o in q["options"]]), unique=True)
    if t == "matrix":
        scale = [o["value"] for o in q["scale"]]
        return st.dictionaries(
            st.sampled_from([r["id"] for r in q["rows"]]), st.sampled_from(scale)
        )
    if t == "grade_matrix":
        grades = st.integers(q["min"], q["max"])
        return st.dictionaries(st.sampled_from([r["id"] for r in q["rows"]]), grades)
    if t == "number":
        return st.integers(0, 40)
    return st.sampled_from(["", "tekst a", "tekst b", "Tekst c"])


@st.composite
def respondent(draw):
    answers = {}
    for q in QUESTIONS:
        if draw(st.integers(0, 9)) < 8:
            answers[q["id"]] = draw(_value(q))
    dep = answers.get("q1_afdeling")
    department = dep if dep in DEPARTMENTS and draw(st.booleans()) else None
    return answers, department, draw(st.sampled_from(KNOWERS))


def _texts(rows):
    out: dict[str, list[str]] = {}
    for q in QUESTIONS:
        if q["type"] == "text":
            values = [a.get(q["id"]) for a, _d in rows]
            out[q["id"]] = [str(v) for v in values if v or v == 0]
    return out


def _stored(tallies):
    """Through the stored JSON form and back."""
    return [
        from_json(t.department, t.known, t.n, json.loads(json.dumps(to_json(t)))) for t in tallies
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people=st.lists(respondent(), min_size=0, max_size=60),
    k=st.integers(3, 6),
    split=st.integers(1, 4),
)
def test_tallies_give_the_results_of_counting_the_rows(people, k, split):
    rows = [(a, d) for a, d, _w in people]
    known = [w for _a, _d, w in people]
    labels = {d: f"Afdeling {d}" for d in DEPARTMENTS}
    expected = compute_results(
        DEFINITION, rows, k=k, department_labels=labels, include_texts=True, known=known
    )
    # Counted in batches (as the batches of the field period store them), then added up.
    parts = []
    for i in range(split):
        parts += tally_rows(DEFINITION, rows[i::split], known[i::split])
    tallies = merge_tallies(_stored(parts))
    got = compute_results_from_tallies(
        DEFINITION,
        tallies,
        k=k,
        department_labels=labels,
        include_texts=True,
        texts=_texts(rows),
    )
    assert got == expected
    assert json.dumps(got, sort_keys=True) == json.dumps(expected, sort_keys=True)


@pytest.mark.parametrize("k", [3, 5])
def test_tallies_of_a_large_mixed_set(k):
    """A fixed set large enough for breakdowns, merged groups and insiders' views."""
    rows, known = [], []
    for i in range(400):
        dep = DEPARTMENTS[i % 4] if i % 7 else None
        a = {
            "q1_afdeling": dep or "wil_niet_zeggen",
            "q8_verwacht": ["ja", "nee", "weet_niet"][i % 3],
            "q11_druk": ["ja_meerdere", "ja_enkele", "nee", "liever_niet"][i % 4],
            "q15_collega": ["ja_meerdere", "nee"][i % 2],
            "q16_gedaan": ["zelf", "collega"][: i % 3],
            "q18_cijfers": {"a": 1 + i % 10, "b": 1 + (i * 7) % 10},
            "q19_integriteit": {"a": "eens", "b": ["eens", "niet_eens", "weet_niet"][i % 3]},
            "q21_jaren": i % 35,
        }
        if i % 5 == 0:
            a["q20_opmerkingen"] = f"opmerking {i % 11}"
        rows.append((a, dep))
        known.append("user:9" if 3 < i % 50 < 9 else None)
    expected = compute_results(DEFINITION, rows, k=k, include_texts=True, known=known)
    tallies = merge_tallies(_stored(tally_rows(DEFINITION, rows, known)))
    got = compute_results_from_tallies(
        DEFINITION, tallies, k=k, include_texts=True, texts=_texts(rows)
    )
    assert got == expected
    assert expected["groups"]  # the breakdown is there
