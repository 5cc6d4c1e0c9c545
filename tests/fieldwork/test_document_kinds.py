"""The kinds of document of the document study are library content, pinned with the scan."""

from __future__ import annotations

import io
import json

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from weerbaar.fieldwork import content, documents, selectors
from weerbaar.fieldwork.models import FieldDocument
from weerbaar.library.models import LibraryVersion
from weerbaar.reports.collect.sources import collect_documents

pytestmark = pytest.mark.django_db

#: The ids documents were stored with before the kinds became content: never renamed.
STORED_IDS = {
    "policy",
    "integrity",
    "code_of_conduct",
    "bibob",
    "vpt",
    "protocol",
    "risk_analysis",
    "evaluation",
    "other",
}


@pytest.fixture
def bundle_copy(shipped_bundle_copy):
    """A copy of the newest shipped bundle, read instead of the shipped one; the VPT kind
    renamed."""
    path = shipped_bundle_copy / content.DOCUMENT_NAME
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    vpt = next(k for k in data["document_kinds"] if k["id"] == "vpt")
    vpt["name"] = {"nl": "Protocol agressie en geweld", "en": "Aggression protocol"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def older_scan(baseline_scan):
    """The demo scan pinned to the published 2026.2, which predates the kinds as content."""
    older = LibraryVersion.objects.get(
        identifier=baseline_scan.library_version.identifier, version="2026.2"
    )
    assert not older.document(content.KIND)
    baseline_scan.library_version = older
    baseline_scan.save(update_fields=["library_version"])
    return baseline_scan


def vpt_document(scan) -> FieldDocument:
    return documents.save_document(
        FieldDocument(scan=scan, kind="vpt", title="Protocol werkvloer"), norm_ids=[]
    )


def document_url(document) -> str:
    return reverse(
        "fieldwork:document", kwargs={"org": "voorbeeld", "fielddocument_id": document.pk}
    )


def test_the_kinds_keep_the_ids_documents_were_stored_with(baseline_scan):
    ids = [k["id"] for k in content.document_kinds(None)]
    assert len(ids) == len(set(ids))
    assert set(ids) >= STORED_IDS
    assert set(FieldDocument.objects.values_list("kind", flat=True)) <= set(ids)
    # The scan's pinned version holds the same kinds.
    assert [k["id"] for k in content.document_kinds(baseline_scan)] == ids


def test_a_scan_reads_the_labels_of_its_pinned_version(bundle_copy, baseline_scan):
    assert baseline_scan.library_version.document(content.KIND)
    assert vpt_document(baseline_scan).kind_label == "VPT-protocol"


def test_an_older_scan_reads_the_shipped_labels(bundle_copy, older_scan, client_for):
    document = vpt_document(older_scan)
    body = client_for("coordinator").get(document_url(document)).content.decode()
    assert "Protocol agressie en geweld" in body
    overview = reverse("fieldwork:overview", kwargs={"org": "voorbeeld", "scan_id": older_scan.pk})
    assert "Protocol agressie en geweld" in client_for("coordinator").get(overview).content.decode()
    create = reverse(
        "fieldwork:document_create", kwargs={"org": "voorbeeld", "scan_id": older_scan.pk}
    )
    form = client_for("coordinator").get(create).content.decode()
    assert '<option value="vpt">Protocol agressie en geweld</option>' in form


def test_an_unknown_kind_is_refused_on_the_page_and_nothing_typed_is_lost(
    client_for, baseline_scan
):
    url = reverse(
        "fieldwork:document_create", kwargs={"org": "voorbeeld", "scan_id": baseline_scan.pk}
    )
    response = client_for("coordinator").post(
        url, {"kind": "bestaat_niet", "title": "Mijn getypte titel", "owner": "Team OOV"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kies een soort document uit de lijst." in body
    assert 'value="Mijn getypte titel"' in body and 'value="Team OOV"' in body
    assert not FieldDocument.objects.filter(title="Mijn getypte titel").exists()


def test_the_service_refuses_an_unknown_kind_too(baseline_scan):
    with pytest.raises(ValidationError) as exc:
        documents.save_document(
            FieldDocument(scan=baseline_scan, kind="bestaat_niet", title="X"), norm_ids=[]
        )
    assert exc.value.message_dict["kind"] == ["Kies een soort document uit de lijst."]
    assert not FieldDocument.objects.filter(title="X").exists()


def test_english_labels_when_the_user_chose_english(client_for, user_for, baseline_scan):
    user = user_for("coordinator")
    user.language = "en"
    user.save(update_fields=["language"])
    url = reverse("fieldwork:overview", kwargs={"org": "voorbeeld", "scan_id": baseline_scan.pk})
    body = client_for("coordinator").get(url).content.decode()
    assert "Integrity policy" in body and "Code of conduct" in body
    assert "<td>Integriteitsbeleid</td>" not in body


def test_the_report_and_the_sources_carry_the_library_labels(bundle_copy, older_scan):
    vpt_document(older_scan)
    row = next(d for d in collect_documents(older_scan) if d["title"] == "Protocol werkvloer")
    assert row["kind_label"] == {"nl": "Protocol agressie en geweld", "en": "Aggression protocol"}
    document = FieldDocument.objects.get(title="Protocol werkvloer")
    document.norm_ids = ["D3b.N5"]
    document.save()
    sources = selectors.documents_for_norm(older_scan, "D3b.N5")
    assert {s["kind_label"] for s in sources} >= {"Protocol agressie en geweld"}


def test_the_cli_json_carries_the_library_labels(bundle_copy, older_scan):
    document = vpt_document(older_scan)
    document.norm_ids = ["D3b.N5"]
    document.save()
    out = io.StringIO()
    call_command("fieldwork", "sources", str(older_scan.pk), "--norm", "D3b.N5", stdout=out)
    rows = json.loads(out.getvalue())["D3b.N5"]["documents"]
    assert {"title": "Protocol werkvloer", "kind_label": "Protocol agressie en geweld"}.items() <= (
        next(r for r in rows if r["title"] == "Protocol werkvloer").items()
    )
