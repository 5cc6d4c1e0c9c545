"""Reading one page of answers: every kind of bad input gives a message, the rest is kept."""

from __future__ import annotations

from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from weerbaar.surveys.answering import present_questions, read_page

QUESTIONS = [
    {"id": "n", "type": "number", "text": {"nl": "Getal", "en": "Number"}, "min": 0, "max": 120},
    {"id": "t", "type": "text", "text": {"nl": "Tekst", "en": "Text"}, "max_length": 10},
    {
        "id": "s",
        "type": "single",
        "text": {"nl": "Keuze", "en": "Choice"},
        "required": True,
        "options": [
            {"value": "ja", "label": {"nl": "Ja", "en": "Yes"}},
            {"value": "nee", "label": {"nl": "Nee", "en": "No"}},
        ],
    },
    {
        "id": "g",
        "type": "grade_matrix",
        "text": {"nl": "Cijfers", "en": "Grades"},
        "min": 1,
        "max": 10,
        "rows": [{"id": "a", "text": {"nl": "A", "en": "A"}}],
    },
]


def post(**fields) -> QueryDict:
    q = QueryDict(mutable=True)
    for k, v in fields.items():
        q[k] = v
    return q


def test_number_out_of_range_and_not_a_number():
    out = read_page(QUESTIONS, post(**{"q-n": "121", "q-s": "ja"}))
    assert "van 0 tot en met 120" in out.errors["n"][0]
    assert out.answers == {"s": "ja"}
    out = read_page(QUESTIONS, post(**{"q-n": "veel", "q-s": "ja"}))
    assert out.errors["n"] == ["Vul een getal in."]
    out = read_page(QUESTIONS, post(**{"q-n": "12,5", "q-s": "ja"}))
    assert out.answers["n"] == 12.5
    out = read_page(QUESTIONS, post(**{"q-n": "nan", "q-s": "ja"}))
    assert "n" in out.errors


def test_text_too_long_keeps_what_was_typed_and_nul_is_removed():
    out = read_page(QUESTIONS, post(**{"q-t": "a" * 11, "q-s": "nee"}))
    assert "ten hoogste 10 tekens" in out.errors["t"][0]
    assert out.raw["t"] == "a" * 11
    shown = present_questions(QUESTIONS, out.raw, out.errors, [])
    assert shown[1]["value"] == "a" * 11 and shown[1]["errors"]
    out = read_page(QUESTIONS, post(**{"q-t": "ab\x00c", "q-s": "nee"}))
    assert out.answers["t"] == "abc"


def test_grade_outside_scale_and_required_single():
    out = read_page(QUESTIONS, post(**{"q-g-a": "11"}))
    assert "cijfer van 1 tot en met 10" in out.errors["g"][0]
    assert out.errors["s"] == ["Beantwoord deze vraag."]
    out = read_page(QUESTIONS, post(**{"q-g-a": "7", "q-s": "ja"}))
    assert out.answers == {"g": {"a": 7}, "s": "ja"}


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["q-n", "q-t", "q-s", "q-g-a"]), st.text(max_size=30)))
def test_any_input_gives_answers_or_messages_never_an_exception(fields):
    out = read_page(QUESTIONS, post(**fields))
    assert set(out.answers) | set(out.errors) <= {"n", "t", "s", "g"}
    if "s" in out.answers:
        assert out.answers["s"] in {"ja", "nee"}
    if "n" in out.answers:
        assert 0 <= out.answers["n"] <= 120
