from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from weerbaar.core.locking import VersionedModel


class ScanKind(models.TextChoices):
    BASELINE = "nulmeting", _("0-meting")
    REPEAT = "herhaalmeting", _("Herhaalmeting")


class ScanStatus(models.TextChoices):
    """The phases of a scan, in order."""

    PREPARATION = "voorbereiding", _("Voorbereiding")
    FIELDWORK = "veldwerk", _("Veldwerk")
    ANALYSIS = "analyse", _("Analyse")
    REPORTING = "rapportage", _("Rapportage")
    FOLLOW_UP = "opvolging", _("Opvolging")


STATUS_ORDER = list(ScanStatus.values)


class Scan(VersionedModel):
    """A resilience scan (weerbaarheidsscan) of one organisation.

    Pins the library version it was made with: later library versions never change it.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="scans"
    )
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(
        _("soort"), max_length=20, choices=ScanKind.choices, default=ScanKind.BASELINE
    )
    library_version = models.ForeignKey(
        "library.LibraryVersion",
        verbose_name=_("referentiekader"),
        on_delete=models.PROTECT,
        related_name="scans",
    )
    previous_scan = models.ForeignKey(
        "self",
        verbose_name=_("vorige scan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_scans",
    )
    period_start = models.DateField(_("begin periode"))
    period_end = models.DateField(_("einde periode"))
    status = models.CharField(
        _("status"), max_length=20, choices=ScanStatus.choices, default=ScanStatus.PREPARATION
    )
    description = models.TextField(_("toelichting"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    organisation_field = "organisation"
    audited = True

    class Meta:
        ordering = ["-period_start", "-pk"]
        verbose_name = _("scan")
        verbose_name_plural = _("scans")

    def __str__(self) -> str:
        return self.title

    @property
    def framework(self):
        return self.library_version.framework


class ScanMember(models.Model):
    """A person involved in a scan (betrokkene) and what they do in it."""

    class Task(models.TextChoices):
        COORDINATOR = "coordinator", _("Coördinator")
        CO_AUTHOR = "co_author", _("Mede-invuller")
        OWNER = "owner", _("Eigenaar opvolging")
        READER = "reader", _("Meelezer")

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    task = models.CharField(_("taak"), max_length=20, choices=Task.choices)

    organisation_field = "scan__organisation"
    audited = True

    class Meta:
        unique_together = [("scan", "user", "task")]
        verbose_name = _("betrokkene")
        verbose_name_plural = _("betrokkenen")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_task_display()})"
