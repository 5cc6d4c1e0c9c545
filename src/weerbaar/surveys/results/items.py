"""Result items: the published numbers of one unit, read from its suppressed table (pure)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from weerbaar.surveys.i18n import bilingual
from weerbaar.surveys.questiontypes import question_type
from weerbaar.surveys.questiontypes.counting import Unit
from weerbaar.surveys.types import (
    BreakdownEntry,
    CategoryResult,
    CollapsedResult,
    ResultItem,
    ReverseResult,
    Text,
)

from .groups import Group
from .suppression import Suppression, Table
from .tables import QuestionScope, Scope, UnitCounts

COLLAPSE_LABELS = {
    "agree": gettext_noop("(zeer) mee eens"),
    "disagree": gettext_noop("(zeer) mee oneens"),
}


def collapse_label(name: str) -> Text:
    return bilingual(COLLAPSE_LABELS[name])


def pct(count: int | None, base: int | None) -> float | None:
    if count is None or not base:
        return None
    return round(100.0 * count / base, 1)


def diff(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a - b


def base_item(unit: Unit, n_all: int) -> ResultItem:
    q = unit.question
    item: ResultItem = {
        "id": unit.key,
        "question": q["id"],
        "number": q.get("number", ""),
        "type": q["type"],
        "text": q["text"],
        "maps_to": list(q.get("maps_to", [])),
        "bases": {"all": n_all},
    }
    if unit.row is not None:
        item["row"] = unit.row["id"]
        item["row_text"] = unit.row["text"]
        item["maps_to"] = list(unit.row.get("maps_to", item["maps_to"]))
    if unit.option is not None:
        item["option"] = unit.option["value"]
        item["option_label"] = unit.option["label"]
    return item


def open_item(
    item: ResultItem,
    uc: UnitCounts,
    qs: QuestionScope,
    scope: Scope,
    view_ucs: list[UnitCounts] | None = None,
) -> ResultItem:
    """Free text and numbers: only a count (and mean/median for numbers), at least k (also
    over the rows of every view: an importer must not be left with a few others' texts)."""
    others = [v.answered for v in view_ucs or []]
    enough = uc.answered >= scope.k and not scope.small(others) and not qs.withheld
    item["bases"]["shown"] = qs.shown if qs.routing.shown("shown") else None
    item["n"] = uc.answered if enough else None
    item["bases"]["answered"] = item["n"]
    item["suppressed"] = not enough
    question = uc.unit.question
    question_type(question).open_results(item, qs.counts, enough, scope.include_texts)
    return item


def categorical_item(
    item: ResultItem,
    uc: UnitCounts,
    t: Table,
    sup: Suppression,
    gkeys: list[str],
    groups: list[Group],
) -> ResultItem:
    """The published numbers of a unit with answer categories (None where suppressed)."""
    unit, nonsubst = uc.unit, uc.nonsubst

    def val(key: str) -> int | None:
        return t.entries[t.index[key]].value if sup.shown(key) else None

    bases = item["bases"]
    bases["shown"] = val("shown")
    bases["answered"] = val("answered")
    bases["substantive"] = val("substantive") if "substantive" in t.index else bases["answered"]
    item["n"] = bases["answered"]
    item["suppressed"] = sup.everything
    item["bases_status"] = {
        "shown": sup.marker("shown"),
        "answered": sup.marker("answered"),
        "substantive": sup.marker("substantive") if "substantive" in t.index else None,
    }
    item["missing"] = {"skipped": val("skipped"), "not_shown": diff(bases["all"], bases["shown"])}
    cats: list[CategoryResult] = []
    for c in unit.categories:
        v = c["value"]
        count = val(f"T:{v}")
        substantive = v not in nonsubst
        cats.append(
            {
                "value": v,
                "label": c["label"],
                "substantive": substantive,
                "count": count,
                "suppressed": sup.marker(f"T:{v}"),
                "pct": {
                    "all": pct(count, bases["all"]),
                    "shown": pct(count, bases["shown"]),
                    "answered": pct(count, bases["answered"]),
                    "substantive": pct(count, bases["substantive"]) if substantive else None,
                },
            }
        )
    item["categories"] = cats
    collapsed = question_type(unit.question).collapse(unit.question, unit.categories)
    if collapsed:
        item["collapsed"] = []
        for name, members in collapsed:
            key = f"G:{name}"
            if key in t.index:
                count = val(key)
                entry: CollapsedResult = {
                    "group": name,
                    "values": members,
                    "label": collapse_label(name),
                    "count": count,
                    "suppressed": sup.marker(key),
                    "pct": {
                        "all": pct(count, bases["all"]),
                        "shown": pct(count, bases["shown"]),
                        "substantive": pct(count, bases["substantive"]),
                    },
                }
                item["collapsed"].append(entry)
    if unit.grades:
        total = val("sum")
        answered = bases["answered"]
        mean = total / answered if total is not None and answered else None
        item["mean"] = round(mean, 2) if mean is not None else None
        item["mean_unrounded"] = mean  # for display: rounded once, where it is formatted
        item["distribution"] = {str(c["value"]): c["count"] for c in cats}
    if unit.row is not None and unit.row.get("reverse"):
        item["reverse"] = reverse(unit, cats)
    elif unit.row is not None and unit.row.get("presentation_label"):
        item["presentation_label"] = unit.row["presentation_label"]
    if gkeys and not sup.everything:
        # An item withheld as a whole has no breakdown: a department row of withheld cells
        # would stand for cells that are known anyway (a group nobody in it was shown the
        # question has only zeros), and a withheld cell must never be a known number.
        item["breakdown"] = [breakdown_entry(g, groups, uc, sup, val) for g in gkeys]
    return item


def breakdown_entry(
    g: str, groups: list[Group], uc: UnitCounts, sup: Suppression, val: Any
) -> BreakdownEntry:
    grp = next(gr for gr in groups if gr.key == g)
    a_g = val(f"A:{g}")
    entry: BreakdownEntry = {"group": g, "label": grp.label, "n": grp.n, "answered": a_g}
    if uc.unit.grades:
        s = val(f"S:{g}")
        mean = s / a_g if s is not None and a_g else None
        entry["mean"] = round(mean, 2) if mean is not None else None
        entry["suppressed"] = sup.marker(f"S:{g}")
        entry["mean_unrounded"] = mean
    else:
        counts = {v: val(f"C:{g}:{v}") for v in uc.values}
        entry["counts"] = counts
        entry["status"] = {v: sup.marker(f"C:{g}:{v}") for v in uc.values}
        entry["pct"] = {v: pct(counts[v], a_g) for v in uc.values}
    return entry


def reverse(unit: Unit, cats: list[CategoryResult]) -> ReverseResult:
    """The reverse-coded presentation: the negated statement with mirrored answers."""
    assert unit.row is not None
    subst = [c for c in cats if c["substantive"]]
    mirror = {c["value"]: subst[len(subst) - 1 - i] for i, c in enumerate(subst)}
    categories: list[CategoryResult] = []
    for c in cats:
        source = mirror.get(c["value"], c)
        categories.append(
            {
                **c,
                "count": source["count"],
                "suppressed": source["suppressed"],
                "pct": source["pct"],
                "reversed_from": source["value"],
            }
        )
    return {"label": unit.row["presentation_label"], "categories": categories}
