"""Display helpers for the registers (``{% load registers %}``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext

from weerbaar.core.formatting import MISSING, number, percentage

from ..models import ControlState, DecisionAuthority, InformationAccess, ScreeningLevel

register = template.Library()

_STATE_LABELS = dict(ControlState.choices)
_VALUE_LABELS = {
    **dict(InformationAccess.choices),
    **dict(DecisionAuthority.choices),
    **dict(ScreeningLevel.choices),
}


@register.filter
def points(value: Any) -> str:
    """A score or contribution with one decimal in the active locale (``-0`` shows as 0)."""
    if value is None or value == "":
        return MISSING
    rounded = round(float(value), 1)
    return number(0.0 if rounded == 0 else rounded, 1)


@register.filter
def state_label(value: Any) -> str:
    """The label of a control state key."""
    return str(_STATE_LABELS.get(value, value or ""))


@register.filter
def heat_class(score: Any) -> str:
    """CSS class of a heat-map cell for a criterion score 0-3 (or not scored)."""
    if score is None or score == "":
        return "heat heat-none"
    return f"heat heat-{int(score)}"


@register.filter
def percent_of(value: Any) -> str:
    """A fraction 0..1 as a percentage: whole where it is whole, else with one decimal."""
    if value is None:
        return MISSING
    pct = round(float(value) * 100, 1)
    return percentage(value, 0 if pct == int(pct) else 1)


@register.filter
def minus(value: Any, other: Any) -> float:
    return float(value or 0) - float(other or 0)


@register.filter
def yesno_or_value(value: Any) -> str:
    """Booleans as Ja/Nee, other values as they are."""
    if value is True:
        return gettext("Ja")
    if value is False:
        return gettext("Nee")
    if isinstance(value, str) and value in _VALUE_LABELS:
        return str(_VALUE_LABELS[value])
    return str(value)
