from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .hashing import GENESIS, canonical_json, event_hash

HEAD_ID = 1
HEAD_CREATION_LOCK = 0x57454552  # an advisory-lock key of this application ("WEER")


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit event."""


class ChainHeadMissing(Exception):
    """The chain head row is gone while events exist: the log was tampered with."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")

    def delete(self):
        raise AppendOnlyError("The audit log is append-only.")

    def bulk_create(self, *args, **kwargs):
        raise AppendOnlyError("Audit events are appended one at a time, to the hash chain.")


class ChainHead(models.Model):
    """The last event of the chain (one row), moved in the transaction that appends.

    Emptying the event table alone leaves the head pointing at an event that is gone, so
    ``weerbaar audit verify`` reports it. Database triggers let the head only move forward,
    one event at a time, onto an existing event.
    """

    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        verbose_name = _("laatste schakel van de auditketen")

    def __str__(self) -> str:
        return f"{self.sequence} {self.hash}"


class AuditEvent(models.Model):
    """One change to scan data, or one read of sensitive data (auditregel).

    Append-only and tamper-evident: every event carries the SHA-256 of the event before it
    (``prev_hash``) and its own ``hash`` (see :mod:`weerbaar.audit.hashing`); the model refuses
    updates and deletes, and database triggers refuse them too (PostgreSQL and SQLite).
    """

    class Action(models.TextChoices):
        CREATE = "create", _("aangemaakt")
        UPDATE = "update", _("gewijzigd")
        DELETE = "delete", _("verwijderd")
        READ = "read", _("ingezien")

    sequence = models.PositiveBigIntegerField(unique=True, editable=False)
    timestamp = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The actor's id as it was (hashed): ``actor`` becomes NULL when the user is deleted.
    actor_ref = models.BigIntegerField(null=True, blank=True, editable=False)
    actor_label = models.CharField(max_length=254)
    # A reference, not a constraint: the id (and the name below) stay after the organisation
    # is deleted, so its trail keeps saying whose it was and the log is never rewritten; the
    # events that record the cascade delete of its scan data reference it as well.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="audit_events",
    )
    organisation_name = models.CharField(max_length=200, blank=True)
    object_type = models.CharField(max_length=100, db_index=True)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=255, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    organisation_field = "organisation"

    class Meta:
        ordering = ["-sequence"]
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")

    def __str__(self) -> str:
        return (
            f"{self.timestamp:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("The audit log is append-only.")
        using = kwargs.get("using") or router.db_for_write(AuditEvent, instance=self)
        with transaction.atomic(using=using):
            head = _locked_head(using)
            self.sequence = head.sequence + 1
            self.prev_hash = head.hash
            self.timestamp = timezone.now()
            self.actor_ref = self.actor_id
            self.before = _json_data(self.before)
            self.after = _json_data(self.after)
            self.hash = event_hash(self)
            super().save(force_insert=True, using=using)
            head.sequence, head.hash = self.sequence, self.hash
            head.save(update_fields=["sequence", "hash"], using=using)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")

    def changed_fields(self) -> list[str]:
        if self.action == self.Action.READ:
            return []
        before, after = self.before or {}, self.after or {}
        return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


def _json_data(value: Any) -> Any:
    """``value`` exactly as it will be read back from the database (and hashed)."""
    if value is None:
        return None
    return canonical_json(json.loads(json.dumps(value, cls=DjangoJSONEncoder)))


def _locked_head(using: str) -> ChainHead:
    """The chain head, locked until the appending transaction ends.

    On PostgreSQL ``SELECT … FOR UPDATE`` makes concurrent appends wait for each other, so
    the chain never forks; SQLite serialises write transactions anyway.
    """
    heads = ChainHead.objects.using(using).select_for_update()
    head = heads.filter(pk=HEAD_ID).first()
    if head is None and connections[using].vendor == "postgresql":
        # No head row yet to lock (an empty log): let concurrent first appends take turns,
        # so the second one finds the head the first one created instead of a log without it.
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [HEAD_CREATION_LOCK])
        head = heads.filter(pk=HEAD_ID).first()
    if head is not None:
        return head
    if AuditEvent.objects.using(using).exists():
        raise ChainHeadMissing(
            "The audit chain head is missing while events exist; run 'weerbaar audit verify'."
        )
    ChainHead.objects.using(using).get_or_create(pk=HEAD_ID)
    return heads.get(pk=HEAD_ID)
