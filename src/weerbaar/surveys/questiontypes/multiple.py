"""``multiple``: more answers possible (check boxes); an ``exclusive`` option ("geen van
deze") cannot be combined. Stored as the chosen values in option order; reported and
exported per option (chosen / not chosen)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from weerbaar.core.text import translate
from weerbaar.surveys.i18n import bilingual
from weerbaar.surveys.types import Answers, Question

from .base import (
    TEMPLATES,
    FormData,
    Parsed,
    QuestionType,
    Variable,
    field_name,
    option_labels,
    present_choices,
    read_other_text,
    register_type,
    text_of,
)
from .counting import Category, QuestionCounts, Unit


@register_type
class MultipleChoice(QuestionType):
    key = "multiple"
    label = gettext_lazy("Meer antwoorden mogelijk")
    template = TEMPLATES + "choice_checkbox.html"
    report_kind = "multiple"
    accepts = frozenset({"options", "exclusive", "other"})
    schema_requires = {"required": ["options"]}
    comparison = "contains"
    shared_answered = True

    def parse(
        self, question: Question, data: FormData, departments: list[Any], check_required: bool
    ) -> Parsed:
        values = [v.strip() for v in data.getlist(field_name(question)) if v.strip()]
        options = {o["value"]: o for o in question.get("options", [])}
        exclusive = [v for v in values if v in options and options[v].get("exclusive")]
        if any(v not in options for v in values):
            parsed = Parsed(values, error=_("Kies alleen uit de getoonde antwoorden."))
        elif exclusive and len(set(values)) > 1:
            label = translate(options[exclusive[0]]["label"])
            parsed = Parsed(
                values,
                error=_("“%(label)s” kunt u niet combineren met andere antwoorden.")
                % {"label": label},
            )
        else:
            parsed = Parsed(values, [o for o in options if o in values] or None)
        read_other_text(question, data, values, parsed)
        return parsed

    def present(
        self, question: Question, value: Any, departments: list[Any], item: dict[str, Any]
    ) -> None:
        present_choices(question, value, departments, item)

    def units(self, question: Question, group_options: list[Category]) -> list[Unit]:
        qid = question["id"]
        not_chosen = bilingual(gettext_noop("niet gekozen"))
        return [
            Unit(
                question,
                f"{qid}.{o['value']}",
                option=o,
                categories=[
                    {"value": "chosen", "label": o["label"], "substantive": True},
                    {"value": "not_chosen", "label": not_chosen, "substantive": True},
                ],
            )
            for o in question.get("options", [])
        ]

    def count(self, question: Question, pairs: list[tuple[str, Any]], qc: QuestionCounts) -> None:
        qid = question["id"]
        pairs = [(g, v) for g, v in pairs if isinstance(v, list)]
        qc.answered[qid] = Counter(g for g, _v in pairs)
        chosen = Counter((g, value) for g, v in pairs for value in set(v))
        for (g, value), n in chosen.items():
            qc.cells[f"{qid}.{value}"][(g, "chosen")] = n

    def complete_cells(self, cells: Counter[Any], answered_by_group: Counter[str]) -> None:
        for g in set(answered_by_group) | {"_all"}:
            chosen = cells.get((g, "chosen"), 0)
            cells[(g, "not_chosen")] = answered_by_group.get(g, 0) - chosen

    def variables(
        self,
        question: Question,
        label: str,
        label_en: str,
        department_values: list[tuple[str, str]] | None,
    ) -> list[Variable]:
        qid = question["id"]
        return [
            Variable(
                f"{qid}.{o['value']}",
                qid,
                "binary",
                f"{label} — {text_of(o['label'])}",
                f"{label_en} — {text_of(o['label'], 'en')}",
                option=o["value"],
                values=[
                    (0, "0", "niet gekozen", True),
                    (1, "1", "gekozen", o.get("substantive", True) is not False),
                ],
            )
            for o in question.get("options", [])
        ]

    def export_value(self, variable: Variable, answer: Any) -> Any:
        if not isinstance(answer, list) or not answer:
            return ""
        return "1" if variable.option in answer else "0"

    def add_imported(self, answers: Answers, variable: Variable, value: Any) -> None:
        chosen = answers.setdefault(variable.question, [])
        if value == "1":
            chosen.append(variable.option)

    def finish_import(self, question: Question, answer: Any) -> tuple[Any, list[str]]:
        if not answer:
            return None, []
        exclusive = {o["value"] for o in question.get("options", []) if o.get("exclusive")}
        if len(answer) > 1 and exclusive & set(answer):
            return answer, [_("Een exclusieve optie kan niet samen met andere opties.")]
        return answer, []

    def describe(self, question: Question) -> str:
        return _("Meer antwoorden mogelijk uit: %(options)s.") % {
            "options": option_labels(question.get("options", []))
        }
