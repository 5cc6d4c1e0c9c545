"""The tables of every number the results publish, with their suppression (pure).

For each question the routing table ("shown" out of all respondents) is decided once; each
reported unit then gets a table of its bases, answer totals, collapsed groups, the sum
behind a mean and the department cells, with the lines that hold between them
(:mod:`.suppression`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from weerbaar.surveys.questiontypes import question_type
from weerbaar.surveys.questiontypes.counting import QuestionCounts, Unit
from weerbaar.surveys.types import Question

from .groups import Group
from .suppression import COMPLEMENTARY, PRIMARY, Suppression, Table, suppress


@dataclass
class Scope:
    """What every table of one survey shares."""

    n_all: int
    k: int
    groups: list[Group]
    include_texts: bool = False
    published: dict[str, Suppression] = field(default_factory=dict)  # unit key -> outcome

    @property
    def group_keys(self) -> list[str]:
        return [g.key for g in self.groups]


@dataclass
class QuestionScope:
    """What the tables of one question's units share: counts and the routing decision."""

    counts: QuestionCounts
    shown: int
    routing: Suppression
    hidden_groups: set[str]
    shared: Suppression | None = None  # multiple choice: the "answered" decided once

    @property
    def withheld(self) -> bool:
        """The whole question is withheld (too few respondents, or routed on a hidden
        number): decided from what is published, so withholding tells nothing more."""
        return self.routing.everything

    def breakdown_groups(self, scope: Scope) -> list[Group]:
        """The department groups of this question's breakdowns: none if the number shown
        the question in some group depends on a hidden number."""
        return [] if self.hidden_groups else scope.groups


def condition_leaves(condition: Any) -> list[dict[str, Any]]:
    """Every single condition of a (nested) all/any group."""
    if not condition:
        return []
    if "all" in condition or "any" in condition:
        return [
            leaf
            for part in condition.get("all") or condition.get("any")
            for leaf in condition_leaves(part)
        ]
    return [condition]


def _leaf_keys(leaf: dict[str, Any]) -> tuple[str, list[str]]:
    """(unit key, entry keys with a ``{g}`` slot for the department) the leaf counts."""
    unit = leaf["question"] + (f".{leaf['row']}" if "row" in leaf else "")
    if "answered" in leaf:
        return unit, ["answered|A:{g}"]
    if "contains" in leaf:
        return f"{leaf['question']}.{leaf['contains']}", ["T:chosen|C:{g}:chosen"]
    raw = [leaf["equals"]] if "equals" in leaf else list(leaf["one_of"])
    values = [v if isinstance(v, str) else str(v) for v in raw]
    return unit, [f"T:{v}|C:{{g}}:{v}" for v in values]


def routing_dependency(
    question: Question, published: dict[str, Suppression], group_keys: list[str]
) -> tuple[bool, set[str]]:
    """Whether the number of respondents shown ``question`` depends on a number hidden
    elsewhere. Returns (overall hidden, groups hidden).

    A question shown on one condition (e.g. Q9 when Q8 = ja) is shown to exactly as many
    respondents as the routing answers' cells of the earlier question, overall and per
    department; with several conditions its base bounds those cells from above or below.
    Either way: if any such cell is hidden there, this question's numbers would tell about
    it, so the caller withholds the question (overall) or its breakdown (groups). The
    decision depends only on what is already published (which cells are hidden).
    """
    overall = False
    hidden_groups: set[str] = set()
    for leaf in condition_leaves(question.get("show_if")):
        unit, keys = _leaf_keys(leaf)
        sup = published.get(unit)
        if sup is None or sup.everything:
            return True, set(group_keys)
        for key in keys:
            total, cell = key.split("|")
            overall = overall or not sup.shown(total)
            hidden_groups |= {g for g in group_keys if not sup.shown(cell.format(g=g))}
    return overall, hidden_groups


