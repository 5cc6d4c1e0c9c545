"""The gemeentesecretaris' overview (overzicht opvolging) and progress reports.

Figures are per dimension and per RIEC pillar — never per person: BMC/Pro Facto (2025) warns
that the gemeentesecretaris wants an overview that supports and reminds, not an enforcement
tool, so there is deliberately no ranking or league table of owners anywhere in this module.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weerbaar.assessment.services import completed_assessment_scans, has_completed_assessment
from weerbaar.core.text import translate
from weerbaar.incidents.selectors import statistics as incident_statistics
from weerbaar.scans.selectors import latest_scan
from weerbaar.screening.selectors import overdue_summary

from .comparison import pillar_levels
from .models import OPEN_STATUSES, Action, ActionNote, ActionStatus, ProgressReport


@dataclass
class Tally:
    key: str
    label: Any
    done: int = 0
    open: int = 0
    overdue: int = 0
    dropped: int = 0
    due_this_month: int = 0
    phase_now: Any = None
    phase_before: Any = None
    level_now: int | None = None
    level_before: int | None = None

    @property
    def total(self) -> int:
        return self.done + self.open + self.dropped


@dataclass
class Overview:
    today: datetime.date
    dimensions: list[Tally]
    pillars: list[Tally]
    unlinked: Tally
    totals: Tally
    due_this_month: list[Action] = field(default_factory=list)
    overdue: list[Action] = field(default_factory=list)
    latest_scan: Any = None
    previous_scan: Any = None


def _by_due_date(dated: Iterable[tuple[datetime.date, Action]]) -> list[Action]:
    """The actions of (due date, action) pairs, earliest due date first (stable)."""
    return [a for _due, a in sorted(dated, key=lambda pair: pair[0])]


def _due_date(action: Action) -> datetime.date:
    """The due date of an action listed as due or overdue (which always has one)."""
    if action.due_date is None:
        raise ValueError(f"action {action.pk} has no due date")
    return action.due_date


def _count(tally: Tally, action: Action, today: datetime.date) -> None:
    if action.status == ActionStatus.DONE:
        tally.done += 1
    elif action.status == ActionStatus.DROPPED:
        tally.dropped += 1
    else:
        tally.open += 1
        if action.due_date and action.due_date < today:
            tally.overdue += 1
        if (
            action.due_date
            and (action.due_date.year, action.due_date.month)
            == (
                today.year,
                today.month,
            )
            and action.due_date >= today
        ):
            tally.due_this_month += 1


def latest_assessed_scan(organisation):
    """The newest scan with a completed self-assessment, or ``None``.

    A new scan (empty, or still in fieldwork) never replaces the measured phases.
    """
    completed = completed_assessment_scans(organisation)
    return completed[0] if completed else None


def _previous_assessed(latest):
    """The scan ``latest`` repeats, when its self-assessment is completed too."""
    previous = latest.previous_scan if latest else None
    if previous is None:
        return None
    return previous if has_completed_assessment(previous) else None


def build_overview(organisation, now: datetime.datetime | None = None) -> Overview:
    now = now or timezone.now()
    today = timezone.localdate(now)
    actions = list(
        Action.objects.filter(scan__organisation=organisation).select_related("scan", "owner_user")
    )
    latest = latest_assessed_scan(organisation)
    # The rows follow the framework of the measured scan, or of the newest one before any
    # measurement (its phases then stay "nog niet beoordeeld").
    framework_scan = latest or latest_scan(organisation)
    fw = framework_scan.framework if framework_scan else None
    dims: dict[str, Tally] = {}
    pillars: dict[str, Tally] = {}
    if fw is not None:
        for d in fw.dimensions_and_themes:
            dims[d["id"]] = Tally(d["id"], d["name"])
        for p in fw.pillars:
            pillars[p["id"]] = Tally(p["id"], p["name"])
    unlinked = Tally("", _("Niet gekoppeld"))
    totals = Tally("", _("Totaal"))
    parent_of = {}
    if fw is not None:
        for key, d in fw.dimension_index.items():
            parent_of[key] = d.get("parent", key)
    for action in actions:
        _count(totals, action, today)
        targets = {parent_of.get(d, d) for d in action.dimension_ids}
        linked = False
        for d in targets:
            if d in dims:
                _count(dims[d], action, today)
                linked = True
        for p in action.pillar_ids:
            if p in pillars:
                _count(pillars[p], action, today)
                linked = True
        if not linked:
            _count(unlinked, action, today)
    previous = _previous_assessed(latest)
    if latest is not None:
        now_levels = pillar_levels(latest)
        before_levels = pillar_levels(previous) if previous else {}
        for key, tally in pillars.items():
            tally.level_now = now_levels.get(key, {}).get("level")
            tally.phase_now = now_levels.get(key, {}).get("phase")
            tally.level_before = before_levels.get(key, {}).get("level")
            tally.phase_before = before_levels.get(key, {}).get("phase")
    dated = [(a.due_date, a) for a in actions if a.status in OPEN_STATUSES and a.due_date]
    return Overview(
        today=today,
        dimensions=list(dims.values()),
        pillars=list(pillars.values()),
        unlinked=unlinked,
        totals=totals,
        due_this_month=_by_due_date(
            (due, a)
            for due, a in dated
            if (due.year, due.month) == (today.year, today.month) and due >= today
        ),
        overdue=_by_due_date((due, a) for due, a in dated if due < today),
        latest_scan=latest,
        previous_scan=previous,
    )


# ----------------------------------------------------------------------------- progress reports


def previous_report(organisation, before: datetime.datetime | None = None) -> ProgressReport | None:
    qs = ProgressReport.objects.filter(organisation=organisation)
    if before is not None:
        qs = qs.filter(period_end__lt=before)
    return qs.order_by("-period_end", "-pk").first()


def progress_since(organisation, since: datetime.datetime | None, until: datetime.datetime) -> dict:
    """Status changes and new actions in (since, until]: what the next report lists."""
    notes = ActionNote.objects.filter(
        action__scan__organisation=organisation, created_at__lte=until
    ).exclude(status_to="")
    new_actions = Action.objects.filter(scan__organisation=organisation, created_at__lte=until)
    if since is not None:
        notes = notes.filter(created_at__gt=since)
        new_actions = new_actions.filter(created_at__gt=since)
    labels = dict(ActionStatus.choices)
    # One line per action: its status at the start of the period -> at the end (net change).
    net: dict[int, dict] = {}
    for n in notes.select_related("action").order_by("created_at", "pk"):
        entry = net.setdefault(
            n.action_id, {"action": n.action.title, "from_code": n.status_from, "note": ""}
        )
        entry["to_code"] = n.status_to
        entry["date"] = timezone.localdate(n.created_at).isoformat()
        entry["note"] = n.text or entry["note"]
    order = {ActionStatus.DONE: 0, ActionStatus.DROPPED: 1, ActionStatus.IN_PROGRESS: 2}
    changes = [
        {
            "action": e["action"],
            "from": str(labels.get(e["from_code"], e["from_code"])),
            "to": str(labels.get(e["to_code"], e["to_code"])),
            "from_code": e["from_code"],
            "to_code": e["to_code"],
            "date": e["date"],
            "note": e["note"],
        }
        for e in sorted(net.values(), key=lambda e: (order.get(e["to_code"], 3), e["date"]))
        if e["from_code"] != e["to_code"]
    ]
    return {
        "changes": changes,
        "completed": sum(1 for c in changes if c["to_code"] == ActionStatus.DONE),
        "new_actions": [a.title for a in new_actions.order_by("created_at", "pk")],
    }


def report_content(organisation, since, until: datetime.datetime) -> dict:
    """The JSON snapshot of a progress report (language-neutral where it can be)."""
    overview = build_overview(organisation, now=until)

    def row(t: Tally) -> dict:
        return {
            "key": t.key,
            "label": t.label if isinstance(t.label, dict) else str(t.label),
            "done": t.done,
            "open": t.open,
            "overdue": t.overdue,
            "due_this_month": t.due_this_month,
            "phase_now": t.phase_now,
            "phase_before": t.phase_before,
        }

    return {
        "since": since.isoformat() if since else None,
        "until": until.isoformat(),
        "totals": row(overview.totals),
        "dimensions": [row(t) for t in overview.dimensions if t.total],
        "pillars": [row(t) for t in overview.pillars],
        "overdue": [
            {"title": a.title, "due_date": _due_date(a).isoformat()} for a in overview.overdue
        ],
        "progress": progress_since(organisation, since, until),
        "incidents": incident_figures(organisation, since, until),
        "screening": screening_figures(organisation, until),
    }


def screening_figures(organisation, until: datetime.datetime) -> dict:
    """Required screenings of functions by state at ``until`` (functions, never persons)."""
    summary = overdue_summary(organisation, until.date())
    return {
        "functions_overdue": summary["functions_overdue"],
        "overdue": summary["overdue"],
        "never_done": summary["never_done"],
        "due_soon": summary["due_soon"],
    }


#: A first progress report looks back this far for incidents and signals.
FIRST_REPORT_DAYS = 365


def incident_figures(organisation, since, until: datetime.datetime) -> dict:
    """Incidents and signals of the report's period, suppressed below k (``None``: withheld)."""
    start = since.date() if since else until.date() - datetime.timedelta(days=FIRST_REPORT_DAYS)
    stats = incident_statistics(organisation, start, until.date())
    return {
        # The figures cover whole quarters (see incidents.selectors.statistics).
        "from": stats.start.isoformat(),
        "to": stats.end.isoformat(),
        "k": stats.k,
        "incidents": stats.incidents_total.value,
        "contact_within_48h": stats.contact_within_48h.value,
        "aangifte_rate": stats.aangifte_rate.value,
        "signals": stats.signals_total.value,
    }


def create_progress_report(
    organisation, *, title: str, summary: str = "", user=None, now=None
) -> ProgressReport:
    """Freeze the progress since the previous report into a new report."""
    now = now or timezone.now()
    with transaction.atomic():
        prev = previous_report(organisation, before=now)
        since = prev.period_end if prev else None
        return ProgressReport.objects.create(
            organisation=organisation,
            title=title.strip()[:200] or _("Voortgangsrapportage"),
            summary=summary.strip(),
            period_start=since,
            period_end=now,
            content=report_content(organisation, since, now),
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )


def label(value: Any) -> str:
    return translate(value) if isinstance(value, dict) else str(value or "")
