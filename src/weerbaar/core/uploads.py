"""Checks on uploaded files before anything parses them, and tables read from uploads.

Limits come from the settings (see ``settings.py``):

* ``WEERBAAR_UPLOAD_MAX_BYTES`` — the size of an upload as sent;
* ``WEERBAAR_UPLOAD_MAX_UNCOMPRESSED_BYTES`` — what a ZIP container (XLSX, DOCX, ODT)
  unpacks to, by its declared sizes *and* by actually unpacking it in small pieces, so
  that a header that lies cannot make it expand further (a decompression bomb);
* ``WEERBAAR_UPLOAD_MAX_COMPRESSION_RATIO`` — how much one sizeable member may have shrunk;
* ``WEERBAAR_CSV_MAX_FIELD_CHARS`` — the longest field of a CSV file.

Every refusal is a ``ValidationError`` with a Dutch message that says what to do.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Collection, Iterable, Sequence
from functools import partial
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.translation import gettext as _

MAX_ZIP_ENTRIES = 5000
#: Members smaller than this unpacked are not checked for their compression ratio.
RATIO_FLOOR = 1024 * 1024
#: The most columns read from a table, and the most cells in all.
MAX_COLUMNS = 2000
MAX_CELLS = 2_000_000
_CHUNK = 64 * 1024

OFFICE_KINDS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def max_upload_bytes() -> int:
    return int(settings.WEERBAAR_UPLOAD_MAX_BYTES)


def max_uncompressed_bytes() -> int:
    return int(settings.WEERBAAR_UPLOAD_MAX_UNCOMPRESSED_BYTES)


def max_compression_ratio() -> int:
    return int(settings.WEERBAAR_UPLOAD_MAX_COMPRESSION_RATIO)


def csv_max_field_chars() -> int:
    return int(settings.WEERBAAR_CSV_MAX_FIELD_CHARS)


def size_label(n: int) -> str:
    """A size for a message: ``"20 MB"``, ``"300 kB"``."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB"
    return f"{max(1, round(n / 1024))} kB"


def _corrupt() -> ValidationError:
    return ValidationError(
        _("Het bestand is beschadigd of onvolledig en kan niet worden gelezen."), code="corrupt"
    )


def _too_big_unpacked(limit: int) -> ValidationError:
    return ValidationError(
        _(
            "Het bestand pakt uit tot meer dan %(max)s en is daarom niet verwerkt. "
            "Sla het opnieuw op zonder overbodige inhoud, of splits het."
        )
        % {"max": size_label(limit)},
        code="too_large_unpacked",
    )


def check_zip(file: IO[bytes], max_uncompressed: int | None = None) -> zipfile.ZipFile:
    """The ZIP container in ``file``, once its unpacked size is known to stay within limits.

    First the declared sizes (sum, number of members, ratio per member), then the real
    thing: every member is unpacked in small pieces and counted, never held in memory.
    """
    limit = max_uncompressed_bytes() if max_uncompressed is None else max_uncompressed
    ratio = max_compression_ratio()
    try:
        file.seek(0)
        archive = zipfile.ZipFile(file)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _corrupt() from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ValidationError(
            _("Het bestand bestaat uit te veel onderdelen (meer dan %(max)s).")
            % {"max": MAX_ZIP_ENTRIES},
            code="too_many_members",
        )
    if sum(i.file_size for i in infos) > limit or any(
        i.file_size > RATIO_FLOOR and i.file_size > ratio * max(i.compress_size, 1) for i in infos
    ):
        raise _too_big_unpacked(limit)
    total = 0
    try:
        for info in infos:
            if info.is_dir():
                continue
            with archive.open(info) as member:
                while chunk := member.read(_CHUNK):
                    total += len(chunk)
                    if total > limit:
                        raise _too_big_unpacked(limit)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
        raise _corrupt() from None
    except RuntimeError:  # an encrypted member
        raise ValidationError(
            _("Het bestand is met een wachtwoord beveiligd; upload het zonder wachtwoord."),
            code="encrypted",
        ) from None
    file.seek(0)
    return archive


def zip_kind(archive: zipfile.ZipFile) -> str:
    """``"docx"``, ``"xlsx"``, ``"odt"`` or ``"zip"``, by the container's inner structure."""
    names = set(archive.namelist())
    if "[Content_Types].xml" in names:
        for kind, part in OFFICE_KINDS.items():
            if part in names:
                return kind
    if "mimetype" in names and "content.xml" in names:
        with archive.open("mimetype") as fh:
            if fh.read(len(ODT_MIMETYPE) + 2).strip() == ODT_MIMETYPE:
                return "odt"
    return "zip"


#: Image kinds by the first bytes of the file (never SVG: it can hold scripts).
IMAGE_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}

#: The office documents uploads may be (evidence, attachments, practices, field work), with
#: the content type they are downloaded as, by the type found in their content.
DOCUMENT_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
}


