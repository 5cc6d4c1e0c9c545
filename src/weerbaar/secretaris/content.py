"""The secretaris' library content: the roles self-scan and the portfolio questions.

Both are library documents (kinds ``gs_self_scan`` and ``portfolio_questions``, schemas in
``secretaris/schemas``). The workspace reads them from the newest shipped bundle, validated
on load, as the registers read their method.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypedDict

from weerbaar.library.kinds import Reference, get_kind, register_kind
from weerbaar.library.shipped import shipped_document

APP_DIR = Path(__file__).parent
SELF_SCAN_KIND = "gs_self_scan"
QUESTIONS_KIND = "portfolio_questions"


class Activity(TypedDict):
    id: str
    text: dict[str, str]
    national_percentage: int


class ScanRole(TypedDict, total=False):
    id: str
    role: str
    name: dict[str, str]
    statement: dict[str, str]
    national: dict[str, Any]
    activities_n: int
    activities_source: str
    activities: list[Activity]


class Question(TypedDict, total=False):
    id: str
    text: dict[str, str]
    source: str
    categories: list[str]


def register_kinds() -> None:
    """Make both documents known library kinds (``weerbaar library validate``)."""
    if get_kind(SELF_SCAN_KIND) is None:
        register_kind(
            SELF_SCAN_KIND,
            APP_DIR / "schemas" / "gs_self_scan.yaml",
            defines={
                "gs_self_scan_role": ["roles[].id"],
                "gs_self_scan_activity": ["roles[].activities[].id"],
            },
            references=[Reference("roles[].role", ("gs_role",))],
        )
    if get_kind(QUESTIONS_KIND) is None:
        register_kind(
            QUESTIONS_KIND,
            APP_DIR / "schemas" / "portfolio_questions.yaml",
            defines={"portfolio_question": ["questions[].id"]},
            references=[Reference("questions[].categories[]", ("process_category",))],
        )


def self_scan_document() -> dict[str, Any]:
    return shipped_document("gs_self_scan.yaml")


def portfolio_questions_document() -> dict[str, Any]:
    return shipped_document("portfolio_questions.yaml")


def scan_roles() -> list[ScanRole]:
    return list(self_scan_document()["roles"])


def scale() -> list[dict[str, Any]]:
    return list(self_scan_document()["scale"])


def questions_for(categories: set[str]) -> list[Question]:
    """The general questions and those for any of the portfolio's process categories."""
    return [
        q
        for q in portfolio_questions_document()["questions"]
        if not q.get("categories") or categories & set(q["categories"])
    ]
