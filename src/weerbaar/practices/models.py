"""Good practices (goede praktijken) shared between municipalities, and the support directory.

A :class:`Practice` is written by a municipality (or by the RIEC, in the context of one of its
municipalities) and links to items of the library version it was written against. The RIEC
adviser of the region reviews it before it is published; published practices are readable by
every logged-in user of the platform. Documents are stored under a random name and only ever
served as downloads. A :class:`PracticeAdoption` records that a municipality copied the
practice into its action plan. :class:`SupportLink` rows are a region's directory of support.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PracticeKind(models.TextChoices):
    MEASURE = "maatregel", _("Maatregel")
    PROTOCOL = "protocol", _("Protocol")
    CONVENANT = "convenant", _("Convenant")
    SIGNAL_CARD = "signaalkaart", _("Signaalkaart per kwetsbaar proces")
    AWARENESS = "bewustwording", _("Bewustwordingssessie")
    SCREENING = "screening", _("Screeningsprocedure")


class PracticeStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    SUBMITTED = "ingediend", _("Ingediend ter beoordeling")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")
    REJECTED = "afgewezen", _("Afgewezen")


EDITABLE_STATUSES = (PracticeStatus.CONCEPT, PracticeStatus.REJECTED)


class Practice(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="practices",
    )
    # The region whose RIEC reviews the practice (the organisation's region when written).
    region = models.ForeignKey(
        "organisations.Region",
        verbose_name=_("RIEC-regio"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
    )
    by_riec = models.BooleanField(_("gepubliceerd door het RIEC"), default=False)
    is_example = models.BooleanField(_("voorbeeld"), default=False)
    library_version = models.ForeignKey(
        "library.LibraryVersion", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=PracticeKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("samenvatting"))
    description = models.TextField(_("beschrijving"), blank=True)
    norm_ids = models.JSONField(_("normen"), default=list, blank=True)
    process_ids = models.JSONField(_("kwetsbare processen"), default=list, blank=True)
    measure_ids = models.JSONField(_("maatregelen"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PracticeStatus.choices, default=PracticeStatus.CONCEPT
    )
    rejection_reason = models.TextField(_("reden van afwijzing"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    organisation_field = "organisation"
    audited = True

    class Meta:
        ordering = ["-published_at", "title", "pk"]
        verbose_name = _("goede praktijk")
        verbose_name_plural = _("goede praktijken")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="afgewezen") | ~models.Q(rejection_reason=""),
                name="practices_rejected_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == PracticeStatus.PUBLISHED

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


DOCUMENT_KINDS = {"pdf", "docx", "odt", "xlsx"}


def document_path(instance: PracticeDocument, filename: str) -> str:
    """Stored name: never the uploaded name (kept only as metadata)."""
    return f"practices/{uuid.uuid4().hex}.{instance.file_type}"


class PracticeDocument(models.Model):
    """A document with a practice (PDF, DOCX, ODT or XLSX, checked by content)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=document_path, max_length=300)
    title = models.CharField(_("titel"), max_length=200)
    file_type = models.CharField(_("bestandstype"), max_length=10)
    size = models.PositiveBigIntegerField(_("grootte"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    organisation_field = "practice__organisation"
    audited = True

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("document bij een praktijk")
        verbose_name_plural = _("documenten bij praktijken")

    def __str__(self) -> str:
        return self.title


class PracticeAdoption(models.Model):
    """A municipality copied a practice into its action plan as one action."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="adoptions")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    action = models.OneToOneField(
        "actions.Action", on_delete=models.CASCADE, related_name="practice_adoption"
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adopted_at = models.DateTimeField(auto_now_add=True)

    organisation_field = "organisation"
    audited = True

    class Meta:
        ordering = ["adopted_at", "pk"]
        verbose_name = _("overgenomen praktijk")
        verbose_name_plural = _("overgenomen praktijken")

    def __str__(self) -> str:
        return f"{self.practice} — {self.organisation}"


class SupportKind(models.TextChoices):
    CONTACT = "contact", _("Contact bij het RIEC")
    RESOURCE = "bron", _("Hulpmiddel of kennisbron")
    ELEARNING = "elearning", _("E-learning")


class SupportLink(models.Model):
    """One entry of a region's directory of support, maintained by its RIEC."""

    region = models.ForeignKey(
        "organisations.Region", on_delete=models.CASCADE, related_name="support_links"
    )
    kind = models.CharField(_("soort"), max_length=12, choices=SupportKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    url = models.URLField(_("adres (URL)"), blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=40, blank=True)
    description = models.TextField(_("toelichting"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    audited = True
    platform_level = True

    class Meta:
        ordering = ["kind", "title", "pk"]
        verbose_name = _("steunpunt")
        verbose_name_plural = _("steunpunten")

    def __str__(self) -> str:
        return self.title
