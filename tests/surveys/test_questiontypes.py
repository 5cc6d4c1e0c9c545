"""The question-type registry: one class per type, duplicate keys refused, and a new type
added in one module works everywhere (answering, results, export, import, description)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from django.http import QueryDict
from django.template.loader import get_template

from weerbaar.core.registry import DuplicateKey
from weerbaar.surveys import questionnaire as qn
from weerbaar.surveys.answering import present_questions, read_page
from weerbaar.surveys.exports import codebook
from weerbaar.surveys.i18n import untranslated
from weerbaar.surveys.questiontypes import QuestionType, question_type, question_types
from weerbaar.surveys.questiontypes.base import (
    TEMPLATES,
    InvalidAnswer,
    present_choices,
    register_type,
)
from weerbaar.surveys.results import compute_results


class Stars(QuestionType):
    """An example type: a rating of 1 to 5 stars, stored as "1" .. "5"."""

    key = "stars"
    label = "Sterren"
    template = TEMPLATES + "choice_radio.html"

    def categories(self, question):
        return [{"value": str(n), "label": untranslated("★" * n)} for n in range(1, 6)]

    def to_answer(self, question, value):
        if value not in {"1", "2", "3", "4", "5"}:
            raise InvalidAnswer("Kies 1 tot en met 5 sterren.")
        return value

    def present(self, question, value, departments, item):
        present_choices({**question, "options": self.categories(question)}, value, [], item)

    def describe(self, question):
        return "Een waardering van 1 tot en met 5 sterren."


@pytest.fixture
def stars():
    question_types.register(Stars.key, Stars())
    yield question_types[Stars.key]
    question_types.unregister(Stars.key)


def definition_with(question: dict[str, Any]) -> dict[str, Any]:
    text = {"nl": "Test", "en": "Test"}
    return {
        "kind": "questionnaire",
        "id": "voorbeeld",
        "version": "1",
        "audience": "staff",
        "title": text,
        "intro": text,
        "closing": text,
        "pages": [{"id": "p1", "title": text, "questions": [question]}],
    }


STARS = {"id": "tevreden", "number": "1", "type": "stars", "text": {"nl": "Hoe?", "en": "How?"}}


def test_a_second_type_under_a_taken_key_is_refused():
    class OtherSingle(Stars):
        key = "single"

    with pytest.raises(DuplicateKey):
        register_type(OtherSingle)
    with pytest.raises(DuplicateKey):
        question_types.register("text", Stars())
    assert type(question_types["single"]).__name__ == "SingleChoice"
    # Registering the same type again (a module imported twice) is not a conflict.
    question_types.register("single", type(question_types["single"])())


@pytest.mark.parametrize("path", qn.shipped_paths(), ids=lambda p: p.name)
def test_every_type_in_the_shipped_questionnaires_is_registered(path):
    definition = qn.load_file(path)
    for question in qn.iter_questions(definition):
        qtype = question_type(question)
        assert qtype.key == question["type"]
        assert qtype.describe(question)
        assert qtype.report_kind in ("categorical", "grade", "multiple", "open", None)


def test_every_registered_type_has_a_widget_label_and_schema_entry():
    qn.register_questionnaire_kind()
    from weerbaar.library.kinds import get_kind

    schema = get_kind("questionnaire").schema
    assert schema["$defs"]["question"]["properties"]["type"]["enum"] == list(question_types)
    for key, qtype in question_types.items():
        assert qtype.key == key and str(qtype.label)
        get_template(qtype.template)


def test_an_unregistered_type_is_refused_by_the_schema():
    errors = qn.validate(
        definition_with({**STARS}), None, "x.yaml"
    )  # "stars" is not registered here
    assert any(e.field.endswith("type") for e in errors)


def test_a_type_defined_in_one_module_round_trips(stars):
    # Validated: the schema knows the new type once it is registered.
    definition = qn.load_text(yaml.safe_dump(definition_with(STARS)), "voorbeeld.yaml")

    # Read from the form, checked, stored.
    question = definition["pages"][0]["questions"][0]
    page = read_page([question], QueryDict("q-tevreden=4"))
    assert page.answers == {"tevreden": "4"} and page.is_valid
    bad = read_page([question], QueryDict("q-tevreden=9"))
    assert bad.errors == {"tevreden": ["Kies 1 tot en met 5 sterren."]} and not bad.answers
    shown = present_questions([question], {"tevreden": "4"}, {}, [])[0]
    assert shown["template"] == stars.template
    assert [c["checked"] for c in shown["choices"]] == [False, False, False, True, False]

    # Counted by the results engine, with its bases and percentages.
    respondents = [({"tevreden": "4"}, None)] * 6 + [({"tevreden": "5"}, None)] * 5
    respondents += [({}, None)] * 2
    results = compute_results(definition, respondents, k=5)
    (item,) = results["items"]
    counts = {c["value"]: c["count"] for c in item["categories"]}
    assert counts["4"] == 6 and counts["5"] == 5 and item["bases"]["answered"] == 11
    assert item["categories"][3]["pct"]["answered"] == pytest.approx(54.5)
    assert all(counts[v] in (0, None) for v in "123")

    # Exported as a coded variable, and read back from an import.
    (variable,) = codebook(definition)
    assert variable.name == "tevreden" and variable.kind == "category"
    assert [code for code, _v, _l, _s in variable.values] == [1, 2, 3, 4, 5]
    assert stars.export_value(variable, "4") == "4"
    assert stars.parse_import(question, variable, "4", {}) == ("4", None)
    value, error = stars.parse_import(question, variable, "6", {})
    assert value is None and "kies uit" in error

    # Described for the codebook and the appendix.
    assert stars.describe(question) == "Een waardering van 1 tot en met 5 sterren."


def test_descriptions_name_the_answers():
    single = {
        "id": "s",
        "type": "single",
        "text": {"nl": "?", "en": "?"},
        "options": [
            {"value": "ja", "label": {"nl": "Ja", "en": "Yes"}},
            {"value": "nee", "label": {"nl": "Nee", "en": "No"}},
        ],
    }
    assert question_type(single).describe(single) == "Eén antwoord uit: Ja; Nee."
    grades = {"id": "g", "type": "grade_matrix", "text": {}, "rows": [], "min": 1, "max": 10}
    assert "cijfer van 1 tot en met 10" in question_type(grades).describe(grades)
    assert question_type(grades).answer_options(grades) == [
        {"nl": "cijfer 1–10", "en": "grade 1–10"}
    ]
