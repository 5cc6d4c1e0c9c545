"""Which questions a respondent was shown (routing), evaluated from the stored answers.

Answers to questions that were never shown are not stored, so a question was shown exactly
when its ``show_if`` holds on the stored answers of earlier questions. The compiled
predicates here agree with the answering pages' routing (``surveys.routing.group_holds``),
which the tests check; they are only faster.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from weerbaar.surveys.types import Answers, ConditionItem

Predicate = Callable[[Answers], bool]


def compile_condition(condition: ConditionItem | None) -> Predicate | None:
    """A fast predicate equivalent to ``routing.group_holds(condition, answers)``.

    The results engine evaluates routing for every respondent and question; a compiled
    closure is several times faster than walking the condition tree each time.
    """
    if not condition:
        return None
    node: Any = condition
    if "all" in node or "any" in node:
        key = "all" if "all" in node else "any"
        parts = [p for p in (compile_condition(c) for c in node[key]) if p is not None]
        if len(parts) == 1:
            return parts[0]
        if key == "all":
            return lambda a: all(p(a) for p in parts)
        return lambda a: any(p(a) for p in parts)
    qid: str = node["question"]
    row: str | None = node.get("row")

    def value_of(a: Answers) -> Any:
        v = a.get(qid)
        if row is not None:
            return v.get(row) if isinstance(v, dict) else None
        return v

    if "answered" in node:
        flag = bool(node["answered"])
        return lambda a: (value_of(a) not in (None, "", [], {})) == flag
    if "contains" in node:
        wanted = node["contains"]

        def contains(a: Answers) -> bool:
            v = value_of(a)
            return isinstance(v, list) and wanted in v

        return contains
    values = (node["equals"],) if "equals" in node else tuple(node["one_of"])

    def equals(a: Answers) -> bool:
        v = value_of(a)
        if v is None or v == "" or isinstance(v, list | dict):
            return False
        return v in values

    return equals
