"""Reading and checking the answers on one survey page (antwoorden per pagina).

Form field names: ``q-<question>`` for single/likert/multiple/text/number, and
``q-<question>-<row>`` for a row of a matrix or grade matrix. :func:`read_page` returns the
valid answers, what the respondent typed (to show again) and the errors per question, so a
page with one bad answer keeps everything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from weerbaar.core.text import translate

from . import questionnaire as qn
from .routing import is_empty


def field_name(question: dict, row: dict | None = None) -> str:
    return f"q-{question['id']}" + (f"-{row['id']}" if row else "")


def grade_values(question: dict) -> list[int]:
    return list(range(int(question.get("min", 1)), int(question.get("max", 10)) + 1))


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
    questions: list[dict], data, departments: list | None = None, *, check_required: bool = True
) -> PageInput:
    """Read the answers to ``questions`` (the visible ones of a page) from POST ``data``."""
    out = PageInput()
    for question in questions:
        _read_question(question, data, departments, out, check_required)
    return out


def _read_question(question: dict, data, departments, out: PageInput, check_required: bool):
    qid, qtype = question["id"], question["type"]
    name = field_name(question)
    answer: Any = None
    if qtype in ("single", "likert"):
        value = (data.get(name) or "").strip()
        out.raw[qid] = value
        allowed = {c["value"] for c in qn.choices_for(question, departments)}
        if value and value not in allowed:
            out.add_error(qid, _("Kies een van de getoonde antwoorden."))
            return
        answer = value or None
    elif qtype == "multiple":
        values = [v.strip() for v in data.getlist(name) if v.strip()]
        out.raw[qid] = values
        options = {o["value"]: o for o in question.get("options", [])}
        if any(v not in options for v in values):
            out.add_error(qid, _("Kies alleen uit de getoonde antwoorden."))
            return
        exclusive = [v for v in values if options[v].get("exclusive")]
        if exclusive and len(set(values)) > 1:
            label = options[exclusive[0]]["label"]
            out.add_error(
                qid,
                _("“%(label)s” kunt u niet combineren met andere antwoorden.")
                % {"label": translate(label)},
            )
            return
        ordered = [o for o in options if o in values]
        answer = ordered or None
    elif qtype in ("matrix", "grade_matrix"):
        raw: dict[str, str] = {}
        answer = {}
        bad_rows = []
        if qtype == "matrix":
            allowed = {o["value"] for o in question["scale"]}
        else:
            allowed = {str(v) for v in grade_values(question)}
        for row in question["rows"]:
            value = (data.get(field_name(question, row)) or "").strip()
            raw[row["id"]] = value
            if not value:
                continue
            if value not in allowed:
                bad_rows.append(row)
                continue
            answer[row["id"]] = int(value) if qtype == "grade_matrix" else value
        out.raw[qid] = raw
        if bad_rows:
            if qtype == "grade_matrix":
                msg = _("Geef bij elk onderdeel een cijfer van %(min)s tot en met %(max)s.") % {
                    "min": question.get("min", 1),
                    "max": question.get("max", 10),
                }
            else:
                msg = _("Kies bij elk onderdeel een van de getoonde antwoorden.")
            out.add_error(qid, msg)
            return
        if (
            check_required
            and question.get("required")
            and answer
            and len(answer) < len(question["rows"])
        ):
            out.add_error(qid, _("Beantwoord elk onderdeel van deze vraag."))
            out.answers[qid] = answer
            return
        answer = answer or None
    elif qtype == "text":
        value = (data.get(name) or "").replace("\r\n", "\n").replace("\x00", "").strip()
        out.raw[qid] = value
        limit = question.get("max_length", 2000)
        if len(value) > limit:
            out.add_error(
                qid,
                _("Uw antwoord is %(n)s tekens lang; het mag ten hoogste %(max)s tekens zijn.")
                % {"n": len(value), "max": limit},
            )
            return
        answer = value or None
    elif qtype == "number":
        value = (data.get(name) or "").strip()
        out.raw[qid] = value
        if value:
            try:
                number = float(value.replace(",", "."))
            except ValueError:
                out.add_error(qid, _("Vul een getal in."))
                return
            if number != number or number in (float("inf"), float("-inf")):
                out.add_error(qid, _("Vul een getal in."))
                return
            low, high = question.get("min"), question.get("max")
            if (low is not None and number < low) or (high is not None and number > high):
                out.add_error(
                    qid,
                    _("Vul een getal in van %(min)s tot en met %(max)s.")
                    % {
                        "min": low if low is not None else "…",
                        "max": high if high is not None else "…",
                    },
                )
                return
            answer = int(number) if number.is_integer() else number
    if is_empty(answer):
        if check_required and question.get("required"):
            out.add_error(qid, _("Beantwoord deze vraag."))
        return
    out.answers[qid] = answer


def present_questions(
    questions: list[dict], values: dict[str, Any], errors: dict[str, list[str]], departments
) -> list[dict]:
    """What the page template shows per question (no logic left for the template).

    ``values``: per question id the stored answer or what was typed (strings for choices).
    """
    out = []
    for question in questions:
        qid, qtype = question["id"], question["type"]
        value = values.get(qid)
        dom = f"vraag-{qid}"
        item = {
            "id": qid,
            "dom_id": dom,
            "type": qtype,
            "number": question.get("number", ""),
            "text": translate(question["text"]),
            "help": translate(question.get("help")) if question.get("help") else "",
            "required": bool(question.get("required")),
            "name": field_name(question),
            "errors": errors.get(qid, []),
            "error_id": f"{dom}-fout",
            "help_id": f"{dom}-hulp",
        }
        if qtype in ("single", "likert", "multiple"):
            selected = value if isinstance(value, list) else [value]
            selected = [str(v) for v in selected if v is not None]
            item["choices"] = [
                {
                    "value": c["value"],
                    "label": translate(c["label"]),
                    "checked": c["value"] in selected,
                    "dom_id": f"{dom}-{i}",
                }
                for i, c in enumerate(qn.choices_for(question, departments))
            ]
        elif qtype in ("matrix", "grade_matrix"):
            if qtype == "matrix":
                scale = [(o["value"], translate(o["label"])) for o in question["scale"]]
            else:
                scale = [(str(v), str(v)) for v in grade_values(question)]
            item["scale"] = [label for _v, label in scale]
            row_values = value if isinstance(value, dict) else {}
            item["rows"] = []
            for row in question["rows"]:
                current = row_values.get(row["id"])
                current = "" if current is None else str(current)
                row_dom = f"{dom}-{row['id']}"
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
        elif qtype == "text":
            item["value"] = "" if value is None else str(value)
            item["max_length"] = question.get("max_length", 2000)
        elif qtype == "number":
            item["value"] = "" if value is None else str(value)
            item["min"] = question.get("min", "")
            item["max"] = question.get("max", "")
        out.append(item)
    return out
