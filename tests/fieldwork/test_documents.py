"""The document inventory: coded to norms, files checked by content and only downloaded."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from weerbaar.audit.models import AuditEvent
from weerbaar.fieldwork import documents, selectors
from weerbaar.fieldwork.models import FieldDocument

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def create_url(scan):
    return reverse("fieldwork:document_create", kwargs={"org": "voorbeeld", "scan_id": scan.pk})


def test_coordinator_adds_a_document_with_a_file(client_for, baseline_scan):
    response = client_for("coordinator").post(
        create_url(baseline_scan),
        {
            "kind": "vpt",
            "title": "VPT-protocol 2026",
            "owner": "Bestuurs- en Directieondersteuning",
            "requested_on": "2026-01-05",
            "received_on": "2026-01-12",
            "norm_ids": ["D3b.N5", "D5.N2"],
            # A name that would open in a browser: the name is never kept.
            "upload": SimpleUploadedFile("vpt.html", PDF, content_type="text/html"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = FieldDocument.objects.get(title="VPT-protocol 2026")
    assert document.file.name.endswith(".pdf") and "vpt" not in document.file.name
    assert document.norm_ids == ["D3b.N5", "D5.N2"]
    assert document.file_type == "pdf"

    url = reverse(
        "fieldwork:document_file", kwargs={"org": "voorbeeld", "fielddocument_id": document.pk}
    )
    download = client_for("secretaris").get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert ".html" not in download["Content-Disposition"]
    assert download["Content-Disposition"].endswith('.pdf"')
    assert "sandbox" in download["Content-Security-Policy"]
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.READ, object_id=str(document.pk), after__what="fieldwork_document"
    ).exists()

    sources = selectors.documents_for_norm(baseline_scan, "D3b.N5")
    row = next(s for s in sources if s["title"] == "VPT-protocol 2026")
    assert row["kind_label"] == "VPT-protocol"
    assert str(row["received_on"]) == "2026-01-12"
    assert row["url"] == reverse(
        "fieldwork:document", kwargs={"org": "voorbeeld", "fielddocument_id": document.pk}
    )
    assert client_for("coordinator").get(row["url"]).status_code == 200


def test_html_is_refused_and_the_typed_fields_kept(client_for, baseline_scan):
    response = client_for("coordinator").post(
        create_url(baseline_scan),
        {
            "kind": "policy",
            "title": "Mijn getypte titel",
            "upload": SimpleUploadedFile(
                "beleid.pdf",
                b"<html><script>alert(1)</script></html>",
                content_type="application/pdf",
            ),
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Dit soort bestand wordt hier niet aangenomen" in body
    assert "Mijn getypte titel" in body
    assert not FieldDocument.objects.filter(title="Mijn getypte titel").exists()


def test_requested_document_has_no_received_date(baseline_scan):
    sources = selectors.documents_for_norm(baseline_scan, "D3b.N3")
    assert any(s["received_on"] is None for s in sources)


def test_unknown_norms_are_refused(baseline_scan):
    with pytest.raises(ValidationError) as exc:
        documents.save_document(FieldDocument(scan=baseline_scan, title="X"), norm_ids=["D99.N9"])
    assert "D99.N9" in str(exc.value)


def test_received_before_requested_is_refused(client_for, baseline_scan):
    response = client_for("coordinator").post(
        create_url(baseline_scan),
        {
            "kind": "policy",
            "title": "Omgekeerde data",
            "requested_on": "2026-02-01",
            "received_on": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert "vóór de datum van opvragen" in response.content.decode()


@pytest.mark.parametrize("role", ["lezer", "actiehouder"])
def test_readers_cannot_add_or_see_documents(client_for, baseline_scan, role):
    response = client_for(role).post(
        create_url(baseline_scan), {"kind": "policy", "title": "Stiekem"}
    )
    assert response.status_code == 403
    assert not FieldDocument.objects.filter(title="Stiekem").exists()
    document = FieldDocument.objects.filter(scan=baseline_scan).first()
    url = reverse(
        "fieldwork:document", kwargs={"org": "voorbeeld", "fielddocument_id": document.pk}
    )
    assert client_for(role).get(url).status_code == 403


def test_scan_page_shows_the_field_work_card(client_for, baseline_scan):
    url = reverse("scans:detail", kwargs={"org": "voorbeeld", "scan_id": baseline_scan.pk})
    body = client_for("coordinator").get(url).content.decode()
    assert (
        reverse("fieldwork:overview", kwargs={"org": "voorbeeld", "scan_id": baseline_scan.pk})
        in body
    )
    lezer = client_for("lezer").get(url).content.decode()
    assert "/veldwerk/" not in lezer


def test_an_outdated_edit_shows_the_conflict(client_for, baseline_scan):
    document = FieldDocument.objects.filter(scan=baseline_scan).first()
    url = reverse(
        "fieldwork:document_edit", kwargs={"org": "voorbeeld", "fielddocument_id": document.pk}
    )
    data = {
        "kind": document.kind,
        "title": "Eerste wijziging",
        "lock_version": document.lock_version,
    }
    assert client_for("coordinator").post(url, data).status_code == 302
    response = client_for("coordinator").post(url, {**data, "title": "Tweede wijziging"})
    assert response.status_code == 409
    assert "Tweede wijziging" in response.content.decode()
    document.refresh_from_db()
    assert document.title == "Eerste wijziging"


def test_a_document_whose_file_is_gone_gives_not_found(client_for, baseline_scan):
    document = FieldDocument.objects.filter(scan__organisation__slug="voorbeeld").exclude(file="")
    document = document.first()
    assert document is not None, "the demo inventory holds a received file"
    name, storage = document.file.name, document.file.storage
    # Stored files outlive each test's transaction: another test may have removed it already.
    kept = None
    if storage.exists(name):
        with storage.open(name, "rb") as fh:
            kept = fh.read()
        storage.delete(name)
    try:
        url = reverse(
            "fieldwork:document_file",
            kwargs={"org": "voorbeeld", "fielddocument_id": document.pk},
        )
        assert client_for("coordinator").get(url).status_code == 404
    finally:  # put it back for the tests that follow
        if kept is not None:
            from django.core.files.base import ContentFile

            storage.save(name, ContentFile(kept))


def test_a_replaced_file_goes_only_when_the_change_is_committed(
    baseline_scan, django_capture_on_commit_callbacks
):
    """Replacing a document's file removes the old file after the commit, never before: a
    change that fails (and rolls back) still has its file."""
    document = FieldDocument(scan=baseline_scan, title="Integriteitsbeleid", kind="integrity")
    documents.save_document(
        document, norm_ids=[], upload=SimpleUploadedFile("oud.pdf", PDF, "application/pdf")
    )
    old, storage = document.file.name, document.file.storage
    with django_capture_on_commit_callbacks(execute=False) as pending:
        documents.save_document(
            document,
            norm_ids=[],
            upload=SimpleUploadedFile("nieuw.pdf", PDF, "application/pdf"),
            expected_version=document.lock_version,
        )
    assert document.file.name != old
    assert storage.exists(old)  # not yet committed: the old file is still there
    for callback in pending:
        callback()
    assert not storage.exists(old)
    assert storage.exists(document.file.name)
    storage.delete(document.file.name)
