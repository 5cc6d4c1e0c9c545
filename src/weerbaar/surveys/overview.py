"""A readable overview of a questionnaire (pages, questions, routing) for coordinators."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from weerbaar.core.text import translate

from . import questionnaire as qn
from .questiontypes import question_type
from .types import Question, QuestionnaireDefinition


def _name(question: Mapping[str, Any]) -> str:
    if question.get("number"):
        return _("vraag %(number)s") % {"number": question["number"]}
    return _("vraag “%(id)s”") % {"id": question["id"]}


def _label(question: Mapping[str, Any], value: Any, row: str | None = None) -> str:
    options = question.get("scale", []) if row else question.get("options", [])
    for option in options:
        if option["value"] == value:
            return f"“{translate(option['label'])}”"
    return f"“{value}”"


def describe_condition(cond: Mapping[str, Any], index: dict[str, Question]) -> str:
    target = index.get(cond["question"], {"id": cond["question"]})
    name = _name(target)
    row = cond.get("row")
    if row:
        name = f"{name}{row}"
    if "contains" in cond:
        return _("%(q)s bevat %(v)s") % {"q": name, "v": _label(target, cond["contains"])}
    if "answered" in cond:
        return (_("%(q)s is beantwoord") if cond["answered"] else _("%(q)s is niet beantwoord")) % {
            "q": name
        }
    values = [cond["equals"]] if "equals" in cond else cond["one_of"]
    labels = [_label(target, v, row) for v in values]
    joined = _(" of ").join(labels)
    return _("%(q)s is %(v)s") % {"q": name, "v": joined}


def describe_group(group: Mapping[str, Any] | None, index: dict[str, Question]) -> str:
    if not group:
        return ""
    key = "all" if "all" in group else "any"
    parts = []
    for item in group[key]:
        if "all" in item or "any" in item:
            parts.append(f"({describe_group(item, index)})")
        else:
            parts.append(describe_condition(item, index))
    joiner = _(" en ") if key == "all" else _(" of ")
    return joiner.join(parts)


def questionnaire_overview(definition: QuestionnaireDefinition) -> list[dict[str, Any]]:
    """Per page: title and questions with number, text, kind, routing and library mapping."""
    index = qn.question_index(definition)
    out = []
    for page in definition.get("pages", []):
        questions = []
        for q in page["questions"]:
            questions.append(
                {
                    "number": q.get("number", ""),
                    "id": q["id"],
                    "text": translate(q["text"]),
                    "kind": str(question_type(q).label),
                    "required": bool(q.get("required")),
                    "condition": describe_group(q.get("show_if"), index),
                    "maps_to": ", ".join(q.get("maps_to", [])),
                }
            )
        out.append({"title": translate(page.get("title")), "questions": questions})
    return out
