"""The vulnerability profile method (methode kwetsbaarheidsprofiel) as data.

The method is a library document of kind ``vulnerability_method`` (schema in
``registers/schemas/vulnerability_method.yaml``). A scan uses the method of its pinned
library version when that version contains one; otherwise the method shipped with this app
(``vulnerability_method.yaml`` in the library bundle), validated on load.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from weerbaar.library.kinds import Reference, register_kind
from weerbaar.library.paths import latest_shipped_bundle

from .models import CONTROL_STATE_ORDER

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan

APP_DIR = Path(__file__).parent
SCHEMA_PATH = APP_DIR / "schemas" / "vulnerability_method.yaml"
METHOD_PATH = latest_shipped_bundle() / "vulnerability_method.yaml"
KIND = "vulnerability_method"


class MethodError(ValueError):
    """The method document is valid against its schema but not usable (e.g. effects decrease)."""


def register_method_kind() -> None:
    """Make ``vulnerability_method`` a known library kind (``weerbaar library validate``)."""
    register_kind(
        KIND,
        SCHEMA_PATH,
        defines={"vulnerability_method": ["id"]},
        references=[Reference("process.criterion_weights[].criterion", ("criterion",))],
    )


@dataclass(frozen=True)
class Band:
    id: str
    upto: float
    name: dict


@dataclass(frozen=True)
class AttributeRule:
    attribute: str
    points: float
    field: str
    equals: Any = None
    at_least: Any = None
    has_equals: bool = False
    name: dict = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class VulnerabilityMethod:
    """The parsed method: weights, effects per control state, caps and bands."""

    id: str
    version: str
    title: dict
    summary: dict
    design_choice: dict
    state_effects: dict[str, float]
    bands: tuple[Band, ...]
    criterion_levels: dict[int, dict]
    criterion_weights: dict[str, float]
    process_max_reduction: float
    process_controls: dict[str, float]
    process_control_names: dict[str, dict]
    long_tenure_years: int
    function_rules: tuple[AttributeRule, ...]
    function_max_reduction: float
    function_controls: dict[str, float]
    function_control_names: dict[str, dict]
    screening_note: dict = dataclasses.field(default_factory=dict)

    @property
    def function_max_points(self) -> float:
        """Most points a function can earn: per attribute the highest of its rules."""
        best: dict[str, float] = {}
        for rule in self.function_rules:
            best[rule.attribute] = max(best.get(rule.attribute, 0.0), rule.points)
        return sum(best.values())

    def band_for(self, score: float) -> Band:
        for band in self.bands[:-1]:
            if score < band.upto:
                return band
        return self.bands[-1]

    def effect(self, state: str | None) -> float:
        return self.state_effects.get(state or "absent", 0.0)


def parse_method(data: dict) -> VulnerabilityMethod:
    """Build a method from a schema-valid document; raises :class:`MethodError`."""
    effects = {e["state"]: float(e["effect"]) for e in data["state_effects"]}
    if set(effects) != set(CONTROL_STATE_ORDER):
        raise MethodError("state_effects must give an effect for every control state once")
    ordered = [effects[s] for s in CONTROL_STATE_ORDER]
    if any(a > b for a, b in zip(ordered, ordered[1:], strict=False)):
        raise MethodError("state_effects must not decrease from absent to effective")
    if effects["absent"] != 0:
        raise MethodError("an absent control has effect 0")
    bands = tuple(Band(b["id"], float(b["upto"]), b["name"]) for b in data["bands"])
    if [b.upto for b in bands] != sorted(b.upto for b in bands) or bands[-1].upto != 100:
        raise MethodError("bands must be in ascending order and the last one ends at 100")
    levels = {int(lv["score"]): lv["name"] for lv in data["criterion_levels"]}
    if set(levels) != {0, 1, 2, 3}:
        raise MethodError("criterion_levels must name the scores 0, 1, 2 and 3")
    weights = {w["criterion"]: float(w["weight"]) for w in data["process"]["criterion_weights"]}
    if len(weights) != len(data["process"]["criterion_weights"]):
        raise MethodError("a criterion is weighted twice")
    controls = data["process"]["controls"]
    function = data["function"]
    rules = tuple(
        AttributeRule(
            attribute=a["attribute"],
            points=float(a["points"]),
            field=a["rule"]["field"],
            equals=a["rule"].get("equals"),
            at_least=a["rule"].get("at_least"),
            has_equals="equals" in a["rule"],
            name=a["name"],
        )
        for a in function["attributes"]
    )
    for rule in rules:
        if rule.has_equals == (rule.at_least is not None):
            raise MethodError(f"rule for {rule.attribute} needs exactly one of equals / at_least")
    return VulnerabilityMethod(
        id=data["id"],
        version=str(data["version"]),
        title=data["title"],
        summary=data["summary"],
        design_choice=data["design_choice"],
        state_effects=effects,
        bands=bands,
        criterion_levels=levels,
        criterion_weights=weights,
        process_max_reduction=float(data["process"]["max_reduction"]),
        process_controls={c["control_type"]: float(c["relevance"]) for c in controls},
        process_control_names={c["control_type"]: c["name"] for c in controls},
        long_tenure_years=int(function["long_tenure_years"]),
        function_rules=rules,
        function_max_reduction=float(function["max_reduction"]),
        function_controls={c["control"]: float(c["relevance"]) for c in function["controls"]},
        function_control_names={c["control"]: c["name"] for c in function["controls"]},
        screening_note=(function.get("screening_states") or {}).get("note", {}),
    )


def read_method_file(path: Path = METHOD_PATH) -> VulnerabilityMethod:
    """Read, validate (schema and semantics) and parse a method file."""
    from weerbaar.library.kinds import get_kind
    from weerbaar.library.loader import LibraryError, LibraryValidationError, read_valid_document

    if get_kind(KIND) is None:
        register_method_kind()
    doc = read_valid_document(path)
    try:
        return parse_method(doc.data)
    except MethodError as exc:
        raise LibraryValidationError([LibraryError(path.name, None, "", str(exc))]) from exc


@lru_cache(maxsize=1)
def shipped_method() -> VulnerabilityMethod:
    return read_method_file(METHOD_PATH)


_BY_VERSION: dict[tuple[int, str], VulnerabilityMethod] = {}


def method_for_scan(scan: Scan) -> VulnerabilityMethod:
    """The method of the scan's pinned library version, or the shipped method."""
    version = scan.library_version
    key = (version.pk, version.checksum)
    if key not in _BY_VERSION:
        doc = version.document(KIND)
        _BY_VERSION[key] = parse_method(doc) if doc else shipped_method()
    return _BY_VERSION[key]
