"""Files to upload in the library tests: small bundles as ZIP, filled-in templates."""

from __future__ import annotations

import io
import zipfile

import yaml
from openpyxl import load_workbook

from weerbaar.library.spreadsheet import template_workbook

MANIFEST = {
    "kind": "manifest",
    "id": "regio-checklist",
    "version": "1.0",
    "title": {"nl": "Regionale checklist", "en": "Regional checklist"},
    "files": ["indicatoren.yaml", "koppeling.yaml"],
}
INDICATORS = {
    "kind": "indicator_framework",
    "framework": {
        "id": "RC",
        "name": {"nl": "Regionale checklist", "en": "Regional checklist"},
        "source": "RIEC Voorbeeldregio (2026)",
    },
    "pillars": [
        {
            "id": "RC.P1",
            "name": {"nl": "Informatiepositie", "en": "Information position"},
            "indicators": [
                {
                    "id": "RC.P1.I1",
                    "text": {"nl": "Er is een meldpunt.", "en": "There is a reporting point."},
                },
                {
                    "id": "RC.P1.I2",
                    "text": {"nl": "Signalen worden vastgelegd.", "en": "Signals are recorded."},
                },
            ],
        }
    ],
}
MAPPING = {
    "kind": "framework_mapping",
    "id": "MAP-RC",
    "title": {"nl": "Checklist naast de normen", "en": "Checklist beside the norms"},
    "mappings": [
        {"item": "RC.P1.I1", "norms": [{"norm": "D3b.N5", "strength": "deels"}]},
        {"item": "RC.P1.I2", "norms": [{"norm": "D1.N5", "strength": "gelijk"}]},
    ],
}


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def make_zip(files: dict[str, str | bytes], folder: str = "") -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(folder + name, content)
    out.seek(0)
    out.name = "kader.zip"
    return out


def bundle_files(**changes: dict) -> dict[str, str]:
    manifest = {**MANIFEST, **changes.get("manifest", {})}
    return {
        "manifest.yaml": dump(manifest),
        "indicatoren.yaml": dump(changes.get("indicators", INDICATORS)),
        "koppeling.yaml": dump(changes.get("mapping", MAPPING)),
    }


def make_workbook(
    rows: list[list[str]],
    *,
    identifier: str = "piramide-regio",
    version: str = "1.0",
    name: str = "piramide.xlsx",
) -> io.BytesIO:
    """The template, filled in: the framework's fields and ``rows`` of indicators."""
    workbook = load_workbook(io.BytesIO(template_workbook()))
    framework = workbook["Kader"]
    values = {
        "id": identifier,
        "versie": version,
        "naam_nl": "Piramide (regio)",
        "naam_en": "Pyramid (region)",
        "bron": "RIEC Voorbeeldregio (2026)",
    }
    for row in framework.iter_rows(min_row=2):
        if row[0].value in values:
            row[1].value = values[row[0].value]
    sheet = workbook["Indicatoren"]
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    out.name = name
    return out


GOOD_ROWS = [
    [
        "PR.P1",
        "Bewustwording en organisatie",
        "Awareness and organisation",
        "PR.P1.I1",
        "Er is een bewustwordingsplan.",
        "There is an awareness plan.",
        "Zie het plan.",
        "See the plan.",
        "RIEC Voorbeeldregio (2026)",
        "D1.N2=deels; D3d.N1=gerelateerd",
    ],
    [
        "PR.P2",
        "Informatiepositie",
        "Information position",
        "PR.P2.I1",
        "Signalen worden vastgelegd.",
        "Signals are recorded.",
        "",
        "",
        "",
        "D1.N5=gelijk",
    ],
]
