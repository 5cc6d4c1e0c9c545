"""The target groups of the planner as library content (kind ``awareness_target_groups``).

The schema lives in ``schemas/target_groups.yaml`` and is registered in
:meth:`AwarenessConfig.ready`. The planner belongs to no scan, so it reads the newest shipped
bundle's ``awareness_target_groups.yaml`` (validated on first use). A session stores the id
of its group; labels are shown in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from weerbaar.core.text import translate
from weerbaar.library.kinds import register_kind
from weerbaar.library.shipped import shipped_document

KIND = "awareness_target_groups"
DOCUMENT_NAME = "awareness_target_groups.yaml"
SCHEMA_PATH = Path(__file__).parent / "schemas" / "target_groups.yaml"


def register_kinds() -> None:
    register_kind(KIND, SCHEMA_PATH, defines={"awareness_target_group": ["target_groups[].id"]})


@dataclass(frozen=True)
class TargetGroup:
    """One target group: its stored id, bilingual name and description, suggested cadence."""

    id: str
    name: dict[str, str]
    description: dict[str, str]
    suggested_cadence_months: int
    source: str

    @property
    def label(self) -> str:
        """The name in the active language."""
        return translate(self.name)


def target_groups() -> list[TargetGroup]:
    """The target groups in the order of the library."""
    return [
        TargetGroup(
            id=g["id"],
            name=g["name"],
            description=g["description"],
            suggested_cadence_months=g["suggested_cadence_months"],
            source=g["source"],
        )
        for g in shipped_document(DOCUMENT_NAME)["target_groups"]
    ]


def target_group(group_id: str) -> TargetGroup | None:
    return next((g for g in target_groups() if g.id == group_id), None)


def target_group_ids() -> set[str]:
    return {g.id for g in target_groups()}


def target_group_label(group_id: str) -> str:
    """The group's name in the active language (the stored id if the library lacks it)."""
    group = target_group(group_id)
    return group.label if group else group_id


def target_group_choices() -> list[tuple[str, str]]:
    return [(g.id, g.label) for g in target_groups()]
