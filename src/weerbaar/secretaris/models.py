"""The secretaris' workspace: roles self-scan, college agenda items, portfolios, settings.

The self-scan is the secretaris' own reflection: it is private to its author unless shared
with named roles, and deliberately not audited field by field (the audit log is readable by
the organisation's insiders and would show the answers). Reads by anyone but the author are
recorded with ``record_read``. Agenda items and portfolios are organisation data: audited.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from weerbaar.core.locking import VersionedModel
from weerbaar.core.reminders import ReminderClaim


class Cadence(models.IntegerChoices):
    SIX_WEEKS = 6, _("Elke zes weken")
    QUARTERLY = 13, _("Elk kwartaal")
    HALF_YEARLY = 26, _("Elk half jaar")


class WorkspaceSettings(VersionedModel):
    """Per organisation: whether the burgemeester may use the workspace, the agenda cadence."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    burgemeester_access = models.BooleanField(
        _("de burgemeester mag de werkplek gebruiken"), default=False
    )
    cadence_weeks = models.PositiveSmallIntegerField(
        _("ondermijning op de collegeagenda"), choices=Cadence.choices, default=Cadence.QUARTERLY
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("herinnering (dagen vooraf)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )

    organisation_field = "organisation"
    audited = True

    class Meta:
        verbose_name = _("instellingen werkplek gemeentesecretaris")


class RoleScan(models.Model):
    """One author's yearly self-scan of the roles of the gemeentesecretaris."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("jaar"))
    # Role id (ZS-…) -> score 1..5; activity id -> true when the author does it.
    scores = models.JSONField(default=dict, blank=True)
    activities = models.JSONField(default=list, blank=True)
    # Organisation roles (Role values) the author shares the scan with; empty: private.
    shared_with = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    organisation_field = "organisation"

    class Meta:
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "author", "year"], name="secretaris_one_scan_per_year"
            )
        ]
        verbose_name = _("zelfscan rollen")

    def __str__(self) -> str:
        return f"{self.year}"


class AgendaStatus(models.TextChoices):
    CONCEPT = "concept", _("In voorbereiding")
    DECIDED = "besloten", _("Besluit vastgelegd")


class AgendaItem(VersionedModel):
    """Ondermijning as an item of one college meeting: the prepared data, text and decision."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("titel"), max_length=200)
    meeting_date = models.DateField(_("datum collegevergadering"))
    status = models.CharField(
        _("status"), max_length=12, choices=AgendaStatus.choices, default=AgendaStatus.CONCEPT
    )
    # The live data as prepared (see agenda.prepare_data); refreshed on request.
    data = models.JSONField(default=dict, blank=True)
    prepared_at = models.DateTimeField(null=True, blank=True)
    introduction = models.TextField(_("toelichting"), blank=True)
    decisions_needed = models.TextField(_("gevraagde besluiten"), blank=True)
    decision = models.TextField(_("besluit van het college"), blank=True)
    decided_on = models.DateField(_("datum besluit"), null=True, blank=True)
    resulting_actions = models.ManyToManyField("actions.Action", blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    organisation_field = "organisation"
    audited = True

    class Meta:
        ordering = ["-meeting_date", "-pk"]
        verbose_name = _("agendapunt ondermijning")

    def __str__(self) -> str:
        return self.title


class Portfolio(VersionedModel):
    """A college member's portfolio: role title and portfolio name only, no personal data."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    holder_title = models.CharField(_("portefeuillehouder (functie)"), max_length=120)
    name = models.CharField(_("portefeuille"), max_length=200)
    processes = models.ManyToManyField(
        "registers.ProcessEntry", blank=True, related_name="+", verbose_name=_("processen")
    )
    functions = models.ManyToManyField(
        "registers.FunctionEntry", blank=True, related_name="+", verbose_name=_("functies")
    )
    position = models.PositiveSmallIntegerField(default=0)

    organisation_field = "organisation"
    audited = True

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("portefeuille")

    def __str__(self) -> str:
        return f"{self.holder_title}: {self.name}"


class SentAgendaReminder(ReminderClaim):
    """A reminder for the agenda item due on ``due_on``, claimed once per organisation."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    due_on = models.DateField()

    organisation_field = "organisation"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "due_on"], name="secretaris_one_reminder_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return self.due_on.isoformat()
