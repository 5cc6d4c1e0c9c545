"""Planning awareness sessions and recording them as held (attendance as counts only)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from weerbaar.core.dates import add_months
from weerbaar.organisations.models import Organisation
from weerbaar.organisations.permissions import has_permission
from weerbaar.practices.models import Practice
from weerbaar.practices.selectors import visible_practices

from .content import target_group, target_group_ids, target_groups
from .models import AwarenessSession, Cadence

MANAGE = "awareness.manage"
VIEW = "awareness.view"
#: Sessions planned within this many days count as due.
DUE_WITHIN_DAYS = 30


def organisation_sessions(organisation: Organisation) -> QuerySet[AwarenessSession]:
    return AwarenessSession.objects.filter(organisation=organisation).prefetch_related("materials")


def material_choices(user) -> QuerySet[Practice]:
    """Practices a session may link to: those the user sees in the practice library."""
    return visible_practices(user).order_by("title")


@dataclass
class SessionPlan:
    target_group: str
    title: str
    cadence_months: int
    planned_date: datetime.date
    materials: list[Practice] = field(default_factory=list)


def _check_plan(plan: SessionPlan, user) -> None:
    errors: dict[str, list[str]] = {}
    if plan.target_group not in target_group_ids():
        errors["target_group"] = [_("Kies een doelgroep.")]
    if not plan.title.strip():
        errors["title"] = [_("Geef de sessie een titel.")]
    wanted = {p.pk for p in plan.materials}
    if wanted and material_choices(user).filter(pk__in=wanted).count() != len(wanted):
        errors["materials"] = [_("Kies materiaal uit de praktijkbibliotheek.")]
    if errors:
        raise ValidationError(errors)


def plan_session(
    organisation: Organisation,
    plan: SessionPlan,
    *,
    user,
    session: AwarenessSession | None = None,
) -> AwarenessSession:
    """Plan a new session, or change the plan of one that was not held yet."""
    if not has_permission(user, organisation, MANAGE):
        raise PermissionDenied
    if session is not None and session.organisation_id != organisation.pk:
        raise PermissionDenied
    _check_plan(plan, user)
    with transaction.atomic():
        session = session or AwarenessSession(organisation=organisation, created_by=user)
        session.target_group = plan.target_group
        session.title = plan.title.strip()[:200]
        session.cadence_months = plan.cadence_months
        session.planned_date = plan.planned_date
        session.save()
        session.materials.set(plan.materials)
    return session


def record_held(
    session: AwarenessSession,
    *,
    held_date: datetime.date,
    attendance_count: int,
    invited_count: int | None = None,
    user,
    now: datetime.datetime | None = None,
) -> AwarenessSession | None:
    """Record that a session was held; for a recurring cadence, the next one is planned.

    Returns the next session (or ``None``). Attendance is a number: no names are kept.
    """
    if not has_permission(user, session.organisation, MANAGE):
        raise PermissionDenied
    today = timezone.localdate(now or timezone.now())
    errors: dict[str, list[str]] = {}
    if held_date > today:
        errors["held_date"] = [
            _("De datum %(date)s ligt in de toekomst; leg een sessie vast als ze is gehouden.")
            % {"date": date_format(held_date, "SHORT_DATE_FORMAT")}
        ]
    if attendance_count < 0:
        errors["attendance_count"] = [_("Het aantal aanwezigen kan niet negatief zijn.")]
    if invited_count is not None and attendance_count > invited_count:
        errors["attendance_count"] = [
            _("Er kunnen niet meer mensen aanwezig zijn dan er zijn uitgenodigd.")
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session.held_date = held_date
        session.attendance_count = attendance_count
        session.invited_count = invited_count
        session.save()
        if not session.cadence_months or AwarenessSession.objects.filter(follows=session).exists():
            return None
        following = AwarenessSession.objects.create(
            organisation=session.organisation,
            target_group=session.target_group,
            title=session.title,
            cadence_months=session.cadence_months,
            planned_date=add_months(held_date, session.cadence_months),
            follows=session,
            created_by=user,
        )
        following.materials.set(session.materials.all())
    return following


def due_sessions(organisation: Organisation, today: datetime.date) -> list[AwarenessSession]:
    """Sessions not yet held that are planned within :data:`DUE_WITHIN_DAYS` or are overdue."""
    horizon = today + datetime.timedelta(days=DUE_WITHIN_DAYS)
    return list(
        AwarenessSession.objects.filter(
            organisation=organisation, held_date__isnull=True, planned_date__lte=horizon
        ).order_by("planned_date", "pk")
    )


def is_overdue(session: AwarenessSession, today: datetime.date) -> bool:
    return session.held_date is None and session.planned_date < today


@dataclass
class GroupSummary:
    target_group: str
    label: str
    last_held: AwarenessSession | None
    next_planned: AwarenessSession | None
    suggested_cadence: str = ""  # the library's suggested cadence, e.g. "Jaarlijks"


def cadence_label(months: int) -> str:
    """The planner's name of a cadence (the schema allows only these), e.g. "Jaarlijks"."""
    return str(Cadence(months).label)


def suggested_plan(group_id: str) -> dict[str, object]:
    """Initial values for planning a session for ``group_id`` (its suggested cadence)."""
    group = target_group(group_id)
    if group is None:
        return {}
    return {"target_group": group.id, "cadence_months": group.suggested_cadence_months}


def summary_per_group(organisation: Organisation) -> list[GroupSummary]:
    """Per target group of the library: the last session held and the next one planned."""
    sessions = list(AwarenessSession.objects.filter(organisation=organisation))
    out = []
    for group in target_groups():
        held = [s for s in sessions if s.target_group == group.id and s.held_date]
        planned = [s for s in sessions if s.target_group == group.id and not s.held_date]
        out.append(
            GroupSummary(
                target_group=group.id,
                label=group.label,
                suggested_cadence=cadence_label(group.suggested_cadence_months),
                last_held=max(held, key=lambda s: (s.held_date, s.pk)) if held else None,
                next_planned=min(planned, key=lambda s: (s.planned_date, s.pk))
                if planned
                else None,
            )
        )
    return out
