"""The report tree as HTML: semantic sections, headings, real tables, charts as SVG.

Every text is escaped here; the markup carries no ``style`` attributes and no scripts (the
Content-Security-Policy forbids both). For the PDF, charts become ``<img>`` elements with
their text alternative as ``alt`` (WeasyPrint tags images with it, as PDF/UA requires).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .document import (
    Block,
    BulletList,
    Chart,
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
    svg_description,
)


def _class(style: str) -> str:
    return f' class="{escape(style)}"' if style else ""


def inline(content: Inline) -> str:
    if isinstance(content, str):
        return str(escape(content)).replace("\n", "<br>")
    out = []
    for run in content:
        if run.new_line:
            out.append("<br>")
        text = escape(run.text)
        if run.style == "strong":
            out.append(f"<strong>{text}</strong>")
        elif run.style:
            out.append(f"<span{_class(run.style)}>{text}</span>")
        else:
            out.append(str(text))
    return "".join(out)


def chart_image(chart: Chart) -> str:
    """A chart as ``<img>`` with its text alternative as ``alt`` (for the PDF)."""
    svg = chart.svg()
    size = re.search(r'width="(\d+)" height="(\d+)"', svg)
    width, height = (size.group(1), size.group(2)) if size else ("600", "200")
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (
        f'<img class="chart" src="data:image/svg+xml;base64,{data}" '
        f'alt="{escape(svg_description(svg))}" width="{width}" height="{height}">'
    )


class HtmlRenderer:
    def __init__(self, images: bool = False) -> None:
        self.images = images

    def blocks(self, blocks: list[Block]) -> str:
        return "\n".join(self.block(b) for b in blocks)

    def block(self, block: Block) -> str:
        match block:
            case Section():
                return self.section(block)
            case Heading():
                anchor = f' id="{escape(block.anchor)}"' if block.anchor else ""
                tag = f"h{block.level}"
                return f"<{tag}{anchor}{_class(block.style)}>{escape(block.text)}</{tag}>"
            case Paragraph():
                return f"<p{_class(block.style)}>{inline(block.content)}</p>"
            case BulletList():
                return self.bullets(block)
            case DefinitionList():
                items = "".join(
                    f"<dt>{escape(term)}</dt><dd{_class(style)}>{escape(value)}</dd>"
                    for term, value, style in block.items
                )
                return f"<dl{_class(block.style)}>{items}</dl>"
            case Table():
                return self.table(block)
            case Figure():
                return self.figure(block)
            case Contents():
                entries = "".join(
                    f'<li><a href="#{escape(anchor)}">{escape(text)}</a></li>'
                    for anchor, text in block.entries
                )
                return (
                    '<nav class="toc" aria-labelledby="toc-title">'
                    f'<h2 id="toc-title" class="toc-title">{escape(block.title)}</h2>'
                    f"<ol>{entries}</ol></nav>"
                )
            case PageBreak():
                return ""
        raise TypeError(f"unknown block {block!r}")

    def section(self, section: Section) -> str:
        attrs = _class(section.style)
        if section.anchor:
            attrs += f' aria-labelledby="{escape(section.anchor)}"'
        if section.role:
            attrs += f' role="{escape(section.role)}"'
        body = self.blocks(section.children)
        return f"<{section.tag}{attrs}>\n{body}\n</{section.tag}>"

    def bullets(self, block: BulletList) -> str:
        tag = "ol" if block.numbered else "ul"
        numbers: Sequence[int | None] = block.numbers or [None] * len(block.items)
        items = "".join(
            (f'<li value="{n}">' if n is not None else "<li>") + inline(item) + "</li>"
            for item, n in zip(block.items, numbers, strict=True)
        )
        return f"<{tag}{_class(block.style)}>{items}</{tag}>"

    def table(self, table: Table) -> str:
        widths = table.widths or [""] * len(table.header)
        head = "".join(
            f'<th scope="col"{_class(w)}>{escape(h)}</th>'
            for h, w in zip(table.header, widths, strict=True)
        )
        styles = table.row_styles or [""] * len(table.rows)
        rows = []
        for row, style in zip(table.rows, styles, strict=True):
            cells = "".join(
                f'<th scope="row">{inline(c)}</th>'
                if i == table.row_header
                else f"<td>{inline(c)}</td>"
                for i, c in enumerate(row)
            )
            rows.append(f"<tr{_class(style)}>{cells}</tr>")
        return (
            f"<table{_class(table.style)}><caption>{escape(table.caption)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )

    def figure(self, figure: Figure) -> str:
        parts = [f"<figcaption>{inline(figure.caption)}</figcaption>"]
        if figure.chart is not None:
            chart = chart_image(figure.chart) if self.images else figure.chart.svg()
            parts.append(f'<div class="chart-wrap">{chart}</div>')
        if figure.note:
            parts.append(f'<p class="figure-note">{escape(figure.note)}</p>')
        parts += [self.table(t) for t in figure.tables]
        return '<figure class="figure">' + "".join(parts) + "</figure>"


def render_body(document: Document, *, images: bool = False) -> SafeString:
    """The report body (an ``<article>``) of a document tree."""
    body = HtmlRenderer(images).blocks(document.blocks)
    return mark_safe(  # noqa: S308 - every text is escaped above
        f'<article class="report-body" lang="{escape(document.language)}">\n{body}\n</article>'
    )
