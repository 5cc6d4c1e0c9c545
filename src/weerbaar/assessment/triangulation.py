"""Triangulated findings: per norm, what each kind of source says (seed 004 §1.3, §7.3).

For every norm (or pillar item) of a page, :func:`norm_sources` gathers one
:class:`SourceBlock` per :class:`~.models.SourceKind`:

* documents and interviews coded to the norm in the field work (never the notes themselves:
  an interview is named by function, kind and date, and links to its need-to-know page);
* survey figures of the scan's surveys whose question maps to the norm, from released
  results only and as the suppression left them;
* the registers of vulnerable processes and functions, for the norms the library's
  ``norm_sources`` document lists;
* figures from the incident register and the signals (already suppressed below k).

The verdict records which of these kinds support it (``AssessmentItem.sources``); the
report cites the same blocks per finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from weerbaar.core.formatting import number, percentage
from weerbaar.core.text import translate
from weerbaar.fieldwork.selectors import documents_for_norm, interviews_for_norm
from weerbaar.registers.models import Described
from weerbaar.registers.selectors import function_entries, process_entries
from weerbaar.surveys.results import services as survey_results
from weerbaar.surveys.types import SurveyResults

from .content import document_for
from .models import SourceKind
from .register_figures import figures_for_norms

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan


@dataclass(frozen=True)
class SourceLine:
    """One thing a source says about a norm: a document, a session, a figure."""

    text: str
    detail: str = ""
    url: str = ""


@dataclass(frozen=True)
class SourceBlock:
    """What one kind of source says about a norm (empty: nothing yet)."""

    kind: str  # a SourceKind value
    label: str
    lines: list[SourceLine] = field(default_factory=list)
    link: str = ""
    link_text: str = ""
    notes: list[str] = field(default_factory=list)  # where the figures come from


def _date(value) -> str:
    return date_format(value, "j F Y") if value else ""


def _documents(scan: Scan, norm_id: str) -> list[SourceLine]:
    out = []
    for doc in documents_for_norm(scan, norm_id):
        received = doc["received_on"]
        when = (
            _("ontvangen %(date)s") % {"date": _date(received)}
            if received
            else _("opgevraagd, nog niet ontvangen")
        )
        detail = ", ".join(p for p in (doc["kind_label"], doc["owner"], when) if p)
        out.append(SourceLine(doc["title"], detail, doc["url"]))
    return out


def _interviews(scan: Scan, norm_id: str) -> list[SourceLine]:
    return [
        SourceLine(f"{row['kind_label']}: {row['function']}", _date(row["held_on"]), row["url"])
        for row in interviews_for_norm(scan, norm_id)
    ]


def _category_text(category: dict) -> str:
    share = (category.get("pct") or {}).get("answered")
    value = _("onderdrukt") if share is None else percentage(share / 100)
    return f"{translate(category.get('label'))} {value}"


def _figures_text(item: dict[str, Any]) -> str:
    """The shown shares of an item ("n = 40; Eens 30%; Oneens 58%"), or why none are shown.
    A grade gives its mean; categories the suppression withheld are named once."""
    if item.get("suppressed") or item.get("n") is None:
        return _("te weinig antwoorden om te tonen")
    parts = [f"n = {number(item['n'])}"]
    if item.get("mean") is not None:
        parts.append(_("gemiddeld cijfer %(mean)s") % {"mean": number(item["mean"], 1)})
        return "; ".join(parts)
    shown = [c for c in item["categories"] if c.get("count") is not None]
    parts += [_category_text(c) for c in shown]
    if len(shown) < len(item["categories"]):
        parts.append(_("overige onderdrukt"))
    return "; ".join(parts)


def survey_lines(results: list[SurveyResults]) -> dict[str, list[SourceLine]]:
    """Per norm id, the released survey figures of the questions that map to it."""
    out: dict[str, list[SourceLine]] = {}
    for result in results:
        if not result.get("released"):
            continue
        title = result["survey"]["title"] if "survey" in result else ""
        for raw in result.get("items", []):
            item = cast(dict[str, Any], raw)
            if item.get("type") == "text" or not item.get("categories"):
                continue
            question = translate(item.get("text"))
            if item.get("row_text"):
                question = f"{question} {translate(item['row_text'])}"
            elif item.get("option_label"):
                question = f"{question} {translate(item['option_label'])}"
            detail = _figures_text(item)
            text = _("%(survey)s, vraag %(number)s: %(question)s") % {
                "survey": title,
                "number": item.get("number") or "–",
                "question": question,
            }
            line = SourceLine(text, detail)
            for norm_id in item.get("maps_to") or []:
                out.setdefault(norm_id, []).append(line)
    return out


def _register_lines(scan: Scan, register: str) -> list[SourceLine]:
    org, pk = scan.organisation.slug, scan.pk
    if register == "processes":
        counts = process_entries(scan).aggregate(
            total=Count("pk"), described=Count("pk", filter=Q(described=Described.YES))
        )
        return [
            SourceLine(
                _("Kwetsbare processen in het register: %(n)s") % {"n": counts["total"]},
                _("waarvan beschreven en vastgelegd: %(n)s") % {"n": counts["described"]},
                reverse("registers:process_list", kwargs={"org": org, "scan_id": pk}),
            )
        ]
    entries = list(function_entries(scan))
    gaps = sum(1 for e in entries if e.screening_gap)
    return [
        SourceLine(
            _("Kwetsbare functies in het register: %(n)s") % {"n": len(entries)},
            _("waarvan screening vereist maar niet gedaan: %(n)s") % {"n": gaps},
            reverse("registers:function_list", kwargs={"org": org, "scan_id": pk}),
        )
    ]


def register_norms(scan: Scan) -> dict[str, list[dict]]:
    """Per norm id, the registers (library ``norm_sources``) that evidence it."""
    out: dict[str, list[dict]] = {}
    for entry in document_for(scan, "norm_sources")["registers"]:
        for norm_id in entry["norms"]:
            out.setdefault(norm_id, []).append(entry)
    return out


def _block(kind: SourceKind, lines: list[SourceLine], *extra: Any) -> SourceBlock:
    return SourceBlock(kind.value, str(kind.label), lines, *extra)


def norm_sources(
    scan: Scan, items: list[dict], *, survey_figures: dict[str, list[SourceLine]] | None = None
) -> dict[str, list[SourceBlock]]:
    """Per item id (norm or pillar item), one block per kind of source, in a fixed order.

    ``survey_figures``: :func:`survey_lines` of the scan, when the caller has them already.
    """
    if not items:
        return {}
    if survey_figures is None:
        survey_figures = survey_lines(survey_results.scan_results(scan))
    registers = register_norms(scan)
    register_cache: dict[str, list[SourceLine]] = {}
    incidents = figures_for_norms(scan, items)
    out: dict[str, list[SourceBlock]] = {}
    for lib_item in items:
        norm_id = lib_item["id"]
        register_lines: list[SourceLine] = []
        for entry in registers.get(norm_id, []):
            name = entry["register"]
            if name not in register_cache:
                register_cache[name] = _register_lines(scan, name)
            register_lines += [
                SourceLine(f"{translate(entry['label'])}: {line.text}", line.detail, line.url)
                for line in register_cache[name]
            ]
        incident_blocks = incidents.get(norm_id, [])
        incident_lines = [SourceLine(f.label, f.value) for b in incident_blocks for f in b.figures]
        incident_link = next((b.link for b in incident_blocks), "")
        out[norm_id] = [
            _block(SourceKind.DOCUMENTS, _documents(scan, norm_id)),
            _block(SourceKind.INTERVIEWS, _interviews(scan, norm_id)),
            _block(SourceKind.SURVEYS, survey_figures.get(norm_id, [])),
            _block(SourceKind.REGISTERS, register_lines),
            _block(
                SourceKind.INCIDENTS,
                incident_lines,
                incident_link,
                _("Alle cijfers van incidenten en signalen") if incident_link else "",
                [b.title for b in incident_blocks],
            ),
        ]
    return out
