"""Registry of library document kinds and their JSON schemas.

A library bundle is a folder with ``manifest.yaml`` and the files it lists. Each file has a
top-level ``kind``; the kind names the JSON schema (written as YAML) it is validated against.
Apps add kinds of their own (e.g. ``questionnaire``) with :func:`register_kind`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from weerbaar.core.registry import Registry

SCHEMA_DIR = Path(__file__).parent / "schemas"


@dataclass(frozen=True)
class Reference:
    """``path`` (e.g. ``pillars[].dimensions[]``) must hold ids of ``target`` id groups."""

    path: str
    targets: tuple[str, ...]


@dataclass
class Kind:
    name: str
    schema: dict
    # Id groups this kind defines: group name -> path of the ids (e.g. "dimensions[].id").
    defines: dict[str, list[str]] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)


KINDS: Registry[Kind] = Registry("library document kinds")


def load_schema(path: Path) -> dict:
    """Read a JSON schema written as YAML and add the shared ``$defs`` of ``_common.yaml``."""
    with open(path, encoding="utf-8") as fh:
        schema = yaml.safe_load(fh)
    with open(SCHEMA_DIR / "_common.yaml", encoding="utf-8") as fh:
        common = yaml.safe_load(fh)
    defs = {**common, **schema.pop("$extraDefs", {}), **schema.get("$defs", {})}
    schema["$defs"] = defs
    return schema


def register_kind(
    name: str,
    schema_path: Path,
    defines: dict[str, list[str]] | None = None,
    references: list[Reference] | None = None,
) -> None:
    """Add a document kind; another schema or id groups under a taken name raise."""
    KINDS.register(name, Kind(name, load_schema(schema_path), defines or {}, references or []))


def get_kind(name: str) -> Kind | None:
    return KINDS.get(name)


def known_kinds() -> list[str]:
    return sorted(KINDS)


def register_builtin_kinds() -> None:
    s = SCHEMA_DIR
    register_kind("manifest", s / "manifest.yaml")
    register_kind(
        "dimensions",
        s / "dimensions.yaml",
        defines={
            "dimension": ["dimensions[].id", "dimensions[].subelements[].id"],
            "norm": ["dimensions[].norms[].id", "dimensions[].subelements[].norms[].id"],
        },
    )
    register_kind(
        "pillars",
        s / "pillars.yaml",
        defines={"pillar": ["pillars[].id"], "pillar_item": ["pillars[].items[].id"]},
        references=[Reference("pillars[].dimensions[]", ("dimension",))],
    )
    register_kind(
        "processes",
        s / "processes.yaml",
        defines={
            "process_category": ["categories[].id"],
            "process": ["categories[].processes[].id"],
        },
    )
    register_kind(
        "vulnerability_criteria",
        s / "criteria.yaml",
        defines={"criterion": ["criteria[].id"], "action_type": ["action_types[].id"]},
    )
    register_kind(
        "function_attributes",
        s / "functions.yaml",
        defines={
            "function_attribute": ["attributes[].id"],
            "screening_level": ["screening_levels[].id"],
            "example_function": ["example_functions[].id"],
        },
        references=[
            Reference("example_functions[].typical_attributes[]", ("function_attribute",)),
            Reference("example_functions[].recommended_screening", ("screening_level",)),
            Reference("example_functions[].processes[]", ("process",)),
        ],
    )
    register_kind(
        "measures",
        s / "measures.yaml",
        defines={"measure_category": ["categories[].id"], "measure": ["measures[].id"]},
        references=[
            Reference("measures[].category", ("measure_category",)),
            Reference("measures[].dimensions[]", ("dimension",)),
            Reference("measures[].pillars[]", ("pillar",)),
            Reference("measures[].compensates_for[]", ("measure",)),
        ],
    )
    register_kind("vpt_steps", s / "vpt.yaml", defines={"vpt_step": ["steps[].id"]})
    register_kind("gs_roles", s / "gs_roles.yaml", defines={"gs_role": ["roles[].id"]})
    register_kind(
        "indicator_framework",
        s / "indicator_framework.yaml",
        defines={
            "framework": ["framework.id"],
            "framework_pillar": ["pillars[].id"],
            "indicator": ["pillars[].indicators[].id"],
        },
    )
    register_kind(
        "framework_mapping",
        s / "framework_mapping.yaml",
        defines={"framework_mapping": ["id"]},
        references=[
            Reference("mappings[].item", ("pillar_item", "indicator")),
            Reference("mappings[].norms[].norm", ("norm",)),
        ],
    )
