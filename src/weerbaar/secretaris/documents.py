"""College-ready documents: the agenda item as DOCX (python-docx) and PDF (WeasyPrint), and
the one-page portfolio brief as PDF. Counts below k stay withheld in every format."""

from __future__ import annotations

import datetime
from io import BytesIO
from typing import Any

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from weerbaar.core.formatting import number
from weerbaar.core.text import translate
from weerbaar.core.xmltext import xml_safe
from weerbaar.incidents.figures import count_text

from .models import AgendaItem
from .portfolios import PortfolioBrief


def _date(value: str | None) -> str:
    if not value:
        return ""
    return date_format(datetime.date.fromisoformat(value[:10]), "SHORT_DATE_FORMAT")


def agenda_context(item: AgendaItem) -> dict[str, Any]:
    """The agenda item's data ready to show: dates localised, withheld counts in words."""
    d = item.data or {}
    actions = d.get("actions", {})
    return {
        "item": item,
        "organisation": item.organisation,
        "meeting": date_format(item.meeting_date, "DATE_FORMAT"),
        "period_from": _date(d.get("period_from")),
        "period_to": _date(d.get("period_to")),
        "prepared_on": _date(d.get("prepared_on")),
        "actions": actions,
        "overdue": [{**o, "due": _date(o.get("due_date"))} for o in d.get("overdue", [])],
        "figures": [
            (_("Nieuwe incidenten (VPT)"), count_text((d.get("incidents") or {}).get("value"))),
            (
                _("Nieuwe signalen van ondermijning"),
                count_text((d.get("signals") or {}).get("value")),
            ),
            *_follow_up_figures(d),
        ],
        "k": d.get("k"),
        "processes": [{**p, "band_text": translate(p.get("band"))} for p in d.get("processes", [])],
        "functions": [{**f, "band_text": translate(f.get("band"))} for f in d.get("functions", [])],
        "decided_on": date_format(item.decided_on, "DATE_FORMAT") if item.decided_on else "",
        "resulting_actions": list(item.resulting_actions.all()) if item.pk else [],
    }


def _follow_up_figures(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """Screening and awareness as counts (items prepared before they were added have none)."""
    figures: list[tuple[str, Any]] = []
    screening = data.get("screening")
    if screening is not None:
        figures.append(
            (
                _("Functies met een screening over de vernieuwingsdatum"),
                screening["functions_overdue"],
            )
        )
        figures.append(
            (_("Screeningen die binnenkort vernieuwd moeten worden"), screening["due_soon"])
        )
    awareness = data.get("awareness")
    if awareness is not None:
        figures.append((_("Bewustwordingssessies te laat"), awareness["overdue"]))
        figures.append(
            (_("Bewustwordingssessies binnenkort"), awareness["due"] - awareness["overdue"])
        )
    return figures


def render_agenda_pdf(item: AgendaItem) -> bytes:
    from weasyprint import HTML

    html = render_to_string("secretaris/agenda_pdf.html", agenda_context(item))
    return HTML(string=html).write_pdf()


def _table(doc: Any, header: list[str], rows: list[list[Any]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
    for r in rows:
        for cell, text in zip(table.add_row().cells, r, strict=True):
            cell.text = xml_safe(str(text))


def render_agenda_docx(item: AgendaItem) -> bytes:
    from docx import Document
    from docx.shared import Pt

    ctx = agenda_context(item)
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(xml_safe(item.title), level=1)
    doc.add_paragraph(
        xml_safe(
            _("%(org)s — collegevergadering van %(date)s")
            % {"org": item.organisation.name, "date": ctx["meeting"]}
        )
    )
    if item.introduction:
        doc.add_heading(_("Toelichting"), level=2)
        doc.add_paragraph(xml_safe(item.introduction))
    a = ctx["actions"]
    doc.add_heading(_("Voortgang van het plan van aanpak"), level=2)
    doc.add_paragraph(
        _(
            "%(done)s van de %(total)s acties gereed, %(open)s open of bezig, "
            "waarvan %(overdue)s over de streefdatum."
        )
        % {
            "done": a.get("done", 0),
            "total": a.get("total", 0),
            "open": a.get("open", 0),
            "overdue": a.get("overdue", 0),
        }
    )
    for o in ctx["overdue"]:
        line = _("%(title)s (streefdatum %(due)s)") % {"title": o["title"], "due": o["due"]}
        doc.add_paragraph(xml_safe(line), style="List Bullet")
    doc.add_heading(
        _("Incidenten en signalen van %(start)s tot en met %(end)s")
        % {"start": ctx["period_from"], "end": ctx["period_to"]},
        level=2,
    )
    for term, value in ctx["figures"]:
        doc.add_paragraph(xml_safe(f"{term}: {value}"), style="List Bullet")
    doc.add_paragraph(_("Aantallen kleiner dan %(k)s worden niet getoond.") % {"k": ctx["k"]})
    if ctx["processes"] or ctx["functions"]:
        doc.add_heading(_("Grootste resterende kwetsbaarheden"), level=2)
        _table(
            doc,
            [_("Proces of functie"), _("Score"), _("Niveau")],
            [
                [r["name"], number(r["score"], 1), r["band_text"]]
                for r in ctx["processes"] + ctx["functions"]
            ],
        )
    if item.decisions_needed:
        doc.add_heading(_("Gevraagde besluiten"), level=2)
        doc.add_paragraph(xml_safe(item.decisions_needed))
    if item.decision:
        doc.add_heading(_("Besluit van het college (%(date)s)") % {"date": ctx["decided_on"]}, 2)
        doc.add_paragraph(xml_safe(item.decision))
        for action in ctx["resulting_actions"]:
            doc.add_paragraph(xml_safe(action.title), style="List Bullet")
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def render_brief_pdf(brief: PortfolioBrief, organisation: Any) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "secretaris/portfolio_pdf.html", {"brief": brief, "organisation": organisation}
    )
    return HTML(string=html).write_pdf()
