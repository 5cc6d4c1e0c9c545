"""The register part of the report: vulnerable processes and functions (kwetsbaarheidsprofiel)."""

from __future__ import annotations

import math

from django.utils import translation

from weerbaar.registers.models import ControlState
from weerbaar.registers.selectors import vulnerability_profile

from ..data import FunctionRow, ProcessRow, RegisterData


def round_half_up(value: float) -> int:
    """Whole-number score as tables show it (0.5 rounds up, like the register pages)."""
    return int(math.floor(value + 0.5))


def choice_labels(choices) -> dict[str, dict]:
    """Bilingual labels of a TextChoices enum."""
    out: dict[str, dict] = {}
    for lang in ("nl", "en"):
        with translation.override(lang):
            for value, label in choices.choices:
                out.setdefault(value, {})[lang] = str(label)
    return out


def collect_register(scan) -> RegisterData:
    profile = vulnerability_profile(scan)
    state_labels = choice_labels(ControlState)
    criteria = [{"id": c["id"], "name": c["name"], "short": c["id"]} for c in profile.criteria]
    processes = []
    for row in profile.ranked_processes:
        b = row.breakdown
        processes.append(
            ProcessRow(
                name=str(row.entry.name),
                department=row.entry.owner_department,
                score=round_half_up(b.score),
                band=b.band.name,
                band_id=b.band.id,
                cells=[
                    {"criterion": cell["criterion"]["id"], "score": cell["score"]}
                    for cell in row.cells
                ],
                controls=[
                    {"name": c.name, "state": state_labels.get(c.value, c.value)}
                    for c in b.control_contributions
                ],
            )
        )
    functions = []
    for row in profile.ranked_functions:
        b = row.breakdown
        e = row.entry
        screening = ""
        if e.screening_required and e.screening_required != "none":
            screening = f"{e.get_screening_required_display()} / {e.get_screening_done_display()}"
        functions.append(
            FunctionRow(
                name=e.name,
                department=e.department,
                score=round_half_up(b.score),
                band=b.band.name,
                band_id=b.band.id,
                flags=[f["name"] for f in row.flags],
                screening=str(screening),
            )
        )
    return RegisterData(
        available=bool(processes or functions),
        criteria=criteria,
        processes=processes,
        functions=functions,
        note=profile.method.summary,
    )
