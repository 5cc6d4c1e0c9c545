"""Ondermijning on the college agenda: prepared from live data, edited, decided, followed up.

:func:`prepare_data` collects what the college sees: the progress of the action plan and
its overdue actions (``weerbaar.actions``), new incidents and signals since the previous
item as suppressed counts (``weerbaar.incidents.selectors.statistics``: never a number below
the organisation's k), and the highest residual vulnerabilities of the newest register
(``weerbaar.registers``). The data is stored on the item, so the document the college reads
is the one the secretaris prepared; "verversen" prepares it again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from weerbaar.actions.models import Action
from weerbaar.actions.overview import build_overview
from weerbaar.actions.services import create_action
from weerbaar.awareness.services import due_sessions, is_overdue
from weerbaar.core.text import translate
from weerbaar.incidents.selectors import statistics as incident_statistics
from weerbaar.organisations.models import Organisation
from weerbaar.registers.method import method_for_scan
from weerbaar.registers.models import FunctionEntry, ProcessEntry
from weerbaar.registers.scoring import ScoreBreakdown
from weerbaar.registers.selectors import function_breakdown, process_breakdown
from weerbaar.scans.models import Scan
from weerbaar.scans.selectors import latest_scan
from weerbaar.screening.selectors import overdue_summary

from .access import settings_for
from .models import AgendaItem, AgendaStatus

#: How many overdue actions and vulnerabilities the agenda item lists.
MAX_OVERDUE = 8
MAX_PROCESSES = 5
MAX_FUNCTIONS = 3


@dataclass
class ScoredEntry:
    entry: ProcessEntry | FunctionEntry
    breakdown: ScoreBreakdown


class AgendaData(TypedDict):
    prepared_on: str
    period_from: str
    period_to: str
    k: int
    actions: dict[str, int]
    overdue: list[dict[str, Any]]
    incidents: dict[str, Any]
    signals: dict[str, Any]
    processes: list[dict[str, Any]]
    functions: list[dict[str, Any]]
    screening: dict[str, int]
    awareness: dict[str, int]


def previous_item(organisation: Organisation, before: datetime.date) -> AgendaItem | None:
    return (
        AgendaItem.objects.filter(organisation=organisation, meeting_date__lt=before)
        .order_by("-meeting_date", "-pk")
        .first()
    )


def period_start(organisation: Organisation, meeting_date: datetime.date) -> datetime.date:
    """The day after the previous agenda item, or one cadence back for the first one."""
    previous = previous_item(organisation, meeting_date)
    if previous is not None:
        return previous.meeting_date + datetime.timedelta(days=1)
    back = datetime.timedelta(weeks=settings_for(organisation).cadence_weeks)
    return meeting_date - min(back, meeting_date - datetime.date.min)


def register_scan(organisation: Organisation) -> Scan | None:
    """The newest scan of the organisation with a register of processes or functions."""
    return (
        Scan.objects.filter(organisation=organisation)
        .filter(process_entries__isnull=False)
        .order_by("-period_start", "-pk")
        .distinct()
        .first()
    ) or (
        Scan.objects.filter(organisation=organisation, function_entries__isnull=False)
        .order_by("-period_start", "-pk")
        .distinct()
        .first()
    )


def residual_scores(scan: Scan) -> tuple[list[ScoredEntry], list[ScoredEntry]]:
    """Every process and function of the scan's register with its residual score.

    Scored with the registers' own breakdowns against the scan's method; the entries share
    the one scan instance, so the library version is read once.
    """
    method = method_for_scan(scan)
    processes = []
    for entry in scan.process_entries.prefetch_related("criterion_scores", "controls"):
        entry.scan = scan
        processes.append(ScoredEntry(entry, process_breakdown(entry, method)))
    functions = []
    for function in scan.function_entries.all():
        function.scan = scan
        functions.append(ScoredEntry(function, function_breakdown(function, method)))
    return processes, functions


def _ranked(rows: list[ScoredEntry], limit: int) -> list[dict[str, Any]]:
    ranked = sorted(
        (r for r in rows if r.breakdown.scored),
        key=lambda r: (-r.breakdown.score, r.entry.position, r.entry.pk),
    )
    return [
        {
            "id": r.entry.pk,
            "name": r.entry.name,
            "score": round(r.breakdown.score, 1),
            "band": r.breakdown.band.name,
        }
        for r in ranked[:limit]
    ]


def top_vulnerabilities(organisation: Organisation) -> tuple[list[dict], list[dict]]:
    """The highest residual scores of processes and functions in the newest register."""
    scan = register_scan(organisation)
    if scan is None:
        return [], []
    processes, functions = residual_scores(scan)
    return _ranked(processes, MAX_PROCESSES), _ranked(functions, MAX_FUNCTIONS)


def prepare_data(
    organisation: Organisation, meeting_date: datetime.date, now: datetime.datetime | None = None
) -> AgendaData:
    """The live data of the agenda item for a meeting on ``meeting_date`` (JSON-able)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    overview = build_overview(organisation, now=now)
    start = period_start(organisation, meeting_date)
    end = min(today, meeting_date)
    # Incident figures cover whole quarters (see incidents.selectors.statistics): the item
    # names the quarters the figures are about.
    stats = incident_statistics(organisation, start, max(start, end))
    processes, functions = top_vulnerabilities(organisation)
    totals = overview.totals
    return {
        "prepared_on": today.isoformat(),
        "period_from": stats.start.isoformat(),
        "period_to": stats.end.isoformat(),
        "k": stats.k,
        "actions": {
            "done": totals.done,
            "open": totals.open,
            "overdue": totals.overdue,
            "dropped": totals.dropped,
            "total": totals.total,
        },
        "overdue": [
            {"id": a.pk, "title": a.title, "due_date": a.due_date.isoformat() if a.due_date else ""}
            for a in overview.overdue[:MAX_OVERDUE]
        ],
        "incidents": stats.incidents_total.as_json(),
        "signals": stats.signals_total.as_json(),
        "processes": processes,
        "functions": functions,
        **follow_up_counts(organisation, today),
    }


