"""The follow-up card on the scan page: the action plan of this scan, comparison, repeat."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerbaar.assessment.models import RecommendationStatus
from weerbaar.organisations.permissions import has_permission
from weerbaar.scans.sections import ScanSection, register_section

from .models import OPEN_STATUSES, Action, ActionStatus
from .repeat import can_repeat
from .services import is_overdue


def section_context(request, scan) -> dict:
    today = timezone.localdate()
    actions = list(scan.actions.all())
    accepted_without_action = scan.recommendations.filter(
        status=RecommendationStatus.ACCEPTED, actions__isnull=True
    ).count()
    earlier_open = (
        Action.objects.filter(
            scan__organisation_id=scan.organisation_id,
            scan__period_start__lt=scan.period_start,
            status__in=OPEN_STATUSES,
        ).count()
        if scan.previous_scan_id
        else 0
    )
    return {
        "earlier_open": earlier_open,
        "done": sum(1 for a in actions if a.status == ActionStatus.DONE),
        "open": sum(1 for a in actions if a.is_open),
        "overdue": sum(1 for a in actions if is_overdue(a, today)),
        "accepted_without_action": accepted_without_action,
        "can_manage": has_permission(request.user, scan.organisation, "action.manage"),
        "can_repeat": has_permission(request.user, scan.organisation, "scan.manage")
        and can_repeat(scan),
    }


register_section(
    ScanSection(
        key="actions",
        order=70,
        title=_("Opvolging"),
        template="actions/scan_section.html",
        context=section_context,
        permission="scan.view_work",
    )
)
