"""Headless Chromium (Debian's /usr/bin/chromium) and axe-core checks for browser tests.

The ``browser`` and ``page`` fixtures live in the root ``tests/conftest.py``; test modules
import the helpers from here.
"""

from __future__ import annotations

import shutil

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_executable() -> str:
    return shutil.which("chromium") or "/usr/bin/chromium"


# Best-practice rules that are checked as strictly as the WCAG ones: a heading order without
# skipped levels and all content inside landmarks.
STRUCTURE_RULES = ("heading-order", "region")


# The rules that can give a reported violation: every rule with a WCAG 2.1 A/AA tag, and the
# structure rules (best practice). Other best-practice rules would run only to be discarded.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "rules": {rule: {"enabled": True} for rule in STRUCTURE_RULES},
    "resultTypes": ["violations"],
}


def _axe_source() -> str:
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


#: axe-core for ``BrowserContext.add_init_script``: present in every page the context opens,
#: instead of being sent to each page again by ``axe_violations``.
AXE_INIT_SCRIPT = _axe_source()


def axe_violations(page) -> list[dict]:
    """WCAG 2.1 A/AA violations and the structure rules that axe-core finds on the page."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_INIT_SCRIPT)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [
        v
        for v in results["violations"]
        if v["id"] in STRUCTURE_RULES or set(v["tags"]) & set(WCAG_TAGS)
    ]


def describe(violations: list[dict]) -> str:
    return "; ".join(
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in violations
    )
