"""Which questions a respondent was shown (routing), evaluated from the stored answers.

Answers to questions that were never shown are not stored, so a question was shown exactly
when its ``show_if`` holds on the stored answers of earlier questions. This mirrors the
answering pages' server-side routing (``surveys.routing``) for the result bases.
"""

from __future__ import annotations

from typing import Any


def condition_holds(condition: dict, answers: dict[str, Any]) -> bool:
    """Evaluate one ``show_if`` group or leaf against stored answers."""
    if "all" in condition:
        return all(condition_holds(c, answers) for c in condition["all"])
    if "any" in condition:
        return any(condition_holds(c, answers) for c in condition["any"])
    answer = answers.get(condition["question"])
    if "row" in condition:
        answer = answer.get(condition["row"]) if isinstance(answer, dict) else None
    if "answered" in condition:
        return (answer not in (None, "", [], {})) == bool(condition["answered"])
    if answer is None:
        return False
    if "contains" in condition:
        return isinstance(answer, list) and condition["contains"] in answer
    if "equals" in condition:
        return _same(answer, condition["equals"])
    if "one_of" in condition:
        return any(_same(answer, v) for v in condition["one_of"])
    return False


def _same(answer: Any, expected: Any) -> bool:
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        try:
            return float(answer) == float(expected)
        except (TypeError, ValueError):
            return False
    return str(answer) == str(expected)


def is_shown(question: dict, answers: dict[str, Any]) -> bool:
    condition = question.get("show_if")
    if not condition:
        return True
    if _group_holds is not None:
        return _group_holds(condition, answers)
    return condition_holds(condition, answers)


try:  # the answering pages' own routing, so results and answering never disagree
    from weerbaar.surveys.routing import group_holds as _group_holds
except ImportError:  # pragma: no cover - the pure engine also works standalone
    _group_holds = None


def compile_condition(condition: dict | None):
    """A fast predicate equivalent to ``routing.group_holds(condition, answers)``.

    The results engine evaluates routing for every respondent and question; a compiled
    closure is several times faster than walking the condition tree each time.
    """
    if not condition:
        return None
    if "all" in condition or "any" in condition:
        key = "all" if "all" in condition else "any"
        parts = [compile_condition(c) for c in condition[key]]
        if len(parts) == 1:
            return parts[0]
        if key == "all":
            return lambda a: all(p(a) for p in parts)
        return lambda a: any(p(a) for p in parts)
    qid = condition["question"]
    row = condition.get("row")

    def value_of(a):
        v = a.get(qid)
        if row is not None:
            return v.get(row) if isinstance(v, dict) else None
        return v

    if "answered" in condition:
        flag = bool(condition["answered"])
        return lambda a: (value_of(a) not in (None, "", [], {})) == flag
    if "contains" in condition:
        wanted = condition["contains"]

        def contains(a):
            v = value_of(a)
            return isinstance(v, list) and wanted in v

        return contains
    values = (condition["equals"],) if "equals" in condition else tuple(condition["one_of"])

    def equals(a):
        v = value_of(a)
        if v is None or v == "" or isinstance(v, list | dict):
            return False
        return v in values

    return equals
