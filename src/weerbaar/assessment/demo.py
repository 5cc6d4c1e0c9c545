"""Demo step: the completed self-assessment of Gemeente Voorbeeld's 0-meting.

The verdicts follow the practice sections and conclusions of seed 004 (§3.2–§9.2, §10.1)
for a comparable small municipality; the evidence documents are tiny generated PDFs; the
recommendations come from the rules, most accepted and one rejected with a reason.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from weerbaar.core.demo import DemoContext, demo_step

from . import services
from .evidence import check_evidence_file
from .models import EvidenceDocument, Recommendation, RecommendationStatus
from .rules.proposals import decide, run_rules
from .services import DEMO_DIR

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan

VERDICTS_FILE = Path(__file__).parent / "content" / "demo_verdicts.yaml"


def verdicts() -> list[dict]:
    """Item id, status, finding and supporting sources per norm and pillar item (see the
    YAML file)."""
    with open(VERDICTS_FILE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)["verdicts"]


#: item id -> (file name, title lines) of a tiny evidence PDF.
DOCUMENTS = {
    "D1.N5": (
        "ondermijningsbeeld-2018-samenvatting.pdf",
        [
            "Integraal geografisch ondermijningsbeeld (samenvatting)",
            "RIEC, juli 2018 - fictief demodocument",
        ],
    ),
    "D2.N3": (
        "veiligheidsbeleidsplan-2017-uittreksel.pdf",
        ["Veiligheidsbeleidsplan 2017 (uittreksel)", "Gemeente Voorbeeld - fictief demodocument"],
    ),
}


def tiny_pdf(lines: list[str]) -> bytes:
    """A minimal valid one-page PDF with a few lines of text (no external tools)."""

    def esc(s: str) -> str:
        s = s.encode("latin-1", "replace").decode("latin-1")
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = "BT /F1 14 Tf 72 760 Td 18 TL " + " ".join(f"({esc(line)}) '" for line in lines) + " ET"
    stream = text.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def add_demo_document(scan: Scan, item_id: str, name: str, data: bytes, user) -> EvidenceDocument:
    """Attach a demo document. Its file is stored once by content (``evidence/demo/``), so
    rebuilding the demo (every test session does) does not pile up copies in the storage."""
    checked = check_evidence_file(BytesIO(data), size=len(data))
    stored = f"{DEMO_DIR}/{checked.sha256}.{checked.file_type}"
    if not default_storage.exists(stored):
        stored = default_storage.save(stored, ContentFile(data))
    doc = EvidenceDocument(
        item=services.get_or_create_item(scan, item_id),
        original_name=name,
        file_type=checked.file_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
    )
    doc.file.name = stored
    doc.save()
    return doc


@demo_step(order=50)
def build_assessment(ctx: DemoContext) -> None:
    scan = ctx.objects["scan_baseline"]
    coordinator = ctx.objects["user_coordinator"]
    fw = scan.framework
    for row in verdicts():
        item_id, status, finding = row["item"], row["status"], row["finding"]
        if services.item_kind(fw, item_id) is None:
            continue  # a library version without this item
        services.save_item(
            scan,
            item_id,
            status=status,
            finding=finding,
            evidence_text="",
            expected_version=0,
            user=coordinator,
            sources=row.get("sources", []),
        )
    for item_id, (name, lines) in DOCUMENTS.items():
        if services.item_kind(fw, item_id) is None:
            continue
        add_demo_document(scan, item_id, name, tiny_pdf(lines), coordinator)
    if services.item_kind(fw, "D3b.N3") is not None:
        services.add_link(
            scan,
            "D3b.N3",
            url="https://voorbeeld.example/regeling-vertrouwenspersoon",
            title="Regeling vertrouwenspersoon (fictief)",
            user=coordinator,
        )

    run_rules(scan)
    proposals = list(Recommendation.objects.filter(scan=scan).order_by("pk"))
    rejected = next(
        (r for r in proposals if r.measure_id == "M-regionale-samenwerking"),
        proposals[1] if len(proposals) > 2 else None,
    )
    still_open = proposals[-1] if len(proposals) > 2 else None
    for rec in proposals:
        if rec == rejected:
            decide(
                rec,
                decision=RecommendationStatus.REJECTED,
                reason="Niet haalbaar op korte termijn; de andere voorgestelde maatregel "
                "volstaat voor deze bevinding.",
                user=coordinator,
            )
        elif rec != still_open:
            decide(rec, decision=RecommendationStatus.ACCEPTED, user=coordinator)
        # One proposal stays open, so the demo shows one waiting for a decision.
    ctx.objects["assessment_recommendations"] = proposals
