"""The screening rules as library content (kind ``screening_rules``, ``screening.yaml``).

The schema lives in ``content/screening_rules.schema.yaml`` and is registered in
:meth:`ScreeningConfig.ready`. A scan whose pinned library version holds the document uses
that; an older version falls back to the shipped bundle's copy, validated on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from jsonschema import Draft202012Validator

from weerbaar.library.kinds import Reference, get_kind, register_kind
from weerbaar.library.paths import latest_shipped_bundle

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan

KIND = "screening_rules"
SCHEMA_PATH = Path(__file__).parent / "content" / "screening_rules.schema.yaml"
DOCUMENT_PATH = latest_shipped_bundle() / "screening.yaml"


class ContentError(Exception):
    """The shipped screening rules do not validate against their schema."""


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


@cache
def shipped_document() -> dict[str, Any]:
    with open(DOCUMENT_PATH, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    spec = get_kind(KIND)
    assert spec is not None, "the screening_rules kind is registered in ready()"
    errors = [e.message for e in Draft202012Validator(spec.schema).iter_errors(data)]
    if errors:
        raise ContentError(f"{DOCUMENT_PATH.name}: " + "; ".join(errors))
    return data


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
    if scan is not None and scan.library_version_id:
        doc = scan.library_version.document(KIND)
        if doc:
            return Rules(doc)
    return Rules(shipped_document())