class FollowUpCounts(TypedDict):
    screening: dict[str, int]
    awareness: dict[str, int]


def follow_up_counts(organisation: Organisation, today: datetime.date) -> FollowUpCounts:
    """Screenings past renewal and awareness sessions due, as counts of functions and
    sessions (never persons), for the workspace and the agenda item."""
    screening = overdue_summary(organisation, today)
    sessions = due_sessions(organisation, today)
    return {
        "screening": {
            "functions_overdue": screening["functions_overdue"],
            "overdue": screening["overdue"],
            "due_soon": screening["due_soon"],
        },
        "awareness": {
            "due": len(sessions),
            "overdue": sum(1 for session in sessions if is_overdue(session, today)),
        },
    }


def create_item(
    organisation: Organisation,
    *,
    title: str,
    meeting_date: datetime.date,
    user=None,
    now: datetime.datetime | None = None,
) -> AgendaItem:
    now = now or timezone.now()
    if not title.strip():
        raise ValidationError({"title": [_("Geef het agendapunt een titel.")]})
    item = AgendaItem(
        organisation=organisation,
        title=title.strip()[:200],
        meeting_date=meeting_date,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    item.data = dict(prepare_data(organisation, meeting_date, now))
    item.prepared_at = now
    item.save()
    return item


def refresh(item: AgendaItem, now: datetime.datetime | None = None) -> AgendaItem:
    """Prepare the data again (only while the college has not decided)."""
    if item.status == AgendaStatus.DECIDED:
        raise ValidationError(
            _("Het college heeft al besloten; de gegevens blijven zoals ze waren.")
        )
    now = now or timezone.now()
    item.data = dict(prepare_data(item.organisation, item.meeting_date, now))
    item.prepared_at = now
    item.save(update_fields=["data", "prepared_at", "lock_version"])
    return item


def record_decision(item: AgendaItem, decision: str, decided_on: datetime.date) -> AgendaItem:
    if not decision.strip():
        raise ValidationError({"decision": [_("Beschrijf wat het college heeft besloten.")]})
    item.decision = decision.strip()
    item.decided_on = decided_on
    item.status = AgendaStatus.DECIDED
    item.save()
    return item


def add_resulting_action(
    item: AgendaItem,
    *,
    title: str,
    due_date: datetime.date | None,
    owner_role: str,
    user=None,
    now: datetime.datetime | None = None,
) -> Action:
    """An action of the action plan that follows from the college's decision."""
    scan = latest_scan(item.organisation)
    if scan is None:
        raise ValidationError(
            {
                "title": [
                    _("Er is nog geen scan: acties horen bij het plan van aanpak van een scan.")
                ]
            }
        )
    description = _("Besluit van het college van %(date)s: %(title)s") % {
        "date": date_format(item.decided_on or item.meeting_date, "SHORT_DATE_FORMAT"),
        "title": item.title,
    }
    with transaction.atomic():
        action = create_action(
            scan=scan,
            title=title,
            description=description,
            owner_role=owner_role,
            due_date=due_date,
            created_by=user,
            now=now,
        )
        item.resulting_actions.add(action)
    return action


def next_due(organisation: Organisation, today: datetime.date) -> datetime.date:
    """When the next agenda item is due: one cadence after the last meeting (or today)."""
    last = (
        AgendaItem.objects.filter(organisation=organisation)
        .order_by("-meeting_date", "-pk")
        .first()
    )
    if last is None:
        return today
    return last.meeting_date + datetime.timedelta(weeks=settings_for(organisation).cadence_weeks)


def band_text(band: Any) -> str:
    return translate(band)
