"""Rendering a report snapshot (the JSON form of ``ReportData``) as HTML, PDF or DOCX.

Every format is a renderer of the same document tree (:func:`.compose.compose`): HTML by
:mod:`.to_html`, PDF by WeasyPrint from that HTML, DOCX by :mod:`.to_docx`. A published
version's snapshot never changes, so it always renders the same content.
"""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString

from .compose import compose
from .to_docx import render_docx
from .to_html import render_body as html_body

FORMATS = ("html", "pdf", "docx")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
STATIC_DIR = Path(__file__).parent / "static" / "reports"


class UnknownFormat(ValueError):
    pass


def report_css() -> str:
    return (STATIC_DIR / "report.css").read_text(encoding="utf-8")


def render_body(snapshot: dict, language: str = "nl", extra: dict | None = None) -> SafeString:
    """The report body only, for the in-app page (which has its own layout and CSS)."""
    with translation.override(language):
        return html_body(compose(snapshot, language, extra))


def render_html(
    snapshot: dict, language: str = "nl", *, for_pdf: bool = False, extra: dict | None = None
) -> str:
    """A standalone HTML document (CSS included, no scripts)."""
    document = compose(snapshot, language, extra)
    with translation.override(language):
        return render_to_string(
            "reports/document.html",
            {
                "document": document,
                "body": html_body(document, images=for_pdf),
                "css": report_css(),
                "print_css": (STATIC_DIR / "report-print.css").read_text(encoding="utf-8")
                if for_pdf
                else "",
                "for_pdf": for_pdf,
            },
        )


def render_pdf(snapshot: dict, language: str = "nl", extra: dict | None = None) -> bytes:
    """PDF/UA-1 via WeasyPrint: tagged headings, embedded fonts, page numbers, contents."""
    from weasyprint import HTML  # a heavy import, only needed for PDFs

    document_html = render_html(snapshot, language, for_pdf=True, extra=extra)
    document = HTML(string=document_html, base_url=str(STATIC_DIR))
    return document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)


def render(snapshot: dict, fmt: str, language: str = "nl", extra: dict | None = None) -> bytes:
    """Render a snapshot; ``extra`` adds version facts (version_number, content_hash)."""
    if fmt == "html":
        return render_html(snapshot, language, extra=extra).encode("utf-8")
    if fmt == "pdf":
        return render_pdf(snapshot, language, extra)
    if fmt == "docx":
        return render_docx(compose(snapshot, language, extra))
    raise UnknownFormat(fmt)


def filename(snapshot: dict, fmt: str, number: int | None = None) -> str:
    slug = snapshot.get("organisation_slug") or "rapport"
    version = f"-v{number}" if number else "-concept"
    return f"weerbaarheidsrapport-{slug}-scan{snapshot.get('scan_id')}{version}.{fmt}"
