"""The engine's compiled routing agrees with the answering pages' routing (surveys.routing)
for every condition of the shipped questionnaires, on arbitrary answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from weerbaar.surveys import questionnaire as qn
from weerbaar.surveys import routing
from weerbaar.surveys.results.visibility import compile_condition

DEFINITIONS = [qn.load_file(p) for p in qn.shipped_paths()]
CONDITIONAL = [(d["id"], q) for d in DEFINITIONS for q in qn.iter_questions(d) if q.get("show_if")]


def answer_strategy(question: dict):
    values = [o["value"] for o in question.get("options", []) + question.get("scale", [])]
    values = values or ["x"]
    qtype = question["type"]
    if qtype == "multiple":
        return st.lists(st.sampled_from(values), unique=True)
    if qtype in ("matrix", "grade_matrix"):
        cell = st.sampled_from(values) if qtype == "matrix" else st.integers(1, 10)
        return st.dictionaries(st.sampled_from([r["id"] for r in question["rows"]]), cell)
    if qtype == "text":
        return st.text(max_size=5)
    return st.one_of(st.sampled_from(values), st.just(""), st.integers(0, 3))


@pytest.mark.parametrize(("qid", "question"), CONDITIONAL, ids=[q["id"] for _d, q in CONDITIONAL])
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_compiled_condition_equals_routing(qid, question, data):
    definition = next(d for d in DEFINITIONS if d["id"] == qid)
    answers = {}
    for q in qn.iter_questions(definition):
        if data.draw(st.booleans()):
            answers[q["id"]] = data.draw(answer_strategy(q))
    predicate = compile_condition(question["show_if"])
    assert predicate(answers) == routing.group_holds(question["show_if"], answers)
