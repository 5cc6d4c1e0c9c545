"""Record every change to models that declare ``audited = True``.

Scan data (scans, registers, assessments, reports, actions) is audited through these
signals, so no code path can change it without a trace. Survey responses are deliberately
not audited: an audit trail with actor and time would undo respondent anonymity.
"""

from __future__ import annotations

import datetime
import decimal
import uuid

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.forms.models import model_to_dict

from weerbaar.core.scoping import organisation_of

from .context import current_actor, current_label
from .models import AuditEvent

_SKIP_FIELDS = {"lock_version"}


def snapshot(instance) -> dict:
    data = model_to_dict(instance)
    for f in instance._meta.concrete_fields:
        if not f.editable:
            data[f.attname] = getattr(instance, f.attname)
    return {k: _jsonable(v) for k, v in data.items() if k not in _SKIP_FIELDS}


def _jsonable(value):
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


def _is_audited(sender) -> bool:
    return bool(getattr(sender, "audited", False))


def _record(instance, action: str, before, after) -> None:
    try:
        organisation = organisation_of(instance)
    except Exception:  # a half-deleted object graph on cascade
        organisation = None
    AuditEvent.objects.create(
        actor=current_actor(),
        actor_label=current_label(),
        organisation=organisation if getattr(organisation, "pk", None) else None,
        object_type=instance._meta.label,
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        action=action,
        before=before,
        after=after,
    )


@receiver(pre_save)
def _remember_before(sender, instance, raw=False, **kwargs):
    if raw or not _is_audited(sender) or instance.pk is None:
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(previous) if previous is not None else None


@receiver(post_save)
def _after_save(sender, instance, created, raw=False, **kwargs):
    if raw or not _is_audited(sender):
        return
    after = snapshot(instance)
    before = None if created else getattr(instance, "_audit_before", None)
    if not created and before == after:
        return
    _record(
        instance, AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE, before, after
    )
    instance._audit_before = after


@receiver(post_delete)
def _after_delete(sender, instance, **kwargs):
    if not _is_audited(sender):
        return
    _record(instance, AuditEvent.Action.DELETE, snapshot(instance), None)
