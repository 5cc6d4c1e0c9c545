"""How the pages and the commands word the figures (labels via gettext, Dutch source)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from weerbaar.core.formatting import number, percentage
from weerbaar.core.text import translate

from .benchmark import ComparisonRow, ScopeFigure
from .figures import ALL, DONE, OVERDUE
from .stats import DIFFERENCE, FEW, MIN_MUNICIPALITIES
from .summaries import GRADE10, PHASE, VERDICT


def size_class_label(key: str | None) -> str:
    labels = {
        "tot-20k": _("tot 20.000 inwoners"),
        "20k-50k": _("20.000 tot 50.000 inwoners"),
        "50k-100k": _("50.000 tot 100.000 inwoners"),
        "100k-plus": _("100.000 inwoners of meer"),
    }
    return labels.get(key or "", _("onbekend aantal inwoners"))


def scope_label(scope: str) -> str:
    kind, _sep, rest = scope.partition(":")
    if scope == ALL:
        return _("Alle deelnemende gemeenten")
    if kind == "size":
        return _("Gemeenten van %(size)s") % {"size": size_class_label(rest)}
    if kind == "region":
        return _("Deelnemende gemeenten in de regio")
    return _("Gemeenten in de regio")


def item_label(item: str, label: Any) -> str:
    if item == OVERDUE:
        return _("Open acties over de streefdatum")
    if item == DONE:
        return _("Acties gereed")
    return translate(label) or item


def value_text(unit: str, value: int | None) -> str:
    """An integer of a figure in words (``–`` when there is none)."""
    if value is None:
        return "–"
    if unit == GRADE10:
        return number(value / 10, 1)
    if unit == PHASE:
        return _("fase %(n)s") % {"n": value}
    if unit == VERDICT:
        return {
            2: _("voldoet"),
            1: _("voldoet deels"),
            0: _("voldoet niet"),
        }.get(value, str(value))
    return percentage(value / 100)


def withheld_text(reason: str) -> str:
    if reason == FEW:
        return _("niet getoond: minder dan %(k)s gemeenten") % {"k": MIN_MUNICIPALITIES}
    if reason == DIFFERENCE:
        return _("niet getoond: zou met een eerder getoond cijfer herleidbaar zijn")
    return ""


def figure_display(unit: str, figure: ScopeFigure) -> dict[str, Any]:
    """A figure as the pages show it and the commands print it."""
    shown = not figure["withheld"]
    return {
        "scope": figure["scope"],
        "scope_label": scope_label(figure["scope"]),
        "n": figure["n"],
        "suppressed": not shown,
        "reason": withheld_text(figure["withheld"]),
        "q1": value_text(unit, figure["q1"]) if shown else None,
        "median": value_text(unit, figure["median"]) if shown else None,
        "q3": value_text(unit, figure["q3"]) if shown else None,
        "values": (
            {"q1": figure["q1"], "median": figure["median"], "q3": figure["q3"]} if shown else None
        ),
    }


def row_display(row: ComparisonRow) -> dict[str, Any]:
    return {
        "item": row["item"],
        "label": item_label(row["item"], row["label"]),
        "unit": row["unit"],
        "own": value_text(row["unit"], row["own"]),
        "own_value": row["own"],
        "figures": [figure_display(row["unit"], f) for f in row["figures"]],
    }


def group_label(item: str) -> str:
    kind = item.split(":")[0]
    if kind == "pillar":
        return _("Fase per RIEC-pijler")
    if kind == "norm":
        return _("Oordelen op de normen (zelfevaluatie)")
    return _("Enquête-items (aandeel eens, of gemiddeld cijfer)")
