"""``likert``: one answer on a scale (radio buttons); a 5-point scale is also reported
collapsed to "(zeer) mee eens" / "(zeer) mee oneens"."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from weerbaar.surveys.types import Question

from .base import option_labels, register_type
from .counting import Category
from .single import SingleChoice


@register_type
class Likert(SingleChoice):
    key = "likert"
    label = gettext_lazy("Schaal")
    accepts = frozenset({"options"})

    def collapse(
        self, question: Question, categories: list[Category]
    ) -> list[tuple[str, list[Any]]]:
        """The substantive answers before and after the middle "weet niet / geen mening"
        (the report's "(zeer) aannemelijk")."""
        values = [c["value"] for c in categories]
        middle = [i for i, c in enumerate(categories) if c.get("substantive") is False]
        if len(middle) != 1 or middle[0] in (0, len(values) - 1):
            return []
        m = middle[0]
        return [("agree", values[:m]), ("disagree", values[m + 1 :])]

    def describe(self, question: Question) -> str:
        return _("Eén antwoord op een schaal: %(options)s.") % {
            "options": option_labels(question.get("options", []))
        }
