"""Reading and checking the answers on one survey page (antwoorden per pagina).

Form field names: ``q-<question>``, and ``q-<question>-<row>`` for a row of a matrix or
grade matrix (see :func:`.questiontypes.base.field_name`). Each question's type reads and
checks its own answer; :func:`read_page` returns the valid answers, what the respondent
typed (to show again) and the errors per question, so a page with one bad answer keeps
everything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from weerbaar.core.text import translate

from .questiontypes import question_type
from .questiontypes.base import FormData, field_name, other_key
from .routing import is_empty
from .types import Question

__all__ = ["PageInput", "field_name", "present_questions", "read_page"]


@dataclass
class PageInput:
    answers: dict[str, Any] = field(default_factory=dict)  # valid answers per question id
    raw: dict[str, Any] = field(default_factory=dict)  # what was sent, per question id
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def add_error(self, question_id: str, message: str) -> None:
        self.errors.setdefault(question_id, []).append(message)


def read_page(
    questions: list[Question],
    data: FormData,
    departments: list[Any] | None = None,
    *,
    check_required: bool = True,
) -> PageInput:
    """Read the answers to ``questions`` (the visible ones of a page) from POST ``data``."""
    out = PageInput()
    for question in questions:
        qid = question["id"]
        parsed = question_type(question).parse(question, data, departments or [], check_required)
        out.raw[qid] = parsed.raw
        out.raw.update(parsed.extra_raw)
        if parsed.error:
            out.add_error(qid, parsed.error)
            if parsed.keep:
                out.answers[qid] = parsed.answer
            continue
        if is_empty(parsed.answer):
            if check_required and question.get("required"):
                out.add_error(qid, _("Beantwoord deze vraag."))
            continue
        out.answers[qid] = parsed.answer
        out.answers.update(parsed.extra)
    return out


def present_questions(
    questions: list[Question],
    values: dict[str, Any],
    errors: dict[str, list[str]],
    departments: list[Any] | None,
) -> list[dict[str, Any]]:
    """What the page template shows per question (no logic left for the template).

    ``values``: per question id the stored answer or what was typed (strings for choices),
    and under ``<question>:other`` the text of an "other" option.
    """
    out = []
    for question in questions:
        qid = question["id"]
        qtype = question_type(question)
        dom = f"vraag-{qid}"
        item: dict[str, Any] = {
            "id": qid,
            "dom_id": dom,
            "type": qtype.key,
            "template": qtype.template,
            "number": question.get("number", ""),
            "text": translate(question["text"]),
            "help": translate(question.get("help")) if question.get("help") else "",
            "required": bool(question.get("required")),
            "name": field_name(question),
            "errors": errors.get(qid, []),
            "error_id": f"{dom}-fout",
            "help_id": f"{dom}-hulp",
        }
        qtype.present(question, values.get(qid), departments or [], item)
        for choice in item.get("choices", []):
            if choice.get("other"):
                choice["other_value"] = values.get(other_key(qid)) or ""
        out.append(item)
    return out
