"""``matrix``: statements (rows) each answered on one scale (a grid of radio buttons).

Stored as ``{row id: scale value}``; counted, reported and exported per row."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from weerbaar.core.text import translate
from weerbaar.surveys.types import Answers, Question, Text

from .base import (
    TEMPLATES,
    FormData,
    Parsed,
    QuestionType,
    Variable,
    coded_values,
    field_name,
    option_labels,
    register_type,
    text_of,
)
from .counting import Category, QuestionCounts, Unit


@register_type
class Matrix(QuestionType):
    key = "matrix"
    label = gettext_lazy("Stellingen (matrix)")
    template = TEMPLATES + "matrix.html"
    accepts = frozenset({"rows", "scale"})
    schema_requires = {"required": ["rows", "scale"]}
    table_class = "matrix"
    grades = False  # rows are grades: reported with a distribution and a mean

    # ------------------------------------------------------------------ per type of cell

    def scale_points(self, question: Question) -> list[tuple[str, str]]:
        """(form value, label) of the answers of one row."""
        return [(o["value"], translate(o["label"])) for o in question["scale"]]

    def cell_value(self, value: str) -> Any:
        return value

    def bad_cell_message(self, question: Question) -> str:
        return _("Kies bij elk onderdeel een van de getoonde antwoorden.")

    # ------------------------------------------------------------------ questionnaire

    def condition_values(self, question: Question) -> list[str]:
        return [o["value"] for o in question.get("scale", [])]

    # ------------------------------------------------------------------ answering

    def parse(
        self, question: Question, data: FormData, departments: list[Any], check_required: bool
    ) -> Parsed:
        raw: dict[str, str] = {}
        answer: dict[str, Any] = {}
        bad = False
        allowed = {v for v, _label in self.scale_points(question)}
        for row in question["rows"]:
            value = (data.get(field_name(question, row)) or "").strip()
            raw[row["id"]] = value
            if not value:
                continue
            if value not in allowed:
                bad = True
                continue
            answer[row["id"]] = self.cell_value(value)
        if bad:
            return Parsed(raw, error=self.bad_cell_message(question))
        complete = len(answer) == len(question["rows"])
        if check_required and question.get("required") and answer and not complete:
            error = _("Beantwoord elk onderdeel van deze vraag.")
            return Parsed(raw, answer, error=error, keep=True)
        return Parsed(raw, answer or None)

    def present(
        self, question: Question, value: Any, departments: list[Any], item: dict[str, Any]
    ) -> None:
        scale = self.scale_points(question)
        item["scale"] = [label for _v, label in scale]
        item["table_class"] = self.table_class
        row_values = value if isinstance(value, dict) else {}
        item["rows"] = []
        for row in question["rows"]:
            current = row_values.get(row["id"])
            current = "" if current is None else str(current)
            row_dom = f"{item['dom_id']}-{row['id']}"
            item["rows"].append(
                {
                    "id": row["id"],
                    "text": translate(row["text"]),
                    "name": field_name(question, row),
                    "dom_id": row_dom,
                    "cells": [
                        {
                            "value": v,
                            "label": label,
                            "checked": v == current,
                            "dom_id": f"{row_dom}-{i}",
                        }
                        for i, (v, label) in enumerate(scale)
                    ],
                }
            )

    # ------------------------------------------------------------------ counting

    def categories(self, question: Question) -> list[Category]:
        return list(question["scale"])

    def units(self, question: Question, group_options: list[Category]) -> list[Unit]:
        qid = question["id"]
        return [
            Unit(
                question,
                f"{qid}.{r['id']}",
                row=r,
                categories=self.categories(question),
                grades=self.grades,
            )
            for r in question["rows"]
        ]

    def count(self, question: Question, pairs: list[tuple[str, Any]], qc: QuestionCounts) -> None:
        qid = question["id"]
        # Count whole answer patterns first (one step per respondent), then expand per row.
        patterns = Counter((g, tuple(v.items())) for g, v in pairs if isinstance(v, dict))
        per_row: Counter[tuple[str, str, Any]] = Counter()
        for (g, items), n in patterns.items():
            for row_id, value in items:
                if value is not None and value != "":
                    per_row[(row_id, g, value)] += n
        if not self.grades and not all(isinstance(key[2], str) for key in per_row):
            as_text: Counter[tuple[str, str, Any]] = Counter()
            for (row_id, g, value), n in per_row.items():
                as_text[(row_id, g, str(value))] += n
            per_row = as_text
        for (row_id, g, value), n in per_row.items():
            key = f"{qid}.{row_id}"
            qc.answered[key][g] += n
            qc.cells[key][(g, value)] = n

    def answered_scope(self, question: Question, unit: Unit) -> str:
        return unit.key

    # ------------------------------------------------------------------ export / import

    def variables(
        self,
        question: Question,
        label: str,
        label_en: str,
        department_values: list[tuple[str, str]] | None,
    ) -> list[Variable]:
        qid = question["id"]
        return [
            self.row_variable(
                question,
                Variable(
                    f"{qid}.{r['id']}",
                    qid,
                    "category",
                    f"{label} — {text_of(r['text'])}",
                    f"{label_en} — {text_of(r['text'], 'en')}",
                    row=r["id"],
                ),
            )
            for r in question["rows"]
        ]

    def row_variable(self, question: Question, variable: Variable) -> Variable:
        variable.values = coded_values(question["scale"])
        return variable

    def export_value(self, variable: Variable, answer: Any) -> Any:
        value = answer.get(variable.row) if isinstance(answer, dict) else None
        return "" if value is None else value

    def add_imported(self, answers: Answers, variable: Variable, value: Any) -> None:
        answers.setdefault(variable.question, {})[variable.row] = value

    # ------------------------------------------------------------------ description

    def describe(self, question: Question) -> str:
        return _("Per stelling één antwoord uit: %(options)s.") % {
            "options": option_labels(question.get("scale", []))
        }

    def answer_options(self, question: Question) -> list[Text]:
        return [o["label"] for o in question.get("scale", [])]
