"""Queries on incidents and signals: the 48-hour clock and the statistics.

:func:`statistics` is the one entry point for the figures that the dashboard, the command
``weerbaar incidents stats`` and (later) the scan report and the self-assessment show. Every
count goes through :mod:`weerbaar.incidents.suppression` with the organisation's k (the
survey setting ``Organisation.min_cell_size``, never below the platform floor).
"""

from __future__ import annotations

import calendar
import datetime
import statistics as pystats
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from weerbaar.library.types import Text
from weerbaar.organisations.models import Organisation

from .models import (
    CLOCK_HOURS,
    Category,
    Incident,
    IncidentStep,
    Signal,
    StepKind,
)
from .processes import OTHER, label_of, process_names
from .suppression import Count, suppress

# ----------------------------------------------------------------------------- the clock


@dataclass
class ClockState:
    """Where an incident stands on its 48-hour clock at ``now``."""

    state: str  # "contacted_in_time" | "contacted_late" | "running" | "overdue"
    deadline: datetime.datetime
    hours_left: int  # whole hours left (0 when overdue or contacted)
    minutes_left: int  # and minutes
    hours_to_contact: float | None


def clock(incident: Incident, now: datetime.datetime | None = None) -> ClockState:
    now = now or timezone.now()
    deadline = incident.deadline
    if incident.contact_at is not None:
        hours = (incident.contact_at - incident.registered_at).total_seconds() / 3600
        state = "contacted_in_time" if incident.contact_at <= deadline else "contacted_late"
        return ClockState(state, deadline, 0, 0, hours)
    left = deadline - now
    if left.total_seconds() <= 0:
        return ClockState("overdue", deadline, 0, 0, None)
    minutes = int(left.total_seconds() // 60)
    return ClockState("running", deadline, minutes // 60, minutes % 60, None)


def steps_by_kind(incident: Incident) -> list[tuple[str, str, IncidentStep | None]]:
    """The VPT checklist: (kind, label, recorded step or None), in the order of the steps."""
    recorded = {s.kind: s for s in incident.steps.all()}
    return [(kind.value, str(kind.label), recorded.get(kind.value)) for kind in StepKind]


# ----------------------------------------------------------------------------- statistics


def quarter_of(day: datetime.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_start(day: datetime.date) -> datetime.date:
    """The first day of the quarter ``day`` falls in."""
    return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def quarter_end(day: datetime.date) -> datetime.date:
    """The last day of the quarter ``day`` falls in (also in the year 9999)."""
    last_month = quarter_start(day).month + 2
    return datetime.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])


def quarters_between(start: datetime.date, end: datetime.date) -> list[str]:
    found: list[str] = []
    year, q = start.year, (start.month - 1) // 3
    while (year, q) <= (end.year, (end.month - 1) // 3):
        found.append(f"{year}-Q{q + 1}")
        year, q = (year + 1, 0) if q == 3 else (year, q + 1)
    return found


@dataclass
class CategoryRow:
    category: str
    label: str
    per_quarter: list[Count]


@dataclass
class Figure:
    """A share or a duration over ``base`` incidents; ``value`` is None when suppressed."""

    value: float | None
    base: Count
    suppressed: bool

    def as_json(self) -> dict[str, object]:
        return {"value": self.value, "base": self.base.as_json(), "suppressed": self.suppressed}


@dataclass
class ProcessRow:
    process: str
    label: str
    count: Count


@dataclass
class IncidentStatistics:
    """The suppressed figures of incidents and signals of one organisation over a period.

    Suppressed cells have ``suppressed=True`` and ``value=None``: the number is never there.
    """

    organisation: str
    start: datetime.date
    end: datetime.date
    k: int
    quarters: list[str]
    per_category: list[CategoryRow]
    incidents_total: Count
    contact_within_48h: Figure  # share 0..1 of incidents with contact within 48 hours
    median_hours_to_contact: Figure
    aangifte_rate: Figure  # share 0..1 of incidents with an aangifte
    signals_per_process: list[ProcessRow] = field(default_factory=list)
    signals_total: Count = field(default_factory=lambda: Count(0, False))

    def as_json(self) -> dict[str, object]:
        return {
            "organisation": self.organisation,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "k": self.k,
            "quarters": self.quarters,
            "incidents_per_category": [
                {
                    "category": row.category,
                    "per_quarter": {
                        q: c.as_json() for q, c in zip(self.quarters, row.per_quarter, strict=True)
                    },
                }
                for row in self.per_category
            ],
            "incidents_total": self.incidents_total.as_json(),
            "contact_within_48h_share": self.contact_within_48h.as_json(),
            "median_hours_to_contact": self.median_hours_to_contact.as_json(),
            "aangifte_rate": self.aangifte_rate.as_json(),
            "signals_per_process": {
                row.process: {**row.count.as_json(), "label": row.label}
                for row in self.signals_per_process
            },
            "signals_total": self.signals_total.as_json(),
        }


def _figure(value: float | None, base: int, k: int, *, withheld: bool = False) -> Figure:
    hidden = withheld or base < k
    return Figure(
        None if hidden or value is None else round(value, 3),
        Count(None if withheld or 0 < base < k else base, withheld or 0 < base < k),
        hidden,
    )


def _sum_if_all_shown(parts: list[Count]) -> Count:
    """A total over quarters: shown only when every quarter's own figure is shown."""
    if any(part.suppressed for part in parts):
        return Count(None, True)
    return Count(sum(part.value or 0 for part in parts), False)


def statistics(
    organisation: Organisation, start: datetime.date, end: datetime.date
) -> IncidentStatistics:
    """Counts per category and quarter, the share with contact within 48 hours, the median
    time to contact, the aangifte rate and signals per process, over the whole quarters from
    the one holding ``start`` to the one holding ``end`` (incident date and signal date).

    Every figure is built from quarters, each suppressed on its own below k as if it were
    asked for alone; a figure over several quarters is shown only when it is shown in every
    quarter it covers. So two sets of statistics over different periods never differ by
    less than a whole quarter, and subtracting one from the other yields only figures the
    single quarters show themselves.
    """
    k = organisation.k
    start, end = quarter_start(start), quarter_end(max(start, end))
    quarters = quarters_between(start, end)
    incidents = list(
        Incident.objects.filter(
            organisation=organisation, occurred_on__gte=start, occurred_on__lte=end
        ).values("pk", "category", "occurred_on", "registered_at", "contact_at")
    )
    grid: dict[tuple[str, str], int] = {}
    per_quarter_n: dict[str, int] = {}
    for row in incidents:
        quarter = quarter_of(row["occurred_on"])
        grid[(row["category"], quarter)] = grid.get((row["category"], quarter), 0) + 1
        per_quarter_n[quarter] = per_quarter_n.get(quarter, 0) + 1
    columns = [suppress([grid.get((c.value, q), 0) for c in Category], k) for q in quarters]
    per_category = [
        CategoryRow(c.value, str(c.label), [cells[i] for cells, _total in columns])
        for i, c in enumerate(Category)
    ]
    incidents_total = _sum_if_all_shown([total for _cells, total in columns])
    # A share or median over the period is shown only where each quarter's would be.
    small_quarter = any(0 < n < k for n in per_quarter_n.values())
    n = len(incidents)
    hours = [
        (r["contact_at"] - r["registered_at"]).total_seconds() / 3600
        for r in incidents
        if r["contact_at"] is not None
    ]
    in_time = sum(1 for h in hours if h <= CLOCK_HOURS)
    aangifte = IncidentStep.objects.filter(
        incident_id__in=[r["pk"] for r in incidents],
        kind=StepKind.AANGIFTE,
        done_on__isnull=False,
    ).count()
    signal_grid: dict[tuple[str, str], int] = {}
    for process, received_on in Signal.objects.filter(
        organisation=organisation, received_on__gte=start, received_on__lte=end
    ).values_list("process", "received_on"):
        key = (process, quarter_of(received_on))
        signal_grid[key] = signal_grid.get(key, 0) + 1
    names = process_names(organisation)
    process_ids = _signal_process_ids(names, signal_grid)
    signal_columns = [
        suppress([signal_grid.get((p, q), 0) for p in process_ids], k) for q in quarters
    ]
    process_rows = [
        ProcessRow(
            p, label_of(names, p), _sum_if_all_shown([cells[i] for cells, _t in signal_columns])
        )
        for i, p in enumerate(process_ids)
    ]
    return IncidentStatistics(
        organisation=organisation.slug,
        start=start,
        end=end,
        k=k,
        quarters=quarters,
        per_category=per_category,
        incidents_total=incidents_total,
        contact_within_48h=_figure(in_time / n if n else None, n, k, withheld=small_quarter),
        median_hours_to_contact=_figure(
            pystats.median(hours) if hours else None,
            len(hours),
            k,
            withheld=small_quarter or any(0 < c < k for c in _contacted_per_quarter(incidents)),
        ),
        aangifte_rate=_figure(aangifte / n if n else None, n, k, withheld=small_quarter),
        signals_per_process=process_rows,
        signals_total=_sum_if_all_shown([total for _cells, total in signal_columns]),
    )


def _signal_process_ids(
    names: dict[str, Text], signal_grid: dict[tuple[str, str], int]
) -> list[str]:
    """The library's processes, then ids of stored signals the library no longer has, then
    :data:`~weerbaar.incidents.processes.OTHER`."""
    library = [p for p in names if p != OTHER]
    gone = sorted({p for p, _q in signal_grid} - set(names))
    return [*library, *gone, OTHER]


def _contacted_per_quarter(incidents: Sequence[Mapping[str, Any]]) -> list[int]:
    counts: dict[str, int] = {}
    for row in incidents:
        if row["contact_at"] is not None:
            quarter = quarter_of(row["occurred_on"])
            counts[quarter] = counts.get(quarter, 0) + 1
    return list(counts.values())
