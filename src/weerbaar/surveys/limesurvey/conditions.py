"""LimeSurvey conditions as Weerbaar routing (``show_if``).

Two sources: the relevance equation of LimeSurvey 3.x and later (``Q1.NAOK == "A1"``,
``!is_empty(Q2)``, ``and``/``or``, parentheses), and the ``<conditions>`` table of 2.x
(conditions on one field are ORed, fields within a scenario ANDed, scenarios ORed). What
Weerbaar cannot express raises :class:`Unsupported` with the reason, so that the caller
lists it instead of guessing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from weerbaar.surveys.types import Condition, ConditionGroup, ConditionItem

from .context import Context, Target
from .reader import LssCondition


class Unsupported(ValueError):
    """A condition Weerbaar cannot express; the message says why (Dutch)."""


# ----------------------------------------------------------------------------- parsing

TOKEN = re.compile(
    r"""\s*(?:
        (?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
      | (?P<num>-?\d+(?:\.\d+)?)
      | (?P<op>==|!=|<=|>=|&&|\|\||[<>!(),])
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z]+)?)
    )""",
    re.VERBOSE,
)
WORDS = {"and": "&&", "or": "||", "not": "!", "eq": "==", "ne": "!=", "lt": "<", "gt": ">"}
WORDS |= {"le": "<=", "ge": ">="}
COMPARISONS = ("==", "!=", "<", ">", "<=", ">=")
SUFFIXES = (".NAOK", ".code", ".value")


@dataclass
class Tok:
    kind: str  # str | num | op | name
    value: str


def tokens(expression: str) -> list[Tok]:
    out: list[Tok] = []
    pos = 0
    text = expression.strip()
    while pos < len(text):
        match = TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise Unsupported(_("De expressie bevat tekens die niet worden herkend."))
        pos = match.end()
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "name" and value.lower() in WORDS:
            kind, value = "op", WORDS[value.lower()]
        elif kind == "str":
            value = value[1:-1]
        out.append(Tok(kind, value))
    return out


class Parser:
    """Recursive descent over or / and / not / comparison / is_empty(...)."""

    def __init__(self, toks: list[Tok]) -> None:
        self.toks = toks
        self.i = 0

    def peek(self) -> Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, value: str | None = None) -> Tok:
        tok = self.peek()
        if tok is None or (value is not None and tok.value != value):
            raise Unsupported(_("De expressie is onvolledig of heeft een onbekende vorm."))
        self.i += 1
        return tok

    def parse(self) -> Any:
        node = self.disjunction()
        if self.peek() is not None:
            raise Unsupported(_("De expressie is onvolledig of heeft een onbekende vorm."))
        return node

    def disjunction(self) -> Any:
        items = [self.conjunction()]
        while (tok := self.peek()) and tok.kind == "op" and tok.value == "||":
            self.take()
            items.append(self.conjunction())
        return items[0] if len(items) == 1 else ("or", items)

    def conjunction(self) -> Any:
        items = [self.unary()]
        while (tok := self.peek()) and tok.kind == "op" and tok.value == "&&":
            self.take()
            items.append(self.unary())
        return items[0] if len(items) == 1 else ("and", items)

    def unary(self) -> Any:
        tok = self.peek()
        if tok and tok.kind == "op" and tok.value == "!":
            self.take()
            return ("not", self.unary())
        if tok and tok.kind == "op" and tok.value == "(":
            self.take()
            node = self.disjunction()
            self.take(")")
            return node
        return self.comparison()

    def operand(self) -> Tok:
        tok = self.take()
        if tok.kind not in ("str", "num", "name"):
            raise Unsupported(_("De expressie is onvolledig of heeft een onbekende vorm."))
        return tok

    def comparison(self) -> Any:
        left = self.operand()
        nxt = self.peek()
        if left.kind == "name" and nxt and nxt.value == "(":
            if left.value.lower() != "is_empty":
                raise Unsupported(
                    _("De functie %(name)s() kan Weerbaar niet in routering gebruiken.")
                    % {"name": left.value}
                )
            self.take("(")
            name = self.operand()
            self.take(")")
            if name.kind != "name":
                raise Unsupported(_("is_empty() hoort een vraagcode te krijgen."))
            return ("empty", name.value)
        if nxt and nxt.kind == "op" and nxt.value in COMPARISONS:
            op = self.take().value
            right = self.operand()
            if left.kind != "name" and right.kind == "name":
                flipped = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(op, op)
                left, right, op = right, left, flipped
            if left.kind != "name" or right.kind == "name":
                raise Unsupported(
                    _("Een vergelijking tussen twee vragen kan Weerbaar niet uitdrukken.")
                )
            return ("cmp", left.value, op, right.value)
        if left.kind != "name" and left.value in ("1", "true"):
            return ("true",)
        if left.kind == "name" and left.value.lower() == "true":
            return ("true",)
        raise Unsupported(_("De expressie is onvolledig of heeft een onbekende vorm."))


def parse_relevance(expression: str) -> Any:
    text = expression.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    try:
        return Parser(tokens(text)).parse()
    except RecursionError:
        raise Unsupported(_("Deze voorwaarde is te diep genest.")) from None


# ----------------------------------------------------------------------------- meaning


def _target(ctx: Context, name: str) -> Target:
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    if name.startswith("self") or name.startswith("that"):
        raise Unsupported(_("self/that-verwijzingen kan Weerbaar niet uitdrukken."))
    target = ctx.by_name.get(name)
    if target is None:
        raise Unsupported(
            _("De voorwaarde verwijst naar “%(name)s”, dat niet als vraag is overgenomen.")
            % {"name": name}
        )
    return target


def _leaf(target: Target) -> Condition:
    cond: Condition = {"question": target.question}
    if target.row:
        cond["row"] = target.row
    return cond


def compare(target: Target, op: str, value: str, notes: list[str]) -> ConditionItem:
    """One comparison of a variable with a constant, as a Weerbaar condition.

    ``notes`` receives what the Weerbaar condition does differently."""
    if value == "":
        if op in ("==", "!="):
            return answered(target, op == "!=")
        raise Unsupported(_("Een vergelijking met een leeg antwoord wordt niet herkend."))
    if target.kind == "contains":
        if op == "==" and value == "Y":
            return {"question": target.question, "contains": target.option or ""}
        raise Unsupported(_("Alleen “gekozen” (Y) kan bij een meerkeuzeoptie worden getoetst."))
    if target.kind == "text":
        raise Unsupported(_("Routering op de inhoud van een open antwoord kan niet."))
    cond = _leaf(target)
    if target.kind == "numeric":
        try:
            number = float(value)
        except ValueError:
            raise Unsupported(_("Een getalvraag wordt vergeleken met tekst.")) from None
        wanted = int(number) if number.is_integer() else number
        if op == "==":
            cond["equals"] = wanted
            return cond
        if not target.scale:
            raise Unsupported(
                _("Groter of kleiner dan kan Weerbaar alleen op een vaste schaal uitdrukken.")
            )
        tests = {
            "!=": lambda v: v != number,
            "<": lambda v: v < number,
            ">": lambda v: v > number,
            "<=": lambda v: v <= number,
            ">=": lambda v: v >= number,
        }
        chosen: list[str | int | float] = [v for v in target.scale if tests[op](v)]
        if not chosen:
            raise Unsupported(_("Aan de voorwaarde kan geen antwoord voldoen."))
        cond["one_of"] = chosen
        return cond
    mapped = target.values.get(value)
    if mapped is None:
        raise Unsupported(
            _("De voorwaarde noemt antwoord “%(value)s”, dat de vraag niet heeft.")
            % {"value": value[:40]}
        )
    if op == "==":
        cond["equals"] = mapped
        return cond
    if op == "!=":
        others: list[str | int | float] = [v for v in target.values.values() if v != mapped]
        if not others:
            raise Unsupported(_("Aan de voorwaarde kan geen antwoord voldoen."))
        cond["one_of"] = sorted(set(others), key=others.index)
        notes.append(
            _(
                "“Niet gelijk aan” wordt “een van de andere antwoorden”: zonder antwoord op "
                "%(question)s wordt de vraag niet getoond."
            )
            % {"question": target.question}
        )
        return cond
    raise Unsupported(_("Groter of kleiner dan kan niet bij een keuzevraag."))


def answered(target: Target, value: bool) -> ConditionItem:
    if target.kind == "contains":
        if not value:
            raise Unsupported(_("“Niet gekozen” kan Weerbaar niet als voorwaarde gebruiken."))
        return {"question": target.question, "contains": target.option or ""}
    if target.row and target.kind == "text":
        raise Unsupported(_("De voorwaarde gaat over een deel van een vraag."))
    cond = _leaf(target)
    cond["answered"] = value
    return cond


def _meaning(node: Any, ctx: Context) -> ConditionItem | None:
    """A parsed relevance node as a condition item (None: always true)."""
    kind = node[0]
    if kind == "true":
        return None
    if kind in ("and", "or"):
        items = [item for n in node[1] if (item := _meaning(n, ctx)) is not None]
        if kind == "or" and len(items) < len(node[1]):
            return None  # one branch is always true
        if not items:
            return None
        if len(items) == 1:
            return items[0]
        return {"all": items} if kind == "and" else {"any": items}
    if kind == "empty":
        return answered(_target(ctx, node[1]), False)
    if kind == "not":
        inner = node[1]
        if inner[0] == "empty":
            return answered(_target(ctx, inner[1]), True)
        if inner[0] == "cmp" and inner[2] in ("==", "!="):
            flipped = "!=" if inner[2] == "==" else "=="
            return compare(_target(ctx, inner[1]), flipped, inner[3], ctx.notes)
        raise Unsupported(_("Een ontkenning van een samengestelde voorwaarde kan niet."))
    _cmp, name, op, value = node
    return compare(_target(ctx, name), op, value, ctx.notes)


def as_group(item: ConditionItem | None) -> ConditionGroup | None:
    if item is None:
        return None
    if "all" in item or "any" in item:
        return item  # type: ignore[return-value]
    return {"all": [item]}


def from_relevance(expression: str, ctx: Context) -> ConditionGroup | None:
    """Routing for a relevance equation (None: always shown); :class:`Unsupported`."""
    text = expression.strip()
    if text in ("", "1", "true", "{1}"):
        return None
    return as_group(_meaning(parse_relevance(text), ctx))


def from_conditions(rows: list[LssCondition], ctx: Context, sid: str) -> ConditionGroup | None:
    """Routing for the 2.x conditions of one question; :class:`Unsupported`."""
    scenarios: dict[str, dict[str, list[ConditionItem]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        scenarios[row.scenario][row.cfieldname].append(_condition_row(row, ctx, sid))
    alternatives: list[ConditionItem] = []
    for fields in scenarios.values():
        parts: list[ConditionItem] = [
            items[0] if len(items) == 1 else {"any": items} for items in fields.values()
        ]
        alternatives.append(parts[0] if len(parts) == 1 else {"all": parts})
    if not alternatives:
        return None
    if len(alternatives) == 1:
        return as_group(alternatives[0])
    return {"any": alternatives}


def _condition_row(row: LssCondition, ctx: Context, sid: str) -> ConditionItem:
    if row.cfieldname.startswith("@") or row.value.startswith("@") or row.cqid in ("", "0"):
        raise Unsupported(
            _("Voorwaarden op deelnemerskenmerken of op andere antwoorden kan Weerbaar niet.")
        )
    code = ctx.by_qid.get(row.cqid, row.cqid)
    fieldname = row.cfieldname.lstrip("+")
    match = re.match(rf"^\d+X\d+X{re.escape(row.cqid)}(.*)$", fieldname)
    if match is None:
        raise Unsupported(_("Het veld van de voorwaarde wordt niet herkend."))
    suffix = match.group(1)
    if row.cfieldname.startswith("+"):  # multiple choice: the value names the option
        suffix, value = suffix + row.value, "Y"
    else:
        value = row.value
    target = ctx.by_field.get((row.cqid, suffix))
    if target is None:
        raise Unsupported(
            _("De voorwaarde verwijst naar “%(name)s”, dat niet als vraag is overgenomen.")
            % {"name": code + (f"[{suffix}]" if suffix else "")}
        )
    method = row.method.strip()
    if method in ("RX", "regex"):
        raise Unsupported(_("Een reguliere expressie kan Weerbaar niet als voorwaarde."))
    method = {"eq": "==", "ne": "!=", "lt": "<", "gt": ">", "le": "<=", "ge": ">="}.get(
        method, method
    )
    if method not in COMPARISONS:
        raise Unsupported(_("De vergelijking “%(op)s” wordt niet herkend.") % {"op": method[:10]})
    return compare(target, method, value, ctx.notes)