def question_scope(question: Question, qc: QuestionCounts, scope: Scope) -> QuestionScope:
    """Decide the routing table of a question (shared by all its units)."""
    n_all, k = scope.n_all, scope.k
    shown = sum(qc.shown.values())
    hidden_shown, hidden_groups = routing_dependency(question, scope.published, scope.group_keys)
    routing = Table()
    routing.add("n_all", n_all, fixed=True)
    routing.add("shown", shown, upper=n_all)
    routing.add("not_shown", n_all - shown, is_count=False, upper=n_all)
    routing.add_line([("n_all", -1), ("shown", 1), ("not_shown", 1)])
    if n_all < k or hidden_shown:
        routing_sup = Suppression({}, everything=True)
    else:
        routing_sup = suppress(routing, k)
    return QuestionScope(qc, shown, routing_sup, hidden_groups)


def shared_answered(question: Question, qs: QuestionScope, scope: Scope) -> Suppression:
    """Multiple choice: the options share one "answered" count (overall and per
    department); decide once whether it is shown, so no option's table contradicts another."""
    n_all, k = scope.n_all, scope.k
    answered_by_group = qs.counts.answered.get(question["id"], Counter())
    answered = sum(answered_by_group.values())
    status = qs.routing.reason("shown")
    t = Table()
    t.add("n_all", n_all, fixed=True)
    t.add("shown", qs.shown, fixed=status is None, hidden=status is not None, upper=n_all)
    t.add("skipped", qs.shown - answered, is_count=False, fixed=True)
    t.add("answered", answered, upper=n_all)
    t.add_line([("shown", 1), ("skipped", -1), ("answered", -1)])
    groups = qs.breakdown_groups(scope)
    for grp in groups:
        a_g = answered_by_group.get(grp.key, 0)
        shown_g = qs.counts.shown.get(grp.key, 0)
        t.add(f"N:{grp.key}", shown_g, fixed=True, is_count=False)
        t.add(f"A:{grp.key}", a_g, upper=shown_g)
        t.add(f"M:{grp.key}", shown_g - a_g, is_count=False, upper=shown_g)
        t.add_line([(f"N:{grp.key}", -1), (f"A:{grp.key}", 1), (f"M:{grp.key}", 1)])
    if groups:
        t.add_line([("answered", -1)] + [(f"A:{grp.key}", 1) for grp in groups])
    if n_all < k or 0 < answered < k or status in (PRIMARY, "all"):
        return Suppression({}, everything=True)
    return suppress(t, k)


@dataclass
class UnitCounts:
    """The counts behind one unit's table."""

    unit: Unit
    answered_by_group: Counter[str]
    cells: Counter[Any]
    values: list[Any]
    nonsubst: set[Any]

    @property
    def answered(self) -> int:
        return sum(self.answered_by_group.values())


