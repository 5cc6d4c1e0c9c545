"""Writing, reviewing and adopting good practices; the region's support directory.

Every function checks who may do it (``PermissionDenied``) and reports bad input as a
``ValidationError`` with Dutch messages per field, so the page can show them next to what
the user typed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weerbaar.actions import services as action_services
from weerbaar.actions.models import Action
from weerbaar.core.uploads import check_upload, delete_file_on_commit
from weerbaar.library.framework import framework_for
from weerbaar.library.loader import require_current_version
from weerbaar.library.models import LibraryVersion
from weerbaar.organisations.models import Organisation
from weerbaar.organisations.permissions import RIEC, has_permission, roles_for
from weerbaar.scans.selectors import latest_scan

from .models import (
    DOCUMENT_KINDS,
    Practice,
    PracticeAdoption,
    PracticeDocument,
    PracticeStatus,
    SupportLink,
)
from .selectors import AUTHOR, REVIEW, can_adopt, can_edit, can_review, can_withdraw


@dataclass
class PracticeData:
    """What an author writes; ids refer to the practice's library version."""

    kind: str
    title: str
    summary: str
    description: str = ""
    norm_ids: list[str] | None = None
    process_ids: list[str] | None = None
    measure_ids: list[str] | None = None


def _validate(practice: Practice, data: PracticeData) -> None:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("Geef de praktijk een titel.")]
    if not data.summary.strip():
        errors["summary"] = [_("Vat de praktijk in een paar zinnen samen.")]
    fw = framework_for(practice.library_version)
    for name, ids, index in (
        ("norm_ids", data.norm_ids, fw.norm_index),
        ("process_ids", data.process_ids, fw.process_index),
        ("measure_ids", data.measure_ids, fw.measure_index),
    ):
        unknown = [i for i in ids or [] if i not in index]
        if unknown:
            errors[name] = [
                _("Onbekend in het referentiekader: %(ids)s.") % {"ids": ", ".join(unknown)}
            ]
    if errors:
        raise ValidationError(errors)


def _apply(practice: Practice, data: PracticeData) -> None:
    practice.kind = data.kind
    practice.title = data.title.strip()[:200]
    practice.summary = data.summary.strip()
    practice.description = data.description.strip()
    practice.norm_ids = list(data.norm_ids or [])
    practice.process_ids = list(data.process_ids or [])
    practice.measure_ids = list(data.measure_ids or [])


def create_practice(
    organisation: Organisation,
    data: PracticeData,
    *,
    user,
    is_example: bool = False,
    library_version: LibraryVersion | None = None,
) -> Practice:
    """A concept practice of ``organisation``, against the current library version."""
    if not has_permission(user, organisation, AUTHOR):
        raise PermissionDenied
    practice = Practice(
        organisation=organisation,
        region=organisation.region,
        by_riec=RIEC in roles_for(user, organisation),
        is_example=is_example,
        library_version=library_version or require_current_version(),
        created_by=user,
    )
    _validate(practice, data)
    _apply(practice, data)
    practice.save()
    return practice


def update_practice(practice: Practice, data: PracticeData, *, user) -> Practice:
    """Change a concept or a rejected practice; a rejected practice becomes a concept again."""
    if not can_edit(user, practice):
        raise PermissionDenied
    _validate(practice, data)
    _apply(practice, data)
    if practice.status == PracticeStatus.REJECTED:
        practice.status = PracticeStatus.CONCEPT
    practice.save()
    return practice


def submit_practice(practice: Practice, *, user, now: datetime.datetime | None = None) -> None:
    """Offer the practice to the RIEC of the region for review."""
    if not can_edit(user, practice):
        raise PermissionDenied
    if practice.region_id is None:
        raise ValidationError(
            _(
                "Uw organisatie hoort (nog) niet bij een RIEC-regio; er is niemand die de "
                "praktijk kan beoordelen. Vraag de beheerder de regio in te stellen."
            )
        )
    practice.status = PracticeStatus.SUBMITTED
    practice.submitted_at = now or timezone.now()
    practice.rejection_reason = ""
    practice.save()


def review_practice(
    practice: Practice,
    *,
    publish: bool,
    reason: str = "",
    user,
    now: datetime.datetime | None = None,
) -> None:
    """Publish a submitted practice, or reject it with a reason the authors read."""
    if not can_review(user, practice):
        raise PermissionDenied
    now = now or timezone.now()
    if publish:
        practice.status = PracticeStatus.PUBLISHED
        practice.published_at = now
        practice.rejection_reason = ""
    else:
        if not reason.strip():
            raise ValidationError(
                {"reason": [_("Geef een reden, zodat de indieners weten wat er moet veranderen.")]}
            )
        practice.status = PracticeStatus.REJECTED
        practice.rejection_reason = reason.strip()
    practice.reviewed_by = user
    practice.reviewed_at = now
    practice.save()


