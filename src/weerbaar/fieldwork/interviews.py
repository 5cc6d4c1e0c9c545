"""Interviews and group sessions: planned and held, with confidential notes coded to norms.

Every read of the notes is recorded (:func:`weerbaar.audit.services.record_read`); the notes
never leave this app: no export, no API, no regional view reads them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from weerbaar.audit.services import record_read
from weerbaar.core.locking import claim_version
from weerbaar.organisations.models import Role
from weerbaar.organisations.permissions import roles_for

from .access import may_read_notes, may_write_notes
from .models import InterviewNote, InterviewSession
from .norms import check_norm_ids


@transaction.atomic
def save_session(
    session: InterviewSession,
    *,
    by: Any = None,
    interviewers: Iterable[Any] | None = None,
    expected_version: int | None = None,
) -> InterviewSession:
    """Save a session with its interviewers (``None``: unchanged); a new one gets ``by`` too.

    Interviewers are the organisation's scancoördinatoren: they alone write the notes.
    """
    if not session.function_list:
        raise ValidationError(
            {"functions": _("Noem ten minste één gesprekspartner, met de functie (geen naam).")}
        )
    if session.held_on and session.planned_on and session.held_on < session.planned_on:
        raise ValidationError(
            {"held_on": _("De gespreksdatum ligt vóór de geplande datum; pas een van beide aan.")}
        )
    adding = session.pk is None
    chosen = list(interviewers) if interviewers is not None else None
    if chosen is not None:
        organisation = session.scan.organisation
        if any(Role.COORDINATOR not in roles_for(u, organisation) for u in chosen):
            raise ValidationError(
                {
                    "interviewers": _(
                        "Alleen scancoördinatoren van de organisatie voeren gesprekken."
                    )
                }
            )
    claim_version(session, expected_version)
    session.save()
    if chosen is not None:
        session.interviewers.set(chosen)
    if adding and by is not None and Role.COORDINATOR in roles_for(by, session.scan.organisation):
        session.interviewers.add(by)
    return session


def add_note(
    session: InterviewSession,
    *,
    by: Any,
    text: str,
    norm_ids: list[str],
    is_quote: bool = False,
    anonymised: bool = False,
) -> InterviewNote:
    """Add a note against the norms it touches; only the session's interviewers write notes."""
    if not may_write_notes(by, session):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = _("Schrijf de aantekening.")
    if is_quote and not anonymised:
        errors["anonymised"] = _(
            "Een citaat wordt alleen bewaard als het geanonimiseerd is: haal namen en "
            "herleidbare details weg en vink dan ‘geanonimiseerd’ aan."
        )
    if errors:
        raise ValidationError(errors)
    ids = check_norm_ids(session.scan, norm_ids)
    if not ids:
        raise ValidationError(
            {"norm_ids": _("Kies ten minste één norm waar de aantekening over gaat.")}
        )
    return InterviewNote.objects.create(
        session=session,
        text=text.strip(),
        norm_ids=ids,
        is_quote=is_quote,
        anonymised=anonymised,
        created_by=by,
    )


def read_notes(request: HttpRequest, session: InterviewSession) -> list[InterviewNote]:
    """The session's notes for a reader who needs to know; the read is recorded."""
    if not may_read_notes(request.user, session):
        raise PermissionDenied
    notes = list(session.notes.all())
    record_read(request, session, "interview_notes", {"notes": len(notes)})
    return notes
