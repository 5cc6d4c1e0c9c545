"""Demo step: the RIEC adviser's regional checklist, uploaded as a spreadsheet, still a draft.

The library page then shows a draft to preview and publish (as the RIEC adviser or the
beheerder); the scans of Gemeente Voorbeeld show where the RIEC pillars overlap the norms
(the shipped mapping of the reference framework).
"""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from weerbaar.core.demo import DemoContext, demo_step

from .drafts import upload
from .spreadsheet import FRAMEWORK_SHEET, INDICATOR_SHEET, template_workbook

FRAMEWORK = {
    "id": "voorbeeldregio-checklist",
    "versie": "2026.1",
    "naam_nl": "Checklist RIEC Voorbeeldregio",
    "naam_en": "Checklist RIEC Example Region",
    "bron": "RIEC Voorbeeldregio (2026)",
}
INDICATORS = [
    [
        "VR.P2",
        "Informatiepositie",
        "Information position",
        "VR.P2.I1",
        "De gemeente deelt signalen maandelijks met het RIEC.",
        "The municipality shares signals with the RIEC every month.",
        "Bespreek de signalen in het regionale casusoverleg.",
        "Discuss the signals in the regional case meeting.",
        "RIEC Voorbeeldregio (2026)",
        "D1.N4=deels; T2.N3=gelijk",
    ],
    [
        "VR.P3",
        "Beleid en handhaving",
        "Policy and enforcement",
        "VR.P3.I1",
        "Elke horecavergunning krijgt een Bibob-toets.",
        "Every hospitality licence gets a Bibob screening.",
        "",
        "",
        "RIEC Voorbeeldregio (2026)",
        "D3b.N2=deels",
    ],
]


def checklist_workbook() -> bytes:
    workbook = load_workbook(io.BytesIO(template_workbook()))
    for cells in workbook[FRAMEWORK_SHEET].iter_rows(min_row=2):
        key = str(cells[0].value)
        if key in FRAMEWORK:
            cells[1].value = FRAMEWORK[key]
    for row in INDICATORS:
        workbook[INDICATOR_SHEET].append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@demo_step(order=25)
def regional_checklist_draft(ctx: DemoContext) -> None:
    file = SimpleUploadedFile("checklist-voorbeeldregio.xlsx", checklist_workbook())
    result = upload(file, user=ctx.objects["user_riec"], region_id=ctx.objects["region"].pk)
    assert result.draft is not None, result.errors
    ctx.objects["library_draft"] = result.draft
