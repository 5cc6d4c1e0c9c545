"""The history of an organisation's members, roles and settings, read from the audit log.

The audit app sits above this one: its events are read through the relation it puts on
:class:`~weerbaar.organisations.models.Organisation` (``audit_events``), never by importing it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from . import notifications
from .models import Organisation, RequestStatus

MEMBERSHIP = "organisations.Membership"
REQUEST = "organisations.MembershipRequest"
ORGANISATION = "organisations.Organisation"
DEPARTMENT = "organisations.Department"
GOVERNANCE_TYPES = [MEMBERSHIP, REQUEST, ORGANISATION, DEPARTMENT]
CREATE, DELETE = "create", "delete"  # the audit log's actions


@dataclass(frozen=True)
class HistoryLine:
    timestamp: datetime.datetime
    actor: str
    summary: str


def governance_history(organisation: Organisation, limit: int = 200) -> list[HistoryLine]:
    """Changes to the organisation's memberships, requests, settings and departments."""
    events = list(
        organisation.audit_events.filter(object_type__in=GOVERNANCE_TYPES).order_by(
            "-timestamp", "-id"
        )[:limit]
    )
    user_ids = {
        (e.after or e.before or {}).get("user") for e in events if e.object_type == MEMBERSHIP
    }
    emails = dict(
        get_user_model()
        .objects.filter(pk__in=[i for i in user_ids if i])
        .values_list("pk", "email")
    )
    return [
        HistoryLine(timestamp=e.timestamp, actor=e.actor_label, summary=_summary(e, emails))
        for e in events
    ]


def _summary(event: Any, emails: dict[Any, str]) -> str:
    data = event.after or event.before or {}
    action = event.action
    if event.object_type == MEMBERSHIP:
        details = {"email": emails.get(data.get("user"), event.object_repr), "role": data["role"]}
        if action == DELETE:
            return notifications.describe_removal(**details)
        return notifications.describe_grant(**details)
    if event.object_type == REQUEST:
        details = {"email": data.get("email", ""), "role": data.get("role", "")}
        status = data.get("status")
        if action == CREATE:
            return notifications.describe_request(**details)
        if status == RequestStatus.CONFIRMED:
            return notifications.describe_confirmed(**details)
        if status == RequestStatus.REJECTED:
            return notifications.describe_rejected(**details)
        return _("Verzoek gewijzigd: %(what)s") % {"what": event.object_repr}
    if event.object_type == DEPARTMENT:
        name = data.get("name", event.object_repr)
        if action == CREATE:
            return _("Afdeling %(name)s toegevoegd.") % {"name": name}
        if action == DELETE:
            return _("Afdeling %(name)s verwijderd.") % {"name": name}
        return _("Afdeling %(name)s gewijzigd.") % {"name": name}
    if action == CREATE:
        return _("Organisatie %(name)s aangemaakt.") % {"name": data.get("name", "")}
    before, after = event.before or {}, event.after or {}
    return notifications.describe_settings(
        fields=[_field_label(f) for f in event.changed_fields()],
        k_before=before.get("min_cell_size"),
        k_after=after.get("min_cell_size"),
    )


def _field_label(name: str) -> str:
    try:
        field = Organisation._meta.get_field(name)
    except FieldDoesNotExist:  # a field that no longer exists: its name says enough
        return name
    return str(getattr(field, "verbose_name", name))
