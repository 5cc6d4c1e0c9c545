from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

#: The model of a RIEC region, referred to by name: a regional library belongs to a region.
REGION_MODEL = "organisations.Region"


class LibraryVersionQuerySet(models.QuerySet):
    def for_scans(self) -> LibraryVersionQuerySet:
        """Versions a scan can be made with: platform-wide, with dimensions and norms."""
        return self.filter(region__isnull=True, scannable=True)

    def visible_to(self, user) -> LibraryVersionQuerySet:
        """Platform-wide versions, and regional ones of the regions the user works in."""
        if user.is_superuser:
            return self.all()
        return self.filter(
            Q(region__isnull=True)
            | Q(region__memberships__user=user)
            | Q(region__organisations__memberships__user=user)
        ).distinct()


class LibraryVersion(models.Model):
    """One immutable version of a reference library (referentiekader).

    ``documents`` holds every validated file of the bundle: ``{filename: {"kind", "data"}}``.
    They are stored in their own table (:class:`LibraryContent`), read once per process and
    version: a row that refers to a version (a scan, a register entry joined to its scan's
    version) never carries the whole bundle. A version is never changed once loaded; a scan
    pins the version it was made with.
    """

    identifier = models.CharField(max_length=100)
    version = models.CharField(max_length=40)
    title = models.JSONField()
    description = models.JSONField(default=dict)
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)
    # A regional library (uploaded by a RIEC adviser) is seen only in its region.
    region = models.ForeignKey(
        REGION_MODEL,
        verbose_name=_("RIEC-regio"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="library_versions",
    )
    # Whether the version holds dimensions and norms, so that a scan can be made with it.
    scannable = models.BooleanField(default=True)

    objects = LibraryVersionQuerySet.as_manager()

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
            return
        if self._new_documents is None:
            raise ValueError("A new library version needs its documents.")
        with transaction.atomic():
            super().save(*args, **kwargs)
            LibraryContent.objects.create(version=self, documents=self._new_documents)
        _DOCUMENTS[(self.pk, self.checksum)] = self._new_documents
        self._new_documents = None

    @property
    def documents(self) -> dict[str, dict]:
        """Every file of the bundle (read from :class:`LibraryContent` once per process)."""
        if self._new_documents is not None:
            return self._new_documents
        key = (self.pk, self.checksum)
        documents = _DOCUMENTS.get(key)
        if documents is None:
            documents = _DOCUMENTS[key] = LibraryContent.objects.get(version=self).documents
        return documents

    @documents.setter
    def documents(self, value: dict[str, dict]) -> None:
        self._new_documents = value

    _new_documents: dict[str, dict] | None = None

    def documents_of_kind(self, kind: str) -> list[dict]:
        return [doc["data"] for _name, doc in sorted(self.documents.items()) if doc["kind"] == kind]

    def document(self, kind: str) -> dict:
        docs = self.documents_of_kind(kind)
        return docs[0] if docs else {}

    @property
    def framework(self):
        from .framework import framework_for

        return framework_for(self)


#: (version pk, checksum) -> documents; a version's content never changes once stored.
_DOCUMENTS: dict[tuple[int, str], dict[str, dict]] = {}


class LibraryContent(models.Model):
    """The files of one :class:`LibraryVersion`, apart from the version's row."""

    version = models.OneToOneField(
        LibraryVersion, on_delete=models.CASCADE, primary_key=True, related_name="content"
    )
    documents = models.JSONField()

    class Meta:
        verbose_name = _("bibliotheekinhoud")
        verbose_name_plural = _("bibliotheekinhoud")

    def __str__(self) -> str:
        return str(self.version_id)


class DraftStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")


class LibraryDraftQuerySet(models.QuerySet):
    def visible_to(self, user) -> LibraryDraftQuerySet:
        """The platform beheerder sees every draft; a RIEC adviser those of their regions."""
        if user.is_superuser:
            return self.all()
        return self.filter(region__isnull=False, region__memberships__user=user).distinct()


class LibraryDraft(models.Model):
    """An uploaded library (a ZIP of YAML or a spreadsheet), stored until it is published.

    The upload is kept as it was sent and read again for the preview and on publishing; a
    published draft points to the immutable :class:`LibraryVersion` it became.
    """

    file = models.FileField(upload_to="library/drafts/")
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    source_kind = models.CharField(max_length=8)  # "zip" or "xlsx"
    identifier = models.CharField(max_length=100)
    version = models.CharField(max_length=40)
    title = models.JSONField()
    region = models.ForeignKey(
        REGION_MODEL,
        verbose_name=_("RIEC-regio"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="library_drafts",
    )
    note = models.TextField(_("toelichting"), blank=True)
    status = models.CharField(max_length=16, choices=DraftStatus.choices, default=DraftStatus.DRAFT)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    published_version = models.OneToOneField(
        LibraryVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="draft"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    audited = True
    platform_level = True

    objects = LibraryDraftQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("concept van een bibliotheek")
        verbose_name_plural = _("concepten van bibliotheken")

    def __str__(self) -> str:
        return f"{self.identifier} {self.version} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == DraftStatus.DRAFT
