"""Dated items of other capabilities on the overview of the action plan.

Apps of a higher layer (e.g. the awareness planner) show their due and overdue work next to
the actions by registering a source in their ``overview_items`` module::

    register_overview_source("awareness", due_sessions)

A source is called with the organisation and today's date and returns :class:`OverviewItem`
entries; the overview lists them by date.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from weerbaar.core.registry import Registry


@dataclass(frozen=True)
class OverviewItem:
    """One dated piece of work outside the action plan (shown on the overview)."""

    kind: Any  # a short label, e.g. "Bewustwordingssessie"
    title: str
    due_date: datetime.date
    url: str
    overdue: bool


OverviewSource = Callable[[Any, datetime.date], list[OverviewItem]]

OVERVIEW_ITEMS: Registry[OverviewSource] = Registry(
    "action overview items", discover="overview_items"
)


def register_overview_source(key: str, source: OverviewSource) -> None:
    """Show the items ``source(organisation, today)`` returns on the action overview."""
    OVERVIEW_ITEMS.register(key, source)


def overview_items(organisation: Any, today: datetime.date) -> list[OverviewItem]:
    """Every registered item for ``organisation``, earliest date first."""
    items: list[OverviewItem] = []
    for _key, source in sorted(OVERVIEW_ITEMS.items()):
        items.extend(source(organisation, today))
    return sorted(items, key=lambda item: (item.due_date, str(item.title)))
