"""Incidents (VPT register) and signals of ondermijning.

Incident (incident tegen een medewerker: agressie, bedreiging, intimidatie, benadering,
omkoping)
    organisation, category, occurred_on, place, form (in person, phone, social media, at home,
    other), target_function (a function, not necessarily a name), victim (user or None),
    victim_name (text), perpetrator, description, serious, restricted (against a bestuurder:
    only reporter, victim, handler and the restricted viewers see it), reporter, handler,
    registered_at (starts the 48-hour clock), contact_at / contact_note (contact with the
    victim), closed_at, anonymised. Related: ``steps`` (:class:`IncidentStep`),
    ``attachments`` (:class:`IncidentAttachment`), ``sent_reminders``, ``events``.

Signal (signaal van ondermijning)
    organisation, anonymous, reporter (None when anonymous), code_hash (SHA-256 of the
    one-time code with which the reporter reads answers), received_on (a date: an anonymous
    signal keeps no exact time, no IP address and no user agent), process (a library process
    id, see :mod:`weerbaar.incidents.processes`), kind,
    description; triage by a signal handler: handler, category, urgency, forwarded_to,
    actions_taken, status, feedback, closed_on. Related: ``messages`` (:class:`SignalMessage`).

Case content is not audited field by field: the audit log is append-only and would keep what
retention must delete. Who did what is kept as content-free :class:`CaseEvent` rows (audited)
and every read is recorded with ``weerbaar.audit.services.record_read``.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from weerbaar.core.reminders import ReminderClaim

CLOCK_HOURS = 48
REMINDER_HOURS = 24
DEFAULT_RETENTION_MONTHS = 36
DEFAULT_SIGNAL_RETENTION_MONTHS = 24


class Category(models.TextChoices):
    AGRESSIE = "agressie", _("Agressie")
    BEDREIGING = "bedreiging", _("Bedreiging")
    INTIMIDATIE = "intimidatie", _("Intimidatie")
    BENADERING = "benadering", _("Ongewenste benadering")
    OMKOPING = "omkoping", _("Omkoping of poging daartoe")


class IncidentForm(models.TextChoices):
    IN_PERSON = "in_person", _("In persoon")
    PHONE = "phone", _("Telefonisch")
    SOCIAL_MEDIA = "social_media", _("Sociale media of e-mail")
    AT_HOME = "at_home", _("Thuis of in de privésfeer")
    OTHER = "other", _("Anders")


class StepKind(models.TextChoices):
    """The VPT steps after registration and the first contact (Veilige Publieke Taak)."""

    AANGIFTE = "aangifte", _("Aangifte bij de politie")
    SCHADE = "schade", _("Schade verhalen")
    REACTIE = "reactie", _("Reactie aan de dader")
    NAZORG = "nazorg", _("Nazorg")
    LESSEN = "lessen", _("Lessen en maatregelen")


class RetentionAction(models.TextChoices):
    ANONYMISE = "anonymise", _("Anonimiseren (alleen cijfers blijven)")
    DELETE = "delete", _("Verwijderen")


class SignalKind(models.TextChoices):
    APPLICATION = "application", _("Verdachte aanvraag (vergunning, subsidie, melding)")
    APPROACH = "approach", _("Benadering van een medewerker")
    TRANSACTION = "transaction", _("Vreemde transactie of betaling")
    OTHER = "other", _("Anders")


class Urgency(models.TextChoices):
    LOW = "low", _("Laag")
    NORMAL = "normal", _("Normaal")
    HIGH = "high", _("Hoog (direct handelen)")


class Forward(models.TextChoices):
    RIEC = "riec", _("RIEC")
    POLICE = "police", _("Politie")
    INTEGRITY = "integrity", _("Integriteitsfunctionaris")


class SignalStatus(models.TextChoices):
    NEW = "new", _("Nieuw")
    IN_PROGRESS = "in_progress", _("In behandeling")
    CLOSED = "closed", _("Afgesloten")


class IncidentSettings(models.Model):
    """Who sees which cases of one organisation, and how long cases are kept."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="incident_settings"
    )
    # Named people by user id (JSON lists, so that the audit log records every change of who
    # may see cases; the ids are checked against the organisation's members when saved).
    coordinators = models.JSONField(
        _("VPT-coördinatoren"),
        default=list,
        blank=True,
        help_text=_("Zien alle incidenten (behalve afgeschermde) en wijzen behandelaars aan."),
    )
    all_roles = models.JSONField(_("rollen die alle incidenten zien"), default=list, blank=True)
    serious_roles = models.JSONField(
        _("rollen die ernstige incidenten zien"), default=list, blank=True
    )
    restricted_viewers = models.JSONField(
        _("mag afgeschermde incidenten zien"),
        default=list,
        blank=True,
        help_text=_("Voor incidenten tegen bestuurders, naast melder, slachtoffer en behandelaar."),
    )
    signal_handlers = models.JSONField(_("behandelaars van signalen"), default=list, blank=True)
    retention_months = models.JSONField(_("bewaartermijn per categorie"), default=dict, blank=True)
    retention_action = models.CharField(
        _("na de bewaartermijn"),
        max_length=10,
        choices=RetentionAction.choices,
        default=RetentionAction.ANONYMISE,
    )
    signal_retention_months = models.PositiveSmallIntegerField(
        _("bewaartermijn signalen (maanden)"), default=DEFAULT_SIGNAL_RETENTION_MONTHS
    )

    organisation_field = "organisation"
    audited = True

    class Meta:
        verbose_name = _("instellingen incidenten en signalen")
        verbose_name_plural = _("instellingen incidenten en signalen")

    def __str__(self) -> str:
        return str(self.organisation)

    def months_for(self, category: str) -> int:
        value = (self.retention_months or {}).get(category)
        return int(value) if value else DEFAULT_RETENTION_MONTHS


