"""Starting a herhaalmeting (repeat scan) from a previous scan: the one repeat-scan service.

:func:`start_repeat_scan` creates the scan and asks each app, in turn and inside one
transaction, to carry its part forward through a named function the app owns:

* ``weerbaar.registers.services.carry_forward`` — the process and function registers;
* ``weerbaar.assessment.services.carry_forward`` — the self-assessment verdicts, marked for
  review;
* ``weerbaar.surveys.services.carry_forward`` — one draft survey per questionnaire used.

Each is called exactly once; if one fails, nothing of the repeat scan is kept. Creating a scan
with ``previous_scan`` elsewhere copies nothing: this service is the only way to start a
herhaalmeting.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from weerbaar.assessment import services as assessment_services
from weerbaar.library.models import LibraryVersion
from weerbaar.registers import services as register_services
from weerbaar.registers.services import CarriedRegisters
from weerbaar.scans.models import Scan
from weerbaar.scans.services import create_scan
from weerbaar.surveys import services as survey_services


@dataclass(frozen=True)
class RepeatResult:
    """The new scan and what each app carried forward into it."""

    scan: Scan
    registers: CarriedRegisters
    assessment_items: int
    surveys: int


#: Why a scan cannot be repeated yet (shown instead of the form).
NOT_REPEATABLE = gettext_lazy(
    "Een herhaalmeting herhaalt een afgeronde scan. Deze scan heeft nog geen afgeronde "
    "zelfevaluatie: zet de scan eerst in de fase Analyse, met ten minste één beoordeling."
)


def can_repeat(scan: Scan) -> bool:
    """Whether the coordinator is offered a herhaalmeting of ``scan``: only of a completed one."""
    return assessment_services.has_completed_assessment(scan)


def check_repeat(previous_scan: Scan, title: str, period_start: datetime.date) -> None:
    """Raise ``ValidationError`` (per form field) when the repeat scan cannot be started."""
    if not title.strip():
        raise ValidationError({"title": [_("Geef de herhaalmeting een titel.")]})
    if period_start <= previous_scan.period_start:
        raise ValidationError(
            {"period_start": [_("Een herhaalmeting begint na het begin van de vorige scan.")]}
        )


def start_repeat_scan(
    previous_scan: Scan,
    *,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    library_version: LibraryVersion | None = None,
    user=None,
    description: str = "",
) -> RepeatResult:
    """Create a herhaalmeting after ``previous_scan`` with everything carried over."""
    check_repeat(previous_scan, title, period_start)
    with transaction.atomic():
        scan = create_scan(
            organisation=previous_scan.organisation,
            title=title.strip(),
            library_version=library_version or previous_scan.library_version,
            period_start=period_start,
            period_end=period_end,
            created_by=user if user is not None and user.is_authenticated else None,
            previous_scan=previous_scan,
            description=description,
        )
        registers = register_services.carry_forward(previous_scan, scan)
        items = assessment_services.carry_forward(previous_scan, scan)
        surveys = survey_services.carry_forward(previous_scan, scan)
    return RepeatResult(scan=scan, registers=registers, assessment_items=items, surveys=surveys)
