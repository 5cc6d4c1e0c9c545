"""The report tree as an editable Word document (DOCX) via python-docx.

Real ``Title``/``Heading 1``-``Heading 3`` styles (Word's navigation pane and table of
contents work), real tables, charts as pictures with their text alternative, a
table-of-contents field and page numbers in the footer (Word fills both in on opening).
"""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document as WordDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from weerbaar.core.xmltext import xml_safe

from .document import (
    Block,
    BulletList,
    Contents,
    DefinitionList,
    Document,
    Figure,
    Heading,
    Inline,
    PageBreak,
    Paragraph,
    Section,
    Table,
    plain,
    svg_description,
)

BOLD_STYLES = ("strong", "verdict", "status", "figure-number")
ITALIC_STYLES = ("muted", "routing")


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """Insert a Word field (TOC, PAGE) that Word computes when the document is opened."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = placeholder
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, instr, separate, text, end):
        run._r.append(el)


def _runs(paragraph, content: Inline) -> None:
    if isinstance(content, str):
        for i, line in enumerate(xml_safe(content).split("\n")):
            run = paragraph.add_run()
            if i:
                run.add_break(WD_BREAK.LINE)
            run.add_text(line)
        return
    for piece in content:
        if piece.new_line:
            paragraph.add_run().add_break(WD_BREAK.LINE)
        run = paragraph.add_run(xml_safe(piece.text))
        if piece.style.startswith(BOLD_STYLES):
            run.bold = True
        elif piece.style.startswith(ITALIC_STYLES):
            run.italic = True


def _paragraph_style(doc, name: str) -> str | None:
    return name if any(s.name == name for s in doc.styles) else None


class DocxRenderer:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.doc = WordDocument()

    def render(self) -> bytes:
        doc = self.doc
        d = self.document
        doc.core_properties.title = xml_safe(d.title)
        doc.core_properties.author = xml_safe(d.author)
        doc.core_properties.language = d.language
        normal = doc.styles["Normal"]
        normal.font.name = "DejaVu Sans"
        normal.font.size = Pt(10)
        # Ask Word to fill in the contents and page fields when the document is opened.
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        doc.settings.element.append(update)
        footer = doc.sections[0].footer.paragraphs[0]
        footer.add_run(xml_safe(f"{d.footer} — "))
        _field(footer, "PAGE", "1")
        for block in d.blocks:
            self.block(block)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()

    def block(self, block: Block) -> None:
        doc = self.doc
        match block:
            case Section():
                for child in block.children:
                    self.block(child)
            case Heading():
                # Heading levels: the report title is Word's Title, chapters Heading 1, ...
                doc.add_heading(xml_safe(block.text), level=block.level - 1)
            case Paragraph():
                _runs(doc.add_paragraph(), block.content)
            case BulletList():
                self.bullets(block)
            case DefinitionList():
                for term, value, _style in block.items:
                    doc.add_paragraph(xml_safe(f"{term}: {value}"))
            case Table():
                self.table(block)
            case Figure():
                self.figure(block)
            case Contents():
                doc.add_paragraph(xml_safe(block.title), style=_paragraph_style(doc, "TOC Heading"))
                _field(
                    doc.add_paragraph(),
                    'TOC \\o "1-2" \\h \\z \\u',
                    _("Werk de inhoudsopgave bij (F9)."),
                )
            case PageBreak():
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            case _:
                raise TypeError(f"unknown block {block!r}")

    def bullets(self, block: BulletList) -> None:
        numbers = block.numbers or list(range(1, len(block.items) + 1))
        for i, item in enumerate(block.items):
            if block.numbered:
                # Explicit numbers: Word's own list numbering would continue across lists.
                p = self.doc.add_paragraph(style="List")
                p.add_run(f"{numbers[i]}. ").bold = True
            else:
                p = self.doc.add_paragraph(style="List Bullet")
            _runs(p, item)

    def table(self, table: Table) -> None:
        doc = self.doc
        caption = doc.add_paragraph(xml_safe(table.caption), style="Caption")
        caption.paragraph_format.keep_with_next = True
        word_table = doc.add_table(rows=1, cols=len(table.header))
        word_table.style = "Table Grid"
        for cell, text in zip(word_table.rows[0].cells, table.header, strict=True):
            cell.text = xml_safe(text)
            for run in cell.paragraphs[0].runs:
                run.bold = True
        # Repeat the header row on every page.
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        word_table.rows[0]._tr.get_or_add_trPr().append(header)
        for row in table.rows:
            cells = word_table.add_row().cells
            for cell, content in zip(cells, row, strict=False):
                if isinstance(content, str):
                    cell.text = xml_safe(content)
                else:
                    _runs(cell.paragraphs[0], content)

    def figure(self, figure: Figure) -> None:
        doc = self.doc
        caption = doc.add_paragraph(xml_safe(plain(figure.caption)), style="Caption")
        caption.paragraph_format.keep_with_next = True
        chart = figure.chart
        png = chart.png() if chart is not None else None
        if chart is not None and png is not None:
            description = xml_safe(svg_description(chart.svg()))
            # Never wider than the text column: Word would run it into the margin and cut
            # off the legend at the page edge.
            section = doc.sections[-1]
            column = (
                (section.page_width or Cm(21.0))
                - (section.left_margin or 0)
                - (section.right_margin or 0)
            )
            shape = doc.add_picture(io.BytesIO(png), width=min(Cm(16.0), column))
            shape._inline.docPr.set("descr", description[:4000])
            shape._inline.docPr.set("title", description[:200])
        if figure.note:
            doc.add_paragraph(xml_safe(figure.note))
        for table in figure.tables:
            self.table(table)


def render_docx(document: Document) -> bytes:
    """The DOCX file of a document tree."""
    with translation.override(document.language):
        return DocxRenderer(document).render()
