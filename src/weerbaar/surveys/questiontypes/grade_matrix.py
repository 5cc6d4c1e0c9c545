"""``grade_matrix``: items (rows) each given a grade from ``min`` to ``max`` (e.g. 1-10).

Stored as ``{row id: grade}``; reported per row with the distribution and the mean."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from weerbaar.surveys.i18n import bilingual, untranslated
from weerbaar.surveys.types import Question, Text

from .base import Departments, Location, Variable, parse_number, register_type
from .counting import Category
from .matrix import Matrix


def grade_values(question: Question) -> list[int]:
    return list(range(int(question.get("min", 1)), int(question.get("max", 10)) + 1))


@register_type
class GradeMatrix(Matrix):
    key = "grade_matrix"
    label = gettext_lazy("Cijfers")
    report_kind = "grade"
    accepts = frozenset({"rows"})
    schema_requires = {"required": ["rows", "min", "max"]}
    comparison = "numeric"
    table_class = "matrix matrix-grades"
    grades = True

    def scale_points(self, question: Question) -> list[tuple[str, str]]:
        return [(str(v), str(v)) for v in grade_values(question)]

    def cell_value(self, value: str) -> Any:
        return int(value)

    def bad_cell_message(self, question: Question) -> str:
        return _("Geef bij elk onderdeel een cijfer van %(min)s tot en met %(max)s.") % {
            "min": question.get("min", 1),
            "max": question.get("max", 10),
        }

    def check(self, question: Question) -> Iterator[tuple[Location, str]]:
        low, high = question.get("min"), question.get("max")
        if low is not None and high is not None and low >= high:
            yield ["max"], "max must be greater than min"

    def condition_values(self, question: Question) -> list[str]:
        return []

    def categories(self, question: Question) -> list[Category]:
        return [{"value": v, "label": untranslated(str(v))} for v in grade_values(question)]

    def row_variable(self, question: Question, variable: Variable) -> Variable:
        variable.kind = "grade"
        variable.minimum = int(question.get("min", 1))
        variable.maximum = int(question.get("max", 10))
        return variable

    def parse_import(
        self, question: Question, variable: Variable, raw: str, departments: Departments
    ) -> tuple[Any, str | None]:
        return parse_number(variable, raw, whole=True)

    def describe(self, question: Question) -> str:
        return _("Per onderdeel een cijfer van %(min)s tot en met %(max)s.") % {
            "min": question.get("min", 1),
            "max": question.get("max", 10),
        }

    def answer_options(self, question: Question) -> list[Text]:
        return [
            bilingual(
                gettext_noop("cijfer %(min)s–%(max)s"),
                min=question.get("min", 1),
                max=question.get("max", 10),
            )
        ]
