"""Generated response sets for the attacker tests: small departments, tiny councils, skewed
answers, routing and multiple choice (answers follow the questionnaire's routing)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from weerbaar.surveys import questionnaire as qn
from weerbaar.surveys.routing import group_holds

FIXTURE = Path(__file__).parent / "fixtures" / "medewerkers_min.yaml"


def load(name: str) -> dict:
    if name == "medewerkers_min":
        return qn.load_file(FIXTURE)
    return qn.load_file(qn.CONTENT_DIR / f"{name}.yaml")


def _weights(rng: random.Random, n: int, skew: float) -> list[float]:
    return [rng.random() ** skew + 1e-3 for _ in range(n)]


def answers_for(definition: dict, department: str | None, rng: random.Random, skew: float) -> dict:
    answers: dict[str, Any] = {}
    for page in definition["pages"]:
        for q in page["questions"]:
            if not group_holds(q.get("show_if"), answers):
                continue
            if not q.get("required") and rng.random() < 0.1:
                continue
            t = q["type"]
            value: Any = None
            if t in ("single", "likert"):
                opts = [o["value"] for o in q.get("options", [])]
                if q.get("options_from") == "departments" and department is not None:
                    value = department if rng.random() < 0.9 or not opts else rng.choice(opts)
                elif opts:
                    value = rng.choices(opts, _weights(rng, len(opts), skew))[0]
            elif t == "matrix":
                scale = [s["value"] for s in q["scale"]]
                value = {
                    r["id"]: rng.choices(scale, _weights(rng, len(scale), skew))[0]
                    for r in q["rows"]
                }
            elif t == "grade_matrix":
                grades = list(range(int(q.get("min", 1)), int(q.get("max", 10)) + 1))
                value = {
                    r["id"]: rng.choices(grades, _weights(rng, len(grades), skew))[0]
                    for r in q["rows"]
                }
            elif t == "multiple":
                opts = q.get("options", [])
                excl = [o["value"] for o in opts if o.get("exclusive")]
                rest = [o["value"] for o in opts if not o.get("exclusive")]
                if excl and rng.random() < 0.25:
                    value = [rng.choice(excl)]
                else:
                    w = _weights(rng, len(rest), skew)
                    value = [o for o, p in zip(rest, w, strict=True) if rng.random() < p]
                    value = value or [rng.choices(rest, w)[0]]
            elif t == "text":
                value = "tekst" if rng.random() < 0.4 else None
            elif t == "number":
                value = rng.randint(0, 20)
            if value is not None:
                answers[q["id"]] = value
    return answers


@st.composite
def datasets(draw: Any, names: tuple[str, ...] = ("medewerkers_min",)) -> tuple[str, int, list]:
    """(questionnaire name, k, [(answers, department)]): a council of 5-25 without
    departments, or staff in departments of 1-4 next to larger ones."""
    name = draw(st.sampled_from(names))
    k = draw(st.sampled_from([3, 5, 5]))
    seed = draw(st.integers(0, 2**32 - 1))
    skew = draw(st.sampled_from([0.5, 1.0, 3.0, 8.0]))
    if name == "raadsleden" or draw(st.booleans()) and name != "medewerkers":
        sizes = {None: draw(st.integers(5, 25))}
    else:
        small = draw(st.lists(st.integers(1, 4), min_size=0, max_size=4))
        large = draw(st.lists(st.integers(5, 30), min_size=1, max_size=3))
        sizes = {f"d{i}": n for i, n in enumerate(small + large)}
        unknown = draw(st.integers(0, 3))
        if unknown:
            sizes[None] = unknown
    rng = random.Random(seed)
    definition = load(name)
    rows = []
    for dep, n in sizes.items():
        for _ in range(n):
            rows.append((answers_for(definition, dep, rng, skew), dep))
    rng.shuffle(rows)
    return name, k, rows
