"""Checking evidence documents (bewijsstukken) by their content, never by their name.

Allowed: PDF, DOCX, ODT (text) and XLSX, at most ``settings.EVIDENCE_MAX_BYTES``. A PDF must
start with the ``%PDF-`` signature; DOCX, XLSX and ODT are ZIP containers whose inner
structure is checked (``[Content_Types].xml`` with ``word/document.xml`` or
``xl/workbook.xml``; an uncompressed first entry ``mimetype`` holding the ODT media type).
Macro-enabled Office files, executables, HTML and anything else are refused with a message
that says what was found.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from weerbaar.core.uploads import DOCUMENT_CONTENT_TYPES, check_zip

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class CheckedDocument:
    file_type: str
    size: int
    sha256: str

    @property
    def content_type(self) -> str:
        return DOCUMENT_CONTENT_TYPES[self.file_type]


def max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", 20 * 1024 * 1024))


def _size_label(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def check_evidence_file(upload: IO[bytes], size: int | None = None) -> CheckedDocument:
    """Return the detected type of an uploaded file, or raise ``ValidationError``."""
    if size is None:
        size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            _("Het bestand is te groot (%(size)s); het maximum is %(max)s.")
            % {"size": _size_label(size), "max": _size_label(limit)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("Het bestand is leeg."), code="empty")
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    file_type = _detect(upload, head)
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    return CheckedDocument(file_type=file_type, size=size, sha256=digest.hexdigest())


def _detect(upload: IO[bytes], head: bytes) -> str:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _detect_zip(upload)
    if (
        head.startswith(b"MZ")
        or head.startswith(b"\x7fELF")
        or head[:4]
        in {
            b"\xcf\xfa\xed\xfe",
            b"\xce\xfa\xed\xfe",
            b"\xca\xfe\xba\xbe",
        }
        or head.startswith(b"#!")
    ):
        raise ValidationError(
            _(
                "Dit is een uitvoerbaar bestand (programma of script), geen document. "
                "Alleen PDF, DOCX, ODT en XLSX zijn toegestaan."
            ),
            code="executable",
        )
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype", b"<html", b"<?xml", b"<svg", b"<script")) or (
        b"<html" in lowered or b"<script" in lowered
    ):
        raise ValidationError(
            _(
                "Dit bestand is een webpagina (HTML/XML), ook al heeft het een andere naam. "
                "Alleen PDF, DOCX, ODT en XLSX zijn toegestaan."
            ),
            code="html",
        )
    raise ValidationError(
        _(
            "De inhoud van dit bestand is geen PDF, DOCX, ODT of XLSX. "
            "Sla het document op in een van deze formaten en probeer het opnieuw."
        ),
        code="type",
    )


def _detect_zip(upload: IO[bytes]) -> str:
    not_office = ValidationError(
        _(
            "Dit ZIP-bestand is geen DOCX-, XLSX- of ODT-document. "
            "Alleen PDF, DOCX, ODT en XLSX zijn toegestaan."
        ),
        code="type",
    )
    # Declared and actual unpacked sizes are checked before anything is read from it.
    archive = check_zip(upload)
    infos = archive.infolist()
    names = {i.filename for i in infos}
    lower = {n.lower() for n in names}
    if any(n.endswith("vbaproject.bin") for n in lower):
        raise ValidationError(
            _(
                "Dit document bevat macro's. Sla het op als gewoon DOCX- of XLSX-bestand "
                "(zonder macro's) en probeer het opnieuw."
            ),
            code="macro",
        )
    if "[Content_Types].xml" in names:
        content_types = _read_member(archive, "[Content_Types].xml")
        if "word/document.xml" in names:
            if b"macroEnabled" in content_types:
                raise not_office
            return "docx"
        if "xl/workbook.xml" in names:
            if b"macroEnabled" in content_types:
                raise not_office
            return "xlsx"
        raise not_office
    if (
        infos
        and infos[0].filename == "mimetype"
        and _read_member(archive, "mimetype").strip() == ODT_MIMETYPE
        and "content.xml" in names
    ):
        return "odt"
    raise not_office


def _read_member(archive: zipfile.ZipFile, name: str, limit: int = 1024 * 1024) -> bytes:
    try:
        with archive.open(name) as fh:
            return fh.read(limit)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return b""


def download_name(original_name: str, file_type: str) -> str:
    """The name a download is offered under: the original stem with the detected extension."""
    stem = original_name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    stem = "".join(c for c in stem if c.isprintable() and c not in '"\\/:*?<>|').strip()
    return f"{stem or 'bewijsstuk'}.{file_type}"
