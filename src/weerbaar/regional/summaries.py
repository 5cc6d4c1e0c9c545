"""Summaries of published reports: the figures a region compares, made once per version.

:func:`summarise` reduces the frozen snapshot of an approved report version (what the
municipality published: survey items after suppression, the self-assessment's norm
verdicts, the phase per RIEC pillar) to integers per item. :func:`sync` keeps one
:class:`~.models.ReportSummary` per approved, not withdrawn version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from weerbaar.reports.approval import with_state
from weerbaar.reports.models import ReportVersion, Step, VersionKind
from weerbaar.surveys.models import Questionnaire
from weerbaar.surveys.results.tallies import questions_of

from .models import ReportSummary

#: A norm verdict of the self-assessment as a grade (``onbekend`` is not compared).
VERDICT_GRADES = {"voldoet": 2, "voldoet_deels": 1, "voldoet_niet": 0}

PCT = "pct"  # whole percentage of answers in the "agree" group
GRADE10 = "grade10"  # a mean grade times ten
PHASE = "phase"  # a maturity phase
VERDICT = "verdict"  # 0 voldoet niet, 1 voldoet deels, 2 voldoet
SCORE5 = "score5"  # a roles self-scan score, 1..5


@dataclass
class Summary:
    """The integers one published report contributes, with their labels."""

    pillars: dict[str, int] = field(default_factory=dict)
    norms: dict[str, int] = field(default_factory=dict)
    items: dict[str, int] = field(default_factory=dict)
    labels: dict[str, Any] = field(default_factory=dict)


def unit_of(key: str) -> str:
    """How the value of an item key reads (see the constants above)."""
    if key.startswith("pillar:"):
        return PHASE
    if key.startswith("norm:"):
        return VERDICT
    if key.startswith("grade:"):
        return GRADE10
    if key.startswith("gsrole:"):
        return SCORE5
    return PCT


def shipped_question_ids() -> dict[str, set[str]]:
    """Per audience the question ids of the shipped questionnaires (the comparable ones)."""
    out: dict[str, set[str]] = {}
    rows = Questionnaire.objects.filter(organisation__isnull=True).values_list(
        "audience", "definition"
    )
    for audience, definition in rows:
        out.setdefault(audience, set()).update(q["id"] for q in questions_of(definition))
    return out


def survey_value(item: dict[str, Any]) -> tuple[str, int] | None:
    """(key prefix, integer) of a published survey item; None when nothing comparable."""
    if item.get("suppressed"):
        return None
    if item.get("kind") == "grade":
        mean = item.get("mean")
        return ("grade", round(mean * 10)) if mean is not None else None
    if item.get("kind") != "categorical":
        return None
    agree = [c for c in item.get("categories") or [] if c.get("group") == "agree"]
    if not agree or any(c.get("pct") is None for c in agree):
        return None
    return ("item", round(sum(c["pct"] for c in agree)))


def summarise(snapshot: dict[str, Any], shipped: dict[str, set[str]]) -> Summary:
    """The comparable integers of a report snapshot (only what the report shows)."""
    out = Summary()
    for pillar in snapshot.get("pillars") or []:
        if pillar.get("level") is not None:
            out.pillars[pillar["id"]] = int(pillar["level"])
            out.labels[f"pillar:{pillar['id']}"] = pillar.get("name")
    for chapter in snapshot.get("chapters") or []:
        norms = list(chapter.get("norms") or [])
        for sub in chapter.get("subelements") or []:
            norms.extend(sub.get("norms") or [])
        for norm in norms:
            grade = VERDICT_GRADES.get(norm.get("status"))
            if grade is not None:
                out.norms[norm["id"]] = grade
                title = norm.get("title") or {}
                out.labels[f"norm:{norm['id']}"] = _prefixed(norm.get("code"), title)
    for item in snapshot.get("result_tables") or []:
        audience, _sep, engine_id = str(item.get("id", "")).partition(":")
        if engine_id.split(".")[0] not in shipped.get(audience, set()):
            continue
        value = survey_value(item)
        if value is None:
            continue
        key = f"{value[0]}:{item['id']}"
        out.items[key] = value[1]
        out.labels[key] = _prefixed(item.get("number"), item.get("text"))
    return out


def _prefixed(prefix: Any, text: Any) -> Any:
    if not prefix:
        return text
    if isinstance(text, dict):
        return {lang: f"{prefix} {value}" for lang, value in text.items()}
    return f"{prefix} {text}"


def current_versions() -> set[int]:
    """The ids of approved report versions that were not withdrawn."""
    return set(
        with_state(ReportVersion.objects.filter(kind=VersionKind.REPORT))
        .filter(state=Step.APPROVED)  # type: ignore[misc]  # the annotation of with_state
        .values_list("pk", flat=True)
    )


def sync() -> bool:
    """One summary per current version (made for new ones, removed for withdrawn ones).
    Whether anything changed."""
    current = current_versions()
    with transaction.atomic():
        existing = set(
            ReportSummary.objects.filter(version__isnull=False).values_list("version_id", flat=True)
        )
        gone = existing - current
        new = current - existing
        if gone:
            ReportSummary.objects.filter(version_id__in=gone).delete()
        if new:
            shipped = shipped_question_ids()
            versions = ReportVersion.objects.filter(pk__in=new).select_related("scan")
            for version in versions:
                summary = summarise(version.snapshot, shipped)
                ReportSummary.objects.create(
                    organisation_id=version.scan.organisation_id,
                    scan=version.scan,
                    version=version,
                    published_at=version.published_at,
                    pillars=summary.pillars,
                    norms=summary.norms,
                    items=summary.items,
                    labels=summary.labels,
                )
    return bool(gone or new)
