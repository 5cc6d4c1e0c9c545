"""The comparison with the previous scan (herhaalmeting).

What was published stays the reference: figures come from the previous scan's last
approved (and not withdrawn) report when there is one, otherwise from its current data.
"""

from __future__ import annotations

from ..data import Comparison, PillarMaturity, RegisterData, SurveyItem
from ..models import ReportVersion, Step, VersionKind
from .assessment import collect_pillars
from .registers import collect_register
from .surveys import collect_survey_items


def _last_version(previous) -> ReportVersion | None:
    return (
        ReportVersion.objects.filter(
            scan=previous, kind=VersionKind.REPORT, decisions__step=Step.APPROVED
        )
        .exclude(decisions__step=Step.WITHDRAWN)
        .order_by("-number")
        .first()
    )


def previous_figures(previous) -> dict[str, dict]:
    """Per survey item id: {"n", "mean", "pct": {value: pct}} of the previous scan."""
    version = _last_version(previous)
    if version is not None:
        return {
            i["id"]: {
                "n": i.get("n"),
                "mean": i.get("mean"),
                "pct": {c["value"]: c.get("pct") for c in i.get("categories", [])},
            }
            for i in version.snapshot.get("result_tables", [])
        }
    return {
        i.id: {"n": i.n, "mean": i.mean, "pct": {c.value: c.pct for c in i.categories}}
        for i in collect_survey_items(previous)[0]
    }


def compare_register_and_pillars(
    previous, register: RegisterData, pillars: list[PillarMaturity]
) -> None:
    """Add the previous scan's process scores and pillar phases."""
    version = _last_version(previous)
    if version is not None:
        prev_register = version.snapshot.get("register") or {}
        prev_scores = {p["name"]: p.get("score") for p in prev_register.get("processes", [])}
        prev_levels = {p["id"]: p.get("level") for p in version.snapshot.get("pillars", [])}
    else:
        prev_scores = {p.name: p.score for p in collect_register(previous).processes}
        prev_levels = {p.id: p.level for p in collect_pillars(previous)}
    for row in register.processes:
        row.previous_score = prev_scores.get(row.name)
    for pillar in pillars:
        pillar.previous_level = prev_levels.get(pillar.id)


def compare(
    previous, items: list[SurveyItem], register: RegisterData, pillars: list[PillarMaturity]
) -> Comparison:
    """Mark every item, process and pillar with its previous figure; what was compared."""
    prev = previous_figures(previous)
    for item in items:
        item.previous = prev.get(item.id)
    compare_register_and_pillars(previous, register, pillars)
    compared = (
        bool(prev)
        or any(p.previous_score is not None for p in register.processes)
        or any(p.previous_level is not None for p in pillars)
    )
    if not compared:
        return Comparison(available=False)
    return Comparison(
        available=True,
        previous_title=previous.title,
        previous_period=f"{previous.period_start} – {previous.period_end}",
    )
