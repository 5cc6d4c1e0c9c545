"""A progress report as a one-page PDF (WeasyPrint) and as DOCX (python-docx)."""

from __future__ import annotations

import datetime
from io import BytesIO

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from weerbaar.core.xmltext import xml_safe
from weerbaar.incidents.figures import count_text, share_text

from .models import ActionStatus, ProgressReport
from .overview import label


def _date(value: str | None) -> str:
    if not value:
        return ""
    return date_format(datetime.date.fromisoformat(value[:10]), "SHORT_DATE_FORMAT")


def document_context(report: ProgressReport) -> dict:
    c = report.content or {}
    rows = [{**r, "label_text": label(r.get("label"))} for r in c.get("dimensions", [])]
    pillars = [
        {
            **r,
            "label_text": label(r.get("label")),
            "phase_now_text": label(r.get("phase_now")) or "–",
            "phase_before_text": label(r.get("phase_before")) or "–",
        }
        for r in c.get("pillars", [])
    ]
    return {
        "report": report,
        "organisation": report.organisation,
        "since": _date(c.get("since")),
        "until": _date(c.get("until")),
        "totals": c.get("totals", {}),
        "dimensions": rows,
        "pillars": pillars,
        "overdue": [{**o, "due": _date(o["due_date"])} for o in c.get("overdue", [])],
        "progress": _capped(c.get("progress", {})),
        "incidents": incident_lines(c.get("incidents")),
        "screening": screening_lines(c.get("screening")),
    }


def screening_lines(figures: dict | None) -> str:
    """Required screenings of functions by state in one sentence; never persons."""
    if not figures:
        return ""  # a report frozen before screening was tracked
    return _(
        "%(functions)s functies met een screening over de vernieuwingsdatum (%(overdue)s "
        "screeningen, waarvan %(never)s nooit gedaan); %(soon)s binnenkort te vernieuwen."
    ) % {
        "functions": figures["functions_overdue"],
        "overdue": figures["overdue"],
        "never": figures["never_done"],
        "soon": figures["due_soon"],
    }


def incident_lines(figures: dict | None) -> list[tuple[str, str]]:
    """The incident and signal figures as (label, value); a withheld number says so."""
    if not figures:
        return []  # a report frozen before the incident register existed
    return [
        (_("Geregistreerde incidenten"), count_text(figures.get("incidents"))),
        (
            _("Contact met het slachtoffer binnen 48 uur"),
            share_text(figures.get("contact_within_48h")),
        ),
        (_("Aangifte gedaan"), share_text(figures.get("aangifte_rate"))),
        (_("Gemelde signalen van ondermijning"), count_text(figures.get("signals"))),
    ]


#: At most this many lines per list, so that the report stays on one page.
MAX_CHANGES = 10
MAX_NEW = 6


def _capped(progress: dict) -> dict:
    labels = {k: str(v) for k, v in ActionStatus.choices}
    changes = [
        {
            **c,
            "from": labels.get(c.get("from_code", ""), c.get("from", "")),
            "to": labels.get(c.get("to_code", ""), c.get("to", "")),
        }
        for c in progress.get("changes", [])
    ]
    new = list(progress.get("new_actions", []))
    return {
        **progress,
        "changes": changes[:MAX_CHANGES],
        "more_changes": max(0, len(changes) - MAX_CHANGES),
        "new_actions": new[:MAX_NEW],
        "more_new": max(0, len(new) - MAX_NEW),
    }


def render_document(report: ProgressReport):
    """The laid-out WeasyPrint document (its ``pages`` can be counted)."""
    from weasyprint import HTML

    html = render_to_string("actions/progress_pdf.html", document_context(report))
    return HTML(string=html).render()


def render_pdf(report: ProgressReport) -> bytes:
    return render_document(report).write_pdf()


def render_docx(report: ProgressReport) -> bytes:
    from docx import Document
    from docx.shared import Pt

    ctx = document_context(report)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(10)
    doc.add_heading(xml_safe(report.title), level=1)
    period = (
        _("Voortgang van %(since)s tot en met %(until)s")
        % {"since": ctx["since"], "until": ctx["until"]}
        if ctx["since"]
        else _("Stand tot en met %(until)s (eerste rapportage)") % {"until": ctx["until"]}
    )
    doc.add_paragraph(xml_safe(f"{report.organisation.name} — {period}"))
    if report.summary:
        doc.add_paragraph(xml_safe(report.summary))
    t = ctx["totals"]
    doc.add_paragraph(
        _(
            "Acties: %(done)s gereed, %(open)s open of bezig, "
            "waarvan %(overdue)s over de streefdatum."
        )
        % {"done": t.get("done", 0), "open": t.get("open", 0), "overdue": t.get("overdue", 0)}
    )
    progress = ctx["progress"]
    doc.add_heading(_("Voortgang sinds de vorige rapportage"), level=2)
    changes = progress.get("changes", [])
    if not changes and not progress.get("new_actions"):
        doc.add_paragraph(_("Geen wijzigingen."))
    for ch in changes:
        line = f"{ch['action']}: {ch['from']} → {ch['to']}"
        doc.add_paragraph(xml_safe(line), style="List Bullet")
    for title in progress.get("new_actions", []):
        line = _("Nieuwe actie: %(title)s") % {"title": title}
        doc.add_paragraph(xml_safe(line), style="List Bullet")
    more = progress.get("more_changes", 0) + progress.get("more_new", 0)
    if more:
        doc.add_paragraph(_("en %(n)s andere wijzigingen") % {"n": more}, style="List Bullet")
    if ctx["dimensions"]:
        doc.add_heading(_("Per dimensie"), level=2)
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells,
            [_("Dimensie"), _("Gereed"), _("Open"), _("Over de streefdatum")],
            strict=True,
        ):
            cell.text = str(text)
        for r in ctx["dimensions"]:
            cells = table.add_row().cells
            for cell, text in zip(
                cells, [r["label_text"], r["done"], r["open"], r["overdue"]], strict=True
            ):
                cell.text = xml_safe(str(text))
    if ctx["pillars"]:
        doc.add_heading(_("Volwassenheid per pijler"), level=2)
        table = doc.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, [_("Pijler"), _("Vorige scan"), _("Nu")], strict=True
        ):
            cell.text = str(text)
        for r in ctx["pillars"]:
            cells = table.add_row().cells
            for cell, text in zip(
                cells, [r["label_text"], r["phase_before_text"], r["phase_now_text"]], strict=True
            ):
                cell.text = xml_safe(str(text))
    if ctx["incidents"]:
        doc.add_heading(_("Incidenten en signalen in deze periode"), level=2)
        for term, value in ctx["incidents"]:
            doc.add_paragraph(xml_safe(f"{term}: {value}"), style="List Bullet")
    if ctx["screening"]:
        doc.add_paragraph(xml_safe(f"{_('Screening van functies')}: {ctx['screening']}"))
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
