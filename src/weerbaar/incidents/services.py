"""Changes to incidents and signals. Every change leaves a content-free :class:`CaseEvent`."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from weerbaar.core.uploads import check_upload, delete_file_on_commit
from weerbaar.organisations.models import Organisation

from . import access
from .models import (
    CaseEvent,
    Forward,
    Incident,
    IncidentAttachment,
    IncidentStep,
    Signal,
    SignalMessage,
    SignalStatus,
    StepKind,
)
from .processes import is_signal_process

ATTACHMENT_KINDS = {"pdf", "docx", "odt", "xlsx"}
#: Demo attachments are stored once by content and shared by demo databases: never deleted.
DEMO_DIR = "incidents/demo"
#: Letters and digits that cannot be mistaken for each other when read aloud or copied.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_GROUPS = 4
CODE_GROUP_LENGTH = 5


def _event(organisation: Organisation, kind: str, actor, *, incident=None, signal=None) -> None:
    CaseEvent.objects.create(
        organisation=organisation,
        incident=incident,
        signal=signal,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=timezone.now(),
    )


# ----------------------------------------------------------------------------- incidents


@dataclass
class IncidentInput:
    category: str
    occurred_on: datetime.date
    form: str
    target_function: str
    description: str
    place: str = ""
    victim_name: str = ""
    perpetrator: str = ""
    serious: bool = False
    restricted: bool = False
    victim: Any = None  # a user of the organisation, or None


def report_incident(
    organisation: Organisation, data: IncidentInput, reporter, now: datetime.datetime | None = None
) -> Incident:
    """Register an incident; the 48-hour clock starts now."""
    if data.occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("De datum van het incident ligt in de toekomst.")})
    incident = Incident(
        organisation=organisation,
        category=data.category,
        occurred_on=data.occurred_on,
        place=data.place,
        form=data.form,
        target_function=data.target_function,
        victim=data.victim,
        victim_name=data.victim_name,
        perpetrator=data.perpetrator,
        description=data.description,
        serious=data.serious,
        restricted=data.restricted,
        reporter=reporter if getattr(reporter, "is_authenticated", False) else None,
        registered_at=now or timezone.now(),
    )
    incident.full_clean()
    with transaction.atomic():
        incident.save()
        _event(organisation, "incident_registered", reporter, incident=incident)
    return incident


def appoint_handler(incident: Incident, handler, actor) -> None:
    if not access.can_appoint(actor, incident):
        raise PermissionDenied
    if (
        handler is not None
        and not handler.memberships.filter(organisation=incident.organisation).exists()
    ):
        raise ValidationError({"handler": _("De behandelaar is geen lid van deze organisatie.")})
    incident.handler = handler
    incident.save(update_fields=["handler"])
    _event(incident.organisation, "handler_appointed", actor, incident=incident)


def record_contact(
    incident: Incident, actor, note: str, at: datetime.datetime | None = None
) -> None:
    """Record the contact with the victim; stops the 48-hour clock."""
    if not access.can_handle_incident(actor, incident):
        raise PermissionDenied
    when = at or timezone.now()
    if when < incident.registered_at:
        raise ValidationError({"contact_at": _("Het contact ligt vóór de registratie.")})
    if when > timezone.now():
        raise ValidationError({"contact_at": _("Het contact ligt in de toekomst.")})
    incident.contact_at = when
    incident.contact_note = note
    incident.save(update_fields=["contact_at", "contact_note"])
    _event(incident.organisation, "contact_recorded", actor, incident=incident)


@dataclass
class StepInput:
    kind: str
    done_on: datetime.date | None = None
    follow_up_on: datetime.date | None = None
    not_applicable: bool = False
    note: str = ""


def save_step(incident: Incident, data: StepInput, actor) -> IncidentStep:
    if not access.can_handle_incident(actor, incident):
        raise PermissionDenied
    if data.kind not in StepKind.values:
        raise ValidationError({"kind": _("Kies een stap uit de lijst.")})
    if data.done_on and data.done_on > timezone.localdate():
        raise ValidationError({"done_on": _("Deze datum ligt in de toekomst.")})
    if data.done_on and data.done_on < incident.occurred_on:
        raise ValidationError({"done_on": _("Deze datum ligt vóór het incident.")})
    step, _created = IncidentStep.objects.get_or_create(incident=incident, kind=data.kind)
    step.done_on = data.done_on
    step.follow_up_on = data.follow_up_on
    step.not_applicable = data.not_applicable
    step.note = data.note
    step.save()
    _event(incident.organisation, f"step_{data.kind}", actor, incident=incident)
    return step


def add_attachment(
    incident: Incident, upload: IO[bytes], *, original_name: str, actor
) -> IncidentAttachment:
    """Check an upload by content (as evidence documents are) and store it."""
    if not (access.can_handle_incident(actor, incident) or incident.reporter_id == actor.pk):
        raise PermissionDenied
    kind = check_upload(upload, ATTACHMENT_KINDS)
    upload.seek(0)
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: upload.read(64 * 1024), b""):
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    with transaction.atomic():
        attachment = IncidentAttachment(
            incident=incident,
            original_name=(original_name or "bijlage")[:255],
            file_type=kind,
            size=size,
            sha256=digest.hexdigest(),
            uploaded_by=actor,
        )
        attachment.file.save(
            "upload", upload if isinstance(upload, File) else File(upload), save=False
        )
        attachment.save()
        _event(incident.organisation, "attachment_added", actor, incident=incident)
    return attachment


def delete_attachment_files(incident: Incident) -> None:
    """Remove an incident's attachments and, after the commit, their files."""
    for attachment in list(incident.attachments.all()):
        file = attachment.file
        attachment.delete()
        delete_file_on_commit(file, keep_under=DEMO_DIR)