def unit_table(
    uc: UnitCounts,
    qs: QuestionScope,
    scope: Scope,
    gkeys: list[str],
    extra_hidden: frozenset[str] = frozenset(),
) -> tuple[Table, Suppression]:
    """The table of one unit (with the department cells of ``gkeys``) and its suppression;
    ``extra_hidden``: entries hidden to protect a number of another table."""
    unit, cells, values, nonsubst = uc.unit, uc.cells, uc.values, uc.nonsubst
    q = unit.question
    n_all, k, groups, shared = scope.n_all, scope.k, scope.groups, qs.shared
    answered_by_group, answered = uc.answered_by_group, uc.answered
    t = Table()
    t.add("n_all", n_all, fixed=True)
    routing_status = qs.routing.reason("shown")
    t.add(
        "shown",
        qs.shown,
        fixed=routing_status is None,
        hidden=routing_status is not None,
        lower=1 if routing_status == PRIMARY else 0,
        upper=k - 1 if routing_status == PRIMARY else n_all,
    )
    # Skipping is not sensitive, and for required questions known to be 0: always shown.
    t.add("skipped", qs.shown - answered, is_count=False, fixed=True)
    if shared is None:
        t.add("answered", answered, priority=3, upper=n_all)
    else:  # decided for all options of the question together
        t.add(
            "answered",
            answered,
            fixed=shared.shown("answered"),
            hidden=not shared.shown("answered"),
            upper=n_all,
        )
    t.add_line([("shown", 1), ("skipped", -1), ("answered", -1)])
    total = {v: sum(n for (g, vv), n in cells.items() if vv == v) for v in values}
    dept_sizes = {g.key: g.n for g in groups} if q.get("options_from") == "departments" else {}
    for v in values:
        # Department counts equal the group sizes shown everywhere: never hide them here.
        fixed = dept_sizes.get(v) == total[v] and total[v] >= k
        t.add(f"T:{v}", total[v], priority=1 if gkeys else 0, upper=n_all, fixed=fixed)
    if values:
        t.add_line([("answered", -1)] + [(f"T:{v}", 1) for v in values])
    if nonsubst and len(nonsubst) < len(values):
        t.add("substantive", answered - sum(total[v] for v in nonsubst), priority=2, upper=n_all)
        t.add_line([("substantive", -1)] + [(f"T:{v}", 1) for v in values if v not in nonsubst])
    for name, members in question_type(q).collapse(q, unit.categories):
        t.add(f"G:{name}", sum(total[v] for v in members), priority=2, upper=n_all)
        t.add_line([(f"G:{name}", -1)] + [(f"T:{v}", 1) for v in members])
    if unit.grades:
        t.add("sum", sum(v * total[v] for v in values), is_count=False, priority=4)
        t.add_line([("sum", -1)] + [(f"T:{v}", v) for v in values])
    for g in gkeys:
        grp = next(gr for gr in groups if gr.key == g)
        a_g = answered_by_group.get(g, 0)
        # Who was shown the question in this group: the group size, or (routed) the
        # routing answers' cells, which are published when there is a breakdown.
        shown_g = qs.counts.shown.get(g, 0) if q.get("show_if") else grp.n
        t.add(f"N:{g}", shown_g, fixed=True, is_count=False)
        if shared is None:
            t.add(f"A:{g}", a_g, priority=3, upper=shown_g)
        else:
            visible = shared.shown(f"A:{g}")
            t.add(f"A:{g}", a_g, fixed=visible, hidden=not visible, upper=shown_g)
        t.add(f"M:{g}", shown_g - a_g, is_count=False, priority=3, upper=shown_g)
        t.add_line([(f"N:{g}", -1), (f"A:{g}", 1), (f"M:{g}", 1)])
        if unit.grades:
            t.add(
                f"S:{g}",
                sum(v * cells.get((g, v), 0) for v in values),
                is_count=False,
                priority=4,
            )
            # The grade cells of a department are never shown, but its mean and n bound
            # them: they must not be provably small.
            for v in values:
                t.add(f"C:{g}:{v}", cells.get((g, v), 0), upper=shown_g, unpublished=True)
            t.add_line([(f"A:{g}", -1)] + [(f"C:{g}:{v}", 1) for v in values])
            t.add_line([(f"S:{g}", -1)] + [(f"C:{g}:{v}", v) for v in values])
        else:
            for v in values:
                t.add(f"C:{g}:{v}", cells.get((g, v), 0), upper=shown_g)
            t.add_line([(f"A:{g}", -1)] + [(f"C:{g}:{v}", 1) for v in values])
    if gkeys:
        t.add_line([("answered", -1)] + [(f"A:{g}", 1) for g in gkeys])
        if unit.grades:
            t.add_line([("sum", -1)] + [(f"S:{g}", 1) for g in gkeys])
        for v in values:
            t.add_line([(f"T:{v}", -1)] + [(f"C:{g}:{v}", 1) for g in gkeys])

    for key in extra_hidden:
        t.entries[t.index[key]].hidden = True
    if n_all < k or 0 < answered < k or routing_status in (PRIMARY, "all"):
        sup = Suppression({}, everything=True)  # too few answers: the item is withheld
    else:
        sup = suppress(t, k)
    return t, sup


def breakdown_costs_totals(t: Table, sup: Suppression, k: int) -> bool:
    """True if a total of at least k is suppressed only to protect the department cells."""
    if sup.everything:
        return False
    for key, i in t.index.items():
        entry = t.entries[i]
        is_total = key == "answered" or key.startswith("T:")
        if is_total and entry.value >= k and sup.reason(key) == COMPLEMENTARY:
            return True
    return False


def shown_totals(t: Table, sup: Suppression) -> int:
    return sum(
        1 for key in t.index if (key == "answered" or key.startswith("T:")) and sup.shown(key)
    )
