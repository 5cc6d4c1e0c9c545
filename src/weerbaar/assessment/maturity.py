"""Maturity phase per RIEC pillar (volwassenheidsfase), derived by the ``maturity_method`` data.

The method (see ``maturity_method.yaml`` in the library bundle) gives points per status; a pillar's
score is its points divided by the maximum. Its phases are checked in order; the first whose
requirements all hold is the pillar's phase. The reasoning lists why that phase holds and
what the next higher phase still needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict, cast

from django.utils.translation import gettext as _

from weerbaar.core.formatting import number

from .content import document_for
from .models import AssessmentStatus
from .services import statuses

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan


class Requirements(TypedDict, total=False):
    """What a phase requires (every key optional; an empty mapping always holds)."""

    min_score: float
    min_share_met: float
    max_share_not_met: float
    max_share_unknown: float


class Phase(TypedDict):
    level: int
    requires: NotRequired[Requirements]
    explanation: NotRequired[dict[str, str]]


class MaturityMethod(TypedDict):
    """The parts of the library's ``maturity_method`` document used here."""

    status_points: dict[str, int]
    phases: list[Phase]


MET = AssessmentStatus.MEETS
NOT_MET = AssessmentStatus.DOES_NOT_MEET
UNKNOWN = AssessmentStatus.UNKNOWN


@dataclass
class PhaseResult:
    level: int
    score: float
    counts: dict[str, int]
    total: int
    reasons: list[str] = field(default_factory=list)
    explanation: dict[str, str] | None = None


class PillarMaturity(TypedDict):
    """One row of :func:`pillar_maturity`."""

    pillar: dict[str, Any]  # the library's pillar
    result: PhaseResult
    phase: dict[str, Any] | None  # the library's maturity phase of ``result.level``
    phases: list[dict[str, Any]]
    ordered_counts: list[int]
    #: False while none of the pillar's items has a verdict: its phase is no finding and
    #: pages say "nog niet beoordeeld" instead of "fase 1".
    assessed: bool


def _fmt(x: float) -> str:
    return number(x, 2)


def _shares(counts: dict[str, int], total: int) -> dict[str, float]:
    if total == 0:
        return {"met": 0.0, "not_met": 0.0, "unknown": 1.0}
    return {
        "met": counts.get(MET, 0) / total,
        "not_met": counts.get(NOT_MET, 0) / total,
        "unknown": counts.get(UNKNOWN, 0) / total,
    }


def score_of(item_statuses: list[str], method: MaturityMethod) -> float:
    points = method["status_points"]
    maximum = max(points.values()) * len(item_statuses)
    if maximum == 0:
        return 0.0
    return sum(points.get(s, 0) for s in item_statuses) / maximum


def unmet_requirements(requires: Requirements, score: float, shares: dict[str, float]) -> list[str]:
    """Human-readable list of the requirements that do not hold (empty: all hold)."""
    failed: list[str] = []
    if "min_score" in requires and score < requires["min_score"] - 1e-9:
        failed.append(
            _("score %(score)s is lager dan %(min)s")
            % {"score": _fmt(score), "min": _fmt(requires["min_score"])}
        )
    if "min_share_met" in requires and shares["met"] < requires["min_share_met"] - 1e-9:
        failed.append(
            _("aandeel ‘voldoet’ %(share)s%% is lager dan %(min)s%%")
            % {"share": round(shares["met"] * 100), "min": round(requires["min_share_met"] * 100)}
        )
    if "max_share_not_met" in requires and shares["not_met"] > requires["max_share_not_met"] + 1e-9:
        failed.append(
            _("aandeel ‘voldoet niet’ %(share)s%% is hoger dan %(max)s%%")
            % {
                "share": round(shares["not_met"] * 100),
                "max": round(requires["max_share_not_met"] * 100),
            }
        )
    if "max_share_unknown" in requires and shares["unknown"] > requires["max_share_unknown"] + 1e-9:
        failed.append(
            _("aandeel ‘onbekend’ %(share)s%% is hoger dan %(max)s%%")
            % {
                "share": round(shares["unknown"] * 100),
                "max": round(requires["max_share_unknown"] * 100),
            }
        )
    return failed


def derive_phase(item_statuses: list[str], method: MaturityMethod) -> PhaseResult:
    """The phase of one pillar from the statuses of its items."""
    counts = {s: 0 for s in AssessmentStatus.values}
    for s in item_statuses:
        counts[s] = counts.get(s, 0) + 1
    total = len(item_statuses)
    score = score_of(item_statuses, method)
    shares = _shares(counts, total)
    phases = method["phases"]
    higher_failures: list[tuple[int, list[str]]] = []
    for phase in phases:
        failed = unmet_requirements(phase.get("requires", {}), score, shares)
        if not failed:
            reasons = [
                _(
                    "Score %(score)s (%(met)s voldoet, %(partly)s deels, %(not)s niet, "
                    "%(unknown)s onbekend van %(total)s)."
                )
                % {
                    "score": _fmt(score),
                    "met": counts[MET],
                    "partly": counts[AssessmentStatus.PARTLY],
                    "not": counts[NOT_MET],
                    "unknown": counts[UNKNOWN],
                    "total": total,
                }
            ]
            if higher_failures:
                level, why = higher_failures[-1]
                reasons.append(
                    _("Fase %(level)s niet bereikt: %(why)s.")
                    % {"level": level, "why": "; ".join(why)}
                )
            return PhaseResult(
                phase["level"], score, counts, total, reasons, phase.get("explanation")
            )
        higher_failures.append((phase["level"], failed))
    # A method whose last phase has requirements: fall back to the lowest level.
    lowest = min(p["level"] for p in phases)
    return PhaseResult(lowest, score, counts, total, [_("Geen fase van toepassing.")], None)


def pillar_maturity(scan: Scan) -> list[PillarMaturity]:
    """Per pillar: its phase (with the library's phase name), score, counts and reasoning."""
    fw = scan.framework
    method = cast(MaturityMethod, document_for(scan, "maturity_method"))
    current = statuses(scan)
    phase_by_level = {p["level"]: p for p in fw.maturity_phases}
    rows: list[PillarMaturity] = []
    for pillar in fw.pillars:
        item_ids = [i["id"] for i in pillar.get("items", [])]
        item_statuses = [current[i] for i in item_ids]
        result = derive_phase(item_statuses, method)
        rows.append(
            {
                "pillar": pillar,
                "result": result,
                "phase": phase_by_level.get(result.level),
                "phases": fw.maturity_phases,
                "ordered_counts": [result.counts[s] for s in AssessmentStatus.values],
                "assessed": any(status != UNKNOWN for status in item_statuses),
            }
        )
    return rows