def close_incident(incident: Incident, actor, now: datetime.datetime | None = None) -> None:
    if not access.can_handle_incident(actor, incident):
        raise PermissionDenied
    incident.closed_at = now or timezone.now()
    incident.save(update_fields=["closed_at"])
    _event(incident.organisation, "incident_closed", actor, incident=incident)


# ----------------------------------------------------------------------------- signals


def new_code() -> str:
    """A one-time code of 20 characters (100 bits) in groups of five: ``ABCDE-FGHJK-…``."""
    groups = [
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
        for _ in range(CODE_GROUPS)
    ]
    return "-".join(groups)


def normalise_code(code: str) -> str:
    cleaned = "".join(c for c in code.upper() if c.isalnum())
    return cleaned


def hash_code(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


@dataclass
class SignalInput:
    process: str
    kind: str
    description: str
    anonymous: bool = True


@dataclass
class SubmittedSignal:
    signal: Signal
    code: str  # shown once to the reporter; only its hash is stored


def submit_signal(organisation: Organisation, data: SignalInput, reporter=None) -> SubmittedSignal:
    """Store a signal. An anonymous signal keeps no reporter, no time (a date only), no
    address and no browser: nothing of the request is passed in."""
    errors = {}
    if not is_signal_process(organisation, data.process):
        errors["process"] = _("Kies een proces uit de lijst.")
    if not data.description.strip():
        errors["description"] = _("Beschrijf wat u is opgevallen.")
    if errors:
        raise ValidationError(errors)
    anonymous = data.anonymous or not getattr(reporter, "is_authenticated", False)
    code = new_code()
    signal = Signal(
        organisation=organisation,
        anonymous=anonymous,
        reporter=None if anonymous else reporter,
        code_hash=hash_code(code),
        received_on=timezone.localdate(),
        process=data.process,
        kind=data.kind,
        description=data.description,
    )
    signal.full_clean()
    signal.save()
    if not anonymous:
        _event(organisation, "signal_received", reporter, signal=signal)
    return SubmittedSignal(signal=signal, code=code)


def signal_for_code(organisation: Organisation, code: str) -> Signal | None:
    """The signal of a one-time code, or None (same answer for a wrong and an unknown code)."""
    if not normalise_code(code):
        return None
    return Signal.objects.filter(
        organisation=organisation, code_hash=hash_code(code), anonymised=False
    ).first()


def _add_message(signal: Signal, body: str, *, from_reporter: bool, author=None) -> SignalMessage:
    if not body.strip():
        raise ValidationError({"body": _("Schrijf een bericht.")})
    with transaction.atomic():
        # Lock the signal so that two messages at once never get the same position.
        Signal.objects.select_for_update().filter(pk=signal.pk).exists()
        last = signal.messages.aggregate(m=Max("position"))["m"] or 0
        return SignalMessage.objects.create(
            signal=signal,
            position=last + 1,
            from_reporter=from_reporter,
            author=author,
            body=body,
            created_on=timezone.localdate(),
        )


def reporter_message(signal: Signal, body: str) -> SignalMessage:
    """The reporter adds information (with the code; no account, nothing of the request)."""
    if signal.status == SignalStatus.CLOSED:
        raise ValidationError({"body": _("Dit signaal is afgesloten.")})
    return _add_message(signal, body, from_reporter=True)


def handler_message(signal: Signal, body: str, actor) -> SignalMessage:
    if not access.can_handle_signal(actor, signal):
        raise PermissionDenied
    message = _add_message(signal, body, from_reporter=False, author=actor)
    _event(signal.organisation, "signal_answered", actor, signal=signal)
    return message


@dataclass
class TriageInput:
    category: str
    urgency: str
    forwarded_to: list[str]
    actions_taken: str
    handler: Any = None


def triage_signal(signal: Signal, data: TriageInput, actor) -> None:
    if not access.can_handle_signal(actor, signal):
        raise PermissionDenied
    unknown = set(data.forwarded_to) - set(Forward.values)
    if unknown:
        raise ValidationError({"forwarded_to": _("Kies uit de lijst.")})
    signal.category = data.category
    signal.urgency = data.urgency
    signal.forwarded_to = sorted(data.forwarded_to)
    signal.actions_taken = data.actions_taken
    signal.handler = data.handler
    if signal.status == SignalStatus.NEW:
        signal.status = SignalStatus.IN_PROGRESS
    signal.full_clean()
    signal.save()
    _event(signal.organisation, "signal_triaged", actor, signal=signal)


def close_signal(signal: Signal, feedback: str, actor) -> None:
    """Close with feedback that the reporter reads with their code."""
    if not access.can_handle_signal(actor, signal):
        raise PermissionDenied
    if not feedback.strip():
        raise ValidationError({"feedback": _("Schrijf een terugkoppeling voor de melder.")})
    signal.feedback = feedback
    signal.status = SignalStatus.CLOSED
    signal.closed_on = timezone.localdate()
    signal.save(update_fields=["feedback", "status", "closed_on"])
    _event(signal.organisation, "signal_closed", actor, signal=signal)


# ----------------------------------------------------------------------------- settings


@dataclass
class SettingsInput:
    coordinators: list
    all_roles: list[str]
    serious_roles: list[str]
    restricted_viewers: list
    signal_handlers: list
    retention_months: dict[str, int]
    retention_action: str
    signal_retention_months: int


def save_settings(organisation: Organisation, data: SettingsInput, actor) -> None:
    """Who sees which cases and how long they are kept (audited, with every named person)."""
    members = set(organisation.memberships.values_list("user_id", flat=True))
    named = {
        "coordinators": data.coordinators,
        "restricted_viewers": data.restricted_viewers,
        "signal_handlers": data.signal_handlers,
    }
    for field, users in named.items():
        if any(u.pk not in members for u in users):
            raise ValidationError({field: _("Kies leden van deze organisatie.")})
    conf = access.settings_for(organisation)
    conf.coordinators = sorted(u.pk for u in data.coordinators)
    conf.restricted_viewers = sorted(u.pk for u in data.restricted_viewers)
    conf.signal_handlers = sorted(u.pk for u in data.signal_handlers)
    conf.all_roles = sorted(data.all_roles)
    conf.serious_roles = sorted(data.serious_roles)
    conf.retention_months = dict(sorted(data.retention_months.items()))
    conf.retention_action = data.retention_action
    conf.signal_retention_months = data.signal_retention_months
    conf.full_clean()
    conf.save()
