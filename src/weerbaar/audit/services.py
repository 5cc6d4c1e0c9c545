"""Recording reads of sensitive data.

Changes are recorded by the signals in :mod:`weerbaar.audit.signals`; reads are recorded
by the views that show or hand out sensitive data (raw and research exports, evidence
documents, draft reports, survey results), each with one call to :func:`record_read`.

Respondents are never recorded: they are anonymous and never logged in, and
:func:`record_read` refuses a request without a logged-in user.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import HttpRequest

from weerbaar.core.scoping import organisation_of
from weerbaar.organisations.models import Organisation

from .models import AuditEvent


class AnonymousReadError(Exception):
    """A read was to be recorded for a request without a logged-in user."""


def record_read(
    request: HttpRequest,
    target: models.Model,
    what: str,
    detail: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Record that the request's user read ``what`` of ``target`` (e.g. ``"survey_export"``).

    ``target`` is the object read (a survey, an evidence document, a report) or the
    organisation itself; the event is filed under the organisation it belongs to.
    ``detail`` (JSON data, no personal data of others) says more: the export kind, format.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        raise AnonymousReadError("Reads are recorded for logged-in users only.")
    try:
        organisation = organisation_of(target)
    except ObjectDoesNotExist:
        organisation = None
    if not isinstance(organisation, Organisation):
        organisation = None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=str(user.email),
        organisation=organisation,
        organisation_name=organisation.name if organisation is not None else "",
        object_type=target._meta.label,
        object_id=str(target.pk),
        object_repr=str(target)[:255],
        action=AuditEvent.Action.READ,
        before=None,
        after={"what": what, **dict(detail or {})},
    )
