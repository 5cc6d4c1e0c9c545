"""Follow-up (opvolging): the action plan, reminders and progress reports.

* :class:`Action` — one owned, dated action of a scan's action plan (actie), made from an
  accepted recommendation or by hand. Owner is a user of the organisation or, by default, a
  role (``actiehouder``: the HR/P&O owner under the gemeentesecretaris).
* :class:`ActionNote` — a progress note (voortgangsnotitie); a status change always leaves one.
* :class:`ActionEvidence` — evidence (bewijs) that an action was carried out: text and/or link.
* :class:`FollowUpSettings` — per organisation: when reminders go out.
* :class:`SentReminder` — every reminder that was (being) sent, so that none is sent twice.
* :class:`ProgressReport` — a progress report for the college (voortgangsrapportage): what was
  reported and when, so the next one lists the progress since.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from weerbaar.core.locking import VersionedModel
from weerbaar.core.reminders import ReminderClaim


class ActionStatus(models.TextChoices):
    """Status of an action; ``vervallen`` (dropped) needs a reason."""

    OPEN = "open", _("Open")
    IN_PROGRESS = "bezig", _("Bezig")
    DONE = "gereed", _("Gereed")
    DROPPED = "vervallen", _("Vervallen")


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
DEFAULT_OWNER_ROLE = "actiehouder"


class Action(VersionedModel):
    """An action of the action plan (actie in het plan van aanpak)."""

    scan = models.ForeignKey("scans.Scan", on_delete=models.CASCADE, related_name="actions")
    recommendation = models.ForeignKey(
        "assessment.Recommendation",
        verbose_name=_("aanbeveling"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    measure_id = models.CharField(_("maatregel uit de bibliotheek"), max_length=80, blank=True)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar (persoon)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actions",
    )
    owner_role = models.CharField(
        _("eigenaar (rol)"), max_length=32, blank=True, default=DEFAULT_OWNER_ROLE
    )
    due_date = models.DateField(_("streefdatum"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    dropped_reason = models.TextField(_("reden vervallen"), blank=True)
    dimension_ids = models.JSONField(_("dimensies"), default=list, blank=True)
    pillar_ids = models.JSONField(_("pijlers"), default=list, blank=True)
    library_process_ids = models.JSONField(
        _("processen uit de bibliotheek"), default=list, blank=True
    )
    process_entry = models.ForeignKey(
        "registers.ProcessEntry",
        verbose_name=_("kwetsbaar proces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    function_entry = models.ForeignKey(
        "registers.FunctionEntry",
        verbose_name=_("kwetsbare functie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("gereed op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    organisation_field = "scan__organisation"
    audited = True

    # Not stored: set on instances by the pages that list actions (views.plan.annotate).
    overdue: bool
    owner_text: str

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation"],
                condition=models.Q(recommendation__isnull=False),
                name="actions_one_action_per_recommendation",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="vervallen") | ~models.Q(dropped_reason=""),
                name="actions_dropped_needs_reason",
            ),
        ]
        verbose_name = _("actie")
        verbose_name_plural = _("acties")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ActionNote(models.Model):
    """A progress note on an action (voortgangsnotitie), possibly recording a status change."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("notitie"), blank=True)
    status_from = models.CharField(max_length=12, blank=True)
    status_to = models.CharField(max_length=12, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    organisation_field = "action__scan__organisation"
    audited = True

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("voortgangsnotitie")
        verbose_name_plural = _("voortgangsnotities")

    def __str__(self) -> str:
        return self.text[:60] or f"{self.status_from} → {self.status_to}"

    @property
    def is_status_change(self) -> bool:
        return bool(self.status_to) and self.status_to != self.status_from


class ActionEvidence(models.Model):
    """Evidence that an action was carried out (bewijs): a description and/or a link."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    text = models.TextField(_("omschrijving"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    organisation_field = "action__scan__organisation"
    audited = True

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("bewijs")
        verbose_name_plural = _("bewijzen")

    def __str__(self) -> str:
        return self.text[:60] or self.url


class FollowUpSettings(VersionedModel):
    """Reminder settings of one organisation (instellingen opvolging)."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="followup_settings"
    )
    reminders_enabled = models.BooleanField(_("herinneringen versturen"), default=True)
    days_before_due = models.PositiveSmallIntegerField(
        _("dagen voor de streefdatum"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("Zoveel dagen voor de streefdatum krijgt de eigenaar een herinnering."),
    )
    digest_weekday = models.PositiveSmallIntegerField(
        _("dag van het weekoverzicht"),
        default=0,
        choices=[
            (0, _("maandag")),
            (1, _("dinsdag")),
            (2, _("woensdag")),
            (3, _("donderdag")),
            (4, _("vrijdag")),
        ],
    )

    organisation_field = "organisation"
    audited = True

    class Meta:
        verbose_name = _("instellingen opvolging")
        verbose_name_plural = _("instellingen opvolging")

    def __str__(self) -> str:
        return str(self.organisation)


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Streefdatum nadert")
    OVERDUE = "overdue", _("Streefdatum verstreken")
    DIGEST = "digest", _("Weekoverzicht")


class SentReminder(ReminderClaim):
    """A reminder claimed for sending (verzonden herinnering): the de-duplication key.

    The row is written and committed *before* the e-mail goes out: a second pass, or a
    second worker, cannot claim the same key. ``sent_at`` is set after the SMTP server
    accepted the message; a row without it (a failed send, or a crash between claim and
    send) is retried by a later pass while the reminder is due (:mod:`weerbaar.core.reminders`).
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=ReminderKind.choices)
    bucket = models.CharField(max_length=20)  # due date (ISO) or ISO week of the digest
    recipients = models.TextField(blank=True)  # e-mail addresses, one per line

    organisation_field = "organisation"

    class Meta:
        ordering = ["-claimed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "kind", "bucket"],
                condition=models.Q(action__isnull=False),
                name="actions_reminder_once_per_action",
            ),
            models.UniqueConstraint(
                fields=["organisation", "recipient", "kind", "bucket"],
                condition=models.Q(action__isnull=True),
                name="actions_digest_once_per_week",
            ),
        ]
        verbose_name = _("verstuurde herinnering")
        verbose_name_plural = _("verstuurde herinneringen")

    def __str__(self) -> str:
        return f"{self.kind} {self.bucket}"


class ProgressReport(models.Model):
    """A progress report for the college agenda (voortgangsrapportage).

    ``content`` is the snapshot of what was reported (figures, changes since the previous
    report); PDF and DOCX are rendered from it, so a report never changes afterwards.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="progress_reports"
    )
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("toelichting"), blank=True)
    period_start = models.DateTimeField(_("sinds"), null=True, blank=True)
    period_end = models.DateTimeField(_("tot en met"))
    content = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    organisation_field = "organisation"
    audited = True

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = _("voortgangsrapportage")
        verbose_name_plural = _("voortgangsrapportages")

    def __str__(self) -> str:
        return self.title
