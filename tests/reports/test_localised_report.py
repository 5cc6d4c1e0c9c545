"""The report in Dutch formats, one answer scale per chart, readable DOCX pictures.

Rendered and checked: the HTML and the DOCX (python-docx) of the demo report, a PDF through
pdftotext, and the PNG charts of the Word document pixel by pixel.
"""

from __future__ import annotations

import copy
import io
import re
import shutil
import subprocess

import pytest
from docx import Document as Docx
from PIL import Image

from weerbaar.reports import bitmaps, charts, render
from weerbaar.reports.compose import compose, figures
from weerbaar.reports.compose_tables import answer_scale, by_scale
from weerbaar.reports.document import Figure, Section

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.fixture
def dutch_snapshot(draft_snapshot) -> dict:
    """The demo draft with the title page left to the defaults and a survey period."""
    snap = copy.deepcopy(draft_snapshot)
    snap["place_date"] = ""
    snap["inhabitants"] = 25_400
    snap["generated_at"] = "2027-01-15T10:30:00+01:00"
    surveys = (snap.get("method") or {}).get("surveys") or []
    for survey in surveys:
        survey["period"] = "2026-01-15 – 2026-02-01"
    return snap


def walk(blocks):
    for block in blocks:
        yield block
        if isinstance(block, Section):
            yield from walk(block.children)


def bar_figures(document) -> list[Figure]:
    return [
        b
        for b in walk(document.blocks)
        if isinstance(b, Figure) and b.chart is not None and b.chart.kind == "bars"
    ]


def item(number: str, values: list[str], n: int = 40) -> dict:
    share = 100.0 / len(values)
    return {
        "id": f"staff:{number}",
        "number": number,
        "survey": "staff",
        "text": {"nl": f"Stelling {number} over melden van signalen", "en": f"Statement {number}"},
        "kind": "categorical",
        "n": n,
        "suppressed": False,
        "maps_to": [],
        "categories": [
            {
                "value": v,
                "label": {"nl": f"Antwoord {v}", "en": f"Answer {v}"},
                "count": None,
                "pct": share,
                "group": "other",
            }
            for v in values
        ],
        "previous": None,
    }


# --- one answer scale per chart ---------------------------------------------------------


@pytest.mark.django_db
def test_every_bar_chart_of_the_report_has_one_answer_scale(draft_snapshot):
    found = bar_figures(compose(draft_snapshot, "nl"))
    assert found
    for figure in found:
        scales = {answer_scale(i) for i in figure.chart.data}
        assert len(scales) == 1, (figure.caption, scales)


def test_two_scales_in_one_chapter_make_two_charts():
    agree = ["eens", "oneens", "weet_niet"]
    often = ["nooit", "soms", "vaak"]
    chapter = {
        "id": "D5",
        "name": {"nl": "Meldingen", "en": "Reports"},
        "survey_items": [item("2a", agree), item("2b", often), item("2c", agree)],
    }
    out = figures(chapter, 5, 5, "nl")
    assert [len(f.chart.data) for f in out] == [2, 1]
    assert [i["number"] for i in out[0].chart.data] == ["2a", "2c"]
    assert by_scale([]) == []


# --- Dutch dates and numbers --------------------------------------------------------------


@pytest.mark.django_db
def test_title_page_and_periods_in_dutch(dutch_snapshot):
    html = render.render_html(dutch_snapshot, "nl")
    assert "25.400 inwoners" in html
    assert "Gemeente Voorbeeld, 15 januari 2027" in html
    assert "15 januari 2026 – 1 februari 2026" in html
    assert not ISO_DATE.search(html)
    english = render.render_html(dutch_snapshot, "en")
    assert "25,400 inhabitants" in english
    assert "15 January 2027" in english


def test_counts_have_a_thousands_separator():
    big = item("9c", ["eens", "oneens"], n=20_000)
    svg = str(charts.stacked_bars([big], "t", "Figuur", "nl"))
    assert "n = 20.000" in svg
    from weerbaar.reports.compose_tables import data_tables

    assert data_tables([big], "bars")[0]["rows"][0]["n"] == "20.000"


@pytest.mark.django_db
def test_docx_title_page_and_text_use_dutch_formats(dutch_snapshot):
    docx = Docx(io.BytesIO(render.render(dutch_snapshot, "docx", "nl")))
    texts = [p.text for p in docx.paragraphs]
    texts += [c.text for t in docx.tables for row in t.rows for c in row.cells]
    text = "\n".join(texts)
    assert "25.400 inwoners" in text
    assert "Gemeente Voorbeeld, 15 januari 2027" in text
    assert "15 januari 2026 – 1 februari 2026" in text
    assert not ISO_DATE.search(text)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
@pytest.mark.django_db
def test_pdf_title_page_uses_dutch_formats(dutch_snapshot, tmp_path):
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(render.render_pdf(dutch_snapshot, "nl"))
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "25.400 inwoners" in first
    assert "15 januari 2027" in first
    assert not ISO_DATE.search(first)


# --- the pictures in the Word document ---------------------------------------------------


def dark_columns(image: Image.Image, x0: int, x1: int) -> set[int]:
    grey = image.convert("L")
    return {x for x in range(x0, x1) for y in range(grey.height) if grey.getpixel((x, y)) < 128}


def test_docx_bars_write_out_the_statement_not_its_code():
    png = bitmaps.stacked_bars_png([item("2a", ["eens", "oneens"])], "nl")
    image = Image.open(io.BytesIO(png))
    label_area = dark_columns(image, 0, 250 * bitmaps.SCALE)
    # "2a" alone would end within ~20 px; the written-out statement runs far wider.
    assert max(label_area) > 150 * bitmaps.SCALE
    lines = bitmaps.wrap_to_width(
        "2a. Stelling 2a over melden van signalen", 10, 240 * bitmaps.SCALE
    )
    assert " ".join(lines) == "2a. Stelling 2a over melden van signalen"


def test_docx_legend_wraps_instead_of_being_clipped():
    values = [f"categorie-{i}-met-een-lang-label" for i in range(7)]
    png = bitmaps.stacked_bars_png([item("9c", values)], "nl")
    image = Image.open(io.BytesIO(png)).convert("L")
    w, h = image.size
    # Nothing touches the right or bottom edge: the legend is not cut off.
    assert all(image.getpixel((w - 1, y)) > 200 for y in range(h))
    assert all(image.getpixel((x, h - 1)) > 200 for x in range(w))
    rows = bitmaps.legend_rows([("#000000", "", f"Antwoord {v}") for v in values], 10, w)
    assert len(rows) >= 2
    for row in rows:
        x, _fill, _pattern, label = row[-1]
        assert x + bitmaps.font(10).getlength(label) + 18 * bitmaps.SCALE <= w


@pytest.mark.django_db
def test_docx_pictures_fit_and_are_described(draft_snapshot):
    docx = Docx(io.BytesIO(render.render(draft_snapshot, "docx", "nl")))
    pictures = [s for s in docx.inline_shapes]
    assert pictures
    for shape in pictures:
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        part = docx.part.related_parts[blip.embed]
        image = Image.open(io.BytesIO(part.blob)).convert("L")
        w, h = image.size
        assert all(image.getpixel((w - 1, y)) > 200 for y in range(h))
        assert shape._inline.docPr.get("descr")
