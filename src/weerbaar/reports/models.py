"""Reports (rapportage) of a scan: the coordinator's draft and its published versions.

* :class:`Report` (rapport, concept) — one per scan: the texts the coordinator writes and
  edits (summary, per dimension/theme the verdict and findings text, conclusions, own
  recommendations). Audited.
* :class:`ReportVersion` (versie) — a frozen, numbered version: the JSON snapshot of
  :class:`~weerbaar.reports.data.ReportData` from which HTML, PDF and DOCX are rendered, its
  sha256 content hash, the library version and the data version it was made from. Immutable:
  an update or delete is refused, so a later data change never alters it. A withdrawal
  (intrekking) is a version of its own that names the version it withdraws.
* :class:`VersionDecision` — the append-only steps of a version: offered for approval (ter
  vaststelling aangeboden), approved (vastgesteld), sent back (teruggestuurd), withdrawn
  (ingetrokken). The state of a version is its latest step; lezers see approved versions only.
* :class:`ApprovalPolicy` — per organisation, the role that approves reports (default:
  gemeentesecretaris).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    """The draft report of a scan (conceptrapport), edited by the coordinator."""

    scan = models.OneToOneField("scans.Scan", on_delete=models.CASCADE, related_name="report")
    title = models.CharField(_("titel"), max_length=200, blank=True)
    subtitle = models.CharField(_("ondertitel"), max_length=300, blank=True)
    place_date = models.CharField(_("plaats en datum"), max_length=120, blank=True)
    summary = models.TextField(_("samenvatting"), blank=True)
    conclusions = models.TextField(_("conclusies"), blank=True)
    # {chapter id: {"verdict_level": str, "verdict": str, "findings": str}}
    sections = models.JSONField(_("teksten per dimensie en thema"), default=dict, blank=True)
    own_recommendations = models.JSONField(_("eigen aanbevelingen"), default=list, blank=True)
    # Answers to the research questions and the theme of each recommendation (seed 004 ch. 11):
    # {"parts": {part id: {"verdict_level", "answer"}}, "sub_questions": {id: answer},
    #  "recommendation_themes": {recommendation key: theme id}}
    structure = models.JSONField(_("beantwoording onderzoeksvragen"), default=dict, blank=True)
    revision = models.PositiveIntegerField(default=0)
    # Number of the last published version: publishing changes it, so the audit log of the
    # (audited) draft records who published which version and when.
    last_published = models.PositiveIntegerField(_("laatst gepubliceerde versie"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    organisation_field = "scan__organisation"
    audited = True

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporten")

    def __str__(self) -> str:
        return self.title or str(self.scan)

    def section(self, chapter_id: str) -> dict:
        value = (self.sections or {}).get(chapter_id) or {}
        return value if isinstance(value, dict) else {}


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("Een gepubliceerde rapportversie kan niet worden gewijzigd."))

    def delete(self):
        raise ValidationError(_("Een gepubliceerde rapportversie kan niet worden verwijderd."))

    # Removing a whole scan (retention) cascades at the database level through the collector,
    # which does not call the methods above.


class VersionKind(models.TextChoices):
    REPORT = "report", _("rapport")
    WITHDRAWAL = "withdrawal", _("intrekking")


class ReportVersion(models.Model):
    """A published, frozen version of a report (gepubliceerde versie). Never changes."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    scan = models.ForeignKey("scans.Scan", on_delete=models.CASCADE, related_name="report_versions")
    number = models.PositiveIntegerField(_("versie"))
    title = models.CharField(_("titel"), max_length=300)
    content_hash = models.CharField(_("inhoudshash (sha256)"), max_length=64)
    library_version = models.CharField(_("versie referentiekader"), max_length=64)
    data_version = models.CharField(_("gegevensversie"), max_length=64)
    language = models.CharField(max_length=8, default="nl")
    snapshot = models.JSONField(_("vastgelegde rapportgegevens"))
    published_at = models.DateTimeField(_("gepubliceerd op"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(
        _("soort"), max_length=16, choices=VersionKind.choices, default=VersionKind.REPORT
    )
    withdraws = models.ForeignKey(
        "self",
        verbose_name=_("trekt in"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="withdrawals",
    )
    note = models.TextField(_("toelichting"), blank=True)

    objects = ImmutableQuerySet.as_manager()

    organisation_field = "scan__organisation"

    class Meta:
        ordering = ["scan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["scan", "number"], name="report_version_unique_number")
        ]
        verbose_name = _("rapportversie")
        verbose_name_plural = _("rapportversies")

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise ValidationError(_("Een gepubliceerde rapportversie kan niet worden gewijzigd."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Een gepubliceerde rapportversie kan niet worden verwijderd."))

    @property
    def state_label(self) -> str:
        """The label of the ``state`` annotation (see :func:`.approval.with_state`)."""
        state = getattr(self, "state", None)
        return str(Step(state).label) if state else ""


class Step(models.TextChoices):
    """The steps a version goes through (see :mod:`weerbaar.reports.approval`)."""

    SUBMITTED = "submitted", _("ter vaststelling aangeboden")
    APPROVED = "approved", _("vastgesteld")
    RETURNED = "returned", _("teruggestuurd")
    WITHDRAWN = "withdrawn", _("ingetrokken")


class VersionDecision(models.Model):
    """One step of a version (append-only): who did what, when, with which note."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="decisions")
    step = models.CharField(_("stap"), max_length=16, choices=Step.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("op"))
    note = models.TextField(_("toelichting"), blank=True)
    # At submission: what the completeness check found missing, as the coordinator saw it.
    gaps = models.JSONField(_("ontbrekende onderdelen"), default=list, blank=True)

    objects = ImmutableQuerySet.as_manager()

    organisation_field = "version__scan__organisation"
    audited = True

    class Meta:
        ordering = ["version", "decided_at", "pk"]
        verbose_name = _("besluit over een rapportversie")
        verbose_name_plural = _("besluiten over rapportversies")

    def __str__(self) -> str:
        return f"{self.version} — {self.get_step_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise ValidationError(
                _("Een besluit over een rapportversie kan niet worden gewijzigd.")
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Een besluit over een rapportversie kan niet worden verwijderd."))


class ApprovalPolicy(models.Model):
    """Which role approves (stelt vast) the organisation's reports."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="report_policy"
    )
    approver_role = models.CharField(_("rol die rapporten vaststelt"), max_length=32)
    updated_at = models.DateTimeField(auto_now=True)

    organisation_field = "organisation"
    audited = True

    class Meta:
        verbose_name = _("vaststelling van rapporten")
        verbose_name_plural = _("vaststelling van rapporten")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.approver_role}"
