"""The research questions of a report and the themes of its recommendations (seed 004 ch. 11).

The questions are library content of kind ``report_structure`` (registered here, schema in
``content/schemas``): the central question in parts, each part suggested an answer by the
verdicts of its chapters, and the sub-questions per theme (beleid, uitvoering,
toekomstbestendigheid), which also group the recommendations. A scan whose library version
lacks the document uses the shipped bundle's file.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from jsonschema import Draft202012Validator

from weerbaar.library.kinds import Reference, get_kind, register_kind
from weerbaar.library.paths import latest_shipped_bundle

from .data import VERDICT_LEVELS

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan

KIND = "report_structure"
SCHEMA_PATH = Path(__file__).parent / "content" / "schemas" / "report_structure.yaml"
SHIPPED = latest_shipped_bundle() / "report_structure.yaml"

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


@cache
def shipped_structure() -> dict:
    """The shipped bundle's document, checked against the schema."""
    with open(SHIPPED, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    spec = get_kind(KIND)
    assert spec is not None, "the report_structure kind is registered in ReportsConfig.ready"
    errors = [e.message for e in Draft202012Validator(spec.schema).iter_errors(data)]
    if errors:
        raise ValueError(f"{SHIPPED.name}: " + "; ".join(errors))
    return data


def structure_for(scan: Scan) -> dict:
    """The research questions for ``scan``: from its library version, else the shipped file."""
    version = scan.library_version
    doc = version.document(KIND) if version is not None else None
    return doc or shipped_structure()


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
