"""``text``: a free-text answer (open antwoord), at most ``max_length`` characters.

Free text is never reported; the coordinator sees the texts when at least k answered, and
the export leaves the column out below k."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from weerbaar.core.xmltext import clean_text
from weerbaar.surveys.types import Question, Text

from .base import (
    TEMPLATES,
    Departments,
    FormData,
    Parsed,
    QuestionType,
    Variable,
    field_name,
    register_type,
)

DEFAULT_MAX_LENGTH = 2000


@register_type
class FreeText(QuestionType):
    key = "text"
    label = gettext_lazy("Open antwoord")
    template = TEMPLATES + "text.html"
    report_kind = None
    open_answer = True
    accepts = frozenset({"max_length"})
    comparison = "none"

    def parse(
        self, question: Question, data: FormData, departments: list[Any], check_required: bool
    ) -> Parsed:
        value = clean_text((data.get(field_name(question)) or "").replace("\r\n", "\n"))
        value = value.strip()
        limit = question.get("max_length", DEFAULT_MAX_LENGTH)
        if len(value) > limit:
            return Parsed(
                value,
                error=_(
                    "Uw antwoord is %(n)s tekens lang; het mag ten hoogste %(max)s tekens zijn."
                )
                % {"n": len(value), "max": limit},
            )
        return Parsed(value, value or None)

    def present(
        self, question: Question, value: Any, departments: list[Any], item: dict[str, Any]
    ) -> None:
        item["value"] = "" if value is None else str(value)
        item["max_length"] = question.get("max_length", DEFAULT_MAX_LENGTH)

    def condition_values(self, question: Question) -> list[str]:
        return []

    def variables(
        self,
        question: Question,
        label: str,
        label_en: str,
        department_values: list[tuple[str, str]] | None,
    ) -> list[Variable]:
        qid = question["id"]
        max_length = question.get("max_length")
        return [Variable(qid, qid, "text", label, label_en, max_length=max_length)]

    def parse_import(
        self, question: Question, variable: Variable, raw: str, departments: Departments
    ) -> tuple[Any, str | None]:
        if variable.max_length and len(raw) > variable.max_length:
            return None, _("De tekst is langer dan %(max)s tekens.") % {"max": variable.max_length}
        return raw, None

    def describe(self, question: Question) -> str:
        return _("Open antwoord van ten hoogste %(max)s tekens.") % {
            "max": question.get("max_length", DEFAULT_MAX_LENGTH)
        }

    def answer_options(self, question: Question) -> list[Text]:
        return []
