"""The screening rules as library content (kind ``screening_rules``, ``screening.yaml``).

The schema lives in ``content/screening_rules.schema.yaml`` and is registered in
:meth:`ScreeningConfig.ready`. A scan whose pinned library version holds the document uses
that; an older version falls back to the shipped bundle's copy, validated on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from weerbaar.library.kinds import Reference, register_kind
from weerbaar.library.shipped import document_for
from weerbaar.library.shipped import shipped_document as library_shipped_document

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan

KIND = "screening_rules"
SCHEMA_PATH = Path(__file__).parent / "content" / "screening_rules.schema.yaml"
DOCUMENT_NAME = "screening.yaml"


def register_kinds() -> None:
    register_kind(
        KIND,
        SCHEMA_PATH,
        defines={
            "screening_rule_set": ["id"],
            "screening_rule": ["rules[].id"],
            "vog_p_domain": ["vog_p_domains[].id"],
            "candidate_step": ["candidate_checklist.steps[].id"],
            "candidate_performer": ["candidate_checklist.performers[].id"],
        },
        references=[
            Reference("example_function_domains[].function", ("example_function",)),
            Reference("example_function_domains[].domain", ("vog_p_domain",)),
            Reference("candidate_checklist.steps[].performed_by[]", ("candidate_performer",)),
        ],
    )


def shipped_document() -> dict[str, Any]:
    """The shipped bundle's screening rules, validated against their schema."""
    return library_shipped_document(DOCUMENT_NAME)


@dataclass(frozen=True)
class Rules:
    """The screening rules in the shape the selectors use."""

    data: dict[str, Any]

    @property
    def screenings(self) -> dict[str, dict]:
        return {s["id"]: s for s in self.data["screenings"]}

    @property
    def domains(self) -> dict[str, dict]:
        return {d["id"]: d for d in self.data["vog_p_domains"]}

    @property
    def function_domains(self) -> dict[str, str]:
        return {m["function"]: m["domain"] for m in self.data["example_function_domains"]}

    @property
    def rules(self) -> list[dict]:
        return list(self.data["rules"])

    @property
    def checklist(self) -> dict[str, Any]:
        return dict(self.data["candidate_checklist"])

    @property
    def performers(self) -> dict[str, dict]:
        return {p["id"]: p for p in self.data["candidate_checklist"]["performers"]}


def rules_for(scan: Scan | None = None) -> Rules:
    """The rules of the scan's library version, else the shipped ones."""
    return Rules(document_for(scan.library_version if scan else None, KIND, DOCUMENT_NAME))
