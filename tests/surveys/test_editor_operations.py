"""The questionnaire editor's domain functions: every change keeps the definition valid and
routing pointing backwards, or is refused with a Dutch message; storing is locked and audited."""

from __future__ import annotations

import copy

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from weerbaar.audit.models import AuditEvent
from weerbaar.core.locking import ConflictError
from weerbaar.surveys import questionnaire as qn
from weerbaar.surveys.editor import conditions, operations, store
from weerbaar.surveys.editor.operations import NewQuestion, QuestionEdit
from weerbaar.surveys.editor.validation import EditError, problems_of, source_for
from weerbaar.surveys.types import QuestionnaireDefinition


def text(value: str) -> dict[str, str]:
    return {"nl": value, "en": value}


def small() -> QuestionnaireDefinition:
    return {
        "kind": "questionnaire",
        "id": "klein",
        "version": "1",
        "audience": "staff",
        "title": text("Klein"),
        "intro": text("Intro"),
        "closing": text("Dank"),
        "pages": [
            {
                "id": "p1",
                "title": text("Eerste"),
                "questions": [
                    {
                        "id": "q1",
                        "type": "single",
                        "text": text("Gezien?"),
                        "options": [
                            {"value": "ja", "label": text("Ja")},
                            {"value": "nee", "label": text("Nee")},
                        ],
                    }
                ],
            },
            {
                "id": "p2",
                "title": text("Tweede"),
                "questions": [
                    {
                        "id": "q2",
                        "type": "multiple",
                        "text": text("Wat deed u?"),
                        "options": [
                            {"value": "melden", "label": text("Gemeld")},
                            {"value": "niets", "label": text("Niets")},
                        ],
                        "show_if": {"all": [{"question": "q1", "equals": "ja"}]},
                    }
                ],
            },
        ],
    }


def points_backwards(definition: QuestionnaireDefinition) -> bool:
    page_of = {q["id"]: p for p, page in enumerate(definition["pages"]) for q in page["questions"]}
    return all(
        page_of.get(ref, len(definition["pages"])) < p
        for p, page in enumerate(definition["pages"])
        for q in page["questions"]
        for ref in conditions.referenced_questions(q.get("show_if"))
    )


# ----------------------------------------------------------------------------- operations


def test_editing_texts_and_options_keeps_values_and_replaces_stale_english():
    before = small()
    edit = QuestionEdit(
        text="Heeft u iets gezien?",
        option_labels={"ja": "Ja, zeker", "nee": "Nee"},
        new_options=["Weet ik niet"],
    )
    after = operations.update_question(before, "q1", edit)
    q1 = after["pages"][0]["questions"][0]
    assert q1["text"] == text("Heeft u iets gezien?")
    assert [o["value"] for o in q1["options"]] == ["ja", "nee", "weet_ik_niet"]
    assert q1["options"][0]["label"] == text("Ja, zeker")
    assert q1["options"][1]["label"] == text("Nee")  # unchanged
    assert before == small()  # the input is never changed
    assert problems_of(after) == []


def test_an_option_used_by_routing_cannot_be_removed():
    edit = QuestionEdit(text="Gezien?", option_labels={"ja": "Ja", "nee": "Nee"})
    edit.removed_options = {"ja"}
    with pytest.raises(EditError) as info:
        operations.update_question(small(), "q1", edit)
    assert "routering" in info.value.messages[0]


def test_a_question_used_by_routing_cannot_be_removed_or_moved_after_its_user():
    definition, _ = operations.add_question(small(), "p1", NewQuestion("text", "Toelichting"))
    with pytest.raises(EditError, match="routering van vraag “q2”"):
        operations.remove_question(definition, "q1")
    with pytest.raises(EditError, match="eerdere pagina"):
        operations.move_page(definition, "p2", "up")
    # Moving the question used by routing past its user is refused as well.
    with pytest.raises(EditError):
        operations.move_question(operations.move_question(definition, "q1", "down"), "q1", "down")


