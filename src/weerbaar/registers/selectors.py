"""Reading the registers and their vulnerability profile (kwetsbaarheidsprofiel)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from .method import VulnerabilityMethod, method_for_scan
from .models import FunctionEntry, ProcessEntry
from .scoring import FUNCTION_FIELDS, ScoreBreakdown, score_function, score_process

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan

    from .services import ControlInput, CriterionInput


def process_entries(scan: Scan) -> QuerySet[ProcessEntry]:
    return scan.process_entries.select_related("scan__library_version").prefetch_related(
        "criterion_scores", "controls"
    )


def function_entries(scan: Scan) -> QuerySet[FunctionEntry]:
    return scan.function_entries.select_related("scan__library_version")


def process_breakdown(
    entry: ProcessEntry, method: VulnerabilityMethod | None = None
) -> ScoreBreakdown:
    """The score of a process with its 'why' breakdown."""
    method = method or method_for_scan(entry.scan)
    framework = entry.scan.framework
    scores = {cs.criterion_id: cs for cs in entry.criterion_scores.all()}
    controls = list(entry.controls.all())
    details: dict[str, str] = {}
    for c in controls:
        if c.description:
            details[c.control_type] = "; ".join(
                filter(None, [details.get(c.control_type), c.description])
            )
    return score_process(
        method,
        criteria={k: v.score for k, v in scores.items()},
        controls=[(c.control_type, c.state) for c in controls],
        rationales={k: v.rationale for k, v in scores.items()},
        control_details=details,
        criterion_names={c["id"]: c["name"] for c in framework.criteria},
    )


def preview_process_breakdown(
    scan: Scan,
    criteria: Sequence[CriterionInput],
    controls: Sequence[ControlInput],
    method: VulnerabilityMethod | None = None,
) -> ScoreBreakdown:
    """The score of a process as entered in a form (services' Criterion/ControlInput)."""
    method = method or method_for_scan(scan)
    return score_process(
        method,
        criteria={c.criterion_id: c.score for c in criteria},
        controls=[(c.control_type, c.state) for c in controls if c.state],
        rationales={c.criterion_id: c.rationale for c in criteria},
        control_details={c.control_type: c.description for c in controls if c.state},
        criterion_names={c["id"]: c["name"] for c in scan.framework.criteria},
    )


def working_controls(breakdown: ScoreBreakdown) -> list:
    """The control lines of a breakdown that work in practice or are shown to be effective."""
    return [c for c in breakdown.control_contributions if c.value in ("in_practice", "effective")]


def next_entry[Entry: (ProcessEntry, FunctionEntry)](
    queryset: QuerySet[Entry], entry: Entry | None
) -> Entry | None:
    """The entry after ``entry`` in register order (position, then pk), or None."""
    if entry is None:
        return None
    ordered = list(queryset.order_by("position", "pk").values_list("pk", flat=True))
    try:
        i = ordered.index(entry.pk)
    except ValueError:
        return None
    return queryset.filter(pk=ordered[i + 1]).first() if i + 1 < len(ordered) else None


def function_values(entry: FunctionEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in FUNCTION_FIELDS}


def function_breakdown(
    entry: FunctionEntry, method: VulnerabilityMethod | None = None
) -> ScoreBreakdown:
    method = method or method_for_scan(entry.scan)
    return score_function(method, function_values(entry))


@dataclass
class ProfileRow:
    kind: str  # "process" or "function"
    entry: Any
    breakdown: ScoreBreakdown
    cells: list[dict] = field(default_factory=list)  # heat map cells (processes only)
    flags: list[dict] = field(default_factory=list)  # risk flags (functions only)
    previous_score: float | None = None  # the score of the original in the previous scan

    @property
    def score(self) -> float:
        return self.breakdown.score


def function_flags(entry: FunctionEntry, method: VulnerabilityMethod) -> list[dict]:
    """The seed's risk labels that apply (eenpitter, langzitter, dubbelzitter, bankzitter)."""
    names = {a["id"]: a["name"] for a in entry.scan.framework.function_attributes}
    keys = []
    if entry.is_eenpitter:
        keys.append("eenpitter")
    if entry.typical_tenure_years is not None and (
        entry.typical_tenure_years >= method.long_tenure_years
    ):
        keys.append("langzitter")
    if entry.is_dubbelzitter:
        keys.append("dubbelzitter")
    if entry.is_bankzitter:
        keys.append("bankzitter")
    return [{"id": k, "name": names.get(k, k)} for k in keys]


@dataclass
class VulnerabilityProfile:
    method: VulnerabilityMethod
    criteria: list[dict]
    processes: list[ProfileRow]
    functions: list[ProfileRow]

    @property
    def ranked_processes(self) -> list[ProfileRow]:
        return sorted(self.processes, key=lambda r: (-r.score, r.entry.position, r.entry.pk))

    @property
    def ranked_functions(self) -> list[ProfileRow]:
        return sorted(self.functions, key=lambda r: (-r.score, r.entry.position, r.entry.pk))


def _originals(queryset: QuerySet, entries: Sequence[Any]) -> dict[int | None, Any]:
    """The entries of earlier scans that ``entries`` were copied from, by pk, in one query
    (their scans and library versions shared, not loaded per entry)."""
    ids = {e.copied_from_id for e in entries if e.copied_from_id}
    if not ids:
        return {}
    originals: dict[int | None, Any] = {
        o.pk: o for o in queryset.select_related("scan").filter(pk__in=ids)
    }
    versions: dict[int, Any] = {}
    for original in originals.values():
        scan = original.scan
        if scan.library_version_id not in versions:
            versions[scan.library_version_id] = scan.library_version
        scan.library_version = versions[scan.library_version_id]
    return originals


def vulnerability_profile(scan: Scan) -> VulnerabilityProfile:
    """Scores, heat-map cells and rankings of every process and function of a scan."""
    method = method_for_scan(scan)
    criteria = list(scan.framework.criteria)
    entries = list(process_entries(scan))
    function_list = list(function_entries(scan))
    process_originals = _originals(
        ProcessEntry.objects.prefetch_related("criterion_scores", "controls"), entries
    )
    function_originals = _originals(FunctionEntry.objects.all(), function_list)
    processes = []
    for entry in entries:
        entry.scan = scan
        scores = {cs.criterion_id: cs for cs in entry.criterion_scores.all()}
        cells = []
        for c in criteria:
            cs = scores.get(c["id"])
            cells.append(
                {
                    "criterion": c,
                    "score": cs.score if cs else None,
                    "rationale": cs.rationale if cs else "",
                    "level": method.criterion_levels.get(cs.score) if cs else None,
                }
            )
        row = ProfileRow("process", entry, process_breakdown(entry, method), cells)
        original = process_originals.get(entry.copied_from_id)
        if original is not None:
            row.previous_score = process_breakdown(original).score
        processes.append(row)
    functions = []
    for function_entry in function_list:
        function_entry.scan = scan
        row = ProfileRow(
            "function",
            function_entry,
            function_breakdown(function_entry, method),
            flags=function_flags(function_entry, method),
        )
        original_function = function_originals.get(function_entry.copied_from_id)
        if original_function is not None:
            row.previous_score = function_breakdown(original_function).score
        functions.append(row)
    return VulnerabilityProfile(method, criteria, processes, functions)
