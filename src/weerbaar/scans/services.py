"""Creating, changing and removing scans, and moving them through their phases."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from weerbaar.core.locking import claim_version
from weerbaar.library.models import LibraryVersion

from .models import STATUS_ORDER, Scan, ScanKind, ScanMember
from .removal import HeldData, describe, held_data


def create_scan(
    *,
    organisation,
    title: str,
    library_version: LibraryVersion,
    period_start: datetime.date,
    period_end: datetime.date,
    created_by=None,
    previous_scan: Scan | None = None,
    description: str = "",
) -> Scan:
    if period_end < period_start:
        raise ValidationError({"period_end": _("Het einde van de periode ligt voor het begin.")})
    if previous_scan is not None and previous_scan.organisation_id != organisation.pk:
        raise ValidationError(
            {"previous_scan": _("De vorige scan hoort bij een andere organisatie.")}
        )
    with transaction.atomic():
        scan = Scan.objects.create(
            organisation=organisation,
            title=title,
            kind=ScanKind.REPEAT if previous_scan else ScanKind.BASELINE,
            library_version=library_version,
            previous_scan=previous_scan,
            period_start=period_start,
            period_end=period_end,
            created_by=created_by,
            description=description,
        )
        if created_by is not None:
            ScanMember.objects.create(scan=scan, user=created_by, task=ScanMember.Task.COORDINATOR)
    return scan


def allowed_transitions(scan: Scan) -> list[str]:
    """A scan moves one phase forward, or one phase back to correct a mistake."""
    i = STATUS_ORDER.index(scan.status)
    return [s for j, s in enumerate(STATUS_ORDER) if abs(j - i) == 1]


def change_status(scan: Scan, new_status: str, *, expected_version: int | None = None) -> Scan:
    """Move the scan to ``new_status``; :class:`~weerbaar.core.locking.ConflictError` when
    someone else changed the scan after ``expected_version`` (a choice on an outdated page)."""
    with transaction.atomic():
        claim_version(scan, expected_version)
        if new_status not in STATUS_ORDER:
            raise ValidationError({"status": _("Onbekende status.")})
        if new_status not in allowed_transitions(scan):
            raise ValidationError(
                {"status": _("Een scan gaat één fase vooruit of één fase terug.")}
            )
        scan.status = new_status
        scan.save(update_fields=["status", "updated_at"])
    return scan


#: Rows that only describe the scan itself; they go with it and do not block removal.
SCAN_OWN_ROWS = frozenset({"scans.ScanMember"})


def update_scan(
    scan: Scan,
    *,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    description: str = "",
    expected_version: int | None = None,
) -> Scan:
    """Change the title, period and description of ``scan`` (audited; optimistic locking)."""
    if period_end < period_start:
        raise ValidationError({"period_end": _("Het einde van de periode ligt voor het begin.")})
    with transaction.atomic():
        claim_version(scan, expected_version)
        scan.title = title
        scan.period_start = period_start
        scan.period_end = period_end
        scan.description = description
        scan.save()
    return scan


def scan_data(scan: Scan) -> list[HeldData]:
    """What ``scan`` holds besides its own description (empty: it can be removed)."""
    return held_data(scan, SCAN_OWN_ROWS)


def remove_scan(scan: Scan, *, expected_version: int | None = None) -> None:
    """Remove ``scan`` while it holds no data (audited); a clear refusal otherwise."""
    with transaction.atomic():
        claim_version(scan, expected_version)
        found = scan_data(scan)
        if found:
            raise ValidationError(
                _(
                    "Deze scan bevat al gegevens (%(data)s) en kan daarom niet worden "
                    "verwijderd. Alleen een scan zonder gegevens kan weg."
                )
                % {"data": describe(found)}
            )
        for member in scan.members.all():
            member.delete()  # one by one, so each removal is audited
        scan.delete()
