"""The three formats of the demo report: PDF pages, DOCX structure, HTML charts."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from weerbaar.reports import render
from weerbaar.reports.models import ReportVersion

_RENDERED: dict[str, Path] = {}


@pytest.fixture
def snapshot(db) -> dict:
    version = ReportVersion.objects.filter(scan__organisation__slug="voorbeeld").first()
    return version.snapshot


@pytest.fixture
def pdf_file(snapshot, tmp_path_factory) -> Path:
    """The demo report as PDF, rendered once for this module (it takes a few seconds)."""
    if "pdf" not in _RENDERED:
        path = tmp_path_factory.mktemp("pdf") / "rapport.pdf"
        path.write_bytes(render.render_pdf(snapshot, "nl", {"version_number": 1}))
        _RENDERED["pdf"] = path
    return _RENDERED["pdf"]


def test_pdf_pages_render_and_are_not_blank(pdf_file, tmp_path):
    assert pdf_file.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(pdf_file)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
    assert pages >= 10, "title page, contents, summary, method and a chapter per dimension"
    assert re.search(r"Tagged:\s+yes", info.stdout), "headings are tagged (PDF/UA)"
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "6", str(pdf_file), str(tmp_path / "p")],
        check=True,
    )
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == 6
    for image in images:
        stat = ImageStat.Stat(Image.open(image).convert("L"))
        assert stat.stddev[0] > 5, f"{image.name} is blank"


def test_pdf_fonts_are_embedded(pdf_file):
    out = subprocess.run(["pdffonts", str(pdf_file)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert " yes " in row, f"font not embedded: {row}"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_pdf_text_has_contents_with_page_numbers_and_chapters(pdf_file):
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_file), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Inhoud" in text
    assert re.search(r"1\. Samenvatting\s*\.+\s*\d+", text), "contents list page numbers"
    for heading in (
        "Methode",
        "Inzicht en bewustzijn",
        "Conclusies",
        "Aanbevelingen",
        "Bijlage A. Vragenlijsten met routering",
    ):
        assert heading in text
    assert re.search(r"\b3 / \d+", text), "page numbers in the footer"
    assert "Gemeente Voorbeeld" in text


def test_docx_has_real_headings_and_tables(snapshot):
    from docx import Document

    doc = Document(io.BytesIO(render.render(snapshot, "docx")))
    styles = [p.style.name for p in doc.paragraphs]
    headings1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert "Heading 2" in styles
    assert any("Samenvatting" in h for h in headings1)
    assert any("Inzicht en bewustzijn" in h for h in headings1)
    assert any("Aanbevelingen" in h for h in headings1)
    assert len(doc.tables) > 10
    pictures = doc.inline_shapes
    assert len(pictures) >= 3, "charts, heat map and maturity as pictures"
    for picture in pictures:
        assert picture._inline.docPr.get("descr"), "every chart picture has alt text"
    verdicts = doc.tables[0]
    assert verdicts.rows[0].cells[1].text == "Oordeel"
    assert len(verdicts.rows) == len(snapshot["chapters"]) + 1


def test_english_rendering_uses_english_library_texts(snapshot):
    html = render.render_html(snapshot, "en")
    assert 'lang="en"' in html
    assert "Insight and awareness" in html
    assert "Recommendations" in html or "Aanbevelingen" not in html


def test_html_has_an_svg_chart_with_text_alternative_and_a_data_table(snapshot):
    html = render.render_html(snapshot, "nl")
    assert html.count("<svg") >= 5
    assert 'role="img"' in html and "<desc " in html
    assert "Gegevens bij Figuur 3.1" in html
    assert "<script" not in html
    assert "style=" not in re.sub(r"<style>.*?</style>", "", html, flags=re.S)


def test_pdf_charts_are_images_with_alt_text(snapshot):
    """In the PDF the charts are SVG images with their text alternative as alt (PDF/UA)."""
    html = render.render_html(snapshot, "nl", for_pdf=True)
    images = re.findall(
        r'<img class="chart" src="data:image/svg\+xml;base64,[^"]+" alt="([^"]*)"', html
    )
    assert len(images) >= 5
    assert all(alt.strip() for alt in images)
    assert "<svg" not in html


def test_long_lists_are_split_so_no_chart_runs_over_a_page(snapshot):
    from weerbaar.reports.compose import BARS_PER_CHART, compose
    from weerbaar.reports.compose_tables import PROCESSES_PER_HEAT_MAP
    from weerbaar.reports.document import Figure, walk

    many = {
        **snapshot,
        "register": {
            **snapshot["register"],
            "processes": snapshot["register"]["processes"] * 5,
        },
    }
    charts = [
        b.chart for b in walk(compose(many, "nl").blocks) if isinstance(b, Figure) and b.chart
    ]
    heat_maps = [c for c in charts if c.kind == "heat_map"]
    assert len(heat_maps) == -(-len(many["register"]["processes"]) // PROCESSES_PER_HEAT_MAP)
    for chart in charts:
        if chart.kind == "bars":
            assert len(chart.data) <= BARS_PER_CHART


def test_one_tree_gives_the_same_headings_and_tables_in_html_docx_and_pdf(snapshot, pdf_file):
    """HTML, DOCX and PDF are renderers of one document tree: same headings, same tables."""
    import lxml.html
    from docx import Document

    from weerbaar.reports.compose import compose
    from weerbaar.reports.document import headings, tables

    extra = {"version_number": 1}
    tree = compose(snapshot, "nl", extra)
    expected = headings(tree)
    assert (1, snapshot["title"]) in expected and len(expected) > 40
    n_tables = len(tables(tree))

    page = lxml.html.fromstring(render.render_html(snapshot, "nl", extra=extra))
    html_headings = [
        (int(el.tag[1]), el.text_content())
        for el in page.iter("h1", "h2", "h3", "h4", "h5", "h6")
        if not el.xpath("ancestor::nav")
    ]
    assert html_headings == expected
    assert len(page.xpath("//table")) == n_tables

    doc = Document(io.BytesIO(render.render(snapshot, "docx", "nl", extra)))
    levels = {"Title": 1, **{f"Heading {n}": n + 1 for n in range(1, 6)}}
    docx_headings = [
        (levels[p.style.name], p.text) for p in doc.paragraphs if p.style.name in levels
    ]
    assert docx_headings == expected
    assert len(doc.tables) == n_tables

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed")
    text = subprocess.run(
        ["pdftotext", str(pdf_file), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    missing = [t for _level, t in expected if " ".join(t.split()) not in flat]
    assert not missing, f"headings missing from the PDF text: {missing[:5]}"
