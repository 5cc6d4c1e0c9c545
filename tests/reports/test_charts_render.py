"""The charts rendered to pixels: the legend lies inside the picture (not clipped), in the
DOCX picture and in the PDF page (rendered with pdftoppm), and every label of a chart is an
answer's label from the questionnaire, never its code ("2a", "eens", "ken_duidelijk")."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
from docx import Document as Docx
from PIL import Image

from weerbaar.core import charts as shared_charts
from weerbaar.core.text import translate
from weerbaar.reports import bitmaps, charts, render
from weerbaar.reports.compose import compose

from .test_localised_report import bar_figures, item

LONG = [f"Antwoordcategorie {i} met een behoorlijk lang label erbij" for i in range(7)]

needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler-utils")


def labelled_item(number: str, labels: list[str]) -> dict:
    base = item(number, [f"code{i}" for i in range(len(labels))])
    for c, label in zip(base["categories"], labels, strict=True):
        c["label"] = {"nl": label, "en": label}
    return base


def margins_are_white(image: Image.Image) -> bool:
    grey = image.convert("L")
    w, h = grey.size
    edges = [(w - 1, y) for y in range(h)] + [(x, h - 1) for x in range(w)]
    return all(grey.getpixel(p) > 200 for p in edges)


def dark_rows(image: Image.Image) -> list[int]:
    grey = image.convert("L")
    w, h = grey.size
    return [y for y in range(h) if any(grey.getpixel((x, y)) < 128 for x in range(0, w, 2))]


def svg_to_png(svg: str, tmp_path: Path, name: str) -> Image.Image:
    """The SVG on a PDF page of exactly its size (WeasyPrint, as the report's PDF), rendered
    to PNG by pdftoppm."""
    from weasyprint import HTML

    size = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    assert size
    w, h = size.groups()
    html = (
        f"<style>@page {{ size: {w}px {h}px; margin: 0 }} body {{ margin: 0 }} "
        f"svg {{ display: block; width: {w}px; height: {h}px }}</style>{svg}"
    )
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(HTML(string=html).write_pdf())
    subprocess.run(
        ["pdftoppm", "-r", "96", "-png", "-singlefile", str(pdf), str(tmp_path / name)],
        check=True,
    )
    return Image.open(tmp_path / f"{name}.png")


@needs_poppler
@pytest.mark.parametrize("drawer", ["report", "results page"])
def test_pdf_legend_lies_within_the_picture(drawer, tmp_path):
    items = [labelled_item("9c", LONG), labelled_item("9d", LONG)]
    if drawer == "report":
        svg = str(charts.stacked_bars(items, "t", "Figuur", "nl"))
    else:
        svg = str(shared_charts.labelled_bars(items, "t", "Grafiek", "nl"))
    image = svg_to_png(svg, tmp_path, "chart")
    assert margins_are_white(image), "something runs over the right or bottom edge"
    rows = dark_rows(image)
    # The legend (seven entries on several lines) is drawn below the bars and inside.
    assert rows and rows[-1] < image.height - 2
    legend_texts = re.findall(r'<text x="(\d+(?:\.\d+)?)"[^>]*font-size="(\d+)"[^>]*>([^<]+)<', svg)
    width = int(re.search(r'viewBox="0 0 (\d+)', svg).group(1))
    for x, size, text in legend_texts:
        # Generous average glyph width of DejaVu Sans: 0.62 em.
        assert float(x) + 0.62 * int(size) * len(unescape(text)) <= width + 1, text


@pytest.mark.django_db
def test_docx_chart_pictures_hold_their_whole_legend(draft_snapshot):
    docx = Docx(io.BytesIO(render.render(draft_snapshot, "docx", "nl")))
    section = docx.sections[0]
    usable = section.page_width - section.left_margin - section.right_margin
    checked = 0
    for shape in docx.inline_shapes:
        assert shape.width <= usable, "the picture is wider than the page: Word would clip it"
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        image = Image.open(io.BytesIO(docx.part.related_parts[blip.embed].blob))
        assert margins_are_white(image)
        rows = dark_rows(image)
        assert rows and rows[-1] < image.height - 2
        checked += 1
    assert checked >= 3


def test_docx_legend_of_a_long_scale_is_inside_the_picture():
    png = bitmaps.stacked_bars_png([labelled_item("9c", LONG)], "nl")
    image = Image.open(io.BytesIO(png))
    assert margins_are_white(image)
    rows = bitmaps.legend_rows([("#000000", "", label) for label in LONG], 10, image.width)
    assert len(rows) >= 2  # wrapped, not cut off
    for row in rows:
        x, _fill, _pattern, label = row[-1]
        assert x + 18 * bitmaps.SCALE + bitmaps.font(10).getlength(label) <= image.width


@pytest.mark.django_db
def test_every_chart_label_is_an_answer_label_not_a_code(draft_snapshot, monkeypatch):
    document = compose(draft_snapshot, "nl")
    figures = bar_figures(document)
    assert figures
    seen: list[list[str]] = []
    original = bitmaps.legend_rows

    def spy(entries, size, width):
        seen.append([label for _fill, _pattern, label in entries])
        return original(entries, size, width)

    monkeypatch.setattr(bitmaps, "legend_rows", spy)
    for figure in figures:
        data = figure.chart.data
        labels = {translate(c["label"], "nl") for it in data for c in it.get("categories", [])}
        codes = {str(c["value"]) for it in data for c in it.get("categories", [])}
        codes -= labels  # a value that is its own label ("1" .. "10") is no code
        svg = figure.chart.svg()
        texts = {unescape(t).strip() for t in re.findall(r"<text[^>]*>([^<]+)</text>", svg)}
        assert not (texts & codes), f"codes in the chart: {texts & codes}"
        if any(not it.get("suppressed") and it.get("n") is not None for it in data):
            assert labels & texts, "the legend names the answers"
        figure.chart.png()
        assert set(seen[-1]) <= labels
        assert not set(seen[-1]) & codes
