"""Collecting the report data (rapportgegevens verzamelen) of a scan.

Fills a :class:`~weerbaar.reports.data.ReportData` from the other apps through their
public functions, one module per source: :mod:`.surveys` (survey results after
k-suppression), :mod:`.registers` (vulnerability profile), :mod:`.assessment`
(self-assessment, RIEC pillars, recommendations), :mod:`.incidents` (the incident register
and signals), :mod:`.previous` (the previous scan), :mod:`.chapters` (a chapter per
dimension and theme), :mod:`.sources` (what each source says per norm, the documents and
the conversation partners) and :mod:`.research` (the research questions answered).

A source that is simply empty gets a "no data yet" notice. A source that *fails* raises:
the report is never assembled from partial data, so publishing cannot freeze a version
whose sections silently miss a source.
"""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..data import SCHEMA_VERSION, Comparison, Method, ReportData, content_hash
from ..labels import NOTICES, SOURCES, SUPPRESSION_NOTE, UNKNOWN_STATUS, frozen
from .assessment import collect_assessment, collect_pillars, collect_recommendations
from .assessment import suggested_verdict as suggested_verdict
from .chapters import build_chapters
from .incidents import collect_incidents
from .previous import compare
from .registers import collect_register
from .research import collect_research
from .sources import collect_documents, collect_norm_sources, collect_partners
from .surveys import collect_free_texts, collect_survey_items, release_method_notes, survey_k
from .surveys import survey_item as survey_item

# The language of the coordinator's texts (the report renders in either language).
REPORT_LANGUAGE = "nl"

__all__ = ["collect_report_data", "has_data", "suggested_verdict", "survey_item", "survey_k"]


def has_data(scan) -> bool:
    """Whether a scan has anything to report: responses, register entries or assessments."""
    return (
        scan.surveys.filter(responses__submitted=True).exists()
        or scan.process_entries.exists()
        or scan.function_entries.exists()
        or scan.assessment_items.exists()
    )


def collect_report_data(scan, report=None, *, include_previous: bool = True) -> ReportData:
    """Assemble the report data of a scan (with the draft texts of ``report``)."""
    fw = scan.framework
    org = scan.organisation
    k = survey_k(scan)
    notices: list = []

    items, appendices, survey_methods = collect_survey_items(scan)
    if not survey_methods:
        notices.append(frozen(NOTICES["surveys_missing"]))
    register = collect_register(scan)
    if not register.available:
        notices.append(frozen(NOTICES["register_missing"]))
    assessed = collect_assessment(scan)
    if not assessed:
        notices.append(frozen(NOTICES["assessment_missing"]))
    pillars = collect_pillars(scan)
    if not pillars:
        notices.append(frozen(NOTICES["maturity_missing"]))
    recommendations = collect_recommendations(scan, report)

    previous = scan.previous_scan if include_previous else None
    comparison = Comparison(available=False)
    if previous is not None:
        comparison = compare(previous, items, register, pillars)
    chapters = build_chapters(fw, assessed, items, report, collect_norm_sources(scan))

    method = Method(
        k=k,
        period_start=scan.period_start.isoformat(),
        period_end=scan.period_end.isoformat(),
        sources=[frozen(source) for source in SOURCES],
        surveys=survey_methods,
        processes=len(register.processes),
        functions=len(register.functions),
        norms_assessed=sum(
            1
            for nid in fw.norm_index
            if (assessed.get(nid) or {}).get("status", UNKNOWN_STATUS) != UNKNOWN_STATUS
        ),
        norms_total=len(fw.norms),
        notes=[frozen(SUPPRESSION_NOTE, k=k), *release_method_notes(scan)],
    )
    now = timezone.now()
    library_label = f"{scan.library_version.version}".strip() or str(scan.library_version)
    data_part = {
        "items": [i.__dict__ for i in items],
        "register": register.__dict__,
        "assessed": assessed,
        "pillars": [p.__dict__ for p in pillars],
        "recommendations": [r.__dict__ for r in recommendations if r.source == "rule"],
    }
    with translation.override(REPORT_LANGUAGE):
        default_title = _("Weerbaarheid tegen ondermijning — %(organisation)s") % {
            "organisation": org.name
        }
    title = (report.title if report else "") or default_title
    subtitle = (report.subtitle if report else "") or scan.title
    # Empty: the title page shows the organisation and the date in the reader's language.
    place_date = report.place_date if report else ""
    return ReportData(
        schema=SCHEMA_VERSION,
        language=REPORT_LANGUAGE,
        organisation=org.name,
        organisation_slug=org.slug,
        scan_id=scan.pk,
        scan_title=scan.title,
        scan_kind=scan.kind,
        title=title,
        subtitle=subtitle,
        place_date=place_date,
        library_version=library_label,
        data_version=content_hash(_plain(data_part))[:16],
        generated_at=now.isoformat(timespec="seconds"),
        summary=(report.summary if report else "") or "",
        method=method,
        chapters=chapters,
        pillars=pillars,
        register=register,
        conclusions=(report.conclusions if report else "") or "",
        recommendations=recommendations,
        questionnaires=appendices,
        result_tables=items,
        comparison=comparison,
        notices=notices,
        inhabitants=org.inhabitants,
        free_texts=collect_free_texts(scan),
        incidents=collect_incidents(scan),
        research=collect_research(scan, report, chapters),
        documents=collect_documents(scan),
        partners=collect_partners(scan),
    )


def _plain(value: Any) -> Any:
    """Dataclasses and nested values as plain JSON-able data (for hashing)."""
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
