"""The incidents part of the report: the register of incidents and the signals of ondermijning.

Figures come from :func:`weerbaar.incidents.selectors.statistics` over the scan's period,
already suppressed below k; a withheld number is ``None`` here and never recomputed.
"""

from __future__ import annotations

from django.utils import translation

from weerbaar.incidents.selectors import IncidentStatistics, statistics

from ..data import IncidentData


def _labels(stats_by_language: dict[str, IncidentStatistics]) -> tuple[list, list]:
    categories = [
        {lang: stats.per_category[i].label for lang, stats in stats_by_language.items()}
        for i in range(len(stats_by_language["nl"].per_category))
    ]
    processes = [
        {lang: stats.signals_per_process[i].label for lang, stats in stats_by_language.items()}
        for i in range(len(stats_by_language["nl"].signals_per_process))
    ]
    return categories, processes


def collect_incidents(scan) -> IncidentData:
    by_language: dict[str, IncidentStatistics] = {}
    for lang in ("nl", "en"):
        with translation.override(lang):
            by_language[lang] = statistics(scan.organisation, scan.period_start, scan.period_end)
    stats = by_language["nl"]
    category_labels, process_labels = _labels(by_language)
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
