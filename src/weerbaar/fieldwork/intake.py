"""Delegated intake: each department head fills in their own department; the coordinator merges.

The coordinator invites a department head (:func:`invite_department_head`): the role
``afdelingshoofd`` scoped to one department, an e-mail with the link. The head describes
processes (with their control measures) and functions, starting from the shipped process
list, and submits; the coordinator sends it back or merges it into the registers through
:mod:`weerbaar.registers.services`.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from weerbaar.organisations import governance
from weerbaar.organisations.models import Department
from weerbaar.organisations.permissions import DEPARTMENT_HEAD
from weerbaar.organisations.services import scope_membership_to_department
from weerbaar.registers.models import ControlState, FunctionEntry, ProcessEntry
from weerbaar.registers.services import (
    ControlInput,
    check_library_process,
    save_function_entry,
    save_process_entry,
)
from weerbaar.scans.models import Scan

from .models import DepartmentIntake, IntakeFunction, IntakeMeasure, IntakeProcess, IntakeStatus

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IntakeProgress:
    """One department's row in the coordinator's progress table."""

    department: Department
    intake: DepartmentIntake | None
    processes: int
    functions: int


def progress(scan: Scan) -> list[IntakeProgress]:
    intakes = {
        i.department_id: i
        for i in DepartmentIntake.objects.filter(scan=scan).prefetch_related(
            "processes", "functions"
        )
    }
    rows = []
    for department in scan.organisation.departments.all():
        intake = intakes.get(department.pk)
        rows.append(
            IntakeProgress(
                department=department,
                intake=intake,
                processes=len(intake.processes.all()) if intake else 0,
                functions=len(intake.functions.all()) if intake else 0,
            )
        )
    return rows


def invite_department_head(
    scan: Scan,
    department: Department,
    *,
    email: str,
    by: Any,
    full_name: str = "",
    request: HttpRequest | None = None,
) -> DepartmentIntake:
    """Give ``email`` the afdelingshoofd role for ``department`` and send the intake link."""
    if department.organisation_id != scan.organisation_id:
        raise ValidationError({"department": _("Kies een afdeling van deze organisatie.")})
    with transaction.atomic():
        governance.add_member(
            scan.organisation,
            by=by,
            email=email,
            role=DEPARTMENT_HEAD,
            full_name=full_name,
            request=request,
        )
        scope_membership_to_department(
            scan.organisation, email=email, role=DEPARTMENT_HEAD, department=department
        )
        intake, _created = DepartmentIntake.objects.get_or_create(scan=scan, department=department)
        intake.invited_at = timezone.now()
        intake.save()
    _send_link(intake, email)
    return intake


def _send_link(intake: DepartmentIntake, email: str) -> None:
    url = settings.BASE_URL + reverse(
        "fieldwork:intake_fill",
        kwargs={"org": intake.scan.organisation.slug, "departmentintake_id": intake.pk},
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Weerbaar: de intake van uw afdeling %(dept)s") % {
            "dept": intake.department.name
        }
        body = render_to_string(
            "fieldwork/mail/intake_invitation.txt",
            {"intake": intake, "organisation": intake.scan.organisation, "url": url},
        )
    try:
        EmailMessage(
            subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[email]
        ).send()
    except (smtplib.SMTPException, OSError):
        logger.warning("Could not send an intake invitation e-mail", exc_info=True)


def _editable(intake: DepartmentIntake) -> None:
    if not intake.editable:
        raise ValidationError(
            _("Deze intake is al ingediend; de coördinator kan hem terugsturen voor aanpassingen.")
        )


def _started(intake: DepartmentIntake) -> None:
    if intake.status == IntakeStatus.INVITED:
        intake.status = IntakeStatus.IN_PROGRESS
        intake.save()


@transaction.atomic
def add_process(
    intake: DepartmentIntake, process: IntakeProcess, measures: list[ControlInput]
) -> IntakeProcess:
    """Add a process with its measures (state ``None``: not recorded) to an open intake."""
    _editable(intake)
    check_library_process(intake.scan, process.library_process_id)
    if not process.library_process_id and not process.own_name.strip():
        raise ValidationError(
            {"own_name": _("Kies een proces uit de lijst of geef een eigen naam.")}
        )
    process.intake = intake
    process.save()
    for m in measures:
        if m.state is None:
            continue
        if m.state not in ControlState.values:
            raise ValidationError(_("Onbekende stand van een beheersmaatregel."))
        IntakeMeasure.objects.create(
            process=process, control_type=m.control_type, state=m.state, description=m.description
        )
    _started(intake)
    return process


@transaction.atomic
def add_function(intake: DepartmentIntake, function: IntakeFunction) -> IntakeFunction:
    _editable(intake)
    if not function.name.strip():
        raise ValidationError({"name": _("Geef de naam van de functie (geen persoonsnaam).")})
    function.intake = intake
    function.save()
    _started(intake)
    return function


@transaction.atomic
def remove_row(intake: DepartmentIntake, row: IntakeProcess | IntakeFunction) -> None:
    _editable(intake)
    if row.intake_id != intake.pk:
        raise ValidationError(_("Deze regel hoort niet bij deze intake."))
    row.delete()


@transaction.atomic
def submit_intake(intake: DepartmentIntake) -> None:
    _editable(intake)
    if not intake.processes.exists() and not intake.functions.exists():
        raise ValidationError(_("Voeg ten minste één proces of functie toe voordat u indient."))
    intake.status = IntakeStatus.SUBMITTED
    intake.submitted_at = timezone.now()
    intake.save()


@transaction.atomic
def send_back(intake: DepartmentIntake) -> None:
    if intake.status != IntakeStatus.SUBMITTED:
        raise ValidationError(_("Alleen een ingediende intake kan worden teruggestuurd."))
    intake.status = IntakeStatus.IN_PROGRESS
    intake.save()


@dataclass(frozen=True)
class MergeResult:
    processes: int
    functions: int


@transaction.atomic
def merge_intake(intake: DepartmentIntake) -> MergeResult:
    """Add the intake's processes and functions to the scan's registers (once)."""
    if intake.status != IntakeStatus.SUBMITTED:
        raise ValidationError(_("Alleen een ingediende intake kan worden verwerkt."))
    scan = intake.scan
    department = intake.department.name
    processes = list(intake.processes.prefetch_related("measures"))
    for p in processes:
        save_process_entry(
            ProcessEntry(
                scan=scan,
                library_process_id=p.library_process_id,
                own_name=p.own_name,
                steps=p.steps,
                owner_department=department,
                money_flows=p.money_flows,
                external_parties=p.external_parties,
                notes=p.notes,
            ),
            controls=[
                ControlInput(control_type=m.control_type, state=m.state, description=m.description)
                for m in p.measures.all()
            ],
        )
    functions = list(intake.functions.all())
    for f in functions:
        save_function_entry(
            FunctionEntry(
                scan=scan,
                name=f.name,
                department=department,
                incumbents=f.incumbents,
                has_mandate=f.has_mandate,
                external_contact=f.external_contact,
                financial_flows=f.financial_flows,
                notes=f.notes,
            )
        )
    intake.status = IntakeStatus.MERGED
    intake.merged_at = timezone.now()
    intake.save()
    return MergeResult(processes=len(processes), functions=len(functions))
