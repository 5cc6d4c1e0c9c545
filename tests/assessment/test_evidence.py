"""Evidence documents: checked by content, stored outside the web root, served as downloads."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from weerbaar.assessment.evidence import check_evidence_file
from weerbaar.assessment.models import EvidenceDocument

from .helpers import docx_bytes, odt_bytes, pdf_bytes, xlsx_bytes, zip_bytes

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200


def group_url(scan, group="D1"):
    return reverse(
        "assessment:group",
        kwargs={"org": scan.organisation.slug, "scan_id": scan.pk, "assessment_group": group},
    )


def upload(client, scan, name, content, item_id="D1.N5", description="Bron"):
    prefix = "i-" + item_id.replace(".", "-") + "-u"
    return client.post(
        group_url(scan),
        {
            "item_id": item_id,
            "action": "upload",
            f"{prefix}-document": SimpleUploadedFile(name, content),
            f"{prefix}-description": description,
        },
    )


@pytest.mark.parametrize(
    ("name", "builder", "file_type"),
    [
        ("rapport.pdf", pdf_bytes, "pdf"),
        ("notitie.docx", docx_bytes, "docx"),
        ("cijfers.xlsx", xlsx_bytes, "xlsx"),
        ("verslag.odt", odt_bytes, "odt"),
    ],
)
def test_real_documents_are_accepted(
    name, builder, file_type, client_for, fresh_scan, evidence_storage
):
    response = upload(client_for("coordinator"), fresh_scan, name, builder())
    assert response.status_code == 302
    doc = EvidenceDocument.objects.get(item__scan=fresh_scan)
    assert doc.file_type == file_type
    assert doc.original_name == name
    # Stored under a generated name in the default storage, not under the uploaded name.
    stored = evidence_storage / doc.file.name
    assert stored.exists()
    assert name not in doc.file.name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rapport.pdf", HTML, "webpagina"),
        ("rapport.docx", HTML, "webpagina"),
        ("programma.pdf", EXE, "uitvoerbaar"),
        ("programma.xlsx", ELF, "uitvoerbaar"),
        ("archief.docx", zip_bytes({"a.txt": b"x"}), "geen DOCX"),
        ("tekst.pdf", b"gewone tekst, geen pdf", "geen PDF"),
        (
            "macro.docx",
            zip_bytes(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "word/document.xml": b"<w/>",
                    "word/vbaProject.bin": b"x",
                }
            ),
            "macro",
        ),
    ],
)
def test_wrong_content_is_refused_with_a_clear_message(
    name, content, message, client_for, fresh_scan, evidence_storage
):
    response = upload(
        client_for("coordinator"), fresh_scan, name, content, description="Mijn omschrijving"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    # What was typed is still there.
    assert "Mijn omschrijving" in body
    assert not EvidenceDocument.objects.filter(item__scan=fresh_scan).exists()
    assert not any(evidence_storage.rglob("*.*")) if evidence_storage.exists() else True


def test_oversized_upload_is_refused(client_for, fresh_scan, evidence_storage, settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    big = pdf_bytes() + b"%" * 2000
    response = upload(client_for("coordinator"), fresh_scan, "groot.pdf", big)
    assert response.status_code == 200
    assert "te groot" in response.content.decode()
    assert not EvidenceDocument.objects.filter(item__scan=fresh_scan).exists()


def test_limit_is_twenty_megabytes(settings):
    assert settings.EVIDENCE_MAX_BYTES == 20 * 1024 * 1024
    pdf = pdf_bytes()
    just_over = io.BytesIO(pdf + b"%" * (20 * 1024 * 1024 + 1 - len(pdf)))
    with pytest.raises(ValidationError) as exc:
        check_evidence_file(just_over)
    assert exc.value.code == "too_large"
    assert "20 MB" in exc.value.messages[0]
    exactly = check_evidence_file(io.BytesIO(pdf_bytes()), size=20 * 1024 * 1024)
    assert exactly.file_type == "pdf"


def test_download_is_an_attachment_with_nosniff(client_for, fresh_scan, evidence_storage):
    upload(client_for("coordinator"), fresh_scan, "rapport.pdf", pdf_bytes())
    doc = EvidenceDocument.objects.get(item__scan=fresh_scan)
    url = reverse(
        "assessment:download",
        kwargs={
            "org": fresh_scan.organisation.slug,
            "scan_id": fresh_scan.pk,
            "evidencedocument_id": doc.pk,
        },
    )
    response = client_for("secretaris").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="rapport.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_download_name_takes_the_detected_type(client_for, fresh_scan, evidence_storage):
    # A real PDF uploaded under a misleading name is offered as .pdf, never as .html.
    upload(client_for("coordinator"), fresh_scan, "pagina.html", pdf_bytes())
    doc = EvidenceDocument.objects.get(item__scan=fresh_scan)
    url = reverse(
        "assessment:download",
        kwargs={
            "org": fresh_scan.organisation.slug,
            "scan_id": fresh_scan.pk,
            "evidencedocument_id": doc.pk,
        },
    )
    response = client_for("coordinator").get(url)
    assert 'filename="pagina.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"


def test_storage_has_no_public_url(settings):
    assert settings.STORAGES["default"]["OPTIONS"].get("base_url") is None


def test_delete_removes_the_document(client_for, fresh_scan, evidence_storage):
    client = client_for("coordinator")
    upload(client, fresh_scan, "rapport.pdf", pdf_bytes())
    doc = EvidenceDocument.objects.get(item__scan=fresh_scan)
    url = reverse(
        "assessment:delete_document",
        kwargs={
            "org": fresh_scan.organisation.slug,
            "scan_id": fresh_scan.pk,
            "evidencedocument_id": doc.pk,
        },
    )
    assert client_for("secretaris").post(url).status_code == 403
    assert client.post(url).status_code == 302
    assert not EvidenceDocument.objects.filter(pk=doc.pk).exists()


def test_links_are_added_and_bad_links_refused(client_for, fresh_scan):
    client = client_for("coordinator")
    prefix = "i-D1-N5-l"
    bad = client.post(
        group_url(fresh_scan),
        {
            "item_id": "D1.N5",
            "action": "link",
            f"{prefix}-url": "geen link",
            f"{prefix}-title": "X",
        },
    )
    assert bad.status_code == 200
    assert "geldige link" in bad.content.decode()
    good = client.post(
        group_url(fresh_scan),
        {
            "item_id": "D1.N5",
            "action": "link",
            f"{prefix}-url": "https://example.org/beeld",
            f"{prefix}-title": "Beeld",
        },
    )
    assert good.status_code == 302
    assert fresh_scan.assessment_items.get(item_id="D1.N5").links.count() == 1
