"""Demo step: Gemeente Voorbeeld's field work for the 0-meting.

The intake of two departments (Vergunningen, Toezicht en Handhaving in progress, filled in
by the afdelingshoofd demo login; Publiekszaken submitted), a document inventory and two
held interviews (plus one planned) with notes on a few norms.
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from weerbaar.core.demo import DemoContext, demo_step
from weerbaar.organisations.models import Department
from weerbaar.organisations.permissions import DEPARTMENT_HEAD
from weerbaar.organisations.services import scope_membership_to_department
from weerbaar.registers.services import ControlInput

from . import documents, interviews
from . import intake as intake_services
from .models import (
    DepartmentIntake,
    FieldDocument,
    IntakeFunction,
    IntakeProcess,
    InterviewSession,
    SessionKind,
)

#: A one-page PDF, so that the demo's first document has a file to download.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

HEAD_DEPARTMENT = "Vergunningen, Toezicht en Handhaving"

DOCUMENTS = [
    # (kind id, title, owner, requested days before start, received days after, norms)
    (
        "integrity",
        "Integriteitsbeleid gemeente Voorbeeld 2024",
        "Bedrijfsvoering (HR/P&O)",
        0,
        7,
        ["D3d.N2", "D4.N1", "D4.N2"],
    ),
    (
        "code_of_conduct",
        "Gedragscode medewerkers",
        "Bedrijfsvoering (HR/P&O)",
        0,
        7,
        ["D3d.N2", "D4.N1"],
    ),
    (
        "bibob",
        "Beleidslijn Wet Bibob 2023",
        "Vergunningen, Toezicht en Handhaving",
        0,
        10,
        ["D3b.N2", "T2.N1"],
    ),
    (
        "vpt",
        "Protocol vertrouwenspersoon en melden van signalen",
        "Bestuurs- en Directieondersteuning",
        0,
        None,
        ["D3b.N3", "D3b.N5"],
    ),
    (
        "policy",
        "Collegeprogramma 2022-2026, paragraaf veiligheid",
        "Bestuurs- en Directieondersteuning",
        0,
        3,
        ["D2.N1", "D2.N3"],
    ),
]

SESSIONS = [
    # (kind, functions, held days after start (None: planned), notes: (norms, text, quote))
    (
        SessionKind.INTERVIEW,
        "Teamleider Vergunningen\nBibob-coördinator",
        14,
        [
            (
                ["D3b.N2"],
                "Bibob-toetsen gebeuren bij horeca en evenementen; bij vastgoed en subsidies "
                "nog niet. De coördinator is de enige met de kennis (eenpitter).",
                False,
            ),
            (
                ["D3c.N1", "D3a.N2"],
                "“We weten wel welke functies kwetsbaar zijn, maar het staat nergens "
                "opgeschreven.”",
                True,
            ),
        ],
    ),
    (
        SessionKind.GROUP,
        "Medewerkers Publiekszaken (balie)\nMedewerker Burgerzaken",
        21,
        [
            (
                ["D1.N3", "D3d.N3"],
                "Baliemedewerkers herkennen signalen van adresfraude, maar weten niet bij wie "
                "ze die kwijt kunnen.",
                False,
            ),
            (
                ["D3b.N5", "D5.N2"],
                "“Als ik iets meld, hoor ik er nooit meer iets van.”",
                True,
            ),
        ],
    ),
    (SessionKind.INTERVIEW, "Gemeentesecretaris", None, []),
]


@demo_step(order=45)
def build_fieldwork(ctx: DemoContext) -> None:
    scan = ctx.objects["scan_baseline"]
    voorbeeld = ctx.objects["voorbeeld"]
    coordinator = ctx.objects["user_coordinator"]
    start = scan.period_start

    # Intake: the afdelingshoofd's department in progress, Publiekszaken submitted.
    head_department = Department.objects.get(organisation=voorbeeld, name=HEAD_DEPARTMENT)
    head = ctx.objects.get("user_afdelingshoofd")
    if head is not None:
        scope_membership_to_department(
            voorbeeld, email=head.email, role=DEPARTMENT_HEAD, department=head_department
        )
    in_progress = DepartmentIntake.objects.create(
        scan=scan, department=head_department, invited_at=ctx.now
    )
    intake_services.add_process(
        in_progress,
        IntakeProcess(
            library_process_id="PR-horeca-vergunning",
            steps="Aanvraag\nBibob-toets\nAdvies politie\nBesluit",
            money_flows=False,
        ),
        [ControlInput(control_type="bibob_check", state="in_practice")],
    )
    intake_services.add_function(
        in_progress,
        IntakeFunction(name="Bibob-coördinator", incumbents=1, external_contact=True),
    )
    submitted = DepartmentIntake.objects.create(
        scan=scan,
        department=Department.objects.get(organisation=voorbeeld, name="Publiekszaken"),
        invited_at=ctx.now,
    )
    intake_services.add_process(
        submitted,
        IntakeProcess(library_process_id="PR-brp", notes="Inclusief adresonderzoek."),
        [ControlInput(control_type="four_eyes", state="on_paper")],
    )
    intake_services.add_function(
        submitted,
        IntakeFunction(name="Medewerker Burgerzaken", incumbents=6, external_contact=True),
    )
    intake_services.submit_intake(submitted)

    # Document inventory.
    for i, (kind, title, owner, requested, received, norms) in enumerate(DOCUMENTS):
        documents.save_document(
            FieldDocument(
                scan=scan,
                kind=kind,
                title=title,
                owner=owner,
                requested_on=start + datetime.timedelta(days=requested),
                received_on=(start + datetime.timedelta(days=received))
                if received is not None
                else None,
            ),
            norm_ids=norms,
            upload=SimpleUploadedFile("integriteitsbeleid.pdf", DEMO_PDF) if i == 0 else None,
        )

    # Interviews and a group session.
    for session_kind, functions, held, notes in SESSIONS:
        session = interviews.save_session(
            InterviewSession(
                scan=scan,
                kind=session_kind,
                functions=functions,
                planned_on=start + datetime.timedelta(days=held or 30),
                held_on=start + datetime.timedelta(days=held) if held is not None else None,
            ),
            by=coordinator,
        )
        for norm_ids, text, quote in notes:
            interviews.add_note(
                session,
                by=coordinator,
                text=text,
                norm_ids=norm_ids,
                is_quote=quote,
                anonymised=quote,
            )
