"""The report in the structure of seed 004: sources per finding, the document study and the
conversation partners, the research questions answered, the recommendations grouped by theme
(HTML, PDF checked as pictures and text, DOCX)."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from PIL import Image, ImageStat

from weerbaar.assessment import services as assessment
from weerbaar.fieldwork.models import FieldDocument, InterviewNote, InterviewSession
from weerbaar.reports import render
from weerbaar.reports.collect import collect_report_data
from weerbaar.reports.compose import compose
from weerbaar.reports.document import headings
from weerbaar.reports.services import normalised_snapshot

SECRET_NOTE = "De wethouder vertelde vertrouwelijk over een benadering"
DOCUMENT = "Integriteitsbeleid 2025"
FUNCTION = "Teamleider Vergunningen"


@pytest.fixture
def triangulated(baseline_scan, demo_report) -> dict:
    """Norm D1.N1 with a document, an interview and the demo's survey figures; its verdict
    records all three as support. Returns the draft snapshot."""
    FieldDocument.objects.create(
        scan=baseline_scan,
        kind="integrity",
        title=DOCUMENT,
        owner="P&O",
        received_on=datetime.date(2026, 2, 3),
        norm_ids=["D1.N1"],
    )
    session = InterviewSession.objects.create(
        scan=baseline_scan,
        kind="interview",
        functions=f"{FUNCTION}\nMedewerker OOV",
        held_on=datetime.date(2026, 2, 10),
    )
    InterviewNote.objects.create(session=session, norm_ids=["D1.N1"], text=SECRET_NOTE)
    item = baseline_scan.assessment_items.get(item_id="D1.N1")
    assessment.save_item(
        baseline_scan,
        "D1.N1",
        status=item.status,
        finding=item.finding,
        evidence_text=item.evidence_text,
        expected_version=item.lock_version,
        sources=["documenten", "gesprekken", "enquetes"],
    )
    return normalised_snapshot(collect_report_data(baseline_scan, demo_report).to_json())


def norm_of(snapshot: dict, norm_id: str) -> dict:
    for ch in snapshot["chapters"]:
        for n in ch["norms"] + [n for s in ch["subelements"] for n in s["norms"]]:
            if n["id"] == norm_id:
                return n
    raise AssertionError(norm_id)


def test_the_norm_carries_all_three_sources_and_its_support(triangulated):
    norm = norm_of(triangulated, "D1.N1")
    assert norm["supported_by"] == ["documenten", "gesprekken", "enquetes"]
    said = {b["kind"]: b["lines"] for b in norm["sources"]}
    assert [line["text"]["nl"] for line in said["documenten"]] == [DOCUMENT]
    assert any(FUNCTION in line["text"]["en"] for line in said["gesprekken"])
    assert said["enquetes"], "released survey figures mapped to the norm"
    assert SECRET_NOTE not in str(triangulated)


def test_method_lists_the_documents_and_the_appendix_the_partners_by_function(triangulated):
    assert DOCUMENT in [d["title"] for d in triangulated["documents"]]
    assert {FUNCTION, "Medewerker OOV"} <= {p["function"] for p in triangulated["partners"]}
    titles = [text for level, text in headings(compose(triangulated, "nl")) if level <= 3]
    assert "Documentstudie" in titles and "Triangulatie" in titles
    assert any(t.endswith("Gesprekspartners") and t.startswith("Bijlage") for t in titles)


def test_the_research_questions_are_answered_and_recommendations_grouped(triangulated):
    research = triangulated["research"]
    assert len(research["parts"]) == 7
    assert [t["id"] for t in research["themes"]] == [
        "beleid",
        "uitvoering",
        "toekomstbestendigheid",
    ]
    assert sum(len(t["sub_questions"]) for t in research["themes"]) == 21
    parts = {p["id"]: p for p in research["parts"]}
    assert parts["beleid"]["verdict_level"] == "onvoldoende"  # the demo draft's choice
    recs = triangulated["recommendations"]
    assert [r["number"] for r in recs] == list(range(1, len(recs) + 1))
    order = ["beleid", "uitvoering", "toekomstbestendigheid"]
    assert [order.index(r["theme"]) for r in recs] == sorted(order.index(r["theme"]) for r in recs)
    levels = {(level, text) for level, text in headings(compose(triangulated, "nl"))}
    assert any("Beantwoording van de onderzoeksvragen" in t for lv, t in levels if lv == 2)
    assert any(t.endswith("Beleid") for lv, t in levels if lv == 3)
    assert any("Toekomstbestendigheid" in t for lv, t in levels if lv == 3)


def test_html_cites_the_sources_per_finding(triangulated):
    html = render.render_html(triangulated, "nl")
    assert "Bronnen per bevinding" in html
    assert "oordeel ondersteund door: Documenten, Gesprekken, Enquêtes" in html
    assert DOCUMENT in html and FUNCTION in html
    assert SECRET_NOTE not in html
    english = render.render_html(triangulated, "en")
    assert "Sources per finding" in english and "Answers to the research questions" in english


def test_docx_cites_the_sources_per_finding(triangulated):
    from docx import Document

    doc = Document(io.BytesIO(render.render(triangulated, "docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "Bronnen per bevinding" in text
    assert DOCUMENT in text and DOCUMENT in cells  # the finding and the document study
    assert FUNCTION in cells  # the conversation partners appendix
    assert SECRET_NOTE not in text + cells


def test_pdf_renders_the_sources_as_pages(triangulated, tmp_path):
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(render.render_pdf(triangulated, "nl"))
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils not installed")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Bronnen per bevinding" in flat and DOCUMENT in flat and FUNCTION in flat
    assert SECRET_NOTE not in flat
    # The page that cites the sources of the first chapter renders as a non-blank picture.
    pages = text.split("\f")
    page = next(i for i, p in enumerate(pages, start=1) if "Bronnen per bevinding" in p)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "40",
            "-png",
            "-f",
            str(page),
            "-l",
            str(page),
            str(pdf),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    (image,) = sorted(tmp_path.glob("p-*.png"))
    assert ImageStat.Stat(Image.open(image).convert("L")).stddev[0] > 5


def test_an_older_snapshot_renders_without_the_new_parts(triangulated):
    old = {k: v for k, v in triangulated.items() if k not in ("research", "documents", "partners")}
    for ch in old["chapters"]:
        for n in ch["norms"] + [n for s in ch["subelements"] for n in s["norms"]]:
            n.pop("sources", None)
            n.pop("supported_by", None)
    for rec in old["recommendations"]:
        rec.pop("theme", None)
    titles = [text for _level, text in headings(compose(old, "nl"))]
    assert not any("Onderzoeksvragen" in t or "Gesprekspartners" in t for t in titles)
    assert "Bronnen per bevinding" not in titles
    assert render.render_html(old, "nl")


def edit_url(report) -> str:
    return reverse("reports:edit", args=[report.scan.organisation.slug, report.pk])


def test_the_coordinator_edits_answers_and_themes_before_publishing(client_for, demo_report):
    client = client_for("coordinator")
    page = client.get(edit_url(demo_report)).content.decode()
    assert "Beantwoording van de hoofdvraag" in page and "Indeling van de aanbevelingen" in page
    response = client.post(
        edit_url(demo_report),
        {
            "revision": demo_report.revision,
            "part__raad__verdict_level": "beperkt",
            "part__raad__answer": "De raad is op de hoogte gebracht.",
            "sq__dv17": "Het college informeert de raad mondeling.",
            "own_recommendations": "Eerste eigen aanbeveling.",
            "theme__own-1": "toekomstbestendigheid",
        },
    )
    assert response.status_code == 302
    demo_report.refresh_from_db()
    assert demo_report.structure["parts"]["raad"] == {
        "verdict_level": "beperkt",
        "answer": "De raad is op de hoogte gebracht.",
    }
    snapshot = collect_report_data(demo_report.scan, demo_report).to_json()
    own = [r for r in snapshot["recommendations"] if r["source"] == "own"]
    assert [r["theme"] for r in own] == ["toekomstbestendigheid"]
    assert own[0]["number"] == len(snapshot["recommendations"])  # the last theme comes last
    draft = client.get(reverse("reports:draft", args=["voorbeeld", demo_report.pk])).content
    assert "Het college informeert de raad mondeling." in draft.decode()


def test_a_forged_theme_or_verdict_is_explained_and_the_text_kept(client_for, demo_report):
    response = client_for("coordinator").post(
        edit_url(demo_report),
        {
            "revision": demo_report.revision,
            "part__raad__verdict_level": "fantastisch",
            "sq__dv1": "Mijn antwoord blijft staan",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Mijn antwoord blijft staan" in body and "field-error" in body
