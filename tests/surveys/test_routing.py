"""Routing properties (hypothesis): no answer sequence stores an answer to a hidden question,
and the questions shown are exactly those whose conditions hold."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from weerbaar.surveys import questionnaire as qn
from weerbaar.surveys import routing

DEFINITIONS = {
    name: qn.load_file(qn.CONTENT_DIR / f"{name}.yaml") for name in ("medewerkers", "raadsleden")
}
DEPARTMENT_VALUES = ["11", "12", "13"]


def answer_strategy(question: dict):
    qtype = question["type"]
    if qtype in ("single", "likert"):
        values = [o["value"] for o in question.get("options", [])]
        if question.get("options_from"):
            values += DEPARTMENT_VALUES
        return st.sampled_from(values)
    if qtype == "multiple":
        values = [o["value"] for o in question["options"]]
        return st.lists(st.sampled_from(values), min_size=1, unique=True)
    if qtype == "matrix":
        scale = [o["value"] for o in question["scale"]]
        return st.fixed_dictionaries({r["id"]: st.sampled_from(scale) for r in question["rows"]})
    if qtype == "grade_matrix":
        grades = st.integers(question["min"], question["max"])
        return st.fixed_dictionaries({r["id"]: grades for r in question["rows"]})
    if qtype == "number":
        return st.integers(0, 100)
    return st.text(min_size=1, max_size=20)


def answers_strategy(definition: dict):
    """Any answers to any subset of the questions (including ones that would be hidden)."""
    return st.fixed_dictionaries(
        {},
        optional={q["id"]: answer_strategy(q) for q in qn.iter_questions(definition)},
    )


definition_and_answers = st.sampled_from(sorted(DEFINITIONS)).flatmap(
    lambda name: st.tuples(st.just(DEFINITIONS[name]), answers_strategy(DEFINITIONS[name]))
)


@settings(max_examples=150, deadline=None)
@given(definition_and_answers)
def test_clean_answers_keep_only_shown_questions(case):
    definition, answers = case
    cleaned = routing.clean_answers(definition, answers)
    visible = set(routing.visible_questions(definition, cleaned))
    assert set(cleaned) <= visible
    assert routing.clean_answers(definition, cleaned) == cleaned
    # Nothing that was shown and answered is dropped.
    for qid in routing.visible_questions(definition, answers):
        if qid in answers and qid in visible:
            assert cleaned[qid] == answers[qid]


@settings(max_examples=150, deadline=None)
@given(definition_and_answers)
def test_shown_questions_are_exactly_those_whose_conditions_hold(case):
    definition, answers = case
    cleaned = routing.clean_answers(definition, answers)
    visible = set(routing.visible_questions(definition, cleaned))
    for question in qn.iter_questions(definition):
        holds = routing.group_holds(question.get("show_if"), cleaned)
        assert (question["id"] in visible) == holds, question["id"]


@st.composite
def walks(draw):
    """A respondent walking through the pages, sometimes going back to change answers."""
    name = draw(st.sampled_from(sorted(DEFINITIONS)))
    definition = DEFINITIONS[name]
    steps = draw(st.integers(1, 40))
    moves = []
    for _ in range(steps):
        moves.append(
            (
                draw(st.sampled_from(["next", "next", "back"])),
                draw(answers_strategy(definition)),
            )
        )
    return definition, moves


@settings(max_examples=100, deadline=None)
@given(walks())
def test_no_answer_sequence_stores_an_answer_to_a_hidden_question(walk):
    definition, moves = walk
    stored: dict = {}
    page = routing.page_sequence(definition, stored)[0]
    for move, proposal in moves:
        shown = routing.visible_on_page(definition, page, stored)
        page_answers = {q["id"]: proposal[q["id"]] for q in shown if q["id"] in proposal}
        stored = routing.merge_page(definition, stored, page, page_answers)
        visible = set(routing.visible_questions(definition, stored))
        assert set(stored) <= visible
        # Every stored answer belongs to a page the respondent could have seen.
        sequence = routing.page_sequence(definition, stored)
        for qid in stored:
            assert any(
                qid in {q["id"] for q in definition["pages"][p]["questions"]} for p in sequence
            )
        if move == "back":
            target = routing.previous_page(definition, stored, page)
        else:
            target = routing.next_page(definition, stored, page)
        if target is not None:
            page = target
        x, y = routing.page_position(definition, stored, page)
        assert 1 <= x <= y


def test_going_back_and_changing_an_answer_discards_the_follow_up():
    definition = DEFINITIONS["medewerkers"]
    page_q3 = next(
        i for i, p in enumerate(definition["pages"]) if p["id"] == "signalen_maatschappij"
    )
    stored = routing.merge_page(definition, {}, page_q3, {"q3_verdacht_gezien": "ja"})
    stored = routing.merge_page(
        definition,
        stored,
        page_q3 + 1,
        {"q4_verdachte_feiten": "iets", "q5_signalen_gedaan": ["gemeente"]},
    )
    stored = routing.merge_page(definition, stored, page_q3 + 2, {"q6_gemeld_aan": "OOV"})
    assert {"q4_verdachte_feiten", "q5_signalen_gedaan", "q6_gemeld_aan"} <= set(stored)
    stored = routing.merge_page(definition, stored, page_q3, {"q3_verdacht_gezien": "nee"})
    assert stored == {"q3_verdacht_gezien": "nee"}
    assert page_q3 + 1 not in routing.page_sequence(definition, stored)


def test_or_scenario_of_r5():
    definition = DEFINITIONS["raadsleden"]
    base = {"r1_beinvloeding": "ja_enkele"}
    for done, shown in (
        (["burgemeester"], True),
        (["griffier"], True),
        (["burgemeester", "griffier"], True),
        (["fractievoorzitter"], False),
        (["niets"], False),
    ):
        visible = routing.visible_questions(definition, {**base, "r3_gedaan": done})
        assert ("r5_steun" in visible) is shown, done
    hidden = routing.visible_questions(
        definition, {"r1_beinvloeding": "nee", "r3_gedaan": ["burgemeester"]}
    )
    assert "r5_steun" not in hidden and "r3_gedaan" not in hidden


def test_matrix_row_condition_and_nested_groups():
    definition = {
        "pages": [
            {"id": "p1", "questions": [
                {"id": "m", "type": "matrix", "rows": [{"id": "a"}], "scale": []},
                {"id": "s", "type": "single"},
            ]},
            {"id": "p2", "questions": [
                {"id": "x", "type": "text", "show_if": {"any": [
                    {"all": [{"question": "m", "row": "a", "one_of": ["eens"]},
                             {"question": "s", "equals": "ja"}]},
                    {"question": "s", "equals": "misschien"},
                ]}},
            ]},
        ]
    }  # fmt: skip
    assert "x" in routing.visible_questions(definition, {"m": {"a": "eens"}, "s": "ja"})
    assert "x" not in routing.visible_questions(definition, {"m": {"a": "oneens"}, "s": "ja"})
    assert "x" in routing.visible_questions(definition, {"s": "misschien"})
    assert routing.page_sequence(definition, {}) == [0]


@st.composite
def random_questionnaires(draw):
    """A random questionnaire with AND/OR conditions on questions of earlier pages."""
    pages = []
    earlier: list[dict] = []
    for p in range(draw(st.integers(1, 6))):
        questions = []
        for q in range(draw(st.integers(1, 3))):
            qtype = draw(st.sampled_from(["single", "multiple", "matrix", "text"]))
            question: dict = {"id": f"p{p}q{q}", "type": qtype}
            if qtype in ("single", "multiple"):
                question["options"] = [{"value": v} for v in ("a", "b", "c")]
            if qtype == "matrix":
                question["rows"] = [{"id": "r1"}, {"id": "r2"}]
                question["scale"] = [{"value": v} for v in ("x", "y")]
            conditions = []
            candidates = [e for e in earlier if e["type"] != "text"]
            for _ in range(draw(st.integers(0, 2)) if candidates else 0):
                target = draw(st.sampled_from(candidates))
                if target["type"] == "multiple":
                    conditions.append(
                        {"question": target["id"], "contains": draw(st.sampled_from("abc"))}
                    )
                elif target["type"] == "matrix":
                    conditions.append(
                        {
                            "question": target["id"],
                            "row": "r1",
                            "one_of": draw(st.lists(st.sampled_from("xy"), min_size=1)),
                        }
                    )
                else:
                    conditions.append(
                        {"question": target["id"], "equals": draw(st.sampled_from("abc"))}
                    )
            if conditions:
                question["show_if"] = {draw(st.sampled_from(["all", "any"])): conditions}
            questions.append(question)
        pages.append({"id": f"p{p}", "questions": questions})
        earlier.extend(questions)
    definition = {"pages": pages}
    answers = draw(answers_strategy(definition))
    return definition, answers


@settings(max_examples=150, deadline=None)
@given(random_questionnaires())
def test_routing_properties_hold_for_any_questionnaire(case):
    definition, answers = case
    cleaned = routing.clean_answers(definition, answers)
    visible = set(routing.visible_questions(definition, cleaned))
    assert set(cleaned) <= visible
    for question in qn.iter_questions(definition):
        assert (question["id"] in visible) == routing.group_holds(question.get("show_if"), cleaned)
    # Answering the pages in order, one by one, gives the same stored answers.
    stored: dict = {}
    page = routing.page_sequence(definition, stored)[0]
    while page is not None:
        shown = routing.visible_on_page(definition, page, stored)
        stored = routing.merge_page(
            definition,
            stored,
            page,
            {q["id"]: answers[q["id"]] for q in shown if q["id"] in answers},
        )
        page = routing.next_page(definition, stored, page)
    assert stored == cleaned
