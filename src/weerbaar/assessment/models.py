"""Self-assessment (zelfevaluatie) of a scan: norms, RIEC pillar items, evidence, proposals.

* :class:`AssessmentItem` — the verdict on one library item (a norm of a dimension or theme,
  or a RIEC pillar item) in one scan: status, finding, evidence text. ``lock_version`` is an
  optimistic-locking counter: a save based on an older version is refused and kept as an
  :class:`AssessmentConflict` instead of overwriting the stored text.
  ``sources`` records which kinds of source (:class:`SourceKind`) support the verdict.
* :class:`EvidenceLink` / :class:`EvidenceDocument` — evidence (bewijs) for an item. Documents
  are checked by content (see :mod:`weerbaar.assessment.evidence`) and stored with the default
  storage (outside the web root); they are only served as downloads by a scoped view.
* :class:`Recommendation` — a measure proposed by the recommendation rules (aanbeveling),
  with the facts that triggered it and the coordinator's decision.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentStatus(models.TextChoices):
    """Verdict on a norm or pillar item (oordeel)."""

    MEETS = "voldoet", _("Voldoet")
    PARTLY = "voldoet_deels", _("Voldoet deels")
    DOES_NOT_MEET = "voldoet_niet", _("Voldoet niet")
    UNKNOWN = "onbekend", _("Onbekend")


class SourceKind(models.TextChoices):
    """A kind of source a verdict can rest on (triangulatie, seed 004 §1.3 and §7.3)."""

    DOCUMENTS = "documenten", _("Documenten")
    INTERVIEWS = "gesprekken", _("Gesprekken")
    SURVEYS = "enquetes", _("Enquêtes")
    REGISTERS = "registers", _("Registers")
    INCIDENTS = "incidenten", _("Incidenten en signalen")


class ItemKind(models.TextChoices):
    NORM = "norm", _("Norm")
    PILLAR_ITEM = "pillar_item", _("Pijleronderdeel")


class AssessmentItem(models.Model):
    """The verdict on one norm or pillar item in a scan (beoordeling in de zelfevaluatie)."""

    scan = models.ForeignKey(
        "scans.Scan", on_delete=models.CASCADE, related_name="assessment_items"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=ItemKind.choices)
    item_id = models.CharField(_("onderdeel"), max_length=80)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.UNKNOWN,
    )
    finding = models.TextField(_("bevinding"), blank=True)
    evidence_text = models.TextField(_("onderbouwing"), blank=True)
    # The kinds of source (SourceKind values) that support the verdict.
    sources = models.JSONField(_("ondersteund door"), default=list, blank=True)
    lock_version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    organisation_field = "scan__organisation"
    audited = True

    class Meta:
        ordering = ["scan", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["scan", "item_id"], name="assessment_item_unique")
        ]
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")

    def __str__(self) -> str:
        return f"{self.item_id}: {self.get_status_display()}"

    def source_labels(self) -> list[str]:
        """The labels of the kinds of source that support the verdict, in a fixed order."""
        return [str(label) for value, label in SourceKind.choices if value in (self.sources or [])]


class AssessmentConflict(models.Model):
    """A save that arrived after someone else's (conflictkopie): kept, never silently lost."""

    item = models.ForeignKey(AssessmentItem, on_delete=models.CASCADE, related_name="conflicts")
    based_on_version = models.PositiveIntegerField()
    stored_version = models.PositiveIntegerField()
    status = models.CharField(max_length=20)
    finding = models.TextField(blank=True)
    evidence_text = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    organisation_field = "item__scan__organisation"
    audited = True

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("conflictkopie")
        verbose_name_plural = _("conflictkopieën")

    def __str__(self) -> str:
        return f"{self.item.item_id} (v{self.based_on_version})"


class EvidenceLink(models.Model):
    """A link to evidence (bewijs: vindplaats) for an item."""

    item = models.ForeignKey(AssessmentItem, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(_("link"), max_length=500)
    title = models.CharField(_("omschrijving"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    organisation_field = "item__scan__organisation"
    audited = True

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("link als bewijs")
        verbose_name_plural = _("links als bewijs")

    def __str__(self) -> str:
        return self.title or self.url


def evidence_upload_path(instance: EvidenceDocument, filename: str) -> str:
    """Stored name: never the uploaded name (which is kept only as metadata)."""
    scan = instance.item.scan
    ext = instance.file_type or "bin"
    return f"evidence/{scan.organisation_id}/{scan.pk}/{uuid.uuid4().hex}.{ext}"


class EvidenceDocument(models.Model):
    """An uploaded evidence document (bewijsstuk): PDF, DOCX, ODT or XLSX, checked by content."""

    item = models.ForeignKey(AssessmentItem, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=evidence_upload_path, max_length=300)
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    file_type = models.CharField(_("bestandstype"), max_length=10)  # pdf, docx, odt, xlsx
    size = models.PositiveBigIntegerField(_("grootte"))
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    organisation_field = "item__scan__organisation"
    audited = True

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("bewijsstuk")
        verbose_name_plural = _("bewijsstukken")

    def __str__(self) -> str:
        return self.original_name


class RecommendationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Voorgesteld")
    ACCEPTED = "accepted", _("Overgenomen")
    REJECTED = "rejected", _("Afgewezen")


class Recommendation(models.Model):
    """A measure proposed by a recommendation rule (aanbeveling), and the decision on it.

    ``subject_key`` identifies what triggered it (``process:12``, ``norm:D3c.N1``,
    ``survey:Q9c``); with ``rule_id`` and ``measure_id`` it makes re-running the rules
    idempotent. ``triggers`` cites the facts (type, id, label, values) that fired the rule.
    """

    scan = models.ForeignKey("scans.Scan", on_delete=models.CASCADE, related_name="recommendations")
    rule_id = models.CharField(_("regel"), max_length=80)
    measure_id = models.CharField(_("maatregel"), max_length=80)
    subject_key = models.CharField(max_length=120)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.PROPOSED,
    )
    text = models.TextField(_("aanbeveling"))
    reason = models.TextField(_("motivering"), blank=True)
    triggers = models.JSONField(_("aanleiding"), default=list)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    organisation_field = "scan__organisation"
    audited = True

    class Meta:
        ordering = ["scan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scan", "rule_id", "measure_id", "subject_key"],
                name="recommendation_unique_proposal",
            )
        ]
        verbose_name = _("aanbeveling")
        verbose_name_plural = _("aanbevelingen")

    def __str__(self) -> str:
        return f"{self.measure_id} ({self.get_status_display()})"