def withdraw_practice(practice: Practice, *, user) -> None:
    """Take a submitted or published practice back to concept (authors or the RIEC)."""
    if not can_withdraw(user, practice, practice.organisation):
        raise PermissionDenied
    practice.status = PracticeStatus.CONCEPT
    practice.published_at = None
    practice.save()


# ----------------------------------------------------------------------------- documents


def add_document(practice: Practice, upload: IO[bytes], *, title: str, user) -> PracticeDocument:
    """Store a document with an editable practice, checked by content (never HTML)."""
    if not can_edit(user, practice):
        raise PermissionDenied
    if not title.strip():
        raise ValidationError({"title": [_("Geef het document een titel.")]})
    try:
        kind = check_upload(upload, DOCUMENT_KINDS)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    document = PracticeDocument(
        practice=practice, title=title.strip()[:200], file_type=kind, size=size, uploaded_by=user
    )
    document.file.save("upload", upload if isinstance(upload, File) else File(upload), save=False)
    document.save()
    return document


def delete_document(document: PracticeDocument, *, user) -> None:
    if not can_edit(user, document.practice):
        raise PermissionDenied
    file = document.file
    document.delete()
    delete_file_on_commit(file)


# ----------------------------------------------------------------------------- adoption


def adoption_of(practice: Practice, organisation: Organisation) -> PracticeAdoption | None:
    return (
        PracticeAdoption.objects.filter(practice=practice, organisation=organisation)
        .select_related("action")
        .first()
    )


def adopt_practice(
    practice: Practice,
    organisation: Organisation,
    *,
    user,
    now: datetime.datetime | None = None,
) -> Action:
    """Copy a published practice into ``organisation``'s action plan as one action.

    The action belongs to the organisation's newest scan and links to the library items of
    the practice that scan's library version knows (dimensions follow from the norms).
    """
    if not can_adopt(user, practice, organisation):
        raise PermissionDenied
    existing = adoption_of(practice, organisation)
    if existing is not None:
        raise ValidationError(
            _("Deze praktijk staat al in het plan van aanpak: „%(title)s”.")
            % {"title": existing.action.title}
        )
    scan = latest_scan(organisation)
    if scan is None:
        raise ValidationError(
            _("Uw organisatie heeft nog geen scan; een plan van aanpak hoort bij een scan.")
        )
    now = now or timezone.now()
    fw = scan.framework
    dimension_ids: list[str] = []
    for norm_id in practice.norm_ids:
        norm = fw.norm_index.get(norm_id)
        if norm is not None:
            target = norm["subelement"] or norm["dimension"]
            if target not in dimension_ids:
                dimension_ids.append(target)
    measures = [m for m in practice.measure_ids if m in fw.measure_index]
    description = _("Overgenomen uit de praktijkbibliotheek: „%(title)s”.") % {
        "title": practice.title
    }
    with transaction.atomic():
        action = action_services.create_action(
            scan=scan,
            title=practice.title,
            description=f"{practice.summary}\n\n{description}",
            dimension_ids=dimension_ids,
            library_process_ids=[p for p in practice.process_ids if p in fw.process_index],
            measure_id=measures[0] if measures else "",
            due_date=action_services.default_due_date(now),
            created_by=user,
            now=now,
        )
        PracticeAdoption.objects.create(
            practice=practice, organisation=organisation, action=action, adopted_by=user
        )
    return action


# ----------------------------------------------------------------------------- support


@dataclass
class SupportData:
    kind: str
    title: str
    url: str = ""
    email: str = ""
    phone: str = ""
    description: str = ""


def save_support_link(
    organisation: Organisation, data: SupportData, *, user, link: SupportLink | None = None
) -> SupportLink:
    """Add or change an entry of the directory of ``organisation``'s region (RIEC only)."""
    if organisation.region_id is None or not has_permission(user, organisation, REVIEW):
        raise PermissionDenied
    if link is not None and link.region_id != organisation.region_id:
        raise PermissionDenied
    if not data.title.strip():
        raise ValidationError({"title": [_("Geef een titel.")]})
    if not (data.url or data.email or data.phone):
        raise ValidationError(
            {"url": [_("Geef ten minste een adres (URL), e-mailadres of telefoonnummer.")]}
        )
    link = link or SupportLink(region_id=organisation.region_id)
    for name in ("kind", "url", "email", "phone"):
        setattr(link, name, getattr(data, name).strip())
    link.title = data.title.strip()[:200]
    link.description = data.description.strip()
    link.save()
    return link


def delete_support_link(organisation: Organisation, link: SupportLink, *, user) -> None:
    if (
        organisation.region_id is None
        or link.region_id != organisation.region_id
        or not has_permission(user, organisation, REVIEW)
    ):
        raise PermissionDenied
    link.delete()
