"""The awareness planner (bewustwording): sessions per target group, with a cadence.

One :class:`AwarenessSession` is one occurrence: planned for a date, and once held, with the
date and the attendance as *counts* — the planner never holds names of participants.
Recording a session of a recurring cadence as held plans the next one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from weerbaar.core.reminders import ReminderClaim

from .content import target_group_label


class Cadence(models.IntegerChoices):
    ONCE = 0, _("Eenmalig")
    QUARTERLY = 3, _("Elk kwartaal")
    HALF_YEARLY = 6, _("Elk halfjaar")
    YEARLY = 12, _("Jaarlijks")
    TWO_YEARLY = 24, _("Om de twee jaar")


class AwarenessSession(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="awareness_sessions",
    )
    # The id of a target group of the library (:mod:`weerbaar.awareness.content`).
    target_group = models.CharField(_("doelgroep"), max_length=24)
    title = models.CharField(_("titel"), max_length=200)
    cadence_months = models.PositiveSmallIntegerField(
        _("frequentie"), choices=Cadence.choices, default=Cadence.YEARLY
    )
    planned_date = models.DateField(_("geplande datum"))
    held_date = models.DateField(_("gehouden op"), null=True, blank=True)
    invited_count = models.PositiveIntegerField(_("aantal uitgenodigd"), null=True, blank=True)
    attendance_count = models.PositiveIntegerField(_("aantal aanwezig"), null=True, blank=True)
    materials = models.ManyToManyField(
        "practices.Practice",
        verbose_name=_("materiaal uit de praktijkbibliotheek"),
        blank=True,
        related_name="+",
    )
    follows = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_session"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    organisation_field = "organisation"
    audited = True

    class Meta:
        ordering = ["planned_date", "pk"]
        verbose_name = _("bewustwordingssessie")
        verbose_name_plural = _("bewustwordingssessies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(attendance_count__isnull=True)
                | models.Q(held_date__isnull=False),
                name="awareness_attendance_only_when_held",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_held(self) -> bool:
        return self.held_date is not None

    @property
    def target_group_label(self) -> str:
        """The target group's name from the library, in the active language."""
        return target_group_label(self.target_group)


class ReminderKind(models.TextChoices):
    DUE = "due", _("binnenkort")
    OVERDUE = "overdue", _("verstreken")


class SentAwarenessReminder(ReminderClaim):
    """One reminder about one session (claimed before sending: never sent twice)."""

    session = models.ForeignKey(
        AwarenessSession, on_delete=models.CASCADE, related_name="sent_reminders"
    )
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    # The planned date the reminder was about: a moved session is reminded of again.
    planned_date = models.DateField()

    organisation_field = "session__organisation"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "kind", "planned_date"], name="awareness_one_reminder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} — {self.kind} — {self.planned_date}"
