"""Uploads are checked before they are parsed: CSV field sizes, ZIP (XLSX, DOCX) bombs.

The bombs are built without ever holding their content: the sheet's compressed form is one
deflate piece (compressed once, from an empty dictionary) repeated, which is a valid deflate
stream; only its CRC is computed over the content, piece by piece.
"""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from weerbaar.assessment.evidence import check_evidence_file
from weerbaar.core.uploads import check_upload, check_zip, read_table
from weerbaar.surveys import imports, invitations, services
from weerbaar.surveys.models import Questionnaire, SurveyMode

MIB = 1024 * 1024
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
)
SHEET_TAIL = b"</t></is></c></row></sheetData></worksheet>"


def _piece(data: bytes) -> bytes:
    """``data`` deflated on its own, ending on a byte boundary (so pieces can be chained)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def _deflated(parts: list[tuple[bytes, int]]) -> tuple[bytes, int, int]:
    """(compressed, crc, size) of the content ``parts`` (bytes, times) describes."""
    out, crc, size = io.BytesIO(), 0, 0
    for data, times in parts:
        piece = _piece(data)
        for _ in range(times):
            out.write(piece)
            crc = zlib.crc32(data, crc)
            size += len(data)
    out.write(b"\x03\x00")  # an empty final block
    return out.getvalue(), crc, size


def _zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A ZIP of deflated members (name, compressed, crc, real size, declared size)."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, compressed, crc, _real, declared in members:
        offset, encoded = out.tell(), name.encode()
        fields = (20, 0, 8, 0, 0x21, crc, len(compressed), declared, len(encoded), 0)
        out.write(b"PK\x03\x04" + struct.pack("<2H3HL2L2H", *fields) + encoded + compressed)
        entry = (20, 20, 0, 8, 0, 0x21, crc, len(compressed), declared, len(encoded), 0, 0, 0, 0)
        central.write(b"PK\x01\x02" + struct.pack("<6H3L5H2L", *entry, 0, offset) + encoded)
    start = out.tell()
    out.write(central.getvalue())
    n = len(members)
    out.write(b"PK\x05\x06" + struct.pack("<4H2LH", 0, 0, n, n, len(central.getvalue()), start, 0))
    return out.getvalue()


def xlsx_bomb(unpacked_mib: int, declared: int | None = None) -> bytes:
    """A real XLSX whose one sheet holds a cell of ``unpacked_mib`` MiB of the letter a."""
    import openpyxl

    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    members = []
    with zipfile.ZipFile(buf) as small:
        for info in small.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                parts = [(SHEET_HEAD, 1), (b"a" * MIB, unpacked_mib), (SHEET_TAIL, 1)]
            else:
                parts = [(small.read(info), 1)]
            compressed, crc, size = _deflated(parts)
            real = declared if declared is not None and unpacked_mib > 1 else size
            if info.filename != "xl/worksheets/sheet1.xml":
                real = size
            members.append((info.filename, compressed, crc, size, real))
    return _zip(members)


def test_the_bomb_is_a_real_xlsx():
    """The builder is sound: a small one opens in openpyxl with its long cell."""
    import openpyxl

    data = xlsx_bomb(2)
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    assert [len(c) for row in sheet.iter_rows(values_only=True) for c in row] == [2 * MIB]


@pytest.mark.django_db
def test_a_550_mb_xlsx_bomb_is_refused_before_parsing_without_allocating_it():
    data = xlsx_bomb(550)
    # Deflate packs at most about 1:1030, so 550 MB needs a little over 500 kB.
    assert len(data) < 600 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError, match="pakt uit tot meer dan") as caught:
            read_table(data, "adressen.xlsx", 50_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.code == "too_large_unpacked"
    assert peak < 20 * MIB


@pytest.mark.django_db
def test_a_header_that_lies_about_the_size_does_not_get_the_content_unpacked(settings):
    """Declared 1 MiB, real 290 MiB (a ~300 kB file): the bounded read stops and refuses."""
    data = xlsx_bomb(290, declared=MIB)
    assert len(data) < 320 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as caught:
            check_zip(io.BytesIO(data))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.code == "corrupt"
    assert peak < 20 * MIB


@pytest.mark.django_db
def test_unpacked_limit_and_ratio_come_from_the_settings(settings):
    data = xlsx_bomb(3)  # 3 MiB of one letter: shrunk about 1000 times
    settings.WEERBAAR_UPLOAD_MAX_COMPRESSION_RATIO = 2000
    assert check_upload(io.BytesIO(data), {"xlsx"}) == "xlsx"
    settings.WEERBAAR_UPLOAD_MAX_UNCOMPRESSED_BYTES = 2 * MIB
    with pytest.raises(ValidationError, match="pakt uit tot meer dan 2 MB"):
        check_upload(io.BytesIO(data), {"xlsx"})
    settings.WEERBAAR_UPLOAD_MAX_UNCOMPRESSED_BYTES = 100 * MIB
    settings.WEERBAAR_UPLOAD_MAX_COMPRESSION_RATIO = 500
    with pytest.raises(ValidationError, match="pakt uit tot meer dan 100 MB"):
        check_upload(io.BytesIO(data), {"xlsx"})


@pytest.mark.django_db
def test_evidence_bombs_are_refused_too():
    upload = SimpleUploadedFile("beleid.xlsx", xlsx_bomb(550))
    with pytest.raises(ValidationError, match="pakt uit tot meer dan") as caught:
        check_evidence_file(upload)
    assert caught.value.code == "too_large_unpacked"


@pytest.mark.django_db
def test_a_sparse_sheet_does_not_grow_in_memory():
    """A sheet that claims 16384 columns and a cell on row 50,000 reads small and fast."""
    import openpyxl

    buf = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "email"
    workbook.active["XFD50000"] = "x"
    workbook.save(buf)
    tracemalloc.start()
    try:
        table = read_table(buf.getvalue(), "adressen.xlsx", 50_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert table[0] == ["email"]
    assert peak < 50 * MIB


def test_damaged_and_wrong_files_are_refused_with_a_message():
    with pytest.raises(ValidationError, match="leeg"):
        read_table(b"", "leeg.csv", 10)
    truncated = xlsx_bomb(1)[:-200]
    with pytest.raises(ValidationError, match="Excel-bestand kan niet worden gelezen|beschadigd"):
        read_table(truncated, "kapot.xlsx", 10)
    with pytest.raises(ValidationError, match="Excel-bestand kan niet worden gelezen"):
        read_table(b"%PDF-1.4 nep", "nep.xlsx", 10)


# ----------------------------------------------------------------------------- CSV


def test_a_csv_field_over_the_limit_gets_a_clear_message():
    data = b"email;afdeling\nanna@voorbeeld.nl;" + b"x" * (200 * 1024) + b"\n"
    with pytest.raises(ValidationError, match="Regel 2 bevat een veld van meer dan 131072 tekens"):
        read_table(data, "adressen.csv", 100)
    quoted = b'email\n"' + b"x" * (200 * 1024) + b'"\n'
    with pytest.raises(ValidationError, match="bevat een veld van meer dan"):
        read_table(quoted, "adressen.csv", 100)


def test_the_csv_field_limit_is_a_setting(settings):
    data = b"email;opmerking\nanna@voorbeeld.nl;" + b"x" * (200 * 1024) + b"\n"
    settings.WEERBAAR_CSV_MAX_FIELD_CHARS = 256 * 1024
    assert len(read_table(data, "adressen.csv", 100)[1][1]) == 200 * 1024
    settings.WEERBAAR_CSV_MAX_FIELD_CHARS = 100
    with pytest.raises(ValidationError, match="meer dan 100 tekens"):
        read_table(b"a;" + b"y" * 101 + b"\n", "adressen.csv", 100)


@pytest.fixture
def personal_survey(baseline_scan):
    questionnaire = Questionnaire.objects.get(key="medewerkers", organisation=None)
    survey = services.create_survey(
        scan=baseline_scan, questionnaire=questionnaire, mode=SurveyMode.PERSONAL, title="Test"
    )
    return services.open_survey(survey)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("adressen.csv", lambda: b"email\n" + b"x" * (200 * 1024) + b"\n", "een veld van meer dan"),
        ("adressen.xlsx", lambda: xlsx_bomb(550), "pakt uit tot meer dan"),
        ("adressen.xlsx", lambda: b"PK\x03\x04 afgebroken", "kan niet worden gelezen"),
    ],
    ids=["csv-field", "xlsx-bomb", "truncated-zip"],
)
def test_upload_pages_answer_bad_files_with_a_dutch_message(
    personal_survey, voorbeeld, client_for, name, data, message
):
    data = data()
    client = client_for("coordinator")
    kwargs = {"org": voorbeeld.slug, "survey_id": personal_survey.pk}
    url = reverse("survey_results:invitations", kwargs=kwargs)
    response = client.post(url, {"action": "upload", "file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    assert message in response.content.decode()
    url = reverse("survey_results:import", kwargs=kwargs)
    response = client.post(url, {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_service_functions_report_the_limits(voorbeeld):
    """The surveys' readers go through the shared checks."""
    data = b"email\n" + b"x" * (200 * 1024) + b"\n"
    with pytest.raises(ValidationError, match="bevat een veld van meer dan"):
        invitations.read_address_file(data, "adressen.csv", voorbeeld)
    assert imports.read_table is read_table
