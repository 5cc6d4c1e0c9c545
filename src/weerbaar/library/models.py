from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LibraryVersion(models.Model):
    """One immutable version of a reference library (referentiekader).

    ``documents`` holds every validated file of the bundle: ``{filename: {"kind", "data"}}``.
    A version is never changed once loaded; a scan pins the version it was made with.
    """

    identifier = models.CharField(max_length=100)
    version = models.CharField(max_length=40)
    title = models.JSONField()
    description = models.JSONField(default=dict)
    checksum = models.CharField(max_length=64)
    documents = models.JSONField()
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["identifier", "-loaded_at"]
        unique_together = [("identifier", "version")]
        verbose_name = _("bibliotheekversie")
        verbose_name_plural = _("bibliotheekversies")

    def __str__(self) -> str:
        return f"{self.identifier} {self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None and LibraryVersion.objects.filter(pk=self.pk).exists():
            original = LibraryVersion.objects.get(pk=self.pk)
            if original.checksum != self.checksum or original.documents != self.documents:
                raise ValueError("A loaded library version is immutable.")
        super().save(*args, **kwargs)

    def documents_of_kind(self, kind: str) -> list[dict]:
        return [doc["data"] for _name, doc in sorted(self.documents.items()) if doc["kind"] == kind]

    def document(self, kind: str) -> dict:
        docs = self.documents_of_kind(kind)
        return docs[0] if docs else {}

    @property
    def framework(self):
        from .framework import framework_for

        return framework_for(self)
