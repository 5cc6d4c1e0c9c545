"""The assessment app's library content: the maturity method, the recommendation rules and
the registers that evidence a norm.

All are library document kinds (``maturity_method``, ``recommendation_rules``,
``norm_sources``) with JSON
schemas in ``content/schemas/``, registered in :meth:`AssessmentConfig.ready`. The documents
ship in the library bundle; a scan uses the documents of its pinned library version, and
the shipped bundle's files where an older version lacks them (validated on first use).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jsonschema import Draft202012Validator

from weerbaar.library.kinds import Reference, get_kind, register_kind
from weerbaar.library.shipped import document_for as library_document_for
from weerbaar.library.shipped import shipped_document

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan

CONTENT_DIR = Path(__file__).parent / "content"
SCHEMA_DIR = CONTENT_DIR / "schemas"
#: kind -> file name in the shipped bundle
DOCUMENTS = {
    "maturity_method": "maturity_method.yaml",
    "recommendation_rules": "recommendation_rules.yaml",
    "norm_sources": "norm_sources.yaml",
}


def register_kinds() -> None:
    register_kind(
        "maturity_method",
        SCHEMA_DIR / "maturity_method.yaml",
        defines={"maturity_method": ["id"]},
    )
    register_kind(
        "recommendation_rules",
        SCHEMA_DIR / "recommendation_rules.yaml",
        defines={"recommendation_rule_set": ["id"], "recommendation_rule": ["rules[].id"]},
        references=[
            Reference("rules[].propose.measures[]", ("measure",)),
            Reference("rules[].propose.compensating_for", ("measure",)),
            Reference(
                "rules[].subject_ids[]", ("norm", "pillar_item", "process", "example_function")
            ),
        ],
    )

    register_kind(
        "norm_sources",
        SCHEMA_DIR / "norm_sources.yaml",
        defines={"norm_sources": ["id"]},
        references=[Reference("registers[].norms[]", ("norm",))],
    )


def schema_errors(kind: str, data: dict) -> list[str]:
    spec = get_kind(kind)
    if spec is None:
        return [f"unknown kind {kind!r}"]
    validator = Draft202012Validator(spec.schema)
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
        for e in validator.iter_errors(data)
    ]


def app_document(kind: str) -> dict:
    """The shipped bundle's copy of a document, validated against its schema."""
    return shipped_document(DOCUMENTS[kind])


def document_for(scan: Scan, kind: str) -> dict:
    """The document of ``kind`` for a scan: from its library version, else the shipped copy."""
    return library_document_for(scan.library_version, kind, DOCUMENTS[kind])
