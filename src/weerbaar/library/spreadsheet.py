"""A framework of indicators from a spreadsheet, and the template to fill in.

The template (:func:`template_workbook`) has two sheets:

* ``Kader`` — one row per field: ``id``, ``versie``, ``naam_nl``, ``naam_en``, ``bron`` and
  optionally ``omschrijving_nl``, ``omschrijving_en``;
* ``Indicatoren`` — a header row and one row per indicator: the pillar (id and name), the
  indicator (id, text, guidance), its source and, optionally, the norms of the reference
  framework it maps onto (``D1.N2=gelijk; D3b.N5=deels``).

:func:`bundle_from_workbook` turns a filled-in workbook into a library bundle with an
``indicator_framework`` document (and a ``framework_mapping`` when norms are given); every
problem is reported with the sheet and the row.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .loader import Bundle, Document, LibraryError, check_ids_and_references, validate_document

FRAMEWORK_SHEET = "Kader"
INDICATOR_SHEET = "Indicatoren"
FRAMEWORK_FIELDS = ["id", "versie", "naam_nl", "naam_en", "bron", "omschrijving_nl"]
FRAMEWORK_FIELDS_ALL = [*FRAMEWORK_FIELDS, "omschrijving_en"]
REQUIRED_FRAMEWORK_FIELDS = ["id", "versie", "naam_nl", "naam_en"]
COLUMNS = [
    "pijler_id",
    "pijler_nl",
    "pijler_en",
    "indicator_id",
    "tekst_nl",
    "tekst_en",
    "toelichting_nl",
    "toelichting_en",
    "bron",
    "normen",
]
REQUIRED_COLUMNS = ["pijler_id", "pijler_nl", "pijler_en", "indicator_id", "tekst_nl", "tekst_en"]
STRENGTHS = ("gelijk", "deels", "gerelateerd")
MAX_ROWS = 5000
ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
VERSION = re.compile(r"^[0-9]+(\.[0-9]+)*(-[a-z0-9]+)?$")
LINK = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_.-]*)\s*=\s*(\w+)\s*$")
INDICATORS_FILE = "indicators.yaml"
MAPPING_FILE = "mapping.yaml"


def template_workbook() -> bytes:
    """The empty template as XLSX bytes (offered as a download on the upload page)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    framework = workbook.worksheets[0]
    framework.title = FRAMEWORK_SHEET
    framework.append([_("veld"), _("waarde")])
    for name in FRAMEWORK_FIELDS_ALL:
        framework.append([name, ""])
    indicators = workbook.create_sheet(INDICATOR_SHEET)
    indicators.append(COLUMNS)
    for sheet in (framework, indicators):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    explanation = workbook.create_sheet(_("Uitleg"))
    for line in (
        _("Vul op het werkblad Kader de id, het versienummer en de naam (Nederlands en Engels)."),
        _(
            "Vul op het werkblad Indicatoren één regel per indicator; de kolommen met _nl en _en "
            "zijn de Nederlandse en Engelse tekst."
        ),
        _("Ids bestaan uit letters, cijfers, punten en streepjes en beginnen met een letter."),
        _(
            "Kolom normen (niet verplicht): normen van het referentiekader waar de indicator mee "
            "overlapt, als D1.N2=gelijk; D3b.N5=deels (gelijk, deels of gerelateerd)."
        ),
        _("Upload het bestand op de pagina Bibliotheek beheren; de fouten staan daar per regel."),
    ):
        explanation.append([line])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _read_sheets(file: IO[bytes]) -> dict[str, list[list[str]]]:
    """The cells of every sheet as text; the file was checked by ``core.uploads`` first."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
        sheets = {}
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1, max_col=len(COLUMNS))
            sheets[sheet.title] = [[_text(v) for v in row] for row in rows]
        return sheets
    # A damaged workbook makes openpyxl and the XML parser raise many kinds of errors;
    # each means "this file cannot be read".
    except (
        zipfile.BadZipFile,
        zlib.error,
        KeyError,
        IndexError,
        ValueError,
        TypeError,
        AttributeError,
        OSError,
        EOFError,
        SyntaxError,
    ) as exc:
        raise ValidationError(_("Het Excel-bestand kan niet worden gelezen.")) from exc


def _error(file: str, row: int | None, where: str, code: str, **params: str) -> LibraryError:
    """A problem in ``file`` at ``row``, in column or field ``where``."""
    pairs = tuple((k, str(v)) for k, v in params.items())
    return LibraryError(file, row, where, f"{code}: {params}", code, pairs)


def bundle_from_workbook(
    file: IO[bytes], name: str, external: dict[str, set[str]] | None = None
) -> tuple[Bundle | None, list[LibraryError]]:
    """The bundle a filled-in template describes, or the problems by sheet and row."""
    sheets = _read_sheets(file)
    errors: list[LibraryError] = []
    for sheet in (FRAMEWORK_SHEET, INDICATOR_SHEET):
        if sheet not in sheets:
            errors.append(_error(name, None, "", "sheet_missing", sheet=sheet))
    if errors:
        return None, errors
    meta, meta_rows = _framework_fields(sheets[FRAMEWORK_SHEET])
    where = f"{name} › {FRAMEWORK_SHEET}"
    for key in REQUIRED_FRAMEWORK_FIELDS:
        if not meta.get(key):
            errors.append(_error(where, meta_rows.get(key), key, "cell_empty", column=key))
    if meta.get("id") and not ID.match(meta["id"]):
        errors.append(_error(where, meta_rows["id"], "id", "cell_id", value=meta["id"]))
    if meta.get("versie") and not VERSION.match(meta["versie"]):
        errors.append(
            _error(where, meta_rows["versie"], "versie", "version_format", value=meta["versie"])
        )
    pillars, mappings, row_errors = _indicator_rows(sheets[INDICATOR_SHEET], name)
    errors.extend(row_errors)
    if errors:
        return None, errors
    bundle = _bundle(meta, pillars, mappings)
    for doc in bundle.documents.values():
        errors.extend(validate_document(doc))
    if not errors:
        errors.extend(check_ids_and_references(bundle.documents, external))
    if errors:
        return None, [_locate(e, name) for e in errors]
    return bundle, []


def _locate(error: LibraryError, name: str) -> LibraryError:
    """A problem found in the generated documents, pointed at the spreadsheet."""
    return LibraryError(
        f"{name} › {INDICATOR_SHEET}",
        None,
        error.field,
        error.message,
        error.code,
        error.params,
    )


def _framework_fields(rows: list[list[str]]) -> tuple[dict[str, str], dict[str, int]]:
    meta: dict[str, str] = {}
    where: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        if len(row) >= 1 and row[0] in FRAMEWORK_FIELDS_ALL:
            meta[row[0]] = row[1] if len(row) > 1 else ""
            where[row[0]] = number
    return meta, where


def _indicator_rows(
    rows: list[list[str]], name: str
) -> tuple[list[dict], list[dict], list[LibraryError]]:
    where = f"{name} › {INDICATOR_SHEET}"
    errors: list[LibraryError] = []
    header = rows[0] if rows else []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        return [], [], [_error(where, 1, c, "column_missing", column=c) for c in missing]
    index = {c: header.index(c) for c in COLUMNS if c in header}
    pillars: dict[str, dict] = {}
    mappings: list[dict] = []
    seen: dict[str, int] = {}
    count = 0
    for number, row in enumerate(rows[1:], start=2):
        cells = {c: (row[i] if i < len(row) else "") for c, i in index.items()}
        if not any(cells.values()):
            continue
        count += 1
        row_errors = [
            _error(where, number, c, "cell_empty", column=c)
            for c in REQUIRED_COLUMNS
            if not cells[c]
        ]
        for column in ("pijler_id", "indicator_id"):
            if cells[column] and not ID.match(cells[column]):
                row_errors.append(_error(where, number, column, "cell_id", value=cells[column]))
        links = []
        for part in filter(None, (p.strip() for p in cells.get("normen", "").split(";"))):
            match = LINK.match(part)
            if not match or match.group(2) not in STRENGTHS:
                row_errors.append(_error(where, number, "normen", "norm_link", value=part))
            else:
                links.append({"norm": match.group(1), "strength": match.group(2)})
        indicator_id = cells["indicator_id"]
        if indicator_id and indicator_id in seen:
            other = f"{INDICATOR_SHEET}:{seen[indicator_id]}"
            row_errors.append(
                _error(where, number, "indicator_id", "duplicate_id", id=indicator_id, other=other)
            )
        seen.setdefault(indicator_id, number)
        errors.extend(row_errors)
        if row_errors:
            continue
        pillar = pillars.setdefault(
            cells["pijler_id"],
            {
                "id": cells["pijler_id"],
                "name": {"nl": cells["pijler_nl"], "en": cells["pijler_en"]},
                "indicators": [],
            },
        )
        if pillar["name"] != {"nl": cells["pijler_nl"], "en": cells["pijler_en"]}:
            errors.append(
                _error(where, number, "pijler_nl", "pillar_changed", pillar=cells["pijler_id"])
            )
        indicator: dict[str, Any] = {
            "id": cells["indicator_id"],
            "text": {"nl": cells["tekst_nl"], "en": cells["tekst_en"]},
        }
        if cells.get("toelichting_nl") and cells.get("toelichting_en"):
            indicator["guidance"] = {"nl": cells["toelichting_nl"], "en": cells["toelichting_en"]}
        if cells.get("bron"):
            indicator["source"] = cells["bron"]
        pillar["indicators"].append(indicator)
        if links:
            mappings.append({"item": cells["indicator_id"], "norms": links})
    if not count and not errors:
        errors.append(_error(where, 2, "", "no_rows"))
    return list(pillars.values()), mappings, errors


def _bundle(meta: dict[str, str], pillars: list[dict], mappings: list[dict]) -> Bundle:
    title = {"nl": meta["naam_nl"], "en": meta["naam_en"]}
    framework: dict[str, Any] = {"id": meta["id"], "name": title}
    if meta.get("bron"):
        framework["source"] = meta["bron"]
    description = {}
    if meta.get("omschrijving_nl") and meta.get("omschrijving_en"):
        description = {"nl": meta["omschrijving_nl"], "en": meta["omschrijving_en"]}
        framework["description"] = description
    documents = {
        INDICATORS_FILE: Document(
            INDICATORS_FILE,
            "indicator_framework",
            {"kind": "indicator_framework", "framework": framework, "pillars": pillars},
            None,
        )
    }
    if mappings:
        mapping: dict[str, Any] = {
            "kind": "framework_mapping",
            "id": f"{meta['id']}-mapping",
            "title": title,
            "mappings": mappings,
        }
        if meta.get("bron"):
            mapping["source"] = meta["bron"]
        documents[MAPPING_FILE] = Document(MAPPING_FILE, "framework_mapping", mapping, None)
    return Bundle(meta["id"], meta["versie"], title, description, documents)
