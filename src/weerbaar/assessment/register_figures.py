"""Figures from the incident register and the signals beside the norms they evidence.

A norm names the registers it draws on in the library (``figures: [incidents, signals]``);
the self-assessment shows their figures over the scan's period, already suppressed below k
by :func:`weerbaar.incidents.selectors.statistics`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from weerbaar.incidents.figures import count_text, hours_text, share_text
from weerbaar.incidents.selectors import IncidentStatistics, statistics


@dataclass(frozen=True)
class NormFigure:
    label: str
    value: str


@dataclass(frozen=True)
class NormFigures:
    """What one norm shows: a heading, the figures and where they come from."""

    title: str
    figures: list[NormFigure]
    link: str


def _incident_figures(stats: IncidentStatistics) -> list[NormFigure]:
    return [
        NormFigure(_("Geregistreerde incidenten"), count_text(stats.incidents_total.value)),
        NormFigure(_("Contact binnen 48 uur"), share_text(stats.contact_within_48h.value)),
        NormFigure(_("Mediane tijd tot contact"), hours_text(stats.median_hours_to_contact.value)),
        NormFigure(_("Aangifte gedaan"), share_text(stats.aangifte_rate.value)),
    ]


def _signal_figures(stats: IncidentStatistics) -> list[NormFigure]:
    return [
        NormFigure(_("Gemelde signalen"), count_text(stats.signals_total.value)),
        *[
            NormFigure(row.label, count_text(row.count.value))
            for row in stats.signals_per_process
            if row.count.value != 0
        ],
    ]


def figures_for_norms(scan, norms: list[dict]) -> dict[str, list[NormFigures]]:
    """Per norm id, the register figures it asks for (nothing is queried when none asks)."""
    wanted = {n["id"]: n.get("figures") or [] for n in norms if n.get("figures")}
    if not wanted:
        return {}
    stats = statistics(scan.organisation, scan.period_start, scan.period_end)
    org = scan.organisation.slug
    blocks = {
        "incidents": NormFigures(
            _("Uit het incidentenregister (periode van de scan)"),
            _incident_figures(stats),
            reverse("incidents:statistics", kwargs={"org": org}),
        ),
        "signals": NormFigures(
            _("Uit de meldingen van signalen (periode van de scan)"),
            _signal_figures(stats),
            reverse("incidents:statistics", kwargs={"org": org}),
        ),
    }
    return {norm_id: [blocks[name] for name in names] for norm_id, names in wanted.items()}
