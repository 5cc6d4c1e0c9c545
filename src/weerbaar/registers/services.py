"""Changing the registers: saving entries with their scores and controls, carrying forward.

Every write goes through the models, so the audit signals record it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from weerbaar.core.locking import bump_version, claim_version

from .method import method_for_scan
from .models import ControlMeasure, ControlState, CriterionScore, FunctionEntry, ProcessEntry

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan


@dataclass(frozen=True)
class CriterionInput:
    """A criterion score as entered: ``score`` None means 'not scored yet'."""

    criterion_id: str
    score: int | None
    rationale: str = ""


@dataclass(frozen=True)
class ControlInput:
    """A control as entered: ``state`` None means 'not recorded' (the row is removed)."""

    control_type: str
    state: str | None
    description: str = ""
    measure_id: str = ""


def next_position(queryset: QuerySet[ProcessEntry] | QuerySet[FunctionEntry]) -> int:
    return (queryset.aggregate(m=Max("position"))["m"] or 0) + 1


def check_library_process(scan: Scan, library_process_id: str) -> None:
    if library_process_id and library_process_id not in scan.framework.process_index:
        raise ValidationError(
            {
                "library_process_id": _(
                    "Het proces ‘%(id)s’ komt niet voor in de bibliotheek van deze scan."
                )
                % {"id": library_process_id}
            }
        )


@transaction.atomic
def save_process_entry(
    entry: ProcessEntry,
    criteria: Iterable[CriterionInput] = (),
    controls: Iterable[ControlInput] = (),
    *,
    expected_version: int | None = None,
) -> ProcessEntry:
    """Save a process entry with its criterion scores and controls (all or nothing).

    Raises :class:`~weerbaar.core.locking.ConflictError` when the entry was saved by someone
    else after ``expected_version`` (nothing is saved then).
    """
    claim_version(entry, expected_version)
    check_library_process(entry.scan, entry.library_process_id)
    if not entry.library_process_id and not entry.own_name.strip():
        raise ValidationError(
            {"own_name": _("Kies een proces uit de bibliotheek of geef een eigen naam.")}
        )
    criteria = list(criteria)
    controls = list(controls)
    known_criteria = {c["id"] for c in entry.scan.framework.criteria}
    unknown = sorted({c.criterion_id for c in criteria} - known_criteria)
    if unknown:
        raise ValidationError(_("Onbekend criterium: %(ids)s.") % {"ids": ", ".join(unknown)})
    known_controls = set(method_for_scan(entry.scan).process_controls)
    unknown = sorted({c.control_type for c in controls} - known_controls)
    if unknown:
        raise ValidationError(
            _("Onbekende soort beheersmaatregel: %(types)s.") % {"types": ", ".join(unknown)}
        )
    if any(c.score is not None and not 0 <= int(c.score) <= 3 for c in criteria):
        raise ValidationError(_("Een score ligt tussen 0 en 3."))
    if any(c.state is not None and c.state not in ControlState.values for c in controls):
        raise ValidationError(_("Onbekende stand van een beheersmaatregel."))
    if entry.pk is None and not entry.position:
        entry.position = next_position(entry.scan.process_entries.all())
    entry.full_clean(exclude=["scan", "copied_from"])
    entry.save()
    existing = {cs.criterion_id: cs for cs in entry.criterion_scores.all()}
    for item in criteria:
        current = existing.get(item.criterion_id)
        if item.score is None:
            if current is not None:
                current.delete()
            continue
        if not 0 <= int(item.score) <= 3:
            raise ValidationError(_("Een score ligt tussen 0 en 3."))
        if current is None:
            CriterionScore.objects.create(
                process=entry,
                criterion_id=item.criterion_id,
                score=item.score,
                rationale=item.rationale,
            )
        elif current.score != item.score or current.rationale != item.rationale:
            current.score = item.score
            current.rationale = item.rationale
            current.save()
    existing_controls: dict[str, list[ControlMeasure]] = {}
    for c in entry.controls.all():
        existing_controls.setdefault(c.control_type, []).append(c)
    for control in controls:
        rows = existing_controls.pop(control.control_type, [])
        if control.state is None:
            for row in rows:
                row.delete()
            continue
        if control.state not in ControlState.values:
            raise ValidationError(_("Onbekende stand van een beheersmaatregel."))
        row = rows[0] if rows else ControlMeasure(process=entry, control_type=control.control_type)
        for extra in rows[1:]:
            extra.delete()
        if (
            row.pk is None
            or row.state != control.state
            or row.description != control.description
            or row.measure_id != control.measure_id
        ):
            row.state = control.state
            row.description = control.description
            row.measure_id = control.measure_id
            row.save()
    return entry


@transaction.atomic
def set_criterion_scores(entry: ProcessEntry, scores: Mapping[str, int | None]) -> int:
    """Set some criterion scores of a process, keeping their rationales. Returns changes."""
    known = {c["id"] for c in entry.scan.framework.criteria}
    unknown = sorted(set(scores) - known)
    if unknown:
        raise ValidationError(_("Onbekend criterium: %(ids)s.") % {"ids": ", ".join(unknown)})
    if any(v is not None and not 0 <= int(v) <= 3 for v in scores.values()):
        raise ValidationError(_("Een score ligt tussen 0 en 3."))
    existing = {cs.criterion_id: cs for cs in entry.criterion_scores.all()}
    changed = 0
    for criterion_id, score in scores.items():
        current = existing.get(criterion_id)
        if score is None:
            if current is not None:
                current.delete()
                changed += 1
            continue
        if current is None:
            CriterionScore.objects.create(process=entry, criterion_id=criterion_id, score=score)
            changed += 1
        elif current.score != score:
            current.score = score
            current.save()
            changed += 1
    if changed:
        bump_version(entry)  # the scores are part of the entry's edit form
    return changed


@transaction.atomic
def save_function_entry(
    entry: FunctionEntry, *, expected_version: int | None = None
) -> FunctionEntry:
    """Save a function entry; :class:`~weerbaar.core.locking.ConflictError` when outdated."""
    claim_version(entry, expected_version)
    if entry.pk is None and not entry.position:
        entry.position = next_position(entry.scan.function_entries.all())
    entry.full_clean(exclude=["scan", "copied_from"])
    entry.save()
    return entry


def delete_entry(entry: ProcessEntry | FunctionEntry) -> None:
    entry.delete()


@transaction.atomic
def add_seed_processes(scan: Scan) -> list[ProcessEntry]:
    """Add the library's seed vulnerable processes that are not in the register yet."""
    present = set(scan.process_entries.values_list("library_process_id", flat=True))
    added = []
    for process in scan.framework.processes:
        if process.get("seed_vulnerable") and process["id"] not in present:
            added.append(
                save_process_entry(ProcessEntry(scan=scan, library_process_id=process["id"]))
            )
    return added


