"""How an incident figure reads in a page, report or progress report.

Figures come from :func:`weerbaar.incidents.selectors.statistics`, already suppressed below
k: a withheld figure is ``None`` and reads "onderdrukt", never a number.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from weerbaar.core.formatting import number, percentage


def count_text(value: int | None) -> str:
    """A count with thousands separators ("1.204"), or "onderdrukt"."""
    return _("onderdrukt") if value is None else number(value, 0, grouping=True)


def share_text(value: float | None) -> str:
    """A share 0..1 as a percentage ("45%"), or "onderdrukt"."""
    return _("onderdrukt") if value is None else percentage(value)


def hours_text(value: float | None) -> str:
    """A duration in hours with one decimal ("12,5 uur"), or "onderdrukt"."""
    if value is None:
        return _("onderdrukt")
    return _("%(hours)s uur") % {"hours": number(value, 1)}
