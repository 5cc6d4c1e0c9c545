"""The incidents part of the report: the register of incidents and the signals of ondermijning.

Figures come from :func:`weerbaar.incidents.selectors.statistics` over the scan's period,
already suppressed below k; a withheld number is ``None`` here and never recomputed.
"""

from __future__ import annotations

from weerbaar.incidents.models import Category
from weerbaar.incidents.processes import name_of, process_names
from weerbaar.incidents.selectors import statistics

from ..data import IncidentData
from .registers import choice_labels


def collect_incidents(scan) -> IncidentData:
    stats = statistics(scan.organisation, scan.period_start, scan.period_end)
    categories, processes = choice_labels(Category), process_names(scan.organisation)
    category_labels = [categories[row.category] for row in stats.per_category]
    process_labels = [name_of(processes, row.process) for row in stats.signals_per_process]
    return IncidentData(
        available=True,
        k=stats.k,
        quarters=stats.quarters,
        categories=[
            {"label": label, "cells": [c.value for c in row.per_quarter]}
            for label, row in zip(category_labels, stats.per_category, strict=True)
        ],
        incidents_total=stats.incidents_total.value,
        contact_within_48h=stats.contact_within_48h.value,
        median_hours_to_contact=stats.median_hours_to_contact.value,
        aangifte_rate=stats.aangifte_rate.value,
        signals=[
            {"label": label, "count": row.count.value}
            for label, row in zip(process_labels, stats.signals_per_process, strict=True)
        ],
        signals_total=stats.signals_total.value,
    )
