"""What a report still lacks before it is offered for approval (volledigheidscontrole).

Each source is asked through a named function of the app that owns it: the self-assessment
(:func:`weerbaar.assessment.services.statuses`), the surveys
(:func:`weerbaar.surveys.services.unclosed_surveys`) and the registers
(:func:`weerbaar.registers.selectors.process_entries` / ``function_entries``). A gap does not
block the submission; the coordinator confirms it was seen, and the list is kept with the
submission.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from weerbaar.assessment.services import statuses
from weerbaar.core.text import translate
from weerbaar.registers.selectors import function_entries, process_entries
from weerbaar.surveys.services import unclosed_surveys

from .collect.assessment import suggested_verdict, verdict_method
from .labels import NO_VERDICT, STATUS_LABELS, UNKNOWN_STATUS, VERDICT_LABELS


@dataclass
class Gap:
    """One missing part of the report, in words for the coordinator and the approver."""

    kind: str  # verdicts | norms | surveys | processes | functions
    message: str
    details: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def _chapter_norm_ids(chapter: dict) -> list[str]:
    ids = [n["id"] for n in chapter.get("norms", [])]
    for sub in chapter.get("subelements", []):
        ids += [n["id"] for n in sub.get("norms", [])]
    return ids


def missing_verdicts(scan, report) -> list[str]:
    """Dimensions and themes that end up without a verdict (neither written nor suggested)."""
    fw = scan.framework
    current = statuses(scan)
    method = verdict_method(fw)
    out = []
    for chapter in fw.dimensions_and_themes:
        draft = report.section(chapter["id"]) if report is not None else {}
        level = draft.get("verdict_level") or ""
        if level not in VERDICT_LABELS or level == NO_VERDICT:
            counts = dict.fromkeys(STATUS_LABELS, 0)
            for norm_id in _chapter_norm_ids(chapter):
                counts[current.get(norm_id, UNKNOWN_STATUS)] += 1
            level = suggested_verdict(counts, method)
        if level == NO_VERDICT:
            out.append(f"{chapter.get('number', '')}. {translate(chapter.get('name'))}".strip())
    return out


def completeness(scan, report) -> list[Gap]:
    """Every part of the report that is still missing; empty when the report is complete."""
    gaps: list[Gap] = []
    chapters = missing_verdicts(scan, report)
    if chapters:
        total = len(scan.framework.dimensions_and_themes)
        gaps.append(
            Gap(
                "verdicts",
                ngettext(
                    "%(n)s van %(total)s dimensies en thema's heeft nog geen oordeel.",
                    "%(n)s van %(total)s dimensies en thema's hebben nog geen oordeel.",
                    len(chapters),
                )
                % {"n": len(chapters), "total": total},
                chapters,
            )
        )
    current = statuses(scan)
    norm_ids = [n["id"] for n in scan.framework.norms]
    unassessed = [i for i in norm_ids if current.get(i, UNKNOWN_STATUS) == UNKNOWN_STATUS]
    if unassessed:
        gaps.append(
            Gap(
                "norms",
                _("%(assessed)s van %(total)s normen zijn beoordeeld in de zelfevaluatie.")
                % {"assessed": len(norm_ids) - len(unassessed), "total": len(norm_ids)},
            )
        )
    surveys = unclosed_surveys(scan)
    if surveys:
        gaps.append(
            Gap(
                "surveys",
                ngettext(
                    "%(n)s enquête is nog niet gesloten: de resultaten ontbreken.",
                    "%(n)s enquêtes zijn nog niet gesloten: de resultaten ontbreken.",
                    len(surveys),
                )
                % {"n": len(surveys)},
                [f"{s.title} ({s.get_status_display()})" for s in surveys],
            )
        )
    if not process_entries(scan).exists():
        gaps.append(Gap("processes", _("Het register van kwetsbare processen is leeg.")))
    if not function_entries(scan).exists():
        gaps.append(Gap("functions", _("Het register van kwetsbare functies is leeg.")))
    return gaps
