"""The answers to the research questions (seed 004 ch. 11): the central question in parts
with a verdict each, and the sub-questions per theme, from the library's
``report_structure`` and the coordinator's draft texts (``Report.structure``)."""

from __future__ import annotations

from typing import Any

from ..data import Chapter
from ..labels import NO_VERDICT, VERDICT_LABELS, frozen
from ..structure import structure_for, suggested_level


def collect_research(scan, report, chapters: list[Chapter]) -> dict[str, Any]:
    """The central question, its parts (suggested or chosen verdict, answer) and the themes
    with their sub-questions and answers."""
    structure = structure_for(scan)
    drafts = (report.structure if report is not None else None) or {}
    part_drafts = drafts.get("parts") or {}
    answers = drafts.get("sub_questions") or {}
    levels = {ch.id: ch.verdict_level for ch in chapters}
    parts = []
    for part in structure["central_question"]["parts"]:
        draft = part_drafts.get(part["id"]) or {}
        suggested = suggested_level([levels.get(c, NO_VERDICT) for c in part["chapters"]])
        level = draft.get("verdict_level") or suggested
        if level not in VERDICT_LABELS:
            level = NO_VERDICT
        parts.append(
            {
                "id": part["id"],
                "text": part["text"],
                "chapters": list(part["chapters"]),
                "source": part["source"],
                "verdict_level": level,
                "verdict_label": frozen(VERDICT_LABELS[level]),
                "answer": str(draft.get("answer") or ""),
            }
        )
    themes = [
        {
            "id": theme["id"],
            "title": theme["title"],
            "sub_questions": [
                {
                    "id": q["id"],
                    "number": q["number"],
                    "text": q["text"],
                    "answer": str(answers.get(q["id"]) or ""),
                }
                for q in theme["sub_questions"]
            ],
        }
        for theme in structure["themes"]
    ]
    return {
        "central_question": structure["central_question"]["text"],
        "source": structure["source"],
        "parts": parts,
        "themes": themes,
    }
