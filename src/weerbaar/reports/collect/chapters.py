"""A chapter per dimension and theme: norm (theorie), findings (praktijk), verdict (oordeel)."""

from __future__ import annotations

from ..data import Chapter, NormResult, SubElement, SurveyItem
from ..labels import NO_VERDICT, STATUS_LABELS, UNKNOWN_STATUS, VERDICT_LABELS, frozen
from .assessment import suggested_verdict, verdict_method


def chapter_of(item_id: str, fw) -> str | None:
    """The dimension or theme a library id (dimension, sub-element or norm) belongs to."""
    norm = fw.norm_index.get(item_id)
    if norm:
        return norm["dimension"]
    dim = fw.dimension_index.get(item_id)
    if dim:
        return dim.get("parent") or dim["id"]
    return None


def norm_result(
    norm: dict, assessed: dict[str, dict], sources: dict[str, list[dict]] | None = None
) -> NormResult:
    a = assessed.get(norm["id"]) or {}
    status = a.get("status") or UNKNOWN_STATUS
    return NormResult(
        id=norm["id"],
        code=str(norm.get("code", "")),
        title=norm.get("title"),
        description=norm.get("description"),
        status=status,
        status_label=frozen(STATUS_LABELS[status]),
        finding=a.get("finding", ""),
        evidence_text=a.get("evidence_text", ""),
        evidence=a.get("evidence", []),
        supported_by=list(a.get("sources") or []),
        sources=(sources or {}).get(norm["id"], []),
    )


def items_by_chapter(items: list[SurveyItem], fw) -> dict[str, list[SurveyItem]]:
    """The survey items per chapter they map to (open numbers are not charted)."""
    by_chapter: dict[str, list[SurveyItem]] = {}
    for item in items:
        if item.kind == "open":
            continue
        seen = set()
        for target in item.maps_to:
            ch = chapter_of(target, fw)
            if ch and ch not in seen:
                seen.add(ch)
                by_chapter.setdefault(ch, []).append(item)
    return by_chapter


def build_chapters(
    fw, assessed, items: list[SurveyItem], report, sources: dict[str, list[dict]] | None = None
) -> list[Chapter]:
    by_chapter = items_by_chapter(items, fw)
    method = verdict_method(fw)
    chapters = []
    for d in fw.dimensions_and_themes:
        norms = [norm_result(n, assessed, sources) for n in d.get("norms", [])]
        subs = [
            SubElement(
                id=s["id"],
                code=str(s.get("code", "")),
                name=s.get("name"),
                norm=s.get("norm"),
                norms=[norm_result(n, assessed, sources) for n in s.get("norms", [])],
            )
            for s in d.get("subelements", [])
        ]
        counts = dict.fromkeys(STATUS_LABELS, 0)
        for n in norms + [n for s in subs for n in s.norms]:
            counts[n.status] += 1
        draft = report.section(d["id"]) if report is not None else {}
        level = draft.get("verdict_level") or suggested_verdict(counts, method)
        if level not in VERDICT_LABELS:
            level = NO_VERDICT
        chapters.append(
            Chapter(
                id=d["id"],
                number=str(d.get("number", "")),
                type=d.get("type", "dimension"),
                name=d.get("name"),
                definition=d.get("definition"),
                norm=d.get("norm"),
                norms=norms,
                subelements=subs,
                survey_items=by_chapter.get(d["id"], []),
                show_register=bool(d.get("report_register")),
                assessment_counts=counts,
                findings_text=str(draft.get("findings") or ""),
                verdict_level=level,
                verdict_label=frozen(VERDICT_LABELS[level]),
                verdict=str(draft.get("verdict") or ""),
            )
        )
    return chapters
