"""Starting a herhaalmeting (repeat scan) from a previous scan.

* the registers are carried over by the registers app itself (its ``carry_forward`` runs when
  a scan is created with ``previous_scan``; called here again, it is a no-op once done);
* the self-assessment verdicts are carried over for review: every item is copied with its
  status and finding, and its evidence text is prefixed with a note that it comes from the
  previous scan, so the coordinator reviews rather than starts from scratch (the assessment
  app has no copy service yet: implemented here on its models);
* the questionnaires are reused: one draft survey per questionnaire of the previous scan.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from weerbaar.scans.services import create_scan

CARRIED_NOTE = "[Overgenomen uit de vorige scan; nog te herbeoordelen]"


@dataclass
class RepeatResult:
    scan: object
    registers: dict = field(default_factory=dict)
    assessment_items: int = 0
    surveys: int = 0


def carry_over_assessment(previous_scan, new_scan) -> int:
    """Copy the self-assessment verdicts into an empty assessment of ``new_scan``."""
    try:
        from weerbaar.assessment import services as assessment_services
    except ImportError:  # pragma: no cover
        return 0
    for name in ("carry_forward", "copy_assessment", "carry_over"):
        copier = getattr(assessment_services, name, None)
        if callable(copier):
            result = copier(previous_scan, new_scan)
            return result if isinstance(result, int) else new_scan.assessment_items.count()
    from weerbaar.assessment.models import AssessmentItem

    if new_scan.assessment_items.exists():
        return 0
    known = {n["id"] for n in new_scan.framework.norms} | {
        i["id"] for i in new_scan.framework.pillar_items
    }
    copies = []
    for item in previous_scan.assessment_items.all():
        if item.item_id not in known:
            continue
        evidence = item.evidence_text
        if CARRIED_NOTE not in evidence:
            evidence = f"{CARRIED_NOTE}\n{evidence}".strip()
        copies.append(
            AssessmentItem(
                scan=new_scan,
                kind=item.kind,
                item_id=item.item_id,
                status=item.status,
                finding=item.finding,
                evidence_text=evidence,
            )
        )
    for copy in copies:  # one by one: every copy is audited
        copy.save()
    return len(copies)


def reuse_questionnaires(previous_scan, new_scan) -> int:
    """A draft survey for each questionnaire used in the previous scan."""
    from weerbaar.surveys.services import create_survey

    if new_scan.surveys.exists():
        return 0
    count = 0
    seen = set()
    for survey in previous_scan.surveys.select_related("questionnaire").order_by("pk"):
        if survey.questionnaire_id in seen:
            continue
        seen.add(survey.questionnaire_id)
        try:
            create_survey(
                scan=new_scan,
                questionnaire=survey.questionnaire,
                mode=survey.mode,
                title=survey.title,
            )
        except ValidationError:
            continue  # e.g. a questionnaire that no longer validates: left to the coordinator
        count += 1
    return count


def start_repeat_scan(
    previous_scan,
    *,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    library_version=None,
    user=None,
    description: str = "",
) -> RepeatResult:
    """Create a herhaalmeting after ``previous_scan`` with everything carried over."""
    if not title.strip():
        raise ValidationError({"title": [_("Geef de herhaalmeting een titel.")]})
    if period_start <= previous_scan.period_start:
        raise ValidationError(
            {"period_start": [_("Een herhaalmeting begint na het begin van de vorige scan.")]}
        )
    with transaction.atomic():
        scan = create_scan(
            organisation=previous_scan.organisation,
            title=title.strip(),
            library_version=library_version or previous_scan.library_version,
            period_start=period_start,
            period_end=period_end,
            created_by=user if getattr(user, "is_authenticated", False) else None,
            previous_scan=previous_scan,
            description=description,
        )
        registers = {}
        try:
            from weerbaar.registers.services import carry_forward

            registers = carry_forward(previous_scan, scan)
        except ImportError:  # pragma: no cover
            pass
        registers = {
            "processes": scan.process_entries.count() if hasattr(scan, "process_entries") else 0,
            "functions": scan.function_entries.count() if hasattr(scan, "function_entries") else 0,
        }
        items = carry_over_assessment(previous_scan, scan)
        surveys = reuse_questionnaires(previous_scan, scan)
    return RepeatResult(scan=scan, registers=registers, assessment_items=items, surveys=surveys)
