"""The layering that docs/architecture.md describes holds in the code.

An app may import apps of a lower layer only; ``core``'s project-level modules (the start
page, the ``demo`` command and the system checks) sit on top of everything. A sibling app is
called through a named function it owns, so the import graph is the dependency graph.
"""

from __future__ import annotations

import ast
from pathlib import Path

import weerbaar

SRC = Path(weerbaar.__file__).parent

# Lower number = lower layer. Keep in step with docs/architecture.md.
LAYERS = {
    "core": 0,
    "library": 1,
    "accounts": 1,
    "organisations": 2,
    "audit": 3,
    "oidc": 3,
    "scans": 4,
    "notes": 4.5,
    "surveys": 5,
    "registers": 5,
    "incidents": 5,
    "fieldwork": 5.5,
    "assessment": 6,
    "disclosure": 6,
    "screening": 6,
    "reports": 7,
    "actions": 8,
    "bench": 9,
    "api": 9,
    "practices": 9,
    "regional": 9.5,
    "awareness": 9.5,
    "secretaris": 10,
    "maintenance": 11,
}
# Modules of core that wire the project together and may import any app.
PROJECT_LEVEL = {("core", "views.py"), ("core", "checks.py"), ("core", "management")}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m.split(".")[1] for m in found if m.startswith("weerbaar.") and m.count(".") >= 1}


def app_imports() -> list[tuple[str, str, str]]:
    """(importing app, imported app, file) for every import between two apps."""
    edges = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).parts
        if len(rel) < 2 or "migrations" in rel:
            continue
        app = rel[0]
        if (app, rel[1]) in PROJECT_LEVEL:
            continue
        for other in _imports(path):
            if other != app and other in LAYERS:
                edges.append((app, other, "/".join(rel)))
    return edges


def test_every_app_has_a_layer():
    apps = {p.name for p in SRC.iterdir() if (p / "apps.py").exists()}
    assert apps == set(LAYERS)


def test_apps_only_import_lower_layers():
    upward = [
        f"{file}: {app} (layer {LAYERS[app]}) imports {other} (layer {LAYERS[other]})"
        for app, other, file in app_imports()
        if LAYERS[other] >= LAYERS[app]
    ]
    assert upward == []
