"""What other apps read of the field work: sources per norm and the conversation partners.

Interview notes never leave this app: :func:`interviews_for_norm` and
:func:`conversation_partners` give who (by function), what kind and when, and the URL of the
session's page, where the notes are shown to those who need to know only.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, TypedDict

from django.db.models import QuerySet
from django.urls import reverse

from .models import FieldDocument, InterviewSession

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan


class DocumentSource(TypedDict):
    title: str
    kind_label: str  # the kind's library name in the active language, e.g. "VPT-protocol"
    received_on: datetime.date | None  # None: requested, not (yet) received
    owner: str  # owning department or function, never a person's name
    url: str  # the document's page in fieldwork


class InterviewSource(TypedDict):
    function: str  # who by function (e.g. "Teamleider Vergunningen")
    kind_label: str  # "Interview" / "Groepsgesprek"
    held_on: datetime.date | None
    url: str  # the session's page (notes behind need-to-know)


def _document_source(document: FieldDocument, org_slug: str) -> DocumentSource:
    return {
        "title": document.title,
        "kind_label": document.kind_label,
        "received_on": document.received_on,
        "owner": document.owner,
        "url": reverse(
            "fieldwork:document",
            kwargs={"org": org_slug, "fielddocument_id": document.pk},
        ),
    }


def _interview_sources(session: InterviewSession, org_slug: str) -> list[InterviewSource]:
    url = reverse(
        "fieldwork:session",
        kwargs={"org": org_slug, "interviewsession_id": session.pk},
    )
    kind_label = str(session.get_kind_display())
    return [
        {"function": function, "kind_label": kind_label, "held_on": session.held_on, "url": url}
        for function in session.function_list
    ]


def _scan_documents(scan: Scan) -> QuerySet[FieldDocument]:
    # The scan itself on each document: its kind's label is read from the scan's library.
    return FieldDocument.objects.filter(scan=scan).select_related(
        "scan__library_version", "scan__organisation"
    )


def documents(scan: Scan) -> list[FieldDocument]:
    return list(_scan_documents(scan))


def documents_for_norm(scan: Scan, norm_id: str) -> list[DocumentSource]:
    """The documents of ``scan`` (requested or received) that address ``norm_id``."""
    slug = scan.organisation.slug
    return [
        _document_source(d, slug) for d in _scan_documents(scan) if norm_id in (d.norm_ids or [])
    ]


def interviews_for_norm(scan: Scan, norm_id: str) -> list[InterviewSource]:
    """The held sessions of ``scan`` with a note on ``norm_id``, one row per function.

    No note text: the notes stay behind the session page's need-to-know check.
    """
    slug = scan.organisation.slug
    sessions = (
        InterviewSession.objects.filter(scan=scan, held_on__isnull=False)
        .prefetch_related("notes")
        .order_by("held_on", "pk")
    )
    out: list[InterviewSource] = []
    for session in sessions:
        if any(norm_id in (note.norm_ids or []) for note in session.notes.all()):
            out.extend(_interview_sources(session, slug))
    return out


def conversation_partners(scan: Scan) -> list[InterviewSource]:
    """Every held session of ``scan``, one row per function (the 'gesprekspartners')."""
    slug = scan.organisation.slug
    sessions = InterviewSession.objects.filter(scan=scan, held_on__isnull=False).order_by(
        "held_on", "pk"
    )
    out: list[InterviewSource] = []
    for session in sessions:
        out.extend(_interview_sources(session, slug))
    return out
