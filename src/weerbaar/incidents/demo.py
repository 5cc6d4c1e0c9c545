"""Demo step: incidents and signals of Gemeente Voorbeeld in every state.

Incidents: one inside its 48-hour window, one overdue, one contacted in time with an
aangifte and a nazorg date, one contacted late and closed, one against a bestuurder
(restricted) and one anonymised after its retention period; signals: new (anonymous, with
the reporter's addition), in progress (forwarded to the RIEC, answered), closed with
feedback, and one reported through an account. The texts are data, in ``demo_incidents.yaml``.
"""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import yaml
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from weerbaar.core.demo import DemoContext, demo_step
from weerbaar.organisations.models import Role

from .access import settings_for
from .models import (
    CaseEvent,
    Incident,
    IncidentAttachment,
    IncidentStep,
    Signal,
    SignalMessage,
    SignalStatus,
)
from .services import DEMO_DIR, hash_code

DATA_PATH = Path(__file__).with_name("demo_incidents.yaml")
#: The one-time code of the demo's signal in progress (for trying the dialogue).
DEMO_SIGNAL_CODE = "DEMOV-OORBE-ELDSI-GNAAL"
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def _demo_attachment(incident: Incident, user) -> IncidentAttachment:
    """A small PDF stored once by content, so rebuilding the demo does not pile up copies."""
    digest = hashlib.sha256(DEMO_PDF).hexdigest()
    stored = f"{DEMO_DIR}/{digest}.pdf"
    if not default_storage.exists(stored):
        stored = default_storage.save(stored, ContentFile(DEMO_PDF))
    attachment = IncidentAttachment(
        incident=incident,
        original_name="foto-schade-balie.pdf",
        file_type="pdf",
        size=len(DEMO_PDF),
        sha256=digest,
        uploaded_by=user,
    )
    attachment.file.name = stored
    attachment.save()
    return attachment


@demo_step(order=70)
def build_incidents(ctx: DemoContext) -> None:
    org = ctx.objects["voorbeeld"]
    users = {
        key: ctx.objects[f"user_{key}"]
        for key in ("coordinator", "secretaris", "actiehouder", "lezer")
    }
    conf = settings_for(org)
    conf.serious_roles = [Role.SECRETARIS.value]
    conf.coordinators = [users["actiehouder"].pk]
    conf.restricted_viewers = [users["secretaris"].pk]
    conf.signal_handlers = [users["coordinator"].pk]
    conf.save()

    with open(DATA_PATH, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    now = ctx.now
    for entry in data["incidents"]:
        registered = now - datetime.timedelta(hours=entry["registered_hours_ago"])
        incident = Incident.objects.create(
            organisation=org,
            category=entry["category"],
            occurred_on=(registered - datetime.timedelta(days=entry.get("days_before", 0))).date(),
            place=entry.get("place", ""),
            form=entry["form"],
            target_function=entry.get("target_function", ""),
            victim=users.get(entry.get("victim", "")),
            victim_name=entry.get("victim_name", ""),
            perpetrator=entry.get("perpetrator", ""),
            description=entry.get("description", ""),
            serious=entry.get("serious", False),
            restricted=entry.get("restricted", False),
            reporter=users.get(entry.get("reporter", "")),
            handler=users.get(entry.get("handler", "")),
            registered_at=registered,
            contact_at=(
                registered + datetime.timedelta(hours=entry["contact_after_hours"])
                if "contact_after_hours" in entry
                else None
            ),
            contact_note=entry.get("contact_note", ""),
            closed_at=(
                registered + datetime.timedelta(days=entry["closed_after_days"])
                if "closed_after_days" in entry
                else None
            ),
            anonymised=entry.get("anonymised", False),
        )
        for kind, step in (entry.get("steps") or {}).items():
            IncidentStep.objects.create(
                incident=incident,
                kind=kind,
                done_on=incident.occurred_on + datetime.timedelta(days=step["done_after_days"])
                if "done_after_days" in step
                else None,
                follow_up_on=now.date() + datetime.timedelta(days=step["follow_up_in_days"])
                if "follow_up_in_days" in step
                else None,
                note=step.get("note", ""),
            )
        if not incident.anonymised:
            CaseEvent.objects.create(
                organisation=org,
                incident=incident,
                kind="incident_registered",
                actor=incident.reporter,
                at=registered,
            )
        if entry.get("attachment"):
            _demo_attachment(incident, incident.reporter)
        ctx.objects[f"incident_{entry['key']}"] = incident

    for entry in data["signals"]:
        received = now.date() - datetime.timedelta(days=entry["days_ago"])
        reporter = users.get(entry.get("reporter", ""))
        code = entry.get("code", "")
        signal = Signal.objects.create(
            organisation=org,
            anonymous=reporter is None,
            reporter=reporter,
            code_hash=hash_code(DEMO_SIGNAL_CODE) if code == "demo" else "",
            received_on=received,
            process=entry["process"],
            kind=entry["kind"],
            description=entry["description"],
            handler=users.get(entry.get("handler", "")),
            category=entry.get("category", ""),
            urgency=entry.get("urgency", "normal"),
            forwarded_to=entry.get("forwarded_to", []),
            actions_taken=entry.get("actions_taken", ""),
            status=entry.get("status", SignalStatus.NEW),
            feedback=entry.get("feedback", ""),
            closed_on=received + datetime.timedelta(days=entry["closed_after_days"])
            if "closed_after_days" in entry
            else None,
        )
        for position, message in enumerate(entry.get("messages", []), start=1):
            SignalMessage.objects.create(
                signal=signal,
                position=position,
                from_reporter=message["from"] == "reporter",
                author=None if message["from"] == "reporter" else users["coordinator"],
                body=message["body"],
                created_on=received + datetime.timedelta(days=message.get("day", 0)),
            )
        ctx.objects[f"signal_{entry['key']}"] = signal
    ctx.objects["signal_code"] = DEMO_SIGNAL_CODE