class CarriedRegisters(TypedDict):
    """How many register entries :func:`carry_forward` copied."""

    processes: int
    functions: int


@transaction.atomic
def carry_forward(previous_scan: Scan, new_scan: Scan) -> CarriedRegisters:
    """Copy the registers of ``previous_scan`` into ``new_scan`` (once: only into empty ones).

    Each copy points at its original (``copied_from``) so changes between scans can be shown.
    Called by the repeat-scan service (``weerbaar.actions.repeat.start_repeat_scan``); creating
    a scan with a ``previous_scan`` does not copy anything by itself.
    """
    counts: CarriedRegisters = {"processes": 0, "functions": 0}
    if previous_scan.organisation_id != new_scan.organisation_id:
        raise ValidationError(_("De vorige scan hoort bij een andere organisatie."))
    if not new_scan.process_entries.exists():
        for old in previous_scan.process_entries.prefetch_related("criterion_scores", "controls"):
            copy = ProcessEntry.objects.get(pk=old.pk)
            copy.pk = None
            copy.id = None
            copy._state.adding = True
            copy.scan = new_scan
            copy.copied_from = old
            copy.save()
            for cs in old.criterion_scores.all():
                CriterionScore.objects.create(
                    process=copy,
                    criterion_id=cs.criterion_id,
                    score=cs.score,
                    rationale=cs.rationale,
                )
            for c in old.controls.all():
                ControlMeasure.objects.create(
                    process=copy,
                    control_type=c.control_type,
                    state=c.state,
                    description=c.description,
                    measure_id=c.measure_id,
                )
            counts["processes"] += 1
    if not new_scan.function_entries.exists():
        for old_function in previous_scan.function_entries.all():
            function_copy = FunctionEntry.objects.get(pk=old_function.pk)
            function_copy.pk = None
            function_copy.id = None
            function_copy._state.adding = True
            function_copy.scan = new_scan
            function_copy.copied_from = old_function
            function_copy.save()
            counts["functions"] += 1
    return counts
