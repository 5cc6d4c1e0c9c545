"""Record every change to models that declare ``audited = True``.

Scan data (scans, registers, assessments, reports, actions) is audited through these
signals, so no code path can change it without a trace. Survey responses are deliberately
not audited: an audit trail with actor and time would undo respondent anonymity.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import hmac
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.forms.models import model_to_dict

from weerbaar.core.scoping import organisation_of
from weerbaar.organisations.models import Organisation

from .context import current_actor, current_label
from .models import AuditEvent

_SKIP_FIELDS = {"lock_version"}
_BEFORE = "_audit_before"  # instance attribute: the snapshot as last read or saved


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The instance's field values as JSON (foreign keys by id, files by name).

    Fields a model names in ``audit_redacted`` (confidential text such as interview notes)
    are kept only as a keyed fingerprint: the log shows that they changed, never what they
    say, and the append-only log cannot be cleaned afterwards.
    """
    data = model_to_dict(instance)
    for f in instance._meta.concrete_fields:
        if not f.editable:
            data[f.attname] = getattr(instance, f.attname)
    redacted = set(getattr(type(instance), "audit_redacted", ()))
    return {
        k: _fingerprint(v) if k in redacted else _jsonable(v)
        for k, v in data.items()
        if k not in _SKIP_FIELDS
    }


def _fingerprint(value: Any) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), str(value).encode(), hashlib.sha256).hexdigest()
    return f"redacted:{digest[:16]}"


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or None
    return value


def _is_audited(sender: type[models.Model]) -> bool:
    return bool(getattr(sender, "audited", False))


def _record(
    instance: models.Model,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    try:
        organisation = organisation_of(instance)
    except ObjectDoesNotExist:  # a half-deleted object graph on cascade
        organisation = None
    if not isinstance(organisation, Organisation) or organisation.pk is None:
        organisation = None
    # The organisation is a reference without a database constraint: when the organisation
    # itself is being deleted, the events recording the cascade delete of its data keep its
    # id and name (see AuditEvent.organisation).
    AuditEvent.objects.create(
        actor=current_actor(),
        actor_label=current_label(),
        organisation=organisation,
        organisation_name=organisation.name if organisation is not None else "",
        object_type=instance._meta.label,
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        action=action,
        before=before,
        after=after,
    )


@receiver(pre_save)
def _remember_before(
    sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not _is_audited(sender) or instance.pk is None:
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    setattr(instance, _BEFORE, snapshot(previous) if previous is not None else None)


@receiver(post_save)
def _after_save(
    sender: type[models.Model],
    instance: models.Model,
    created: bool,
    raw: bool = False,
    **kwargs: Any,
) -> None:
    if raw or not _is_audited(sender):
        return
    after = snapshot(instance)
    before = None if created else getattr(instance, _BEFORE, None)
    if not created and before == after:
        return
    _record(
        instance, AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE, before, after
    )
    setattr(instance, _BEFORE, after)


@receiver(post_delete)
def _after_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not _is_audited(sender):
        return
    _record(instance, AuditEvent.Action.DELETE, snapshot(instance), None)
