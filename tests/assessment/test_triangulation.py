"""Triangulated findings: per norm the self-assessment shows what documents, interviews,
surveys, registers and incidents say, and the verdict records which of them support it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from weerbaar.assessment import services
from weerbaar.assessment.models import AssessmentItem, SourceKind
from weerbaar.assessment.triangulation import norm_sources
from weerbaar.fieldwork.models import FieldDocument, InterviewNote, InterviewSession
from weerbaar.scans.models import Scan

SECRET_NOTE = "Teamleider zegt dat de balie onder druk staat (vertrouwelijk)"


def group_url(scan, group: str) -> str:
    return reverse(
        "assessment:group",
        kwargs={"org": scan.organisation.slug, "scan_id": scan.pk, "assessment_group": group},
    )


def card(body: str, code: str) -> str:
    start = body.index(f"{code} ")
    return body[start : body.index("</article>", start)]


@pytest.fixture
def fieldwork(baseline_scan):
    """A received document and a held interview coded to norm D1.N5 (code 1e)."""
    FieldDocument.objects.create(
        scan=baseline_scan,
        kind="policy",
        title="Ondermijningsbeeld RIEC 2018",
        owner="Team OOV",
        received_on=datetime.date(2026, 2, 3),
        norm_ids=["D1.N5"],
    )
    session = InterviewSession.objects.create(
        scan=baseline_scan,
        kind="interview",
        functions="Medewerker OOV\nTeamleider Vergunningen",
        held_on=datetime.date(2026, 2, 10),
    )
    InterviewNote.objects.create(session=session, norm_ids=["D1.N5"], text=SECRET_NOTE)
    return session


def blocks_of(scan, norm_id: str) -> dict:
    norm = scan.framework.norm_index[norm_id]
    return {b.kind: b for b in norm_sources(scan, [norm])[norm_id]}


def test_every_kind_of_source_has_a_block_in_a_fixed_order(baseline_scan, fieldwork):
    norm = baseline_scan.framework.norm_index["D1.N5"]
    kinds = [b.kind for b in norm_sources(baseline_scan, [norm])["D1.N5"]]
    assert kinds == list(SourceKind.values)


def test_documents_and_interviews_coded_to_the_norm_are_shown_without_notes(
    baseline_scan, fieldwork
):
    blocks = blocks_of(baseline_scan, "D1.N5")
    docs = blocks[SourceKind.DOCUMENTS].lines
    assert [d.text for d in docs] == ["Ondermijningsbeeld RIEC 2018"]
    assert "Team OOV" in docs[0].detail and "3 februari 2026" in docs[0].detail
    talks = [line.text for line in blocks[SourceKind.INTERVIEWS].lines]
    assert any("Teamleider Vergunningen" in t for t in talks)
    assert SECRET_NOTE not in repr(blocks)
    # A norm the field work is not coded to gets nothing from it.
    other = blocks_of(baseline_scan, "D1.N1")
    assert other[SourceKind.DOCUMENTS].lines == [] and other[SourceKind.INTERVIEWS].lines == []


def test_released_survey_figures_appear_beside_the_norms_they_map_to(baseline_scan):
    lines = blocks_of(baseline_scan, "D1.N1")[SourceKind.SURVEYS].lines
    assert lines, "the demo's closed surveys map questions to D1.N1"
    assert all("vraag" in line.text for line in lines)
    assert any(line.detail.startswith("n = ") for line in lines)


def test_survey_figures_of_an_open_survey_are_not_shown(baseline_scan):
    baseline_scan.surveys.update(status="open")
    assert blocks_of(baseline_scan, "D1.N1")[SourceKind.SURVEYS].lines == []


def test_registers_evidence_the_norms_the_library_names(baseline_scan):
    processes = blocks_of(baseline_scan, "D3a.N1")[SourceKind.REGISTERS].lines
    assert processes and "Kwetsbare processen in het register" in processes[0].text
    functions = blocks_of(baseline_scan, "D3c.N1")[SourceKind.REGISTERS].lines
    assert functions and "Kwetsbare functies in het register" in functions[0].text
    assert blocks_of(baseline_scan, "D1.N1")[SourceKind.REGISTERS].lines == []


def test_the_verdict_records_its_supporting_sources(fresh_scan):
    outcome = services.save_item(
        fresh_scan,
        "D1.N5",
        status="voldoet_deels",
        finding="Beeld niet actueel",
        evidence_text="",
        expected_version=0,
        sources=["enquetes", "documenten", "documenten"],
    )
    assert outcome.changed
    item = AssessmentItem.objects.get(scan=fresh_scan, item_id="D1.N5")
    assert item.sources == ["documenten", "enquetes"]  # fixed order, no duplicates
    assert item.source_labels() == ["Documenten", "Enquêtes"]
    # Saving without sources keeps them; changing only the sources is a change.
    services.save_item(
        fresh_scan,
        "D1.N5",
        status="voldoet_deels",
        finding="Beeld niet actueel",
        evidence_text="",
        expected_version=1,
    )
    item.refresh_from_db()
    assert item.sources == ["documenten", "enquetes"] and item.lock_version == 1
    outcome = services.save_item(
        fresh_scan,
        "D1.N5",
        status="voldoet_deels",
        finding="Beeld niet actueel",
        evidence_text="",
        expected_version=1,
        sources=["gesprekken"],
    )
    assert outcome.changed and outcome.item.sources == ["gesprekken"]


def test_an_unknown_source_is_refused(fresh_scan):
    with pytest.raises(ValidationError):
        services.save_item(
            fresh_scan,
            "D1.N5",
            status="voldoet",
            finding="",
            evidence_text="",
            expected_version=0,
            sources=["roddels"],
        )
    assert not AssessmentItem.objects.filter(scan=fresh_scan, item_id="D1.N5").exists()


def test_the_group_page_shows_the_sources_and_saves_the_supporting_ones(
    client_for, baseline_scan, fieldwork
):
    client = client_for("coordinator")
    body = client.get(group_url(baseline_scan, "D1")).content.decode()
    information = card(body, "1e")
    assert "Wat de bronnen zeggen" in information
    assert "Ondermijningsbeeld RIEC 2018" in information
    assert "Teamleider Vergunningen" in information
    assert SECRET_NOTE not in body
    item = AssessmentItem.objects.get(scan=baseline_scan, item_id="D1.N5")
    prefix = "i-D1-N5"
    response = client.post(
        group_url(baseline_scan, "D1"),
        {
            "item_id": "D1.N5",
            "action": "save",
            f"{prefix}-status": item.status,
            f"{prefix}-finding": item.finding,
            f"{prefix}-evidence_text": item.evidence_text,
            f"{prefix}-sources": ["documenten", "gesprekken"],
            f"{prefix}-lock_version": item.lock_version,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.sources == ["documenten", "gesprekken"]
    body = client.get(group_url(baseline_scan, "D1")).content.decode()
    assert "ondersteunt het oordeel" in card(body, "1e")


def test_a_forged_source_gets_a_message_on_the_same_page(client_for, baseline_scan):
    client = client_for("coordinator")
    item = AssessmentItem.objects.get(scan=baseline_scan, item_id="D1.N5")
    prefix = "i-D1-N5"
    response = client.post(
        group_url(baseline_scan, "D1"),
        {
            "item_id": "D1.N5",
            "action": "save",
            f"{prefix}-status": item.status,
            f"{prefix}-finding": "Mijn nieuwe tekst",
            f"{prefix}-evidence_text": "",
            f"{prefix}-sources": ["roddels"],
            f"{prefix}-lock_version": item.lock_version,
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kies alleen bronnen uit de lijst." in body and "Mijn nieuwe tekst" in body


def test_another_organisations_fieldwork_never_shows(baseline_scan, oosterveld, fieldwork):
    other = Scan.objects.create(
        organisation=oosterveld,
        title="Scan Oosterveld",
        library_version=baseline_scan.library_version,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 1),
    )
    blocks = blocks_of(other, "D1.N5")
    assert blocks[SourceKind.DOCUMENTS].lines == [] and blocks[SourceKind.INTERVIEWS].lines == []