def test_adding_a_question_with_a_condition_on_an_earlier_question():
    definition, qid = operations.add_question(
        small(), "p2", NewQuestion("single", "Aan wie?", ["Leidinggevende", "Collega"])
    )
    [source] = [s for s in conditions.condition_sources(definition, 1) if s.question == "q1"]
    condition = conditions.build_condition(source, "is", ["ja", "nee"])
    assert condition == {"question": "q1", "one_of": ["ja", "nee"]}
    definition = conditions.add_condition(definition, qid, condition)
    added = definition["pages"][1]["questions"][-1]
    assert added["show_if"] == {"all": [condition]}
    # Only questions of earlier pages are offered, and only they are accepted.
    assert {s.question for s in conditions.condition_sources(definition, 1)} == {"q1"}
    same_page = {"question": "q2", "contains": "melden"}
    with pytest.raises(EditError, match="eerdere pagina"):
        conditions.add_condition(definition, qid, same_page)  # type: ignore[arg-type]
    # OR with what was there; then cleared.
    other = conditions.build_condition(source, "answered", [])
    definition = conditions.add_condition(definition, qid, other, "any")
    assert definition["pages"][1]["questions"][-1]["show_if"] == {"any": [condition, other]}
    definition = conditions.clear_condition(definition, qid)
    assert "show_if" not in definition["pages"][1]["questions"][-1]


def test_a_page_condition_goes_on_each_question_of_the_page():
    definition, _ = operations.add_question(small(), "p2", NewQuestion("text", "Waarom?"))
    [source] = conditions.condition_sources(definition, 1)
    cond = conditions.build_condition(source, "is", ["nee"])
    definition = conditions.add_page_condition(definition, "p2", cond)
    groups = [q["show_if"] for q in definition["pages"][1]["questions"]]
    assert groups[1] == {"all": [cond]}
    assert groups[0]["all"][-1] == cond
    assert problems_of(definition) == []


def test_refusals_are_in_dutch():
    with pytest.raises(EditError, match="Geef de vraag een tekst"):
        operations.add_question(small(), "p1", NewQuestion("text", "  "))
    with pytest.raises(EditError, match="minstens twee antwoorden"):
        operations.add_question(small(), "p1", NewQuestion("single", "Kies", ["Alleen"]))
    with pytest.raises(EditError, match="minstens één pagina"):
        operations.remove_page(operations.remove_page(small(), "p2"), "p1")
    with pytest.raises(EditError, match="enige vraag"):
        operations.remove_question(small(), "q2")


def test_the_shipped_questionnaires_can_be_edited_without_breaking_them():
    for path in qn.shipped_paths():
        definition = qn.load_file(path)
        for page in definition["pages"]:
            definition, _ = operations.add_question(
                definition, page["id"], NewQuestion("text", "Nog iets?")
            )
        assert problems_of(definition) == []
        assert points_backwards(definition)


# ----------------------------------------------------------------------------- property

OPERATIONS = st.sampled_from(
    [
        "add_question",
        "remove_question",
        "move_question",
        "add_page",
        "remove_page",
        "move_page",
        "add_condition",
        "clear_condition",
    ]
)


