"""The research questions of a report and the themes of its recommendations (seed 004 ch. 11).

The questions are library content of kind ``report_structure`` (registered here, schema in
``content/schemas``): the central question in parts, each part suggested an answer by the
verdicts of its chapters, and the sub-questions per theme (beleid, uitvoering,
toekomstbestendigheid), which also group the recommendations. A scan whose library version
lacks the document uses the shipped bundle's file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from weerbaar.library.kinds import Reference, register_kind
from weerbaar.library.shipped import document_for

from .data import VERDICT_LEVELS

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan

KIND = "report_structure"
SCHEMA_PATH = Path(__file__).parent / "content" / "schemas" / "report_structure.yaml"
SHIPPED = "report_structure.yaml"

# Verdict levels from best to worst (see data.VERDICT_LEVELS); "geen_oordeel" is no answer.
# Verdicts from best to worst; "geen_oordeel" is no level.
ORDER = [level for level in VERDICT_LEVELS if level != "geen_oordeel"]


def register_structure_kind() -> None:
    register_kind(
        KIND,
        SCHEMA_PATH,
        defines={"report_structure": ["id"], "research_question": ["themes[].sub_questions[].id"]},
        references=[
            Reference("central_question.parts[].chapters[]", ("dimension",)),
            Reference("themes[].chapters[]", ("dimension",)),
        ],
    )


def structure_for(scan: Scan) -> dict:
    """The research questions for ``scan``: from its library version, else the shipped file."""
    return document_for(scan.library_version, KIND, SHIPPED)


def suggested_level(levels: list[str]) -> str:
    """The answer the chapters' verdicts suggest: the middle of the known verdicts (rounded
    towards the weaker one); ``geen_oordeel`` when no chapter has a verdict."""
    known = sorted(ORDER.index(level) for level in levels if level in ORDER)
    if not known:
        return "geen_oordeel"
    return ORDER[known[len(known) // 2]]


def default_theme(structure: dict, chapter_id: str | None) -> str:
    """The theme a recommendation about ``chapter_id`` falls under by default: the theme that
    lists the chapter, else the theme marked ``default`` (else the first)."""
    themes = structure["themes"]
    for theme in themes:
        if chapter_id and chapter_id in theme.get("chapters", []):
            return theme["id"]
    return next((t["id"] for t in themes if t.get("default")), themes[0]["id"])