class Incident(models.Model):
    """One incident against a member of staff, with its 48-hour clock."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="incidents"
    )
    category = models.CharField(_("categorie"), max_length=16, choices=Category.choices)
    occurred_on = models.DateField(_("datum van het incident"))
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    form = models.CharField(_("vorm"), max_length=16, choices=IncidentForm.choices)
    target_function = models.CharField(_("functie van het slachtoffer"), max_length=200)
    victim = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("slachtoffer (account)"),
    )
    victim_name = models.CharField(_("naam slachtoffer"), max_length=200, blank=True)
    perpetrator = models.TextField(_("dader (voor zover bekend)"), blank=True)
    description = models.TextField(_("wat is er gebeurd"))
    serious = models.BooleanField(_("ernstig incident"), default=False)
    restricted = models.BooleanField(_("betreft een bestuurder (afgeschermd)"), default=False)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("behandelaar"),
    )
    registered_at = models.DateTimeField(_("geregistreerd op"))
    contact_at = models.DateTimeField(_("contact met slachtoffer"), null=True, blank=True)
    contact_note = models.TextField(_("notitie bij het contact"), blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    anonymised = models.BooleanField(default=False)

    organisation_field = "organisation"

    class Meta:
        ordering = ["-registered_at", "-pk"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidenten")

    def __str__(self) -> str:
        # Content-free: this text ends up in the audit log.
        return f"Incident {self.pk} ({self.category})"

    @property
    def deadline(self) -> datetime.datetime:
        return self.registered_at + datetime.timedelta(hours=CLOCK_HOURS)


class IncidentStep(models.Model):
    """One VPT step of an incident: done on a date, with a note and a follow-up date."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("stap"), max_length=16, choices=StepKind.choices)
    done_on = models.DateField(_("gedaan op"), null=True, blank=True)
    follow_up_on = models.DateField(_("vervolg op"), null=True, blank=True)
    not_applicable = models.BooleanField(_("niet van toepassing"), default=False)
    note = models.TextField(_("notitie"), blank=True)

    organisation_field = "incident__organisation"

    class Meta:
        unique_together = [("incident", "kind")]
        verbose_name = _("VPT-stap")
        verbose_name_plural = _("VPT-stappen")

    def __str__(self) -> str:
        return f"{self.incident} — {self.kind}"


