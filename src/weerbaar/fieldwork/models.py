"""Field work of a scan: delegated intake per department, document inventory, interviews.

FieldDocument (a document requested or received for a scan)
    scan, kind (id of a kind of document in :mod:`weerbaar.fieldwork.content`), title,
    owner (department or function, never a person's name), requested_on, received_on
    (None: requested, not yet received), norm_ids (list of the assessment's item ids it
    addresses, e.g. "D3c.N1"), file (optional, offered only as a download), notes.

InterviewSession (an interview or group session; participants by function only)
    scan, kind (:class:`SessionKind`), functions (one function per line), planned_on,
    held_on (None: planned), interviewers (the coordinators who hold it).
    Related: ``notes`` (InterviewNote: confidential, need-to-know).

DepartmentIntake (the intake a department head fills in for their own department)
    scan, department, status (:class:`IntakeStatus`), invited_at, submitted_at,
    merged_at. Related: ``processes`` (IntakeProcess with ``measures``), ``functions``
    (IntakeFunction). Merged into the registers by
    :func:`weerbaar.fieldwork.intake.merge_intake`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from weerbaar.core.locking import VersionedModel
from weerbaar.core.text import translate
from weerbaar.registers.method import method_for_scan
from weerbaar.registers.models import ControlState

from . import content


class SessionKind(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    GROUP = "group", _("Groepsgesprek")


class IntakeStatus(models.TextChoices):
    INVITED = "invited", _("Uitgenodigd")
    IN_PROGRESS = "in_progress", _("Wordt ingevuld")
    SUBMITTED = "submitted", _("Ingediend")
    MERGED = "merged", _("Verwerkt in de registers")


def document_upload_to(instance: FieldDocument, filename: str) -> str:
    """Stored name: never the uploaded name, only the type found in the content."""
    return (
        f"fieldwork/{instance.scan.organisation_id}/{instance.scan_id}/"
        f"{uuid.uuid4().hex}.{instance.file_type}"
    )


class FieldDocument(VersionedModel):
    """A document requested or received for a scan (documentinventarisatie)."""

    scan = models.ForeignKey(
        "scans.Scan", on_delete=models.CASCADE, related_name="fieldwork_documents"
    )
    # The id of a kind of document of the library (:mod:`weerbaar.fieldwork.content`).
    kind = models.CharField(_("soort"), max_length=20)
    title = models.CharField(_("titel"), max_length=300)
    owner = models.CharField(
        _("eigenaar (afdeling of functie)"),
        max_length=200,
        blank=True,
        help_text=_("De afdeling of functie die het document beheert, nooit een naam."),
    )
    requested_on = models.DateField(_("opgevraagd op"), null=True, blank=True)
    received_on = models.DateField(_("ontvangen op"), null=True, blank=True)
    norm_ids = models.JSONField(_("normen"), default=list, blank=True)
    file = models.FileField(_("bestand"), upload_to=document_upload_to, blank=True)
    file_type = models.CharField(_("soort bestand"), max_length=8, blank=True, editable=False)
    notes = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    organisation_field = "scan__organisation"
    audited = True

    class Meta:
        ordering = ["kind", "title", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documenten")

    def __str__(self) -> str:
        return self.title

    @property
    def kind_label(self) -> str:
        """The kind's name from the scan's library content, in the active language."""
        return content.kind_label(self.scan, self.kind)


class InterviewSession(VersionedModel):
    """An interview or group session of a scan; participants are named by function only."""

    scan = models.ForeignKey(
        "scans.Scan", on_delete=models.CASCADE, related_name="interview_sessions"
    )
    kind = models.CharField(
        _("soort"), max_length=12, choices=SessionKind.choices, default=SessionKind.INTERVIEW
    )
    functions = models.TextField(
        _("gesprekspartners (functies)"),
        help_text=_("Eén functie per regel, bijvoorbeeld ‘Teamleider Vergunningen’; geen namen."),
    )
    planned_on = models.DateField(_("gepland op"), null=True, blank=True)
    held_on = models.DateField(_("gehouden op"), null=True, blank=True)
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gespreksvoerders"),
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    organisation_field = "scan__organisation"
    audited = True

    class Meta:
        ordering = ["held_on", "planned_on", "pk"]
        verbose_name = _("gesprek")
        verbose_name_plural = _("gesprekken")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {', '.join(self.function_list)}"

    @property
    def function_list(self) -> list[str]:
        return [f.strip() for f in self.functions.splitlines() if f.strip()]


class InterviewNote(models.Model):
    """A note of a session written against the norms it touches (confidential)."""

    session = models.ForeignKey(InterviewSession, on_delete=models.CASCADE, related_name="notes")
    norm_ids = models.JSONField(_("normen"), default=list, blank=True)
    text = models.TextField(_("aantekening"))
    is_quote = models.BooleanField(_("citaat"), default=False)
    anonymised = models.BooleanField(_("geanonimiseerd"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    organisation_field = "session__scan__organisation"
    audited = True
    # Need-to-know text: the audit log records that it changed, never what it says.
    audit_redacted = ("text",)

    class Meta:
        ordering = ["session", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_quote=False) | models.Q(anonymised=True),
                name="fieldwork_quote_is_anonymised",
            ),
        ]
        verbose_name = _("gespreksaantekening")
        verbose_name_plural = _("gespreksaantekeningen")

    def __str__(self) -> str:
        return f"{self.session_id}: {', '.join(self.norm_ids)}"


class DepartmentIntake(VersionedModel):
    """The intake one department head fills in for their own department in one scan."""

    scan = models.ForeignKey("scans.Scan", on_delete=models.CASCADE, related_name="intakes")
    department = models.ForeignKey(
        "organisations.Department", on_delete=models.CASCADE, related_name="intakes"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=IntakeStatus.choices, default=IntakeStatus.INVITED
    )
    invited_at = models.DateTimeField(_("uitgenodigd op"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    merged_at = models.DateTimeField(_("verwerkt op"), null=True, blank=True)

    organisation_field = "scan__organisation"
    audited = True

    class Meta:
        ordering = ["department__position", "department__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["scan", "department"], name="fieldwork_one_intake_per_department"
            ),
        ]
        verbose_name = _("intake van een afdeling")
        verbose_name_plural = _("intakes van afdelingen")

    def __str__(self) -> str:
        return f"{self.department} — {self.scan}"

    @property
    def editable(self) -> bool:
        return self.status in (IntakeStatus.INVITED, IntakeStatus.IN_PROGRESS)


class IntakeProcess(models.Model):
    """A process the department works in, as the department head describes it."""

    intake = models.ForeignKey(DepartmentIntake, on_delete=models.CASCADE, related_name="processes")
    library_process_id = models.CharField(_("proces uit de bibliotheek"), max_length=80, blank=True)
    own_name = models.CharField(_("eigen naam"), max_length=200, blank=True)
    steps = models.TextField(_("processtappen"), blank=True)
    money_flows = models.BooleanField(_("geldstromen"), default=False)
    external_parties = models.TextField(_("externe partijen"), blank=True)
    notes = models.TextField(_("toelichting"), blank=True)

    organisation_field = "intake__scan__organisation"
    audited = True

    class Meta:
        ordering = ["intake", "pk"]
        verbose_name = _("proces in een intake")
        verbose_name_plural = _("processen in een intake")

    def __str__(self) -> str:
        return self.own_name or self.library_process_id


class IntakeMeasure(models.Model):
    """A control measure of an intake process (as in the register's controls)."""

    process = models.ForeignKey(IntakeProcess, on_delete=models.CASCADE, related_name="measures")
    control_type = models.CharField(_("soort maatregel"), max_length=40)
    state = models.CharField(_("stand"), max_length=12, choices=ControlState.choices)
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)

    organisation_field = "process__intake__scan__organisation"
    audited = True

    class Meta:
        ordering = ["process", "control_type", "pk"]
        verbose_name = _("maatregel in een intake")
        verbose_name_plural = _("maatregelen in een intake")

    def __str__(self) -> str:
        return f"{self.control_type}: {self.state}"

    @property
    def control_label(self) -> str:
        names = method_for_scan(self.process.intake.scan).process_control_names
        return translate(names.get(self.control_type)) or self.control_type


class IntakeFunction(models.Model):
    """A function of the department (never a person) with its exposure."""

    intake = models.ForeignKey(DepartmentIntake, on_delete=models.CASCADE, related_name="functions")
    name = models.CharField(_("functie"), max_length=200)
    incumbents = models.PositiveSmallIntegerField(
        _("aantal functiehouders"), default=1, validators=[MinValueValidator(1)]
    )
    has_mandate = models.BooleanField(_("mandaat"), default=False)
    external_contact = models.BooleanField(_("direct contact met externen"), default=False)
    financial_flows = models.BooleanField(_("toegang tot geldstromen"), default=False)
    notes = models.TextField(_("toelichting"), blank=True)

    organisation_field = "intake__scan__organisation"
    audited = True

    class Meta:
        ordering = ["intake", "pk"]
        verbose_name = _("functie in een intake")
        verbose_name_plural = _("functies in een intake")

    def __str__(self) -> str:
        return self.name