def attachment_response(fh: IO[bytes], *, filename: str, file_type: str) -> FileResponse:
    """A stored upload served only as a download, never rendered by the browser: the content
    type of the type found in its content, ``nosniff``, a sandboxing CSP and no caching."""
    response = FileResponse(
        fh,
        as_attachment=True,
        filename=filename,
        content_type=DOCUMENT_CONTENT_TYPES.get(file_type, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def image_kind(head: bytes) -> str | None:
    """``"png"``, ``"jpeg"`` or ``"webp"`` by a file's first 12 bytes; otherwise ``None``."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def check_upload(
    file: IO[bytes],
    kinds: Collection[str],
    max_bytes: int | None = None,
    max_uncompressed: int | None = None,
) -> str:
    """The kind of an uploaded file (one of ``kinds``), checked before it is parsed.

    Kinds: ``pdf``, ``docx``, ``xlsx``, ``odt``, ``zip``, ``png``, ``jpeg``, ``webp``
    (recognised by content) and ``csv`` (any other content, such as SVG or HTML). Raises
    ``ValidationError`` for a file that is empty, too large, unpacks too far, is damaged, or
    is of another kind.
    """
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    file.seek(0, io.SEEK_END)
    size = file.tell()
    if size == 0:
        raise ValidationError(_("Het bestand is leeg."), code="empty")
    if size > limit:
        raise ValidationError(
            _("Het bestand is te groot (%(size)s); het maximum is %(max)s.")
            % {"size": size_label(size), "max": size_label(limit)},
            code="too_large",
        )
    file.seek(0)
    head = file.read(12)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif image := image_kind(head):
        kind = image
    elif head.startswith(b"PK"):
        kind = zip_kind(check_zip(file, max_uncompressed))
    else:
        kind = "csv"
    if kind not in kinds:
        raise ValidationError(
            _("Dit soort bestand wordt hier niet aangenomen; kies een %(kinds)s-bestand.")
            % {"kinds": "/".join(k.upper() for k in sorted(kinds))},
            code="type",
        )
    file.seek(0)
    return kind


# ----------------------------------------------------------------------------- tables


def _trimmed(row: Sequence[object]) -> list[str]:
    """A row as text, without the empty cells at its end (a sparse sheet stays small)."""
    if row.count(None) == len(row):
        return []
    cells = ["" if v is None else str(v).strip() for v in row]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _bounded(rows: Iterable[list[str]], max_rows: int) -> list[list[str]]:
    table: list[list[str]] = []
    cells = 0
    for row in rows:
        table.append(row)
        cells += len(row)
        if cells > MAX_CELLS:
            raise ValidationError(
                _("Het bestand bevat te veel gegevens (meer dan %(max)s cellen).")
                % {"max": MAX_CELLS},
                code="too_many_cells",
            )
        if len(table) > max_rows + 1:  # one more than allowed: the caller says so
            break
    return table


def _xlsx_rows(data: bytes, max_rows: int) -> list[list[str]]:
    from openpyxl import load_workbook

    file = io.BytesIO(data)
    try:
        check_upload(file, {"xlsx"})
    except ValidationError as exc:
        if exc.code != "type":
            raise
        raise ValidationError(
            _("Het Excel-bestand kan niet worden gelezen."), code="type"
        ) from None
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_row=max_rows + 2, max_col=MAX_COLUMNS)
        return _bounded((_trimmed(row) for row in rows), max_rows)
    # A damaged workbook makes openpyxl and the XML parser raise many kinds of errors,
    # while loading and while reading rows; each means "this file cannot be read".
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
        SyntaxError,  # xml.etree ParseError and lxml's XMLSyntaxError
    ) as exc:
        raise ValidationError(_("Het Excel-bestand kan niet worden gelezen.")) from exc


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("Het bestand is geen leesbare tekst."))


def _csv_rows(data: bytes, max_rows: int) -> list[list[str]]:
    check_upload(io.BytesIO(data), {"csv", "xlsx", "docx", "odt", "pdf", "zip"})
    text = _decode(data)
    head = text[:4096]
    delimiter = max((";", ",", "\t"), key=head.count) if any(d in head for d in ";,\t") else ","
    limit = csv_max_field_chars()
    # The csv module refuses fields at its own (process-wide) limit; keep that above ours,
    # so that ours decides and its message is ours.
    if csv.field_size_limit() <= limit:
        csv.field_size_limit(limit + 1)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)

    def too_long() -> ValidationError:
        return ValidationError(
            _(
                "Regel %(line)s bevat een veld van meer dan %(max)s tekens. Controleer of "
                "het een CSV-bestand is met puntkomma's of komma's tussen de velden."
            )
            % {"line": reader.line_num, "max": limit},
            code="field_too_long",
        )

    def rows() -> Iterable[list[str]]:
        try:
            for row in reader:
                if any(len(cell) > limit for cell in row):
                    raise too_long()
                yield _trimmed(row)
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise too_long() from exc
            raise ValidationError(
                _("Het CSV-bestand kan niet worden gelezen (regel %(line)s).")
                % {"line": reader.line_num},
                code="csv",
            ) from exc

    return _bounded(rows(), max_rows)


def read_table(data: bytes, filename: str, max_rows: int) -> list[list[str]]:
    """The cells of a CSV or XLSX upload as text, row by row (trailing empty cells left off).

    At most ``max_rows + 1`` rows are read, so that a caller can tell that there were more.
    """
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _xlsx_rows(data, max_rows)
    if name.endswith((".csv", ".txt")):
        return _csv_rows(data, max_rows)
    raise ValidationError(_("Kies een CSV- of Excel-bestand (.csv of .xlsx)."))


def delete_file_on_commit(file: FieldFile, *, keep_under: str = "") -> None:
    """Delete a stored file once the current transaction commits (never when it rolls back,
    so a failed change loses no file). Files under ``keep_under`` (shared demo files, stored
    once by content) are kept."""
    storage, name = file.storage, file.name
    if name and not (keep_under and name.startswith(keep_under.rstrip("/") + "/")):
        transaction.on_commit(partial(storage.delete, name))
