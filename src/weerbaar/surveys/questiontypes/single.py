"""``single``: one answer from the options (radio buttons), or one of the departments."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from weerbaar.surveys.i18n import bilingual
from weerbaar.surveys.types import Question, Text

from .base import (
    OTHER_DEPARTMENTS,
    TEMPLATES,
    Departments,
    FormData,
    Parsed,
    QuestionType,
    Variable,
    choices_for,
    coded_values,
    field_name,
    option_labels,
    present_choices,
    read_other_text,
    register_type,
)
from .counting import Category, QuestionCounts, Unit


def is_department_question(question: Question) -> bool:
    return question.get("options_from") == "departments"


@register_type
class SingleChoice(QuestionType):
    key = "single"
    label = gettext_lazy("Eén antwoord")
    template = TEMPLATES + "choice_radio.html"
    accepts = frozenset({"options", "options_from", "other"})
    schema_requires = {"anyOf": [{"required": ["options"]}, {"required": ["options_from"]}]}

    def parse(
        self, question: Question, data: FormData, departments: list[Any], check_required: bool
    ) -> Parsed:
        value = (data.get(field_name(question)) or "").strip()
        allowed = {c["value"] for c in choices_for(question, departments)}
        if value and value not in allowed:
            parsed = Parsed(value, error=_("Kies een van de getoonde antwoorden."))
        else:
            parsed = Parsed(value, value or None)
        read_other_text(question, data, [value], parsed)
        return parsed

    def present(
        self, question: Question, value: Any, departments: list[Any], item: dict[str, Any]
    ) -> None:
        present_choices(question, value, departments, item)

    def units(self, question: Question, group_options: list[Category]) -> list[Unit]:
        if is_department_question(question):
            return [Unit(question, question["id"], categories=group_options)]
        return super().units(question, group_options)

    def count(self, question: Question, pairs: list[tuple[str, Any]], qc: QuestionCounts) -> None:
        if not is_department_question(question):
            super().count(question, pairs, qc)
            return
        # The department question counts the respondents' groups (departments under k merged).
        qid = question["id"]
        qc.answered[qid] = Counter(g for g, _v in pairs)
        qc.by_value = False
        qc.cells[qid] = Counter((g, g) for g, _v in pairs)

    def variables(
        self,
        question: Question,
        label: str,
        label_en: str,
        department_values: list[tuple[str, str]] | None,
    ) -> list[Variable]:
        if not is_department_question(question):
            return super().variables(question, label, label_en, department_values)
        qid = question["id"]
        values = [(i, v, lbl, True) for i, (v, lbl) in enumerate(department_values or [], 1)]
        offset = len(values)
        values += [
            (code + offset, value, text, substantive)
            for code, value, text, substantive in coded_values(question.get("options", []))
        ]
        return [Variable(qid, qid, "department", label, label_en, values=values)]

    def parse_import(
        self, question: Question, variable: Variable, raw: str, departments: Departments
    ) -> tuple[Any, str | None]:
        if variable.kind != "department":
            return super().parse_import(question, variable, raw, departments)
        if raw == OTHER_DEPARTMENTS:
            return None, None  # merged in an export: the department is not known
        department = departments["by_name"].get(raw.lower()) or departments["by_pk"].get(raw)
        if department is not None:
            return str(department.pk), None
        for _code, value, _label, _s in variable.values:
            if value == raw and value not in departments["by_pk"]:
                return value, None
        return None, _("“%(value)s” is geen afdeling of antwoordoptie.") % {"value": raw[:80]}

    def describe(self, question: Question) -> str:
        options = question.get("options", [])
        if is_department_question(question):
            if options:
                return _("Eén antwoord: een afdeling van de organisatie of %(options)s.") % {
                    "options": option_labels(options)
                }
            return _("Eén antwoord: een afdeling van de organisatie.")
        return _("Eén antwoord uit: %(options)s.") % {"options": option_labels(options)}

    def answer_options(self, question: Question) -> list[Text]:
        if is_department_question(question):
            return [bilingual(gettext_noop("(afdelingen van de organisatie)"))]
        return super().answer_options(question)
