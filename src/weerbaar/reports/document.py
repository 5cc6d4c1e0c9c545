"""The report as one document tree: headings, paragraphs, lists, tables and figures.

:mod:`.compose` builds the tree once from a report snapshot; :mod:`.to_html` (web page and,
through WeasyPrint, the PDF) and :mod:`.to_docx` (Word) are renderers that walk the same
tree, so the three formats have the same headings, tables and figures by construction.

Nodes carry no formatting beyond a ``style`` name (a CSS class in HTML, a run or paragraph
style in Word) and hold text already in the report's language.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import bitmaps, charts


@dataclass(frozen=True)
class Run:
    """A piece of inline text; ``style``: "strong", "muted", "routing", "verdict verdict-x",
    "status status-x", "figure-number" (bold or italic in Word, a CSS class in HTML)."""

    text: str
    style: str = ""
    new_line: bool = False  # starts on a new line within its paragraph or cell


Inline = str | tuple[Run, ...]


@dataclass
class Heading:
    level: int  # 1 = the report title, 2 = chapter, 3 = section, 4 = subsection
    text: str
    anchor: str = ""
    style: str = ""


@dataclass
class Paragraph:
    content: Inline
    style: str = ""  # kicker, subtitle, muted, note, definition, chapter-kind, ...


@dataclass
class BulletList:
    items: list[Inline]
    numbered: bool = False
    numbers: list[int] | None = None  # explicit numbers of a numbered list
    style: str = ""


@dataclass
class DefinitionList:
    """Term and value pairs (the version facts of the title page)."""

    items: list[tuple[str, str, str]]  # (term, value, value style)
    style: str = ""


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[Inline]]
    style: str = ""
    widths: list[str] = field(default_factory=list)  # a width class per column, "" for none
    row_header: int | None = 0  # the column that names the row
    row_styles: list[str] = field(default_factory=list)  # a style per row, "" for none


@dataclass
class Chart:
    """A chart of the report, drawn from its data when a renderer asks for it."""

    kind: str  # bars | grades | heat_map | maturity | verdicts
    data: Any
    uid: str
    title: str
    language: str

    def svg(self) -> str:
        drawers: dict[str, Callable[[Any, str, str, str], str]] = {
            "bars": charts.stacked_bars,
            "grades": charts.grade_chart,
            "heat_map": charts.heat_map,
            "maturity": charts.maturity_bars,
            "verdicts": charts.verdict_overview,
        }
        return drawers[self.kind](self.data, self.uid, self.title, self.language)

    def png(self) -> bytes | None:
        """A picture for Word (which cannot show SVG everywhere); None: the table suffices."""
        if self.kind == "bars":
            return bitmaps.stacked_bars_png(self.data, self.language)
        if self.kind == "heat_map":
            return bitmaps.heat_map_png(self.data)
        if self.kind == "maturity":
            return bitmaps.maturity_png(self.data, self.language)
        return None


def svg_description(svg: str) -> str:
    """The text alternative (``<desc>``) of a chart."""
    match = re.search(r"<desc [^>]*>(.*?)</desc>", svg, re.S)
    return html.unescape(match.group(1)) if match else ""


@dataclass
class Figure:
    caption: Inline
    chart: Chart | None = None
    note: str = ""
    tables: list[Table] = field(default_factory=list)


@dataclass
class PageBreak:
    pass


@dataclass
class Contents:
    """The table of contents: (anchor, text) of every chapter."""

    title: str
    entries: list[tuple[str, str]]


@dataclass
class Section:
    """A group of blocks; ``anchor`` names the heading that labels it."""

    children: list[Block]
    style: str = ""
    anchor: str = ""
    tag: str = "section"  # section | div
    role: str = ""


Block = (
    Heading
    | Paragraph
    | BulletList
    | DefinitionList
    | Table
    | Figure
    | PageBreak
    | Contents
    | Section
)


@dataclass
class Document:
    title: str
    language: str
    author: str
    description: str
    footer: str
    blocks: list[Block] = field(default_factory=list)


def walk(blocks: list[Block]):
    """Every block of a tree in document order (sections and figures opened up)."""
    for block in blocks:
        yield block
        if isinstance(block, Section):
            yield from walk(block.children)
        elif isinstance(block, Figure):
            yield from block.tables


def headings(document: Document) -> list[tuple[int, str]]:
    """(level, text) of every heading of the document, in order."""
    return [(b.level, b.text) for b in walk(document.blocks) if isinstance(b, Heading)]


def tables(document: Document) -> list[Table]:
    return [b for b in walk(document.blocks) if isinstance(b, Table)]


def plain(content: Inline) -> str:
    """The text of inline content without styles (new lines as line breaks)."""
    if isinstance(content, str):
        return content
    return "".join(("\n" if r.new_line else "") + r.text for r in content)
