"""``number``: a number between ``min`` and ``max`` (both optional); decimals allowed.

Reported with n, mean and median (at least k answers), never per value."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from weerbaar.surveys.types import Question, ResultItem, Text

from .base import (
    TEMPLATES,
    Departments,
    InvalidAnswer,
    Location,
    QuestionType,
    Variable,
    parse_number,
    register_type,
)
from .counting import QuestionCounts


@register_type
class Number(QuestionType):
    key = "number"
    label = gettext_lazy("Getal")
    template = TEMPLATES + "number.html"
    report_kind = "open"
    open_answer = True
    comparison = "numeric"

    def check(self, question: Question) -> Iterator[tuple[Location, str]]:
        low, high = question.get("min"), question.get("max")
        if low is not None and high is not None and low > high:
            yield ["max"], "max must be greater than min"

    def condition_values(self, question: Question) -> list[str]:
        return []

    def to_answer(self, question: Question, value: str) -> Any:
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            raise InvalidAnswer(_("Vul een getal in.")) from None
        if math.isnan(number) or math.isinf(number):
            raise InvalidAnswer(_("Vul een getal in."))
        low, high = question.get("min"), question.get("max")
        if (low is not None and number < low) or (high is not None and number > high):
            raise InvalidAnswer(
                _("Vul een getal in van %(min)s tot en met %(max)s.")
                % {
                    "min": low if low is not None else "…",
                    "max": high if high is not None else "…",
                }
            )
        return int(number) if number.is_integer() else number

    def present(
        self, question: Question, value: Any, departments: list[Any], item: dict[str, Any]
    ) -> None:
        item["value"] = "" if value is None else str(value)
        item["min"] = question.get("min", "")
        item["max"] = question.get("max", "")

    def count(self, question: Question, pairs: list[tuple[str, Any]], qc: QuestionCounts) -> None:
        qc.answered[question["id"]] = Counter(g for g, _v in pairs)
        qc.numbers = [v for _g, v in pairs]

    def open_results(
        self, item: ResultItem, qc: QuestionCounts, enough: bool, include_texts: bool
    ) -> None:
        numbers = [float(x) for x in qc.numbers]
        mean = statistics.fmean(numbers) if enough else None
        item["mean"] = round(mean, 2) if mean is not None else None
        item["median"] = statistics.median(numbers) if enough else None
        item["mean_unrounded"] = mean

    def variables(
        self,
        question: Question,
        label: str,
        label_en: str,
        department_values: list[tuple[str, str]] | None,
    ) -> list[Variable]:
        qid = question["id"]
        low, high = question.get("min"), question.get("max")
        return [Variable(qid, qid, "number", label, label_en, minimum=low, maximum=high)]

    def parse_import(
        self, question: Question, variable: Variable, raw: str, departments: Departments
    ) -> tuple[Any, str | None]:
        return parse_number(variable, raw, whole=False)

    def describe(self, question: Question) -> str:
        low, high = question.get("min"), question.get("max")
        if low is None and high is None:
            return _("Een getal.")
        return _("Een getal van %(min)s tot en met %(max)s.") % {
            "min": low if low is not None else "…",
            "max": high if high is not None else "…",
        }

    def answer_options(self, question: Question) -> list[Text]:
        return []