def attachment_path(instance: IncidentAttachment, filename: str) -> str:
    """Stored name: never the uploaded name (kept only as metadata)."""
    return f"incidents/{instance.incident.organisation_id}/{uuid.uuid4().hex}.{instance.file_type}"


class IncidentAttachment(models.Model):
    """An uploaded file with an incident: PDF, DOCX, ODT or XLSX, checked by content."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    file_type = models.CharField(_("bestandstype"), max_length=10)
    size = models.PositiveBigIntegerField(_("grootte"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    organisation_field = "incident__organisation"

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return f"Bijlage {self.pk}"


class SentReminder(ReminderClaim):
    """A reminder or escalation of the 48-hour clock, claimed before it is sent (one claim
    per key; an unconfirmed claim is retried, see :mod:`weerbaar.core.reminders`)."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Herinnering na 24 uur")
        ESCALATION = "escalation", _("Escalatie na 48 uur")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="sent_reminders")
    kind = models.CharField(max_length=16, choices=Kind.choices)

    organisation_field = "incident__organisation"

    class Meta:
        unique_together = [("incident", "kind")]

    def __str__(self) -> str:
        return f"{self.incident} — {self.kind}"


class Signal(models.Model):
    """A signal of ondermijning, reported with or without an account."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="signals"
    )
    anonymous = models.BooleanField(default=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    code_hash = models.CharField(max_length=64, blank=True, db_index=True)
    received_on = models.DateField(_("ontvangen op"))
    # A process category id of the library, or "other" (see weerbaar.incidents.processes).
    process = models.CharField(_("proces"), max_length=64)
    kind = models.CharField(_("soort signaal"), max_length=16, choices=SignalKind.choices)
    description = models.TextField(_("wat is er opgevallen"))
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("behandelaar"),
    )
    category = models.CharField(_("categorie"), max_length=16, choices=Category.choices, blank=True)
    urgency = models.CharField(
        _("urgentie"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    forwarded_to = models.JSONField(_("doorgestuurd naar"), default=list, blank=True)
    actions_taken = models.TextField(_("wat is er gedaan"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=SignalStatus.choices, default=SignalStatus.NEW
    )
    feedback = models.TextField(_("terugkoppeling aan de melder"), blank=True)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    anonymised = models.BooleanField(default=False)

    organisation_field = "organisation"

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")

    def __str__(self) -> str:
        return f"Signaal {self.pk}"


class SignalMessage(models.Model):
    """One message of the dialogue between the reporter and the handlers (date only)."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="messages")
    position = models.PositiveIntegerField()
    from_reporter = models.BooleanField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("bericht"))
    created_on = models.DateField()

    organisation_field = "signal__organisation"

    class Meta:
        ordering = ["position"]
        unique_together = [("signal", "position")]

    def __str__(self) -> str:
        return f"{self.signal} — {self.position}"


EVENT_LABELS = {
    "incident_registered": _("Incident geregistreerd"),
    "handler_appointed": _("Behandelaar aangewezen"),
    "contact_recorded": _("Contact met het slachtoffer vastgelegd"),
    "attachment_added": _("Bijlage toegevoegd"),
    "incident_closed": _("Incident afgesloten"),
    "clock_reminder": _("Herinnering verstuurd (24 uur)"),
    "clock_escalation": _("Escalatie verstuurd (48 uur)"),
    "signal_received": _("Signaal ontvangen"),
    "signal_triaged": _("Signaal beoordeeld"),
    "signal_answered": _("Bericht aan de melder"),
    "signal_closed": _("Signaal afgesloten"),
}


class CaseEvent(models.Model):
    """What happened to a case and by whom, without its content (audited, kept in the log)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    signal = models.ForeignKey(
        Signal, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    organisation_field = "organisation"
    audited = True

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.incident_id or self.signal_id})"

    @property
    def label(self) -> str:
        """The event in words (a VPT step by its name)."""
        if self.kind.startswith("step_"):
            kind = self.kind.removeprefix("step_")
            step = StepKind(kind).label if kind in StepKind.values else kind
            return str(_("Stap bijgewerkt: %(step)s") % {"step": step})
        return str(EVENT_LABELS.get(self.kind, self.kind))
