"""Builders of small test documents."""

from __future__ import annotations

import io
import zipfile

from weerbaar.assessment.demo import tiny_pdf


def pdf_bytes() -> bytes:
    return tiny_pdf(["Bewijsstuk", "test"])


def zip_bytes(members: dict[str, bytes], first: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        if first:
            zf.writestr(zipfile.ZipInfo(first), members[first], compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            if name != first:
                zf.writestr(name, data)
    return buf.getvalue()


def docx_bytes() -> bytes:
    import docx

    buf = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Bewijsstuk")
    document.save(buf)
    return buf.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    buf = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Bewijsstuk"
    wb.save(buf)
    return buf.getvalue()


def odt_bytes() -> bytes:
    return zip_bytes(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"<?xml version='1.0'?><office:document-content/>",
            "META-INF/manifest.xml": b"<?xml version='1.0'?><manifest/>",
        },
        first="mimetype",
    )
