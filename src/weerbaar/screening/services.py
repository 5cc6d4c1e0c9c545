"""Recording screening dates per function and the steps of the candidate checklist."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weerbaar.organisations.models import Organisation
from weerbaar.registers.models import FunctionEntry

from .content import Rules, rules_for
from .models import SCREENING_FIELDS, CandidateRound, CandidateStep, FunctionScreening


@dataclass(frozen=True)
class StepInput:
    done_on: datetime.date | None
    done_by: str
    not_applicable: bool


def _not_in_future(errors: dict[str, str], name: str, day: datetime.date | None) -> None:
    if day is not None and day > timezone.localdate():
        errors[name] = _("Een datum in de toekomst kan nog niet zijn afgerond.")


@transaction.atomic
def save_function_screening(
    function: FunctionEntry,
    vog_p_domain: str,
    dates: Mapping[str, datetime.date | None],
    rules: Rules | None = None,
) -> FunctionScreening:
    """Record the function's VOG P domain and the dates its screenings were last completed."""
    rules = rules or rules_for(function.scan)
    errors: dict[str, str] = {}
    if vog_p_domain and vog_p_domain not in rules.domains:
        errors["vog_p_domain"] = _("Kies een domein uit de lijst.")
    for screening, name in SCREENING_FIELDS.items():
        _not_in_future(errors, name, dates.get(screening))
    if errors:
        raise ValidationError(errors)
    record, _created = FunctionScreening.objects.get_or_create(function=function)
    record.vog_p_domain = vog_p_domain
    for screening, name in SCREENING_FIELDS.items():
        setattr(record, name, dates.get(screening))
    record.save()
    return record


def create_round(organisation: Organisation, title: str, candidates: int | None) -> CandidateRound:
    if not title.strip():
        raise ValidationError(
            {"title": _("Geef de ronde een naam, bijvoorbeeld ‘Collegevorming 2026’.")}
        )
    return CandidateRound.objects.create(
        organisation=organisation, title=title.strip(), candidates=candidates
    )


@transaction.atomic
def save_steps(round_: CandidateRound, steps: Mapping[str, StepInput]) -> None:
    """Record per checklist step when it was taken and by which role (no outcomes)."""
    rules = rules_for(None)
    known = {s["id"] for s in rules.checklist["steps"]}
    errors: dict[str, str] = {}
    for step_id, value in steps.items():
        if step_id not in known:
            raise ValidationError(_("Onbekende stap."))
        if value.done_by and value.done_by not in rules.performers:
            errors[f"{step_id}-done_by"] = _("Kies een rol uit de lijst.")
        _not_in_future(errors, f"{step_id}-done_on", value.done_on)
        if value.done_on and value.not_applicable:
            errors[f"{step_id}-not_applicable"] = _("Een stap met een datum is wel van toepassing.")
    if errors:
        raise ValidationError(errors)
    for step_id, value in steps.items():
        if value.done_on is None and not value.done_by and not value.not_applicable:
            CandidateStep.objects.filter(round=round_, step_id=step_id).delete()
            continue
        CandidateStep.objects.update_or_create(
            round=round_,
            step_id=step_id,
            defaults={
                "done_on": value.done_on,
                "done_by": value.done_by,
                "not_applicable": value.not_applicable,
            },
        )
