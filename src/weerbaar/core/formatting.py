"""Locale-aware formatting of numbers and percentages (through Django's formatting).

``number(4.53, 1)`` gives ``"4,5"`` in Dutch and ``"4.5"`` in English; ``percentage(0.0453)``
gives ``"5%"``. Values are rounded once, here: callers pass the unrounded value.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats

MISSING = "–"


def _rounded(value: float | int | Decimal, digits: int) -> Decimal:
    quantum = Decimal(1).scaleb(-digits)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def number(value: float | int | Decimal | None, digits: int = 0, grouping: bool = False) -> str:
    """``value`` with ``digits`` decimals in the active language; "–" when missing."""
    if value is None or value == "":
        return MISSING
    return formats.number_format(
        _rounded(value, digits), decimal_pos=digits, use_l10n=True, force_grouping=grouping
    )


def percentage(fraction: float | int | Decimal | None, digits: int = 0) -> str:
    """A fraction 0..1 as a percentage in the active language ("4,5%"); "–" when missing."""
    if fraction is None or fraction == "":
        return MISSING
    return f"{number(Decimal(str(fraction)) * 100, digits)}%"