def apply_random(definition: QuestionnaireDefinition, data: st.DataObject, op: str):
    questions = [q["id"] for page in definition["pages"] for q in page["questions"]]
    pages = [page["id"] for page in definition["pages"]]
    direction = data.draw(st.sampled_from(["up", "down"]))
    kind = data.draw(st.sampled_from(operations.ADDABLE_TYPES))
    spec = NewQuestion(kind, "Vraag", ["A", "B", "C"])
    if op == "add_question":
        return operations.add_question(definition, data.draw(st.sampled_from(pages)), spec)[0]
    if op == "remove_question":
        return operations.remove_question(definition, data.draw(st.sampled_from(questions)))
    if op == "move_question":
        return operations.move_question(
            definition, data.draw(st.sampled_from(questions)), direction
        )
    if op == "add_page":
        after = data.draw(st.sampled_from([None, *pages]))
        return operations.add_page(definition, "Pagina", spec, after)[0]
    if op == "remove_page":
        return operations.remove_page(definition, data.draw(st.sampled_from(pages)))
    if op == "move_page":
        return operations.move_page(definition, data.draw(st.sampled_from(pages)), direction)
    qid = data.draw(st.sampled_from(questions))
    if op == "clear_condition":
        return conditions.clear_condition(definition, qid)
    page, _ = operations.find_question(definition, qid)
    sources = conditions.condition_sources(definition, page)
    if not sources:
        return definition
    source = data.draw(st.sampled_from(sources))
    operator = data.draw(st.sampled_from(source.operators))
    values = [v for v, _label in source.values]
    chosen = data.draw(st.lists(st.sampled_from(values), min_size=1, max_size=1)) if values else []
    condition = conditions.build_condition(source, operator, chosen)
    return conditions.add_condition(
        definition, qid, condition, data.draw(st.sampled_from(["all", "any"]))
    )


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), ops=st.lists(OPERATIONS, min_size=1, max_size=12))
def test_any_sequence_of_edits_keeps_the_definition_valid_and_routing_backwards(data, ops):
    definition = small()
    for page in ("p1", "p2"):
        definition, _ = operations.add_question(definition, page, NewQuestion("text", "Extra"))
    for op in ops:
        before = copy.deepcopy(definition)
        try:
            definition = apply_random(definition, data, op)
            event(f"{op} applied")
        except EditError as refused:
            event(f"{op} refused")
            assert refused.messages and all(isinstance(m, str) for m in refused.messages)
            assert definition == before  # a refused edit changes nothing
        assert problems_of(definition) == []
        assert points_backwards(definition)
        assert conditions.forward_references(definition) == []


# ----------------------------------------------------------------------------- storing


def test_the_definition_is_the_truth_and_the_yaml_follows_it(voorbeeld, shipped):
    from weerbaar.surveys import services

    copy_ = services.copy_questionnaire(shipped["medewerkers"], voorbeeld)
    assert source_for(copy_.definition, copy_.source) == copy_.source  # comments kept
    page_id = copy_.definition["pages"][0]["id"]
    store.apply_edit(
        copy_,
        lambda d: operations.add_question(d, page_id, NewQuestion("text", "Nieuw?"))[0],
        expected_version=copy_.lock_version,
    )
    copy_.refresh_from_db()
    assert yaml.safe_load(copy_.source) == copy_.definition
    assert copy_.is_valid
    assert store.export_text(copy_) == copy_.source
    assert AuditEvent.objects.filter(
        object_type="surveys.Questionnaire", object_id=str(copy_.pk), action="update"
    ).exists()


def test_a_stale_version_conflicts_and_stores_nothing(voorbeeld, shipped):
    from weerbaar.surveys import services

    copy_ = services.copy_questionnaire(shipped["medewerkers"], voorbeeld)
    stale = copy_.lock_version
    page_id = copy_.definition["pages"][0]["id"]

    def add(d):
        return operations.add_question(d, page_id, NewQuestion("text", "Nieuw?"))[0]

    store.apply_edit(copy_, add, expected_version=stale)
    with pytest.raises(ConflictError):
        store.apply_edit(copy_, add, expected_version=stale)
    copy_.refresh_from_db()
    assert sum(q["text"]["nl"] == "Nieuw?" for q in qn.iter_questions(copy_.definition)) == 1


def test_shipped_questionnaires_are_not_edited(shipped):
    with pytest.raises(EditError):
        store.apply_edit(shipped["raadsleden"], lambda d: d, expected_version=None)


def test_a_survey_keeps_its_pinned_questions(voorbeeld, baseline_scan, shipped):
    from weerbaar.surveys import services

    copy_ = services.copy_questionnaire(shipped["medewerkers"], voorbeeld)
    survey = services.create_survey(scan=baseline_scan, questionnaire=copy_)
    pinned = copy.deepcopy(survey.definition)
    first = copy_.definition["pages"][0]["questions"][0]["id"]
    store.apply_edit(
        copy_,
        lambda d: operations.update_question(d, first, QuestionEdit(text="Andere tekst")),
        expected_version=None,
    )
    survey.refresh_from_db()
    assert survey.definition == pinned
    assert [u.survey for u in store.surveys_using(copy_, voorbeeld)] == [survey]
