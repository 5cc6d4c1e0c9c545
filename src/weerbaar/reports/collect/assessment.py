"""The self-assessment part of the report: norms, RIEC pillars, adopted recommendations."""

from __future__ import annotations

from weerbaar.assessment.maturity import pillar_maturity
from weerbaar.assessment.models import RecommendationStatus
from weerbaar.assessment.services import saved_items
from weerbaar.core.text import translate

from ..data import PillarMaturity, RecommendationItem
from ..labels import NO_VERDICT, UNKNOWN_STATUS
from ..structure import default_theme, structure_for


def collect_assessment(scan) -> dict[str, dict]:
    """Per norm or pillar item id: status, finding, evidence text and evidence list."""
    out = {}
    for item_id, item in saved_items(scan).items():
        evidence = [
            {"kind": "link", "title": link.title or link.url, "ref": link.url}
            for link in item.links.all()
        ] + [
            {
                "kind": "document",
                "title": doc.description or doc.original_name,
                "ref": doc.original_name,
            }
            for doc in item.documents.all()
        ]
        out[item_id] = {
            "sources": list(item.sources or []),
            "status": item.status,
            "finding": item.finding,
            "evidence_text": item.evidence_text,
            "evidence": evidence,
        }
    return out


def collect_pillars(scan) -> list[PillarMaturity]:
    out = []
    for row in pillar_maturity(scan):
        phases = row.get("phases") or []
        result = row["result"]
        out.append(
            PillarMaturity(
                id=row["pillar"]["id"],
                name=row["pillar"]["name"],
                level=result.level,
                max_level=max((p["level"] for p in phases), default=5),
                phase_name=(row.get("phase") or {}).get("name"),
                score=round(result.score, 3),
                counts={str(k): int(v) for k, v in result.counts.items()},
            )
        )
    return out


def _subject_chapter(subject_key: str, fw) -> str | None:
    """The dimension or theme of a recommendation about a norm (``norm:D3c.N1``)."""
    kind, _sep, ident = subject_key.partition(":")
    norm = fw.norm_index.get(ident) if kind == "norm" else None
    return norm["dimension"] if norm else None


def collect_recommendations(scan, report) -> list[RecommendationItem]:
    """Adopted rule recommendations, then the coordinator's own, grouped by theme (beleid,
    uitvoering, toekomstbestendigheid: the draft's choice, else the default of the library)
    and numbered 1, 2, ... in that order."""
    out: list[RecommendationItem] = []
    fw = scan.framework
    structure = structure_for(scan)
    chosen = ((report.structure if report is not None else None) or {}).get(
        "recommendation_themes"
    ) or {}
    themes = [t["id"] for t in structure["themes"]]
    accepted = scan.recommendations.filter(status=RecommendationStatus.ACCEPTED).order_by("pk")
    for rec in accepted:
        measure = fw.measure_index.get(rec.measure_id) or {}
        triggers = [
            translate(t.get("label"), "nl") or str(t.get("key", ""))
            for t in rec.triggers or []
            if isinstance(t, dict)
        ]
        out.append(
            RecommendationItem(
                number=0,
                text=rec.text,
                reason=rec.reason,
                source="rule",
                measure=translate(measure.get("name"), "nl") if measure else rec.measure_id,
                triggers=[t for t in triggers if t],
                key=f"rule:{rec.pk}",
                theme=default_theme(structure, _subject_chapter(rec.subject_key, fw)),
            )
        )
    if report is not None:
        own = [str(t).strip() for t in report.own_recommendations or [] if str(t).strip()]
        for n, text in enumerate(own, start=1):
            out.append(
                RecommendationItem(
                    number=0,
                    text=text,
                    source="own",
                    key=f"own:{n}",
                    theme=default_theme(structure, None),
                )
            )
    for rec in out:
        if chosen.get(rec.key) in themes:
            rec.theme = chosen[rec.key]
    out.sort(key=lambda rec: themes.index(rec.theme))  # stable: the order within a theme stays
    for i, rec in enumerate(out, start=1):
        rec.number = i
    return out


def verdict_method(fw) -> dict:
    """How the library suggests a verdict from the self-assessment of a chapter's norms."""
    return fw.doc("dimensions")["verdict_suggestion"]


def suggested_verdict(counts: dict[str, int], method: dict) -> str:
    """A verdict level suggested by the self-assessment of the chapter's norms.

    ``method``: the library's ``verdict_suggestion`` (a weight per status and the lowest
    score of each level, best level first). Unknown norms do not count."""
    total = sum(counts.values())
    known = total - counts.get(UNKNOWN_STATUS, 0)
    if not total or known == 0:
        return NO_VERDICT
    weights = method["status_weights"]
    score = sum(weights.get(status, 0) * n for status, n in counts.items()) / known
    for step in method["levels"]:
        if score >= step["min_score"]:
            return step["level"]
    return method["levels"][-1]["level"]
