"""A small, safe rule engine: conditions over typed facts, no ``eval``.

A condition is one of::

    {all: [cond, ...]}   {any: [cond, ...]}   {not: cond}
    {field: <name>, op: eq|ne|in|not_in|lt|lte|gt|gte, value: <literal>}

Field names and value types are checked against the fields of the rule's fact type (its
:class:`.facts.FactSource` in :data:`.facts.FACT_SOURCES`) by :func:`validate_rules` before
any rule runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from weerbaar.core.text import translate

from .facts import Fact, FieldType, fact_fields

OPS = {"eq", "ne", "in", "not_in", "lt", "lte", "gt", "gte"}


class RuleError(Exception):
    pass


def evaluate(condition: dict, values: dict[str, Any]) -> bool:
    """Whether ``condition`` holds for a fact's ``values``. Missing fields never match."""
    if "all" in condition:
        return all(evaluate(c, values) for c in condition["all"])
    if "any" in condition:
        return any(evaluate(c, values) for c in condition["any"])
    if "not" in condition:
        return not evaluate(condition["not"], values)
    name, op, expected = condition["field"], condition["op"], condition["value"]
    if name not in values or values[name] is None:
        return False
    actual = values[name]
    if op == "eq":
        return actual == expected
    if op == "ne":
        return actual != expected
    if op == "in":
        return actual in expected
    if op == "not_in":
        return actual not in expected
    try:
        if op == "lt":
            return actual < expected
        if op == "lte":
            return actual <= expected
        if op == "gt":
            return actual > expected
        if op == "gte":
            return actual >= expected
    except TypeError:
        return False
    raise RuleError(f"unknown operator {op!r}")


def fields_used(condition: dict) -> list[str]:
    """The fields a condition looks at, in order of appearance (for citations)."""
    out: list[str] = []
    for key in ("all", "any"):
        for c in condition.get(key, []):
            out += [f for f in fields_used(c) if f not in out]
    if "not" in condition:
        out += [f for f in fields_used(condition["not"]) if f not in out]
    if "field" in condition and condition["field"] not in out:
        out.append(condition["field"])
    return out


def _condition_errors(
    condition: Any, fact_type: str, types: dict[str, FieldType], where: str
) -> list[str]:
    if not isinstance(condition, dict):
        return [f"{where}: a condition must be a mapping"]
    keys = set(condition)
    if keys in ({"all"}, {"any"}):
        items = condition[next(iter(keys))]
        if not isinstance(items, list) or not items:
            return [f"{where}: {next(iter(keys))} needs a non-empty list"]
        errors = []
        for n, c in enumerate(items):
            errors += _condition_errors(c, fact_type, types, f"{where}.{next(iter(keys))}[{n}]")
        return errors
    if keys == {"not"}:
        return _condition_errors(condition["not"], fact_type, types, f"{where}.not")
    if keys != {"field", "op", "value"}:
        return [f"{where}: expected all/any/not or field/op/value, got {sorted(keys)}"]
    name, op, value = condition["field"], condition["op"], condition["value"]
    if name not in types:
        return [f"{where}: {fact_type} facts have no field {name!r}"]
    if op not in OPS:
        return [f"{where}: unknown operator {op!r}"]
    ftype = types[name]
    if op in {"in", "not_in"}:
        if not isinstance(value, list) or not value:
            return [f"{where}: {op} needs a non-empty list"]
        bad = [v for v in value if not ftype.accepts(v)]
        if bad:
            return [f"{where}: {bad!r} not valid for {name} ({ftype.kind})"]
        return []
    if op in {"lt", "lte", "gt", "gte"} and ftype.kind != "number":
        return [f"{where}: {op} needs a number field, {name} is {ftype.kind}"]
    if not ftype.accepts(value):
        return [f"{where}: {value!r} is not a valid {name} ({ftype.kind})"]
    return []


def validate_rules(document: dict, measure_index: dict | None = None) -> list[str]:
    """Semantic errors in a ``recommendation_rules`` document (schema errors aside)."""
    errors: list[str] = []
    seen: set[str] = set()
    for n, rule in enumerate(document.get("rules", [])):
        where = f"rules[{n}] ({rule.get('id', '?')})"
        if rule.get("id") in seen:
            errors.append(f"{where}: duplicate rule id")
        seen.add(rule.get("id"))
        fact_type = rule.get("fact")
        types = fact_fields(fact_type) if isinstance(fact_type, str) else None
        if types is None:
            errors.append(f"{where}: unknown fact type {fact_type!r}")
            continue
        errors += _condition_errors(rule.get("when"), fact_type, types, f"{where}.when")
        if measure_index is not None:
            propose = rule.get("propose", {})
            for m in propose.get("measures", []) + (
                [propose["compensating_for"]] if propose.get("compensating_for") else []
            ):
                if m not in measure_index:
                    errors.append(f"{where}: unknown measure {m!r}")
        for name in re.findall(r"\{([a-z_]+)\}", translate(rule.get("rationale"), "nl")):
            if name not in types and name not in {"label", "code"}:
                errors.append(f"{where}: rationale uses unknown placeholder {{{name}}}")
    return errors


def compensating_measures(measure_id: str, measures: Iterable[dict]) -> list[str]:
    """Catalogue measures that compensate for ``measure_id`` in small organisations."""
    return [
        m["id"]
        for m in measures
        if measure_id in (m.get("compensates_for") or []) and m.get("small_organisation")
    ]


def proposed_measures(rule: dict, framework) -> list[str]:
    propose = rule.get("propose", {})
    ids = list(propose.get("measures", []))
    if propose.get("compensating_for"):
        ids += [
            m
            for m in compensating_measures(propose["compensating_for"], framework.measures)
            if m not in ids
        ]
    return [m for m in ids if m in framework.measure_index]


def render(template: Any, fact: Fact, value_label=None, language: str | None = None) -> str:
    """Fill ``{label}``, ``{code}`` and ``{field}`` placeholders.

    No ``str.format``: placeholders are plain names, never attribute or index access.
    """
    text = translate(template, language)

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name == "label":
            return translate(fact.label, language)
        value = fact.values.get(name, match.group(0))
        return value_label(name, value, language) if value_label else str(value)

    return re.sub(r"\{([a-z_]+)\}", replace, text)


@dataclass
class Match:
    rule: dict
    fact: Fact
    measure_ids: list[str] = field(default_factory=list)


def matches(rules: list[dict], facts: list[Fact], framework) -> list[Match]:
    """Every (rule, fact) pair whose condition holds, with the measures it proposes."""
    out = []
    for rule in rules:
        subjects = set(rule.get("subject_ids") or [])
        measures = proposed_measures(rule, framework)
        if not measures:
            continue
        for fact in facts:
            if fact.type != rule["fact"]:
                continue
            if subjects and fact.library_id not in subjects:
                continue
            if evaluate(rule["when"], fact.values):
                out.append(Match(rule, fact, measures))
    return out
