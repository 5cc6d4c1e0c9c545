"""Confidential notes (vertrouwelijke notities) of the secretaris–burgemeester tandem.

ConfidentialNote
    The note's metadata: organisation, author, the members it names (``readers``), a random
    ``uid`` and the times. Audited like all organisation data: the audit log records who
    created, changed and deleted which note, never its text (``str()`` is a number).
NoteCiphertext
    The title and body, encrypted together (AES-GCM, :mod:`weerbaar.notes.crypto`) with the
    id of the key used. Deliberately *not* audited: the append-only audit log would keep every
    ciphertext for ever, and deleting a note must delete its ciphertext (``CASCADE``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConfidentialNote(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    readers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("gedeeld met")
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    organisation_field = "organisation"
    audited = True

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("vertrouwelijke notitie")
        verbose_name_plural = _("vertrouwelijke notities")

    def __str__(self) -> str:
        return f"Notitie {self.pk}"


class NoteCiphertext(models.Model):
    note = models.OneToOneField(
        ConfidentialNote, on_delete=models.CASCADE, primary_key=True, related_name="sealed"
    )
    key_id = models.CharField(max_length=40)
    nonce = models.BinaryField()
    ciphertext = models.BinaryField()

    organisation_field = "note__organisation"

    class Meta:
        verbose_name = _("versleutelde inhoud")
        verbose_name_plural = _("versleutelde inhoud")

    def __str__(self) -> str:
        return f"{self.key_id}"
