"""Creating scans and moving them through their phases."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from weerbaar.core.locking import claim_version
from weerbaar.library.models import LibraryVersion

from .models import STATUS_ORDER, Scan, ScanKind, ScanMember


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
